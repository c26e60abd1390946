"""The site fixture database: one small FICTIONAL database covering every page and canned query."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlite_utils

from kb.schema import migrations

SCRIPT_TITLE = "Ketamine <script>alert(1)</script> for depression: an open-label pilot"

TODAY = dt.date.today()
RECENT = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=5)).strftime("%Y-%m-%dT%H:%M:%SZ")
OLD = "2025-01-10T08:00:00Z"
TWO_YEARS_AGO = (TODAY - dt.timedelta(days=730)).isoformat()

# Every record is invented for the tests; figures are plausible, sentences are ours.
DOCUMENTS = [
    {
        "id": "pmid:90000001",
        "kind": "article",
        "title": "Repeated ketamine infusions versus midazolam for chronic PTSD: a randomized trial",
        "text": (
            "Forty-eight adults with chronic PTSD were randomized to six ketamine infusions or "
            "midazolam as an active placebo. The CAPS-5 total fell more with ketamine "
            "(mean difference -8.2, 95% CI -12.1 to -4.3; p<0.001). "
            "Response was seen in 67% of the ketamine group."
        ),
        "journal": "Journal of Invented Psychiatry",
        "published": "2024-03-02",
        "year": 2024,
        "url": "https://pubmed.example.org/90000001/",
        "pmid": "90000001",
        "doi": "10.9999/jip.2024.001",
        "publication_types": ["Randomized Controlled Trial"],
        "mesh": ["Ketamine", "Stress Disorders, Post-Traumatic"],
        "authors": ["Doe J", "Roe R"],
        "sources": ["pubmed", "europepmc"],
        "first_seen": OLD,
    },
    {
        "id": "nct:NCT09000001",
        "kind": "registry",
        "title": "Ketamine Infusions for Veterans With PTSD",
        "text": "A randomized, double-blind trial of ketamine compared with midazolam in 48 adults with PTSD.",
        "published": "2020-05-01",
        "year": 2020,
        "url": "https://clinicaltrials.example.org/study/NCT09000001",
        "nct_id": "NCT09000001",
        "sources": ["clinicaltrials"],
        "first_seen": OLD,
    },
    {
        "id": "pmid:90000002",
        "kind": "article",
        "title": "A single ketamine infusion compared with saline in major depression",
        "text": (
            "Thirty patients with major depressive disorder received ketamine or saline. "
            "Depressive symptoms improved with ketamine (SMD 0.9, 95% CI 0.4 to 1.4; p=0.002)."
        ),
        "journal": "Invented Mood Reports",
        "published": "2022-09",
        "year": 2022,
        "url": "https://pubmed.example.org/90000002/",
        "pmid": "90000002",
        "publication_types": ["Randomized Controlled Trial"],
        "sources": ["pubmed"],
        "first_seen": OLD,
    },
    {
        "id": "pmid:90000003",
        "kind": "article",
        "title": "Ketamine for depression: a meta-analysis of twelve controlled trials",
        "text": (
            "We pooled 12 trials with 1,200 patients. Ketamine outperformed placebo "
            "(SMD 0.68, 95% CI 0.45 to 0.91)."
        ),
        "journal": "Invented Reviews",
        "published": "2025",
        "year": 2025,
        "url": "https://pubmed.example.org/90000003/",
        "pmid": "90000003",
        "publication_types": ["Meta-Analysis"],
        "sources": ["pubmed"],
        "first_seen": OLD,
    },
    {
        "id": "nct:NCT09000002",
        "kind": "registry",
        "title": "Intranasal Esketamine for Obsessive-Compulsive Disorder",
        "text": "Sixty adults with OCD will be randomized to esketamine or placebo nasal spray.",
        "published": "2021-02-01",
        "year": 2021,
        "url": "https://clinicaltrials.example.org/study/NCT09000002",
        "nct_id": "NCT09000002",
        "sources": ["clinicaltrials"],
        "first_seen": OLD,
    },
    {
        "id": "url:https://news.example.org/ketamine-ptsd-veterans",
        "kind": "news",
        "title": "Ketamine helped two in three veterans with PTSD, trial finds",
        "text": (
            "In a trial of 48 veterans, 67% responded to ketamine, researchers reported in the "
            "Journal of Invented Psychiatry."
        ),
        "published": "2024-03-05",
        "year": 2024,
        "url": "https://news.example.org/ketamine-ptsd-veterans",
        "sources": ["news"],
        "first_seen": RECENT,
    },
    {
        "id": "pmid:90000004",
        "kind": "article",
        "title": SCRIPT_TITLE,
        "text": (
            "Twelve patients with treatment-resistant depression took oral ketamine <b>daily</b>. "
            "Scores fell by 45% <script>alert(2)</script> over four weeks."
        ),
        "journal": "Invented Case Notes",
        "published": "2026-10-01",
        "year": 2026,
        "url": "https://pubmed.example.org/90000004/",
        "pmid": "90000004",
        "sources": ["pubmed"],
        "first_seen": RECENT,
    },
    {
        "id": "pmid:90000005",
        "kind": "article",
        "title": "Ketamine or midazolam for treatment-resistant depression",
        "text": (
            "Eighty adults with treatment-resistant depression were randomized to ketamine or "
            "midazolam. MADRS scores differed by -5.1 points (95% CI -8.0 to -2.2; p=0.001). "
            "The odds of response were higher with ketamine (OR 2.4, 95% CI 1.1 to 5.3)."
        ),
        "journal": "Journal of Invented Psychiatry",
        "published": "2023-01-15",
        "year": 2023,
        "url": "https://pubmed.example.org/90000005/",
        "pmid": "90000005",
        "publication_types": ["Randomized Controlled Trial"],
        "sources": ["pubmed"],
        "first_seen": OLD,
    },
]

# document_id -> (design, sample_size_text or None, sample_size, trials_count, conditions)
EXTRACTIONS = {
    "pmid:90000001": ("rct", "Forty-eight adults", 48, None, ["PTSD"]),
    "nct:NCT09000001": ("rct", "48 adults", 48, None, ["PTSD"]),
    "pmid:90000002": ("rct", "Thirty patients", 30, None, ["depression"]),
    "pmid:90000003": ("meta-analysis", "1,200 patients", 1200, 12, ["depression"]),
    "nct:NCT09000002": ("rct", "Sixty adults", 60, None, ["OCD"]),
    "url:https://news.example.org/ketamine-ptsd-veterans": (None, "48 veterans", 48, None, ["PTSD"]),
    "pmid:90000004": ("open-label", "Twelve patients", 12, None, ["depression"]),
    "pmid:90000005": ("rct", "Eighty adults", 80, None, ["depression"]),
}

# (document_id, name, span, origin)
COMPARATORS = [
    ("pmid:90000001", "midazolam", "midazolam", "text"),
    ("nct:NCT09000001", "midazolam", "midazolam", "registry"),
    ("pmid:90000002", "saline", "saline", "text"),
    ("pmid:90000003", "placebo", "placebo", "text"),
    ("nct:NCT09000002", "placebo", "placebo", "registry"),
    ("pmid:90000005", "midazolam", "midazolam", "text"),
]

# (document_id, measure, value, ci_low, ci_high, p_op, p, outcome, span)
EFFECTS = [
    ("pmid:90000001", "mean_difference", -8.2, -12.1, -4.3, "<", 0.001, "CAPS-5",
     "mean difference -8.2, 95% CI -12.1 to -4.3; p<0.001"),
    ("pmid:90000001", "response_rate", 67.0, None, None, None, None, "response", "67%"),
    ("pmid:90000002", "smd", 0.9, 0.4, 1.4, "=", 0.002, "depressive symptoms",
     "SMD 0.9, 95% CI 0.4 to 1.4; p=0.002"),
    ("pmid:90000003", "smd", 0.68, 0.45, 0.91, None, None, None, "SMD 0.68, 95% CI 0.45 to 0.91"),
    ("url:https://news.example.org/ketamine-ptsd-veterans", "response_rate", 67.0, None, None,
     None, None, "response", "67%"),
    ("pmid:90000004", "percent_change", 45.0, None, None, None, None, "scores", "45%"),
    ("pmid:90000005", "mean_difference", -5.1, -8.0, -2.2, "=", 0.001, "MADRS",
     "-5.1 points (95% CI -8.0 to -2.2; p=0.001)"),
    ("pmid:90000005", "odds_ratio", 2.4, 1.1, 5.3, None, None, "response", "OR 2.4, 95% CI 1.1 to 5.3"),
]

LINKS = [
    ("pmid:90000001", "nct:NCT09000001", "registration", "nct_id:NCT09000001",
     "NCT09000001 in the abstract's registration line"),
    ("url:https://news.example.org/ketamine-ptsd-veterans", "pmid:90000001", "reports",
     "doi:10.9999/jip.2024.001", "the article links to doi 10.9999/jip.2024.001"),
]

REGISTRATIONS = [
    {"document_id": "nct:NCT09000001", "nct_id": "NCT09000001", "status": "COMPLETED",
     "phases": ["PHASE2"], "allocation": "RANDOMIZED", "masking": "DOUBLE", "enrollment": 48,
     "enrollment_type": "ACTUAL", "start_date": "2020-06", "primary_completion_date": "2023-01",
     "completion_date": "2023-06", "last_update": "2024-01-05", "has_results": 0},
    {"document_id": "nct:NCT09000002", "nct_id": "NCT09000002", "status": "COMPLETED",
     "phases": ["PHASE2"], "allocation": "RANDOMIZED", "masking": "QUADRUPLE", "enrollment": 60,
     "enrollment_type": "ACTUAL", "start_date": "2021-03-01",
     "primary_completion_date": TWO_YEARS_AGO, "completion_date": TWO_YEARS_AGO,
     "last_update": TWO_YEARS_AGO, "has_results": 0},
]


def _span(text: str, span: str) -> tuple[int, int]:
    start = text.index(span)
    return start, start + len(span)


def build_site_db(path: Path, stop_before: str | None = None) -> Path:
    """Create the fixture database at ``path`` through the real migrations (up to ``stop_before``)."""
    db = sqlite_utils.Database(path)
    migrations.apply(db, stop_before=stop_before)
    texts = {}
    for doc in DOCUMENTS:
        row = {key: (json.dumps(value) if isinstance(value, list) else value) for key, value in doc.items()}
        row.setdefault("language", "en")
        row["updated"] = row["first_seen"]
        row["content_hash"] = "h-" + doc["id"]
        db["documents"].insert(row)
        texts[doc["id"]] = doc["text"]
        for source in doc["sources"]:
            db["document_sources"].insert(
                {"document_id": doc["id"], "source": source, "source_id": doc["id"].split(":", 1)[1],
                 "fetched_at": doc["first_seen"]}
            )
    for doc_id, (design, span, n, trials, conditions) in EXTRACTIONS.items():
        start, end = _span(texts[doc_id], span)
        db["extractions"].insert(
            {"document_id": doc_id, "extractor_version": "test", "design": design, "sample_size": n,
             "sample_size_text": span, "sample_size_start": start, "sample_size_end": end,
             "trials_count": trials, "conditions": json.dumps(conditions), "doses": "[]",
             "routes": "[]", "scales": "[]", "content_hash": "h-" + doc_id, "extracted_at": OLD}
        )
    for doc_id, name, span, origin in COMPARATORS:
        start, end = _span(texts[doc_id], span)
        db["comparators"].insert(
            {"document_id": doc_id, "name": name, "text": span, "start": start, "end": end, "origin": origin}
        )
    for doc_id, measure, value, low, high, p_op, p, outcome, span in EFFECTS:
        start, end = _span(texts[doc_id], span)
        db["effects"].insert(
            {"document_id": doc_id, "measure": measure, "value": value, "ci_low": low, "ci_high": high,
             "p_op": p_op, "p": p, "outcome": outcome, "arm": None, "text": span, "start": start,
             "end": end, "origin": "text"}
        )
    for from_id, to_id, relation, target, evidence in LINKS:
        db["links"].insert(
            {"from_id": from_id, "to_id": to_id, "relation": relation, "target": target, "evidence": evidence}
        )
    for reg in REGISTRATIONS:
        db["registrations"].insert({**reg, "phases": json.dumps(reg["phases"])})
    db["harvest_runs"].insert(
        {"id": 1, "source": "pubmed", "started": OLD, "finished": OLD, "status": "partial",
         "window_start": "2024-01-01", "window_end": "2024-12-31", "n_seen": 5, "n_new": 4,
         "n_updated": 0, "n_failed": 1, "n_requests": 3, "error": None}
    )
    db["harvest_errors"].insert(
        {"run_id": 1, "source": "pubmed", "source_id": "90000099", "reason": "no title", "at": OLD}
    )
    db["source_records"].insert(
        {"source": "pubmed", "source_id": "90000001", "document_id": "pmid:90000001",
         "record": "{}", "record_hash": "x", "fetched_at": OLD}
    )
    db.close()
    return path


@pytest.fixture(scope="session")
def site_db(tmp_path_factory) -> Path:
    """A small fictional database built through the real migrations."""
    return build_site_db(tmp_path_factory.mktemp("site") / "kb.db")
