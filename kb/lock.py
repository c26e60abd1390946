"""One writer at a time: an advisory lock beside the database file.

``flock`` locks die with their process, so a lock left by a killed ``kb update`` is
recovered by the next run without any stale-lock guessing.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
from collections.abc import Iterator
from pathlib import Path

from kb.errors import Locked


@contextlib.contextmanager
def writer_lock(db_path: str | Path) -> Iterator[None]:
    """Hold the writer lock for ``db_path``; raise :class:`Locked` at once if another process has it."""
    lock_path = Path(f"{db_path}.lock")
    handle = open(lock_path, "a+")
    try:
        try:
            fcntl.flock(handle.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            raise Locked(f"{db_path} is being written by {holder}; try again when it finishes") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}")
        handle.flush()
        yield
    finally:
        handle.close()
