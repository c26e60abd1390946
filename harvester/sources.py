"""The registry of sources ``kb`` can harvest, and the interface each source module follows.

A source module defines:

- ``NAME``: its name on the command line and in ``document_sources.source``;
- ``BASE_URL_ENV`` and ``DEFAULT_BASE_URL``: where it lives (the env var wins; tests point
  it at a local server), read through :func:`base_url`;
- ``RATE``: polite requests per second;
- optionally ``CHUNK_DAYS``: the longest window ``kb`` asks for at once (None: one window; feeds);
- ``harvest(session, start, end, *, base_url=None) -> Iterator[Page]``: every record indexed or
  updated between ``start`` and ``end`` (dates, inclusive), one :class:`~harvester.records.Page`
  per fetched page, so the caller can store each page in one transaction;
- ``parse(payload: bytes) -> Page`` for a saved file of the source's own format, and
  ``detect(payload: bytes) -> bool`` to recognise one (used by ``kb import``).
"""

from __future__ import annotations

import datetime as dt
import importlib
import os
from types import ModuleType

# Order matters: when two sources describe one work, fields from earlier sources win.
SOURCE_NAMES = ("pubmed", "europepmc", "clinicaltrials", "news")


def get_source(name: str) -> ModuleType:
    """The module for a source name; ValueError for an unknown one."""
    if name not in SOURCE_NAMES:
        raise ValueError(f"unknown source {name!r}; choose from {', '.join(SOURCE_NAMES)}")
    return importlib.import_module(f"harvester.{name}")


def available_sources() -> list[str]:
    """Source names whose modules are present (import errors surface, missing modules don't)."""
    names = []
    for name in SOURCE_NAMES:
        try:
            importlib.import_module(f"harvester.{name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"harvester.{name}":
                raise
            continue
        names.append(name)
    return names


def iso_day(day: dt.date | str) -> str:
    """A window bound as "YYYY-MM-DD", from a date or an ISO string."""
    return day.isoformat() if isinstance(day, dt.date) else str(day)[:10]


def base_url(module: ModuleType, override: str | None = None) -> str:
    """The base URL of a source: explicit override, else its env var, else its default."""
    url = override or os.environ.get(module.BASE_URL_ENV) or module.DEFAULT_BASE_URL
    return url.rstrip("/")
