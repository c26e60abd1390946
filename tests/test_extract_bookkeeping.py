"""`kb extract` bookkeeping: what is pending, replacing a document's rows whole, registry fields."""

from __future__ import annotations

import json

import pytest

from harvester.records import Page, Record
from kb.extract import combine, extract_documents, pending_ids
from kb.store import store_page

import extractors

TEXT = "Forty-one patients with PTSD were randomized to ketamine or midazolam. Response rates were 60% and 25%."


def _article(pmid="1", text=TEXT, title="A randomized trial of ketamine (fictional example)", **kw):
    return Record(source="pubmed", source_id=pmid, kind="article", pmid=pmid, title=title, text=text, **kw)


def test_pending_new_changed_and_old_version(fresh_db, monkeypatch):
    store_page(fresh_db, Page([_article("1"), _article("2")]))
    assert pending_ids(fresh_db, extractors.EXTRACTOR_VERSION) == ["pmid:1", "pmid:2"]
    counts = extract_documents(fresh_db)
    assert counts.extracted == 2 and pending_ids(fresh_db, extractors.EXTRACTOR_VERSION) == []
    store_page(fresh_db, Page([_article("2", text=TEXT + " Corrected.")]))
    assert pending_ids(fresh_db, extractors.EXTRACTOR_VERSION) == ["pmid:2"]
    assert pending_ids(fresh_db, "a-newer-version") == ["pmid:1", "pmid:2"]
    assert pending_ids(fresh_db, extractors.EXTRACTOR_VERSION, everything=True) == ["pmid:1", "pmid:2"]


def test_rows_replaced_not_duplicated(fresh_db):
    store_page(fresh_db, Page([_article()]))
    extract_documents(fresh_db)
    first = (fresh_db["comparators"].count, fresh_db["effects"].count)
    extract_documents(fresh_db, everything=True)
    assert (fresh_db["comparators"].count, fresh_db["effects"].count) == first
    row = fresh_db["extractions"].get("pmid:1")
    assert row["sample_size"] == 41 and TEXT[row["sample_size_start"]:row["sample_size_end"]] == row["sample_size_text"]
    assert row["extractor_version"] == extractors.EXTRACTOR_VERSION


def test_every_text_value_points_at_its_evidence(fresh_db):
    store_page(fresh_db, Page([_article()]))
    extract_documents(fresh_db)
    doc_text = fresh_db["documents"].get("pmid:1")["text"]
    for table in ("comparators", "effects"):
        for row in fresh_db[table].rows_where("origin = 'text'"):
            assert doc_text[row["start"]:row["end"]] == row["text"]


def test_a_failing_document_does_not_stop_the_others(fresh_db, monkeypatch):
    import kb.extract as kx

    store_page(fresh_db, Page([_article("1"), _article("2")]))
    real = kx.write_extraction

    def flaky(db, extraction, comparators, effects):
        if extraction["document_id"] == "pmid:1":
            raise RuntimeError("boom")
        real(db, extraction, comparators, effects)

    monkeypatch.setattr(kx, "write_extraction", flaky)
    counts = extract_documents(fresh_db)
    assert (counts.extracted, counts.failed) == (1, 1)
    assert [r["document_id"] for r in fresh_db["extractions"].rows] == ["pmid:2"]


@pytest.mark.parametrize(
    "title, text_design, expected",
    [
        ("Ketamine for depression: a systematic review and meta-analysis", "rct", "meta-analysis"),
        ("Ketamine for PTSD: protocol for a randomized controlled trial", "rct", "protocol"),
        ("Ketamine versus midazolam: a randomized trial", "rct", "rct"),
        ("Ketamine in practice", None, None),
    ],
)
def test_title_that_names_the_document_type_wins(title, text_design, expected):
    doc = {"id": "pmid:1", "content_hash": "h"}
    result = {"extractor_version": "v", "design": text_design}
    extraction, _, _ = combine(doc, result, extractors.extract(title), {})
    assert extraction["design"] == expected


def test_registry_fields_win_over_text():
    doc = {"id": "nct:NCT09000001", "content_hash": "h"}
    result = extractors.extract("About 30 adults will take part.")
    structured = {"enrollment": 60, "enrollment_type": "ESTIMATED", "design": "crossover-rct",
                  "comparators": [{"name": "saline", "text": "Drug: Saline"}],
                  "effects": [{"measure": "mean_difference", "value": -7.9, "ci_low": -11.6, "ci_high": -4.2,
                               "p": 0.001, "p_op": "<", "outcome": "MADRS change", "arm": "Ketamine vs Saline",
                               "text": "MADRS change: mean difference -7.9"}]}
    extraction, comparators, effects = combine(doc, result, None, structured)
    assert (extraction["sample_size"], extraction["sample_size_text"]) == (60, "enrollment 60 (estimated)")
    assert extraction["sample_size_start"] is None and extraction["design"] == "crossover-rct"
    assert [(c["name"], c["origin"]) for c in comparators] == [("saline", "registry")]
    assert effects[-1]["origin"] == "registry" and effects[-1]["value"] == -7.9
    assert json.loads(extraction["conditions"]) == []
