"""Counts by source and kind, and the last run of each source."""

from __future__ import annotations

from typing import Any

import sqlite_utils


def stats(db: sqlite_utils.Database) -> dict[str, Any]:
    """A summary of the database, as plain data (the CLI prints it as text or JSON)."""
    q = lambda sql: [dict(r) for r in db.query(sql)]  # noqa: E731
    return {
        "documents": db["documents"].count,
        "by_kind": q("SELECT kind, count(*) AS n FROM documents GROUP BY kind ORDER BY n DESC"),
        "by_source": q("SELECT source, count(DISTINCT document_id) AS n FROM document_sources GROUP BY source ORDER BY source"),
        "links": q("SELECT relation, count(*) AS n, sum(to_id IS NOT NULL) AS resolved FROM links GROUP BY relation"),
        "extracted": db["extractions"].count,
        "effects": db["effects"].count,
        "comparators": db["comparators"].count,
        "last_runs": q("""
            SELECT r.source, r.started, r.finished, r.status, r.window_start, r.window_end,
                   r.n_seen, r.n_new, r.n_updated, r.n_failed, r.error
            FROM harvest_runs r
            WHERE r.id = (SELECT max(id) FROM harvest_runs WHERE source = r.source)
            ORDER BY r.source"""),
        "errors": db["harvest_errors"].count,
    }


def format_stats(data: dict[str, Any]) -> str:
    lines = [f"documents: {data['documents']}  extracted: {data['extracted']}  "
             f"effects: {data['effects']}  comparators: {data['comparators']}  harvest errors: {data['errors']}"]
    lines.append("by kind:   " + (", ".join(f"{r['kind']} {r['n']}" for r in data["by_kind"]) or "-"))
    lines.append("by source: " + (", ".join(f"{r['source']} {r['n']}" for r in data["by_source"]) or "-"))
    if data["links"]:
        lines.append("links:     " + ", ".join(f"{r['relation']} {r['n']} ({r['resolved']} resolved)" for r in data["links"]))
    lines.append("last runs:")
    for r in data["last_runs"] or []:
        lines.append(f"  {r['source']:<15} {r['status']:<11} {r['started']}  window {r['window_start']}..{r['window_end'] or '-'}"
                     f"  seen {r['n_seen']} new {r['n_new']} updated {r['n_updated']} failed {r['n_failed']}"
                     + (f"  error: {r['error']}" if r["error"] else ""))
    if not data["last_runs"]:
        lines.append("  (none yet)")
    return "\n".join(lines)
