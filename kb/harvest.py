"""Harvest runs: choose each source's date window, store page by page, keep the books.

A run starts where the last run of that source got to (minus an overlap for records
indexed late), walks the window in chunks, stores each fetched page in one transaction
and advances ``harvest_runs.window_end`` only over chunks that fully landed, so a run
killed at any moment is finished by the next one with nothing lost or duplicated.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import sqlite_utils

from harvester.errors import HarvestError
from harvester.http import PoliteSession, redact
from harvester.records import Page
from harvester.sources import available_sources, get_source
from kb.store import StoreCounts, now, store_page

log = logging.getLogger(__name__)

OVERLAP_DAYS = 3
CHUNK_DAYS = 366
BACKFILL_START = dt.date(1990, 1, 1)

ProgressCallback = Callable[[str, StoreCounts], None]


@dataclass
class RunResult:
    """The outcome of harvesting one source once."""

    source: str
    run_id: int
    status: str = "running"  # ok | partial | failed | interrupted
    window: tuple[str, str] | None = None
    counts: StoreCounts = field(default_factory=StoreCounts)
    n_errors: int = 0
    n_requests: int = 0
    error: str | None = None


def last_window_end(db: sqlite_utils.Database, source: str) -> dt.date | None:
    """The end of the furthest window this source has fully harvested."""
    row = db.execute(
        "SELECT max(window_end) FROM harvest_runs WHERE source = ? AND window_end IS NOT NULL", [source]
    ).fetchone()
    return dt.date.fromisoformat(row[0]) if row and row[0] else None


def plan_window(db: sqlite_utils.Database, source: str, since: dt.date | None, until: dt.date) -> tuple[dt.date, dt.date]:
    """(start, end) for this run: --since, else the last window end minus the overlap, else a backfill."""
    if since is None:
        last = last_window_end(db, source)
        since = last - dt.timedelta(days=OVERLAP_DAYS) if last else BACKFILL_START
    return min(since, until), until


def chunks(start: dt.date, end: dt.date, days: int | None = CHUNK_DAYS) -> list[tuple[dt.date, dt.date]]:
    """Split [start, end] into consecutive inclusive windows of at most ``days`` days (None: one window)."""
    if days is None:
        return [(start, end)] if start <= end else []
    out = []
    lo = start
    while lo <= end:
        hi = min(end, lo + dt.timedelta(days=days - 1))
        out.append((lo, hi))
        lo = hi + dt.timedelta(days=1)
    return out


def _mark_abandoned_runs(db: sqlite_utils.Database) -> None:
    """Runs still 'running' belong to a killed process (the writer lock is ours now)."""
    db.execute("UPDATE harvest_runs SET status = 'killed', finished = ? WHERE status = 'running'", [now()])


def _load_validators(db: sqlite_utils.Database, session: PoliteSession) -> None:
    if "http_cache" in db.table_names():
        for row in db["http_cache"].rows:
            session.validators[row["url"]] = {k: row[k] for k in ("etag", "last_modified") if row[k]}


def _save_validators(db: sqlite_utils.Database, session: PoliteSession) -> None:
    rows = [{"url": url, "etag": v.get("etag"), "last_modified": v.get("last_modified")}
            for url, v in session.validators.items()]
    if rows:
        db["http_cache"].upsert_all(rows, pk="url", alter=True)


def _record_errors(db: sqlite_utils.Database, run_id: int, page: Page) -> None:
    if page.errors:
        at = now()
        db["harvest_errors"].insert_all(
            {"run_id": run_id, "source": e.source, "source_id": e.source_id, "reason": redact(e.reason)[:2000], "at": at}
            for e in page.errors
        )


def harvest_source(
    db: sqlite_utils.Database,
    source: str,
    *,
    since: dt.date | None = None,
    until: dt.date | None = None,
    session: PoliteSession | None = None,
    base_url: str | None = None,
    progress: ProgressCallback | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> RunResult:
    """Harvest one source into the database; never raises for source failures (see the result)."""
    module = get_source(source)
    until = until or dt.date.today()
    start, end = plan_window(db, source, since, until)
    rate = module.rate() if hasattr(module, "rate") else module.RATE
    session = session or PoliteSession(rate=rate)
    _mark_abandoned_runs(db)
    _load_validators(db, session)
    run_id = db["harvest_runs"].insert(
        {"source": source, "started": now(), "status": "running", "window_start": start.isoformat(),
         "n_seen": 0, "n_new": 0, "n_updated": 0, "n_failed": 0, "n_requests": 0}
    ).last_pk
    result = RunResult(source=source, run_id=run_id, window=(start.isoformat(), end.isoformat()))
    requests_before = session.n_requests
    try:
        for lo, hi in chunks(start, end, getattr(module, "CHUNK_DAYS", CHUNK_DAYS)):
            chunk_complete = True
            for page in module.harvest(session, lo, hi, base_url=base_url):
                counts = store_page(db, page)
                result.counts.add(counts)
                result.n_errors += len(page.errors)
                if any(e.retry for e in page.errors):
                    chunk_complete = False
                _record_errors(db, run_id, page)
                if progress:
                    progress(source, result.counts)
                if should_stop():
                    chunk_complete = False
                    break
            if chunk_complete:
                db["harvest_runs"].update(run_id, {"window_end": hi.isoformat()})
            if should_stop():
                result.status = "interrupted"
                break
    except HarvestError as exc:
        result.error = redact(str(exc))
        result.status = "failed"
        log.error("%s: %s", source, result.error)
    except Exception as exc:  # a bug in a source must not take the other sources down
        result.error = redact(f"{type(exc).__name__}: {exc}")
        result.status = "failed"
        log.exception("%s: unexpected error", source)
    if result.status == "running":
        result.status = "partial" if (result.n_errors or result.counts.failed) else "ok"
    elif result.status == "failed" and result.counts.seen:
        result.status = "partial"
    result.n_requests = session.n_requests - requests_before
    _save_validators(db, session)
    db["harvest_runs"].update(
        run_id,
        {"finished": now(), "status": result.status, "n_seen": result.counts.seen, "n_new": result.counts.new,
         "n_updated": result.counts.updated, "n_failed": result.counts.failed + result.n_errors,
         "n_requests": result.n_requests, "error": result.error},
    )
    return result


def harvest(
    db: sqlite_utils.Database,
    sources: Iterable[str] | None = None,
    **kwargs,
) -> list[RunResult]:
    """Harvest several sources (default: all available), one after another."""
    results = []
    for source in sources or available_sources():
        results.append(harvest_source(db, source, **kwargs))
        if kwargs.get("should_stop", lambda: False)():
            break
    return results
