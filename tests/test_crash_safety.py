"""Crash safety: a harvest killed with SIGKILL and re-run ends with the same database as an
uninterrupted run; two concurrent writers never both run; parsers never crash on junk."""

from __future__ import annotations

import datetime as dt
import json
import os
import signal
import subprocess
import sys
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from werkzeug import Request

from harvester import pubmed
from harvester.errors import ParseError
from kb.db import connect
from tests.fakes import FakeEutils

N_RECORDS = 60
START = dt.date(2024, 6, 1)


def _fake(slow_fetch: float = 0.0) -> FakeEutils:
    fake = FakeEutils()
    for i in range(N_RECORDS):
        fake.add(str(39600000 + i), START + dt.timedelta(days=i % 6))
    if slow_fetch:
        original = fake._efetch

        def slow(request: Request):
            time.sleep(slow_fetch)
            return original(request)

        fake._efetch = slow  # type: ignore[method-assign]
    return fake


def _kb(db_path, base_url, *args, wait=True):
    env = {**os.environ, "KB_PUBMED_URL": base_url, "PYTHONPATH": os.getcwd()}
    cmd = [sys.executable, "-m", "kb", "--quiet", "--db", str(db_path), *args]
    if wait:
        return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=120)
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _snapshot(db_path):
    db = connect(db_path)
    docs = sorted((r["id"], r["content_hash"]) for r in db.query("SELECT id, content_hash FROM documents"))
    sources = db.execute("SELECT count(*), count(DISTINCT source || source_id) FROM document_sources").fetchone()
    db.close()
    return docs, sources


HARVEST = ("harvest", "--source", "pubmed", "--since", START.isoformat())


def _wait_for_documents(db_path, at_least: int, timeout: float = 60.0) -> int:
    """Poll (read-only) until the harvest has stored ``at_least`` documents; robust on a loaded machine."""
    import sqlite3

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=1)
            n = conn.execute("SELECT count(*) FROM documents").fetchone()[0]
            conn.close()
            if n >= at_least:
                return n
        except sqlite3.Error:
            pass  # not created or not migrated yet
        time.sleep(0.05)
    raise AssertionError(f"no progress: fewer than {at_least} documents after {timeout}s")


@pytest.mark.slow
def test_sigkill_mid_harvest_then_rerun_equals_uninterrupted(tmp_path, httpserver, monkeypatch):
    fake = _fake(slow_fetch=0.15)
    base = fake.install(httpserver)
    monkeypatch.setenv("KB_PUBMED_BATCH_SIZE", "10")

    reference = tmp_path / "reference.db"
    assert _kb(reference, base, *HARVEST).returncode == 0

    killed = tmp_path / "killed.db"
    for progress in (10, 30):  # kill twice, at different moments mid-run
        proc = _kb(killed, base, *HARVEST, wait=False)
        _wait_for_documents(killed, progress)
        time.sleep(0.05)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    connect(killed).close()  # the killed database opens cleanly (WAL recovered)
    partial_docs, _ = _snapshot(killed)
    assert len(partial_docs) < N_RECORDS  # it really was interrupted
    assert _kb(killed, base, *HARVEST).returncode == 0
    assert _snapshot(killed) == _snapshot(reference)
    docs, (n_sources, n_distinct) = _snapshot(killed)
    assert len(docs) == N_RECORDS and n_sources == n_distinct == N_RECORDS


@pytest.mark.slow
def test_sigterm_stops_after_page_in_flight(tmp_path, httpserver, monkeypatch):
    monkeypatch.setenv("KB_PUBMED_BATCH_SIZE", "10")
    fake = _fake(slow_fetch=0.2)
    base = fake.install(httpserver)
    db_path = tmp_path / "kb.db"
    proc = _kb(db_path, base, *HARVEST, wait=False)
    _wait_for_documents(db_path, 10)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=30)
    db = connect(db_path)
    status = db.execute("SELECT status FROM harvest_runs ORDER BY id DESC LIMIT 1").fetchone()[0]
    n = db["documents"].count
    assert status == "interrupted" and n % 10 == 0 and 0 < n < N_RECORDS
    assert proc.returncode == 1


@pytest.mark.slow
def test_two_concurrent_updates_one_exits_2(tmp_path, httpserver, monkeypatch):
    monkeypatch.setenv("KB_PUBMED_BATCH_SIZE", "10")
    base = _fake(slow_fetch=0.2).install(httpserver)
    db_path = tmp_path / "kb.db"
    first = _kb(db_path, base, *HARVEST, wait=False)
    _wait_for_documents(db_path, 10)
    second = _kb(db_path, base, *HARVEST)
    first.wait(timeout=60)
    assert second.returncode == 2 and "being written" in second.stderr
    assert first.returncode == 0
    assert connect(db_path)["documents"].count == N_RECORDS


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(max_size=2000))
def test_pubmed_parser_never_crashes_on_bytes(payload):
    try:
        pubmed.parse(payload)
    except ParseError:
        pass


ARTICLE_PARTS = st.lists(st.sampled_from([
    "<PMID>1</PMID>", "<PMID>x</PMID>", "<Article>", "</Article>", "<ArticleTitle>t</ArticleTitle>",
    "<PubDate><Year>20x4</Year><Month>13</Month></PubDate>", "<ELocationID EIdType='doi'>10.1/x</ELocationID>",
    "<Abstract><AbstractText Label='A'>b</AbstractText></Abstract>", "<AuthorList><Author/></AuthorList>",
    "<MedlineCitation>", "</MedlineCitation>", "&amp;", "\u00e9", "<![CDATA[<b>]]>",
]), max_size=20)


@settings(max_examples=200, deadline=None)
@given(ARTICLE_PARTS)
def test_pubmed_parser_never_crashes_on_odd_articles(parts):
    payload = ("<PubmedArticleSet><PubmedArticle>" + "".join(parts) + "</PubmedArticle></PubmedArticleSet>").encode()
    try:
        page = pubmed.parse(payload)
    except ParseError:
        return
    assert len(page.records) + len(page.errors) <= 1


def test_datasette_reads_while_a_harvest_writes(tmp_path):
    """WAL mode: readers never see an error or half a page while pages are being stored."""
    import asyncio
    import threading

    from harvester.records import Page, Record
    from kb.serve import make_datasette
    from kb.store import store_page

    db_path = tmp_path / "kb.db"
    connect(db_path).close()
    done = threading.Event()
    pages_stored = []

    def writer():
        db = connect(db_path)
        for n in range(20):
            records = [Record(source="pubmed", source_id=str(39700000 + n * 10 + i), kind="article",
                              pmid=str(39700000 + n * 10 + i), title=f"Ketamine study {n}-{i}", text="depression " * 50)
                       for i in range(10)]
            store_page(db, Page(records))
            pages_stored.append(n)
        db.close()
        done.set()

    async def reader():
        ds = make_datasette(db_path)
        statuses, counts = [], []
        while not done.is_set():
            for path in ("/kb/documents.json?_shape=array&_size=5", "/kb/documents.json?_search=ketamine&_shape=objects",
                         "/kb.json?sql=select+count(*)+as+n+from+documents&_shape=array"):
                response = await ds.client.get(path)
                statuses.append(response.status_code)
                if "count" in path:
                    counts.append(response.json()[0]["n"])
            await asyncio.sleep(0)
        return statuses, counts

    thread = threading.Thread(target=writer)
    thread.start()
    statuses, counts = asyncio.run(reader())
    thread.join()
    assert len(pages_stored) == 20 and statuses and set(statuses) == {200}
    assert all(c % 10 == 0 for c in counts)  # never half a page
    assert counts == sorted(counts)


@pytest.mark.parametrize("source", ["europepmc", "clinicaltrials", "news"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.one_of(
    st.binary(max_size=1500),
    st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                 lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.sampled_from(
                     ["resultList", "result", "studies", "protocolSection", "id", "source", "title", "doi",
                      "pmid", "abstractText", "nextCursorMark", "identificationModule", "nctId"]), inner, max_size=4),
                 max_leaves=20).map(lambda v: json.dumps(v).encode()),
    st.text(max_size=800).map(lambda t: f"<html><head><script type='application/ld+json'>{t}</script></head>"
                                       f"<body><article>{t}</article></body></html>".encode()),
    st.text(max_size=800).map(lambda t: f"<rss><channel><item><title>ketamine {t}</title><link>{t}</link>"
                                       f"</item></channel></rss>".encode("utf-8", "surrogatepass")),
))
def test_source_parsers_never_crash(source, payload):
    """Any input: records, RecordErrors or a ParseError, never another exception."""
    from harvester.sources import get_source

    module = get_source(source)
    try:
        module.parse(payload)
    except ParseError:
        pass
