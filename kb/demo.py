"""Build a demonstration database from fictional example records shipped with the project.

The examples are written in the real source formats and go through the same import and
extraction path as harvested data, so the demo shows the whole product with no network.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import sqlite_utils

from kb.extract import extract_documents
from kb.importer import import_files

DEMO_DIR = Path(__file__).parent / "demo_data"


def demo_files() -> list[Path]:
    return sorted(p for p in DEMO_DIR.iterdir() if p.is_file() and p.suffix in {".xml", ".json", ".rss", ".html"})


def build_demo(db: sqlite_utils.Database) -> dict[str, Any]:
    """Import every demo file and extract it; idempotent (a second build writes nothing new)."""
    result = import_files(db, demo_files())
    counts = extract_documents(db)
    return {"documents": db["documents"].count, "imported": result.counts.seen, "extracted": counts.extracted,
            "failed_files": result.failed_files}
