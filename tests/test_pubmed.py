"""PubMed: the EFetch parser over real samples and fictional edge cases, and the harvester
against a fake E-utilities server (windows, batching, history, faults, idempotence)."""

from __future__ import annotations

import datetime as dt

import pytest

from harvester import pubmed
from harvester.errors import HarvestError, ParseError
from tests.conftest import FIXTURES, shared_params

EDGE = FIXTURES / "pubmed" / "edge_cases.xml"

# (file, pmid, doi, pmcid, published) for every article in the real samples.
REAL_EXPECTED = {
    "efetch_pubmed_34843274_depression_guideline.xml": [("34843274", "10.1037/amp0000904", None, "2022-09")],
    "efetch_pubmed_38011560_ketamine_depression_review.xml": [
        ("38011560", "10.1073/pnas.2305772120", "PMC10710048", "2023-12-05")],
    "efetch_pubmed_38801034_structured_unassigned.xml": [("38801034", "10.5811/westjem.18320", "PMC11112658", "2024-05")],
    "efetch_pubmed_empty_result.xml": [],
    "efetch_pubmed_old_records_no_doi_no_abstract.xml": [
        ("12091962", None, None, "1990"), ("9997", "10.1016/0005-2795(76)90109-4", None, "1976-09-28")],
    "efetch_pubmed_overlapping_inline_markup.xml": [("30108519", "10.3389/fphys.2018.01034", "PMC6079548", "2018")],
    "efetch_pubmed_structured_abstract_inline_markup.xml": [
        ("27797938", "10.1136/gutjnl-2016-312510", "PMC5442267", "2017-06")],
    "efetch_pubmed_structured_abstract_nlmcategory.xml": [
        ("28775130", "10.1136/oemed-2017-104431", "PMC5771820", "2018-02")],
}


@pytest.mark.parametrize("path", shared_params("pubmed", "efetch_*.xml"))
def test_real_samples_parse_to_expected_ids(path):
    page = pubmed.parse(path.read_bytes())
    assert page.errors == []
    got = [(r.pmid, r.doi, r.pmcid, r.published) for r in page.records]
    assert got == REAL_EXPECTED[path.name]
    for record in page.records:
        assert record.source == "pubmed" and record.source_id == record.pmid
        assert record.title and "<" not in record.title
        assert record.url == f"https://pubmed.ncbi.nlm.nih.gov/{record.pmid}/"


def test_real_review_ignores_reference_ids():
    [path] = [p for p in shared_params("pubmed", "*38011560*") if p.values[0]] or [None]
    if path is None:
        pytest.skip("../shared not available")
    record = pubmed.parse(path.values[0].read_bytes()).records[0]
    assert record.doi == "10.1073/pnas.2305772120"
    assert "Ketamine" in record.mesh and len(record.authors) == 7


def test_real_inline_markup_flattened():
    params = [p for p in shared_params("pubmed", "*overlapping_inline_markup*") if p.values[0]]
    if not params:
        pytest.skip("../shared not available")
    record = pubmed.parse(params[0].values[0].read_bytes()).records[0]
    assert record.title.startswith('A "Blood Relationship" Between')


@pytest.fixture(scope="module")
def edge():
    return pubmed.parse(EDGE.read_bytes())


def test_edge_cases_bad_article_becomes_error_not_crash(edge):
    assert [r.pmid for r in edge.records] == ["39200001", "39200002", "39200003"]
    assert len(edge.errors) == 1 and "PMID" in edge.errors[0].reason


@pytest.mark.parametrize(
    "pmid, field, expected",
    [
        ("39200001", "doi", "10.5555/kkb.test.001"),  # DOI followed by a pii ELocationID, lower-cased
        ("39200001", "published", "2023-12"),  # MedlineDate
        ("39200001", "title", "Esketamine in treatment-resistant depression: a randomized trial (fictional example)"),
        ("39200001", "authors", ["Example A", "Fictional Ketamine Study Group"]),
        ("39200001", "mesh", ["Ketamine"]),
        ("39200001", "language", "eng"),
        ("39200001", "kind", "article"),
        ("39200002", "doi", None),  # no DOI at all
        ("39200002", "text", None),  # no abstract
        ("39200002", "published", "1998"),  # Season: year only
        ("39200002", "language", "fre"),
        ("39200003", "doi", "10.5555/kkb.test.003"),  # resolver prefix stripped
        ("39200003", "pmcid", "PMC9200003"),
        ("39200003", "published", "2021-02"),  # impossible day dropped, month kept
        ("39200003", "kind", "preprint"),
    ],
)
def test_edge_case_fields(edge, pmid, field, expected):
    record = next(r for r in edge.records if r.pmid == pmid)
    assert getattr(record, field) == expected


def test_structured_abstract_keeps_labels_as_headings(edge):
    text = edge.records[0].text
    assert text.startswith("BACKGROUND\nDepression with CO2-free markup and x2 tests.")
    assert "\n\nMETHODS\nRegistered as" in text
    assert "Copyright" not in text


def test_registration_links_from_databank_and_abstract(edge):
    links = {(link.target_value, link.evidence) for link in edge.records[0].links}
    assert links == {("NCT01234567", "nct id in DataBankList"), ("NCT07654321", "nct id in abstract")}
    assert edge.records[0].nct_id is None  # only registry records carry their own NCT id


@pytest.mark.parametrize(
    "payload",
    [b"", b"not xml", b"<PubmedArticleSet><PubmedArticle>", b"<eSearchResult></eSearchResult>",
     "<PubmedArticleSet>\u00e9</PubmedArticleSet>".encode("latin-1")],
    ids=["empty", "text", "truncated", "wrong-root", "not-utf8"],
)
def test_malformed_payloads_raise_parse_error(payload):
    with pytest.raises(ParseError):
        pubmed.parse(payload)


@pytest.mark.parametrize(
    "payload, expected",
    [(EDGE.read_bytes(), True), (b'{"esearchresult": {}}', False), (b"<rss></rss>", False)],
)
def test_detect(payload, expected):
    assert pubmed.detect(payload) is expected


def test_esearch_error_bodies():
    with pytest.raises(HarvestError, match="rate limit"):
        pubmed.parse_esearch_json(b'{"error":"API rate limit exceeded","count":"4","limit":"3"}')
    result = pubmed.parse_esearch_json(
        b'{"esearchresult":{"count":"0","retmax":"0","retstart":"0","idlist":[],'
        b'"errorlist":{"phrasesnotfound":["xyz"]}}}')
    assert result["count"] == 0 and result["ids"] == []


@pytest.mark.parametrize("path", shared_params("pubmed", "esearch_*.json"))
def test_real_esearch_json(path):
    if "rate_limit" in path.name:
        with pytest.raises(HarvestError):
            pubmed.parse_esearch_json(path.read_bytes())
    else:
        result = pubmed.parse_esearch_json(path.read_bytes())
        assert result["count"] >= len(result["ids"]) and all(i.isdigit() for i in result["ids"])


def test_query_uses_vocabulary_words_and_mesh():
    query = pubmed.vocabulary.pubmed_query()
    for term in ("esketamine[tiab]", '"Ketamine"[mh]', "PTSD[tiab]", '"obsessive-compulsive disorder"[tiab]',
                 '"Depressive Disorder, Treatment-Resistant"[mh]', '"suicidal ideation"[tiab]'):
        assert term in query


# -- the harvester against a fake server ------------------------------------------------

DAY = dt.date(2024, 3, 1)


def _fill(fake, n, *, start=DAY, **kwargs):
    for i in range(n):
        fake.add(str(39300000 + i), start + dt.timedelta(days=i % 10), **kwargs)


def test_harvest_uses_history_and_batches(fake_eutils, session):
    _fill(fake_eutils, 23)
    pages = list(pubmed.harvest(session, DAY, DAY + dt.timedelta(days=9), batch_size=10))
    assert sum(len(p.records) for p in pages) == 23 and not any(p.errors for p in pages)
    searches = [r for r in fake_eutils.requests if r["path"] == "/esearch.fcgi"]
    assert len(searches) == 1 and searches[0]["usehistory"] == "y"
    assert searches[0]["term"].endswith('("2024/03/01"[edat] : "2024/03/10"[edat])'
                                        ' OR ("2024/03/01"[mdat] : "2024/03/10"[mdat]))')
    fetches = [r for r in fake_eutils.requests if r["path"] == "/efetch.fcgi"]
    assert [f["retstart"] for f in fetches] == ["0", "10", "20"]
    assert all(f["WebEnv"].startswith("MCID_") and f["query_key"] == "1" for f in fetches)
    assert all(f["tool"] == "ketamine-kb" for f in fetches)


def test_harvest_splits_windows_over_the_esearch_limit(fake_eutils, session, monkeypatch):
    monkeypatch.setattr(pubmed, "ESEARCH_LIMIT", 5)
    _fill(fake_eutils, 12)
    pages = list(pubmed.harvest(session, DAY, DAY + dt.timedelta(days=9), batch_size=50))
    assert sorted(r.pmid for p in pages for r in p.records) == sorted(fake_eutils.articles)
    windows = {p.window for p in pages}
    assert len(windows) > 1  # the 10-day window was split


def test_modified_records_found_by_modification_date(fake_eutils, session):
    fake_eutils.add("39300100", dt.date(2020, 1, 1), modified=DAY)
    fake_eutils.add("39300101", DAY)
    pages = list(pubmed.harvest(session, DAY, DAY))
    pmids = [r.pmid for p in pages for r in p.records]
    assert sorted(pmids) == ["39300100", "39300101"]  # each once
    assert fake_eutils.count("/esearch.fcgi") == 1 and fake_eutils.count("/efetch.fcgi") == 1


def test_long_id_lists_are_posted(fake_eutils, session):
    _fill(fake_eutils, 3)
    ids = [str(i) for i in range(39300000, 39300000 + pubmed.POST_THRESHOLD + 1)]
    pages = list(pubmed.fetch_records(session, ids, batch_size=len(ids)))
    assert len(pages[0].records) == 3
    assert fake_eutils.requests[-1]["method"] == "POST"


def test_429_with_retry_after_then_success(fake_eutils, session):
    _fill(fake_eutils, 2)
    fake_eutils.faults[1] = (429, '{"error":"API rate limit exceeded"}', {"Retry-After": "2"})
    pages = list(pubmed.harvest(session, DAY, DAY + dt.timedelta(days=1)))
    assert sum(len(p.records) for p in pages) == 2
    assert 2.0 in session.sleeps


def test_503_then_success(fake_eutils, session):
    _fill(fake_eutils, 2)
    fake_eutils.faults[2] = (503, "Service unavailable", {})
    fake_eutils.faults[3] = (503, "Service unavailable", {})
    pages = list(pubmed.harvest(session, DAY, DAY + dt.timedelta(days=1)))
    assert sum(len(p.records) for p in pages) == 2


def test_malformed_batch_is_recorded_and_others_land(fake_eutils, session):
    _fill(fake_eutils, 25)
    fake_eutils.broken_batches.add(10)
    session.max_retries = 1
    pages = list(pubmed.harvest(session, DAY, DAY + dt.timedelta(days=9), batch_size=10))
    assert sum(len(p.records) for p in pages) == 15
    errors = [e for p in pages for e in p.errors]
    assert len(errors) == 1 and errors[0].retry and "batch 10-19" in errors[0].source_id


def test_api_key_sent_but_never_in_errors(fake_eutils, session, monkeypatch):
    monkeypatch.setenv("NCBI_API_KEY", "secret-key-123")
    assert pubmed.rate() == 10.0
    fake_eutils.faults.update({i: (500, "boom", {}) for i in range(1, 10)})
    session.max_retries = 2
    with pytest.raises(HarvestError) as info:
        list(pubmed.harvest(session, DAY, DAY))
    assert fake_eutils.requests[0]["api_key"] == "secret-key-123"
    assert "secret-key-123" not in str(info.value)


def test_window_with_nothing_new_costs_one_request(fake_eutils, session):
    fake_eutils.add("39300200", dt.date(2020, 1, 1))
    assert list(pubmed.harvest(session, DAY, DAY + dt.timedelta(days=6))) == []
    assert [r["path"] for r in fake_eutils.requests] == ["/esearch.fcgi"]


def test_long_windows_search_entry_dates_only(fake_eutils, session):
    fake_eutils.add("39300300", dt.date(2020, 1, 1), modified=DAY)  # an old record touched in the window
    fake_eutils.add("39300301", DAY)
    pages = list(pubmed.harvest(session, DAY - dt.timedelta(days=365), DAY))
    assert [r.pmid for p in pages for r in p.records] == ["39300301"]
    assert "[mdat]" not in fake_eutils.requests[0]["term"]
