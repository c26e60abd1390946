"""`kb update` with all four sources on local servers: one document per distinct work, every
cross-source link explained, and a second run that adds nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.db import connect
from tests.conftest import FIXTURES
from tests.fakes import FakeEutils

E2E = FIXTURES / "e2e"
DOI = "10.5555/kkb.2024.001"


@pytest.fixture
def four_sources(httpserver, monkeypatch):
    base = httpserver.url_for("").rstrip("/")
    pubmed = FakeEutils()
    pubmed.add("39000001", dt.date(2024, 5, 2), doi=DOI, nct="NCT09000001",
               title="Ketamine versus saline in treatment-resistant depression (fictional example)",
               abstract="Sixty adults with treatment-resistant depression were randomized to ketamine or saline.")
    pubmed.add("39000002", dt.date(2024, 5, 6), title="An unrelated esketamine cohort (fictional example)")
    pubmed.install(httpserver)
    httpserver.expect_request("/europepmc/search").respond_with_data(
        (E2E / "europepmc_search.json").read_bytes(), content_type="application/json")
    httpserver.expect_request("/ctgov/studies").respond_with_data(
        (E2E / "clinicaltrials_studies.json").read_bytes(), content_type="application/json")
    feed = (E2E / "news_feed.rss").read_text().replace("{{BASE}}", base)
    httpserver.expect_request("/feed.rss").respond_with_data(feed, content_type="application/rss+xml")
    httpserver.expect_request("/2024/05/ketamine-trd-trial/").respond_with_data(
        (E2E / "news_article.html").read_bytes(), content_type="text/html")
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    monkeypatch.setenv("KB_PUBMED_URL", base)
    monkeypatch.setenv("KB_EUROPEPMC_URL", f"{base}/europepmc")
    monkeypatch.setenv("KB_CLINICALTRIALS_URL", f"{base}/ctgov")
    monkeypatch.setenv("KB_FEEDS", f"{base}/feed.rss")
    return httpserver


def _update(db_path):
    return CliRunner().invoke(cli, ["--db", str(db_path), "update"], catch_exceptions=False)


def _first_run(db_path):
    """The first run of each source starts from a fixed date, so the fixture window is covered."""
    return CliRunner().invoke(cli, ["--db", str(db_path), "harvest", "--since", "2024-05-01"], catch_exceptions=False)


def test_update_one_row_per_work_links_explained_second_run_adds_nothing(four_sources, db_path):
    first = _first_run(db_path)
    assert first.exit_code == 0, first.output
    update = _update(db_path)
    assert update.exit_code == 0, update.output
    db = connect(db_path)
    docs = {r["id"]: r for r in db.query("SELECT * FROM documents")}
    assert set(docs) == {"pmid:39000001", "pmid:39000002", "nct:NCT09000001",
                         "url:https://news.example.org/2024/05/ketamine-trd-trial"}
    paper = docs["pmid:39000001"]
    assert json.loads(paper["sources"]) == ["pubmed", "europepmc"] and paper["doi"] == DOI
    links = {(r["from_id"], r["to_id"], r["relation"], r["evidence"]) for r in db.query("SELECT * FROM links")}
    assert ("pmid:39000001", "nct:NCT09000001", "registration", "nct id in DataBankList") in links
    assert ("nct:NCT09000001", "pmid:39000001", "results_publication", "pmid in registry references (RESULT)") in links
    assert ("url:https://news.example.org/2024/05/ketamine-trd-trial", "pmid:39000001", "reports",
            "doi link in article body") in links
    assert all(evidence for *_, evidence in links)
    registration = db["registrations"].get("nct:NCT09000001")
    assert registration["enrollment"] == 60 and registration["enrollment_type"] == "ACTUAL"
    assert db["extractions"].count == 4
    assert db.execute("SELECT sample_size FROM extractions WHERE document_id = 'nct:NCT09000001'").fetchone()[0] == 60
    names = {r[0] for r in db.execute("SELECT name FROM comparators WHERE document_id = 'nct:NCT09000001'")}
    assert "saline" in names

    before = {r["id"]: r["content_hash"] for r in db.query("SELECT id, content_hash FROM documents")}
    changes = db.execute("SELECT count(*) FROM extractions").fetchone()[0]
    again = CliRunner().invoke(cli, ["--db", str(db_path), "update", "--summary-json"], catch_exceptions=False)
    assert again.exit_code == 0, again.output
    summary = json.loads(again.stdout.strip().splitlines()[-1])
    assert all(r["new"] == 0 and r["updated"] == 0 for r in summary["harvest"])
    assert summary["extract"]["extracted"] == 0
    assert {r["id"]: r["content_hash"] for r in db.query("SELECT id, content_hash FROM documents")} == before
    assert db.execute("SELECT count(*) FROM extractions").fetchone()[0] == changes


def test_import_each_saved_format(db_path):
    files = [E2E / "europepmc_search.json", E2E / "clinicaltrials_studies.json", E2E / "news_article.html",
             FIXTURES / "pubmed" / "edge_cases.xml"]
    result = CliRunner().invoke(cli, ["--db", str(db_path), "import", "--no-extract", *map(str, files)])
    assert result.exit_code == 1  # the PubMed edge cases hold one broken article
    db = connect(db_path)
    sources = {r[0] for r in db.execute("SELECT source FROM document_sources")}
    assert sources == {"pubmed", "europepmc", "clinicaltrials", "news"}
