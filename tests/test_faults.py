"""Fault injection through a whole harvest run: whatever the server does, no record is lost,
none is duplicated, and secrets stay out of the database and the logs."""

from __future__ import annotations

import datetime as dt
import logging
import time

import pytest
from werkzeug import Request, Response

from harvester import pubmed
from harvester.http import PoliteSession
from kb.harvest import harvest_source
from kb.store import store_page

DAY = dt.date(2024, 7, 1)
N = 30

TRUNCATED_XML = '<?xml version="1.0"?><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1'
HTML_ERROR = "<!DOCTYPE html><html><body><h1>Temporarily unavailable</h1></body></html>"

# name -> {request number: (status, body, headers)}; request 1 is the ESearch, 2.. the EFetches.
FAULTS = {
    "429 with Retry-After": {1: (429, '{"error":"API rate limit exceeded"}', {"Retry-After": "1"})},
    "burst of 503": {2: (503, "busy", {}), 3: (503, "busy", {}), 4: (503, "busy", {})},
    "502 then 504": {3: (502, "bad gateway", {}), 4: (504, "timeout", {})},
    "HTML error page with status 200": {1: (200, HTML_ERROR, {"Content-Type": "text/html"}),
                                         3: (200, HTML_ERROR, {"Content-Type": "text/html"})},
    "truncated XML": {2: (200, TRUNCATED_XML, {"Content-Type": "text/xml"})},
    "invalid JSON": {1: (200, '{"esearchresult": {"count": "3', {"Content-Type": "application/json"})},
    "empty body": {2: (200, "", {"Content-Type": "text/xml"})},
}


@pytest.fixture
def loaded(fake_eutils, monkeypatch):
    monkeypatch.setattr(pubmed, "BATCH_SIZE", 10)
    for i in range(N):
        fake_eutils.add(str(39800000 + i), DAY + dt.timedelta(days=i % 3))
    return fake_eutils


def _assert_all_once(db):
    rows = db.execute("SELECT pmid, count(*) FROM documents GROUP BY pmid").fetchall()
    assert len(rows) == N and all(count == 1 for _, count in rows)
    assert db["document_sources"].count == N


@pytest.mark.parametrize("name", sorted(FAULTS))
def test_fault_survived(name, loaded, fresh_db, session):
    loaded.faults.update(FAULTS[name])
    result = harvest_source(fresh_db, "pubmed", since=DAY, until=DAY + dt.timedelta(days=2), session=session)
    assert result.status == "ok", result.error
    _assert_all_once(fresh_db)


def test_timeouts_and_connection_resets(loaded, fresh_db, httpserver):
    calls = {"n": 0}
    real_efetch = loaded._efetch

    def flaky(request: Request):
        calls["n"] += 1
        if calls["n"] == 1:
            time.sleep(0.6)  # longer than the client timeout
        if calls["n"] == 2:
            # Claims more bytes than it sends: the client sees the connection end early.
            return Response(b"<PubmedArticleSet>", headers={"Content-Length": "5000"}, content_type="text/xml")
        return real_efetch(request)

    httpserver.clear_all_handlers()
    httpserver.expect_request("/esearch.fcgi").respond_with_handler(loaded._esearch)
    httpserver.expect_request("/efetch.fcgi").respond_with_handler(flaky)
    session = PoliteSession(rate=1000, backoff=0.01, timeout=0.3, sleep=lambda s: None)
    result = harvest_source(fresh_db, "pubmed", since=DAY, until=DAY + dt.timedelta(days=2), session=session)
    assert result.status == "ok", result.error
    _assert_all_once(fresh_db)


def test_same_record_on_two_pages_is_one_row(fresh_db, fake_eutils, session):
    fake_eutils.add("39800100", DAY)
    fake_eutils.add("39800101", DAY)
    original = fake_eutils._efetch

    def doubled(request: Request):
        response = original(request)
        # every batch also carries the first record again
        body = response.get_data(as_text=True).replace(
            "<PubmedArticleSet>", "<PubmedArticleSet>" + fake_eutils.articles["39800100"], 1)
        return Response(body, content_type="text/xml")

    fake_eutils._efetch = doubled
    pages = list(pubmed.fetch_records(session, ["39800100", "39800101"], batch_size=1))
    for page in pages:
        store_page(fresh_db, page)
    assert fresh_db["documents"].count == 2 and fresh_db["document_sources"].count == 2


def test_persistent_garbage_is_recorded_and_run_is_partial(loaded, fresh_db, session):
    loaded.faults.update({i: (200, TRUNCATED_XML, {"Content-Type": "text/xml"}) for i in range(2, 9)})
    session.max_retries = 2
    result = harvest_source(fresh_db, "pubmed", since=DAY, until=DAY + dt.timedelta(days=2), session=session)
    assert result.status == "partial"
    assert fresh_db["harvest_errors"].count >= 1
    assert fresh_db["documents"].count < N
    loaded.faults.clear()
    again = harvest_source(fresh_db, "pubmed", session=session, until=DAY + dt.timedelta(days=2))
    assert again.status == "ok"
    _assert_all_once(fresh_db)


def test_api_key_never_in_database_or_logs(loaded, db_path, session, monkeypatch, caplog):
    secret = "ncbi-secret-0123456789"
    monkeypatch.setenv("NCBI_API_KEY", secret)
    loaded.faults.update({1: (500, "boom", {}), 2: (429, "slow", {"Retry-After": "1"}),
                          3: (200, TRUNCATED_XML, {}), 4: (200, TRUNCATED_XML, {}), 5: (200, TRUNCATED_XML, {})})
    session.max_retries = 1
    from kb.db import connect

    db = connect(db_path)
    with caplog.at_level(logging.DEBUG):
        harvest_source(db, "pubmed", since=DAY, until=DAY + dt.timedelta(days=2), session=session)
    db.close()
    assert any(r["api_key"] == secret for r in loaded.requests)  # it was used ...
    own_logs = "\n".join(r.getMessage() for r in caplog.records if not r.name.startswith("werkzeug"))
    assert own_logs and secret not in own_logs  # ... but never logged
    for path in db_path.parent.glob(db_path.name + "*"):
        assert secret.encode() not in path.read_bytes()  # ... nor stored

