"""One row per work: identity across sources, idempotent upserts, links resolved both ways."""

from __future__ import annotations

import json

import pytest

from harvester.records import Link, Page, Record
from kb.store import document_id_for, merge_records, store_page, store_record


def rec(source="pubmed", source_id="1", kind="article", **kw) -> Record:
    return Record(source=source, source_id=source_id, kind=kind, **kw)


def docs(db):
    return list(db.query("SELECT * FROM documents ORDER BY id"))


@pytest.mark.parametrize(
    "record, expected",
    [
        (rec(pmid="123", doi="10.1/x"), "pmid:123"),
        (rec("clinicaltrials", "NCT01234567", "registry", nct_id="NCT01234567"), "nct:NCT01234567"),
        (rec("europepmc", "PPR:PPR1", "preprint", doi="10.1101/2024.01.01.1"), "doi:10.1101/2024.01.01.1"),
        (rec("europepmc", "PMC:PMC9", pmcid="PMC9"), "pmc:PMC9"),
        (rec("news", "https://news.example/a", "news", url="https://www.News.example/a/?utm_source=x"),
         "url:https://news.example/a"),
        (rec("news", "n1", "news"), "news:n1"),
    ],
)
def test_document_id_for(record, expected):
    assert document_id_for(record) == expected


def test_same_pmid_from_two_sources_is_one_row(fresh_db):
    store_page(fresh_db, Page([rec(pmid="123", doi="10.5555/AbC", title="PubMed title", text="abstract")]))
    store_page(fresh_db, Page([rec("europepmc", "MED:123", pmid="123", title="EPMC title", text="other", pmcid="PMC7")]))
    [doc] = docs(fresh_db)
    assert doc["id"] == "pmid:123"
    assert json.loads(doc["sources"]) == ["pubmed", "europepmc"]
    assert doc["title"] == "PubMed title"  # pubmed wins per field ...
    assert doc["pmcid"] == "PMC7"  # ... but a field only another source has is kept
    assert fresh_db["document_sources"].count == 2


def test_doi_compared_lower_cased(fresh_db):
    store_page(fresh_db, Page([rec("europepmc", "PPR:1", doi="10.5555/ABC.def")]))
    store_page(fresh_db, Page([rec("news", "https://x.example/n", "news", url="https://x.example/n",
                                   doi="10.5555/abc.DEF")]))
    assert len(docs(fresh_db)) == 1


def test_same_title_never_merges(fresh_db):
    store_page(fresh_db, Page([rec(pmid="1", title="Ketamine for depression"),
                               rec(source_id="2", pmid="2", title="Ketamine for depression")]))
    assert len(docs(fresh_db)) == 2


def test_nct_id_only_identifies_registry_records(fresh_db):
    registry = rec("clinicaltrials", "NCT01234567", "registry", nct_id="NCT01234567", title="Trial")
    article = rec(pmid="5", nct_id="NCT01234567", title="Paper")
    store_page(fresh_db, Page([registry, article]))
    rows = docs(fresh_db)
    assert [r["id"] for r in rows] == ["nct:NCT01234567", "pmid:5"]
    assert rows[1]["nct_id"] is None


def test_storing_twice_writes_nothing(fresh_db):
    page = Page([rec(pmid="1", title="t", text="x"), rec(source_id="2", pmid="2", title="u")])
    first = store_page(fresh_db, page)
    before = fresh_db.execute("SELECT total_changes()").fetchone()[0]
    second = store_page(fresh_db, page)
    after = fresh_db.execute("SELECT total_changes()").fetchone()[0]
    assert (first.new, second.new, second.unchanged) == (2, 0, 2)
    assert after == before


def test_changed_record_updates_row_and_hash(fresh_db):
    store_page(fresh_db, Page([rec(pmid="1", title="t", text="old")]))
    old = docs(fresh_db)[0]
    counts = store_page(fresh_db, Page([rec(pmid="1", title="t", text="corrected")]))
    new = docs(fresh_db)[0]
    assert counts.updated == 1 and new["text"] == "corrected"
    assert new["content_hash"] != old["content_hash"] and new["first_seen"] == old["first_seen"]


def test_links_resolve_when_target_arrives_later(fresh_db):
    paper = rec(pmid="9", links=[Link("registration", "nct_id", "NCT00000009", "nct id in DataBankList")])
    store_page(fresh_db, Page([paper]))
    [link] = fresh_db["links"].rows
    assert link["to_id"] is None and link["target"] == "nct_id:NCT00000009"
    store_page(fresh_db, Page([rec("clinicaltrials", "NCT00000009", "registry", nct_id="NCT00000009")]))
    [link] = fresh_db["links"].rows
    assert link["to_id"] == "nct:NCT00000009" and link["evidence"] == "nct id in DataBankList"


def test_links_resolve_when_target_already_there(fresh_db):
    store_page(fresh_db, Page([rec(pmid="9", doi="10.5555/x")]))
    news = rec("news", "https://n.example/a", "news", url="https://n.example/a",
               links=[Link("reports", "doi", "10.5555/X", "doi link in article body")])
    store_page(fresh_db, Page([news]))
    [link] = fresh_db["links"].rows
    assert (link["from_id"], link["to_id"]) == ("url:https://n.example/a", "pmid:9")


def test_dropped_link_is_removed(fresh_db):
    link = Link("registration", "nct_id", "NCT00000001", "nct id in abstract")
    store_page(fresh_db, Page([rec(pmid="1", text="a", links=[link])]))
    store_page(fresh_db, Page([rec(pmid="1", text="b")]))
    assert fresh_db["links"].count == 0


def test_bad_record_fails_alone(fresh_db, monkeypatch):
    import kb.store as store

    real = store.store_record

    def flaky(db, record, **kw):
        if record.source_id == "bad":
            raise RuntimeError("boom")
        return real(db, record, **kw)

    monkeypatch.setattr(store, "store_record", flaky)
    counts = store.store_page(fresh_db, Page([rec(pmid="1"), rec(source_id="bad", pmid="2"), rec(source_id="3", pmid="3")]))
    assert (counts.new, counts.failed) == (2, 1)
    assert [d["id"] for d in docs(fresh_db)] == ["pmid:1", "pmid:3"]


def test_merge_is_order_independent():
    a = rec(pmid="1", title="A", text=None)
    b = rec("europepmc", "MED:1", pmid="1", title="B", text="abstract")
    assert merge_records([a, b]) == merge_records([b, a])


def test_fts_follows_updates(fresh_db):
    store_page(fresh_db, Page([rec(pmid="1", title="ketamine infusion", text="x")]))
    store_record(fresh_db, rec(pmid="1", title="esketamine spray", text="x"))
    hits = lambda q: [r["rowid"] for r in fresh_db.query(  # noqa: E731
        "SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?", [q])]
    assert hits("esketamine") and not hits("infusion")


@pytest.mark.parametrize("name", ["pubmed_examples.xml", "europepmc_examples.json", "clinicaltrials_examples.json",
                                  "news_feed_example.rss"])
def test_record_to_dict_is_asdict_and_a_copy(name):
    # The fast to_dict feeds every record hash: it must say exactly what dataclasses.asdict says.
    import dataclasses
    from pathlib import Path

    from harvester.files import parse_file

    _, page = parse_file(Path(__file__).resolve().parents[1] / "kb" / "demo_data" / name)
    assert page.records
    for record in page.records:
        data = record.to_dict()
        assert data == dataclasses.asdict(record)
        assert json.dumps(data, sort_keys=True) == json.dumps(dataclasses.asdict(record), sort_keys=True)
        data["authors"].append("someone else")
        data["structured"]["added"] = 1
        assert "someone else" not in record.authors and "added" not in record.structured


def test_registry_status_change_updates_registration_and_hash(fresh_db):
    def registry(status, enrollment):
        return rec("clinicaltrials", "NCT00000042", "registry", nct_id="NCT00000042", title="Trial", text="same",
                   structured={"status": status, "enrollment": enrollment, "enrollment_type": "ESTIMATED",
                               "completion_date": "2025-06"})

    store_page(fresh_db, Page([registry("RECRUITING", 40)]))
    before = docs(fresh_db)[0]["content_hash"]
    counts = store_page(fresh_db, Page([registry("COMPLETED", 38)]))
    row = fresh_db["registrations"].get("nct:NCT00000042")
    assert counts.updated == 1 and docs(fresh_db)[0]["content_hash"] != before
    assert (row["status"], row["enrollment"]) == ("COMPLETED", 38)
