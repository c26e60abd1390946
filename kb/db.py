"""Open the knowledge base: WAL mode, a busy timeout, and the schema migrated."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import sqlite_utils

from kb.errors import DatabaseUnusable
from kb.schema import migrations

DEFAULT_DB = "kb.db"


def default_path() -> str:
    """The database path: env ``KB_DB``, else ``./kb.db``."""
    return os.environ.get("KB_DB") or DEFAULT_DB


def connect(path: str | Path, *, migrate: bool = True) -> sqlite_utils.Database:
    """Open (creating if needed) the database at ``path`` and bring its schema up to date.

    Raises :class:`DatabaseUnusable` when the file is not a SQLite database or cannot be written.
    """
    path = Path(path)
    if path.is_dir():
        raise DatabaseUnusable(f"{path} is a directory, not a database file")
    try:
        conn = sqlite3.connect(str(path), timeout=30)
        db = sqlite_utils.Database(conn)
        db.execute("PRAGMA busy_timeout = 30000")
        if migrate:
            db.enable_wal()
            migrations.apply(db)
        else:
            db.execute("SELECT count(*) FROM sqlite_master").fetchall()
    except sqlite3.DatabaseError as exc:
        raise DatabaseUnusable(f"cannot use {path}: {exc}") from None
    return db


def is_current(db: sqlite_utils.Database) -> bool:
    """Whether every migration has been applied."""
    return not migrations.pending(db)
