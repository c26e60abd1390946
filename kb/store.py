"""Store records as documents: one row per work, whatever the number of sources.

Identity is decided by stable identifiers only (the source's own id, PMID, lower-cased
DOI, a registry's NCT id, PMCID, the canonical URL of a news article), never by title.
Each source's last word about a work is kept in ``source_records``; the ``documents``
row is re-derived from all of them in a fixed source order, so storing the same input
twice writes nothing and the result does not depend on the order sources ran in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from harvester.identifiers import canonical_url
from harvester.records import Page, Record
from harvester.sources import SOURCE_NAMES

log = logging.getLogger(__name__)

# documents columns derived from records, in the order they are merged.
MERGED_FIELDS = (
    "title", "text", "journal", "published", "year", "url", "pmid", "pmcid", "doi", "nct_id",
    "language", "publication_types", "mesh", "authors",
)
JSON_FIELDS = ("publication_types", "mesh", "authors")


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).replace(microsecond=0).isoformat()


@dataclass
class StoreCounts:
    """What storing some records did."""

    seen: int = 0
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    failed: int = 0

    def add(self, other: "StoreCounts") -> None:
        for name in ("seen", "new", "updated", "unchanged", "failed"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def document_id_for(record: Record) -> str:
    """The id a new document gets: the most stable identifier the record carries."""
    if record.pmid:
        return f"pmid:{record.pmid}"
    if record.kind == "registry" and record.nct_id:
        return f"nct:{record.nct_id}"
    if record.doi:
        return f"doi:{record.doi}"
    if record.pmcid:
        return f"pmc:{record.pmcid}"
    url = canonical_url(record.url)
    if record.kind == "news" and url:
        return f"url:{url}"
    return f"{record.source}:{record.source_id}"


def _identity_lookups(record: Record) -> list[tuple[str, Any]]:
    lookups: list[tuple[str, Any]] = []
    if record.pmid:
        lookups.append(("pmid = ?", record.pmid))
    if record.doi:
        lookups.append(("doi = ?", record.doi.lower()))
    if record.kind == "registry" and record.nct_id:
        lookups.append(("nct_id = ?", record.nct_id))
    if record.pmcid:
        lookups.append(("pmcid = ?", record.pmcid))
    url = canonical_url(record.url)
    if record.kind == "news" and url:
        lookups.append(("kind = 'news' AND url = ?", url))
    return lookups


def resolve_document(db: sqlite_utils.Database, record: Record) -> str | None:
    """The id of the existing document this record describes, or None for a new work."""
    row = db.execute(
        "SELECT document_id FROM source_records WHERE source = ? AND source_id = ?",
        [record.source, record.source_id],
    ).fetchone()
    if row:
        return row[0]
    for where, value in _identity_lookups(record):
        row = db.execute(f"SELECT id FROM documents WHERE {where} LIMIT 1", [value]).fetchone()
        if row:
            return row[0]
    return None


def _source_rank(source: str) -> int:
    return SOURCE_NAMES.index(source) if source in SOURCE_NAMES else len(SOURCE_NAMES)


def merge_records(records: list[Record]) -> dict[str, Any]:
    """The document fields from all records of one work: per field, the first source that has it."""
    records = sorted(records, key=lambda r: (_source_rank(r.source), r.source_id))
    merged: dict[str, Any] = {}
    for name in MERGED_FIELDS:
        value = next((getattr(r, name) for r in records if getattr(r, name) not in (None, "", [])), None)
        if name == "url" and value:
            value = canonical_url(value) if records[0].kind == "news" else value
        merged[name] = json.dumps(value, ensure_ascii=False) if name in JSON_FIELDS and value else value
    kinds = {r.kind for r in records}
    merged["kind"] = "registry" if "registry" in kinds else records[0].kind
    if merged["kind"] != "registry":
        merged["nct_id"] = None  # only a registry record carries its own NCT id
    merged["sources"] = json.dumps(sorted({r.source for r in records}, key=_source_rank))
    # Structured fields (a registry's status, enrollment, posted results) are part of the content:
    # when they change, the registration row is rewritten and the document re-extracted.
    structured = [r.structured for r in records if r.structured]
    merged["content_hash"] = hashlib.sha256(
        json.dumps({"fields": {k: merged[k] for k in sorted(merged)}, "structured": structured},
                   ensure_ascii=False, sort_keys=True, default=str).encode()
    ).hexdigest()
    return merged


def _records_of(db: sqlite_utils.Database, document_id: str) -> list[Record]:
    rows = db.execute("SELECT record FROM source_records WHERE document_id = ?", [document_id]).fetchall()
    return [Record.from_dict(json.loads(r[0])) for r in rows]


def store_record(db: sqlite_utils.Database, record: Record, *, fetched_at: str | None = None) -> str:
    """Store one record; returns "new", "updated" or "unchanged". Call inside a transaction."""
    fetched_at = fetched_at or now()
    record_json = json.dumps(record.to_dict(), sort_keys=True, ensure_ascii=False)
    record_hash = hashlib.sha256(record_json.encode()).hexdigest()
    previous = db.execute(
        "SELECT record_hash, document_id FROM source_records WHERE source = ? AND source_id = ?",
        [record.source, record.source_id],
    ).fetchone()
    if previous and previous[0] == record_hash:
        return "unchanged"
    document_id = resolve_document(db, record)
    is_new = document_id is None
    if is_new:
        document_id = document_id_for(record)
        if db.execute("SELECT 1 FROM documents WHERE id = ?", [document_id]).fetchone():
            is_new = False  # an identifier-shaped id already taken by this very work
    db["source_records"].upsert(
        {"source": record.source, "source_id": record.source_id, "document_id": document_id,
         "record": record_json, "record_hash": record_hash, "fetched_at": fetched_at},
        pk=("source", "source_id"),
    )
    db["document_sources"].upsert(
        {"document_id": document_id, "source": record.source, "source_id": record.source_id,
         "fetched_at": fetched_at},
        pk=("source", "source_id"),
    )
    records = _records_of(db, document_id)
    merged = merge_records(records)
    old = db.execute("SELECT content_hash, first_seen FROM documents WHERE id = ?", [document_id]).fetchone()
    if old and old[0] == merged["content_hash"]:
        _store_links(db, document_id, records)
        return "unchanged"
    row = {"id": document_id, **merged, "updated": fetched_at, "first_seen": old[1] if old else fetched_at}
    db["documents"].upsert(row, pk="id")
    _store_links(db, document_id, records)
    _store_registration(db, document_id, merged, records)
    _resolve_links_to(db, document_id, merged)
    return "new" if is_new and not old else "updated"


def _store_links(db: sqlite_utils.Database, document_id: str, records: list[Record]) -> None:
    """Re-derive the links this document asserts from all its records."""
    wanted: dict[tuple[str, str], str] = {}
    for record in sorted(records, key=lambda r: _source_rank(r.source)):
        for link in record.links:
            target = f"{link.target_type}:{link.target_value}"
            wanted.setdefault((target, link.relation), link.evidence)
    existing = {
        (r[0], r[1]): r[2]
        for r in db.execute("SELECT target, relation, evidence FROM links WHERE from_id = ?", [document_id])
    }
    for key in set(existing) - set(wanted):
        db.execute("DELETE FROM links WHERE from_id = ? AND target = ? AND relation = ?", [document_id, *key])
    for (target, relation), evidence in wanted.items():
        if existing.get((target, relation)) == evidence:
            continue
        to_id = resolve_target(db, target)
        if to_id == document_id:
            continue
        db["links"].upsert(
            {"from_id": document_id, "to_id": to_id, "relation": relation, "target": target, "evidence": evidence},
            pk=("from_id", "target", "relation"),
        )


REGISTRATION_FIELDS = (
    "status", "allocation", "masking", "enrollment", "enrollment_type", "start_date",
    "primary_completion_date", "completion_date", "last_update",
)


def _store_registration(db: sqlite_utils.Database, document_id: str, merged: dict[str, Any],
                        records: list[Record]) -> None:
    """Keep the registry facts of a registry record (status, dates, enrollment) in ``registrations``."""
    if merged["kind"] != "registry":
        return
    facts = next((r.structured for r in records if r.kind == "registry" and r.structured), None)
    if not facts:
        return
    row = {"document_id": document_id, "nct_id": merged.get("nct_id"),
           **{k: facts.get(k) for k in REGISTRATION_FIELDS},
           "phases": json.dumps(facts.get("phases") or []), "has_results": int(bool(facts.get("has_results")))}
    db["registrations"].upsert(row, pk="document_id")


_TARGET_SQL = {
    "pmid": "SELECT id FROM documents WHERE pmid = ? LIMIT 1",
    "doi": "SELECT id FROM documents WHERE doi = ? LIMIT 1",
    "nct_id": "SELECT id FROM documents WHERE nct_id = ? AND kind = 'registry' LIMIT 1",
    "pmcid": "SELECT id FROM documents WHERE pmcid = ? LIMIT 1",
    "url": "SELECT id FROM documents WHERE url = ? LIMIT 1",
}


def resolve_target(db: sqlite_utils.Database, target: str) -> str | None:
    """The document an identifier like "doi:10.1/x" names, if it is in the database."""
    kind, _, value = target.partition(":")
    sql = _TARGET_SQL.get(kind)
    if not sql:
        return None
    if kind == "doi":
        value = value.lower()
    row = db.execute(sql, [value]).fetchone()
    return row[0] if row else None


def _resolve_links_to(db: sqlite_utils.Database, document_id: str, merged: dict[str, Any]) -> None:
    """Point dangling links at this document when they name one of its identifiers."""
    targets = [f"{k}:{merged[k]}" for k in ("pmid", "doi", "pmcid", "url") if merged.get(k)]
    if merged.get("kind") == "registry" and merged.get("nct_id"):
        targets.append(f"nct_id:{merged['nct_id']}")
    for target in targets:
        db.execute(
            "UPDATE links SET to_id = ? WHERE target = ? AND to_id IS NULL AND from_id != ?",
            [document_id, target, document_id],
        )


def store_page(db: sqlite_utils.Database, page: Page) -> StoreCounts:
    """Store a page's records in ONE transaction: a crash loses at most this page.

    A record that cannot be stored is rolled back alone (savepoint) and counted as failed.
    """
    counts = StoreCounts()
    fetched_at = now()
    with db.atomic():
        for record in page.records:
            counts.seen += 1
            try:
                with db.atomic():
                    outcome = store_record(db, record, fetched_at=fetched_at)
            except Exception as exc:  # one bad record never sinks the page
                log.warning("could not store %s %s: %s", record.source, record.source_id, exc)
                counts.failed += 1
                continue
            setattr(counts, outcome, getattr(counts, outcome) + 1)
    return counts
