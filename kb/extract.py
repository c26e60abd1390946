"""Run the extractors over documents that are new, changed, or extracted by an older version.

Each document's ``extractions`` row and its ``comparators`` and ``effects`` rows are replaced
together inside one transaction, so a reader never sees half of a document's figures.
Structured registry fields (enrollment, arms, posted results) win over text extraction.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import sqlite_utils

from kb.store import now

log = logging.getLogger(__name__)

BATCH_SIZE = 200
TITLE_DESIGNS = ("meta-analysis", "systematic-review", "protocol", "case-report")


@dataclass
class ExtractCounts:
    pending: int = 0
    extracted: int = 0
    failed: int = 0


def _extractors():
    import extractors  # imported lazily: building the spaCy pipeline takes a moment

    return extractors


def pending_ids(db: sqlite_utils.Database, version: str, *, everything: bool = False) -> list[str]:
    """Ids of documents whose extraction is missing, stale (content changed) or from another version."""
    if everything:
        return [r[0] for r in db.execute("SELECT id FROM documents ORDER BY id")]
    sql = """
        SELECT d.id FROM documents d LEFT JOIN extractions e ON e.document_id = d.id
        WHERE e.document_id IS NULL OR e.extractor_version != ? OR e.content_hash IS NOT d.content_hash
        ORDER BY d.id
    """
    return [r[0] for r in db.execute(sql, [version])]


def _structured(db: sqlite_utils.Database, document_id: str) -> dict[str, Any]:
    """Structured fields from the document's source records (registry records have the most)."""
    merged: dict[str, Any] = {}
    for (record_json,) in db.execute(
        "SELECT record FROM source_records WHERE document_id = ? ORDER BY source = 'clinicaltrials' DESC",
        [document_id],
    ):
        for key, value in (json.loads(record_json).get("structured") or {}).items():
            merged.setdefault(key, value)
    return merged


def combine(document: dict[str, Any], result: dict[str, Any], title_result: dict[str, Any] | None,
            structured: dict[str, Any]) -> tuple[dict[str, Any], list[dict], list[dict]]:
    """Rows for extractions, comparators and effects from the text result, the title and registry fields."""
    extraction = {
        "document_id": document["id"],
        "extractor_version": result["extractor_version"],
        "design": result.get("design"),
        "sample_size": result.get("sample_size"),
        "sample_size_text": result.get("sample_size_text"),
        "sample_size_start": result.get("sample_size_start"),
        "sample_size_end": result.get("sample_size_end"),
        "trials_count": result.get("trials_count"),
        "conditions": sorted(set(result.get("conditions") or [])),
        "doses": result.get("doses") or [],
        "routes": result.get("routes") or [],
        "scales": result.get("scales") or [],
        "content_hash": document["content_hash"],
        "extracted_at": now(),
    }
    comparators = [{**c, "origin": "text"} for c in result.get("comparators") or []]
    effects = [{**e, "origin": "text"} for e in result.get("effects") or []]
    if title_result:
        # A title that names the kind of document ("... a systematic review and meta-analysis",
        # "... protocol for a randomized trial") outranks what the abstract's wording suggests.
        title_design = title_result.get("design")
        if title_design in TITLE_DESIGNS or not extraction["design"]:
            extraction["design"] = title_design or extraction["design"]
        extraction["conditions"] = sorted(set(extraction["conditions"]) | set(title_result.get("conditions") or []))
        names = {c["name"] for c in comparators}
        comparators += [{**c, "origin": "title"} for c in title_result.get("comparators") or [] if c["name"] not in names]
    if structured.get("enrollment"):
        kind = (structured.get("enrollment_type") or "").lower()
        extraction.update(
            sample_size=int(structured["enrollment"]),
            sample_size_text=f"enrollment {structured['enrollment']}" + (f" ({kind})" if kind else ""),
            sample_size_start=None, sample_size_end=None,
        )
    if structured.get("design"):
        extraction["design"] = structured["design"]
    if structured.get("comparators"):
        names = {c["name"] for c in comparators}
        comparators += [
            {"name": c["name"], "text": c.get("text"), "start": None, "end": None, "origin": "registry"}
            for c in structured["comparators"] if c.get("name") and c["name"] not in names
        ]
    for effect in structured.get("effects") or []:
        effects.append({k: effect.get(k) for k in (
            "measure", "value", "ci_low", "ci_high", "p", "p_op", "outcome", "arm", "text")} | {
            "start": None, "end": None, "origin": "registry"})
    for key in ("conditions", "doses", "routes", "scales"):
        extraction[key] = json.dumps(extraction[key], ensure_ascii=False)
    for row in comparators + effects:
        row["document_id"] = document["id"]
    return extraction, comparators, effects


def write_extraction(db: sqlite_utils.Database, extraction: dict, comparators: list[dict], effects: list[dict]) -> None:
    """Replace one document's extracted rows (call inside a transaction)."""
    document_id = extraction["document_id"]
    db.execute("DELETE FROM comparators WHERE document_id = ?", [document_id])
    db.execute("DELETE FROM effects WHERE document_id = ?", [document_id])
    db["extractions"].upsert(extraction, pk="document_id")
    if comparators:
        db["comparators"].insert_all(
            {k: c.get(k) for k in ("document_id", "name", "text", "start", "end", "origin")} for c in comparators
        )
    if effects:
        db["effects"].insert_all(
            {k: e.get(k) for k in ("document_id", "measure", "value", "ci_low", "ci_high", "p", "p_op",
                                   "outcome", "arm", "text", "start", "end", "origin")} for e in effects
        )


def _batches(items: list[str], size: int) -> Iterator[list[str]]:
    for i in range(0, len(items), size):
        yield items[i:i + size]


def extract_documents(
    db: sqlite_utils.Database,
    *,
    everything: bool = False,
    batch_size: int = BATCH_SIZE,
    progress: Callable[[int, int], None] | None = None,
    should_stop: Callable[[], bool] = lambda: False,
) -> ExtractCounts:
    """Extract every pending document; one transaction per batch, each document replaced whole."""
    ex = _extractors()
    ids = pending_ids(db, ex.EXTRACTOR_VERSION, everything=everything)
    counts = ExtractCounts(pending=len(ids))
    for batch in _batches(ids, batch_size):
        placeholders = ",".join("?" * len(batch))
        docs = list(db.query(f"SELECT id, title, text, content_hash FROM documents WHERE id IN ({placeholders})", batch))
        structured = [_structured(db, d["id"]) for d in docs]
        # Registry condition names ("Treatment Resistant Depression") are read with the title,
        # after it, so title offsets stay valid. Texts and headings go through one pipe.
        headings = ["\n".join(filter(None, [d["title"], "; ".join(s.get("conditions") or [])]))
                    for d, s in zip(docs, structured)]
        results = ex.extract_many([d["text"] or "" for d in docs] + headings)
        text_results, heading_results = results[:len(docs)], results[len(docs):]
        with db.atomic():
            for doc, result, heading, title_result, facts in zip(
                docs, text_results, headings, heading_results, structured
            ):
                try:
                    rows = combine(doc, result, title_result if heading else None, facts)
                    with db.atomic():
                        write_extraction(db, *rows)
                    counts.extracted += 1
                except Exception:
                    log.exception("extraction failed for %s", doc["id"])
                    counts.failed += 1
        if progress:
            progress(counts.extracted + counts.failed, counts.pending)
        if should_stop():
            break
    return counts
