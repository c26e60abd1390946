"""Load saved files (PubMed XML, Europe PMC JSON, ClinicalTrials.gov JSON, feeds, article HTML)."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import sqlite_utils

from harvester.errors import HarvestError
from harvester.files import parse_file
from harvester.http import redact
from kb.store import StoreCounts, now, store_page

log = logging.getLogger(__name__)


@dataclass
class ImportResult:
    counts: StoreCounts = field(default_factory=StoreCounts)
    files: int = 0
    failed_files: list[tuple[str, str]] = field(default_factory=list)
    record_errors: int = 0


def import_files(db: sqlite_utils.Database, paths: list[str | Path]) -> ImportResult:
    """Import each file in its own transaction; a bad file is reported and the others still land."""
    result = ImportResult()
    for path in paths:
        try:
            source, page = parse_file(path)
        except (HarvestError, OSError, ValueError) as exc:
            log.error("%s: %s", path, exc)
            result.failed_files.append((str(path), str(exc)))
            continue
        result.counts.add(store_page(db, page))
        result.files += 1
        if page.errors:
            result.record_errors += len(page.errors)
            db["harvest_errors"].insert_all(
                {"run_id": None, "source": e.source, "source_id": e.source_id,
                 "reason": redact(f"{path}: {e.reason}")[:2000], "at": now()}
                for e in page.errors
            )
        log.info("%s: %s, %d records", path, source, len(page.records))
    return result
