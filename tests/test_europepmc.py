"""Europe PMC source: parsing core and lite results, cursorMark paging, retries, window query."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from harvester import europepmc
from harvester.errors import HarvestError, ParseError
from harvester.http import PoliteSession
from tests import conftest
from tests.conftest import shared_files

FIXTURES = Path(__file__).parent / "fixtures" / "europepmc"
SHARED = conftest.SHARED / "formats" / "europepmc"
SHARED_SAMPLES = shared_files("europepmc", "*.json")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def session(session: PoliteSession) -> PoliteSession:
    session.max_retries = 2  # the shared test session, with fewer retries
    return session


def by_id(page):
    return {r.source_id: r for r in page.records}


# -- parsing -------------------------------------------------------------

def test_core_article_fields_and_markup_cleaning():
    page = europepmc.parse(fixture("search_core_page1.json"))
    rec = by_id(page)["MED:39100001"]
    assert rec.kind == "article"
    assert rec.pmid == "39100001" and rec.pmcid == "PMC11100001"
    assert rec.doi == "10.5555/kkb.2024.101"  # lower-cased
    assert rec.title.startswith("Intravenous ketamine versus midazolam")
    assert "<i>" not in rec.title
    lines = rec.text.split("\n")
    assert lines[0] == "Background"
    assert "Methods" in lines and "Results" in lines and "Conclusions" in lines
    assert "Plasma NO2 was measured" in rec.text  # <sub> flattened
    assert "<1 year in 8." in rec.text  # a bare "<" is text, not a tag
    assert "&lt;2 years" not in rec.text and "<2 years" in rec.text  # entity decoded
    assert "(p <.01; OR 2.1)" in rec.text and "<b>" not in rec.text
    assert rec.journal == "Journal of Fictional Psychiatry"
    assert rec.published == "2024-02-20" and rec.year == 2024  # firstPublicationDate wins
    assert rec.authors == ["Doe J", "Roe R"]
    assert rec.publication_types == ["Randomized Controlled Trial", "Journal Article"]
    assert rec.mesh == ["Ketamine", "Depressive Disorder, Treatment-Resistant"]
    assert rec.language == "eng"
    assert rec.url == "https://europepmc.org/article/MED/39100001"
    assert [(l.relation, l.target_type, l.target_value, l.evidence) for l in rec.links] == [
        ("registration", "nct_id", "NCT09100001", "nct id in abstract")
    ]
    assert rec.structured["first_index_date"] == "2024-03-05"
    assert rec.structured["keywords"] == ["ketamine", "TRD"]


def test_preprint_kind_and_published_version_link():
    rec = by_id(europepmc.parse(fixture("search_core_page1.json")))["PPR:PPR900001"]
    assert rec.kind == "preprint"
    assert rec.pmid is None
    assert rec.journal == "medRxiv"
    assert rec.doi == "10.1101/2024.01.01.24300001"
    (link,) = rec.links
    assert (link.relation, link.target_type, link.target_value) == ("preprint_of", "pmid", "39100002")
    assert "Preprint of" in link.evidence and "title-first author match" in link.evidence


def test_missing_fields_and_bad_record_does_not_sink_page():
    page = europepmc.parse(fixture("search_core_page1.json"))
    assert page.cursor == "AoE_fictional_cursor_2"
    bare = by_id(page)["MED:39100003"]
    assert bare.doi is None and bare.text is None and bare.authors == []
    assert bare.publication_types == ["News"]
    assert len(page.records) == 3
    (error,) = page.errors
    assert error.source == "europepmc" and error.source_id is None
    assert "no source/id" in error.reason


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("<h4>Aim</h4>To test.<h4>Results</h4>n = 20", "Aim\nTo test.\nResults\nn = 20"),
        ("median survival <1 year.<h4>Conclusions</h4>Done.", "median survival <1 year.\nConclusions\nDone."),
        ("p <.05 and P < .001", "p <.05 and P < .001"),
        ("CO<sub>2</sub> and Na<sup>+</sup>", "CO2 and Na+"),
        ("scores a<b and c>d stay", "scores a<b and c>d stay"),
        ("thin\u2009space and\u00a0nbsp", "thin space and nbsp"),
        ('<span class="x">kept</span> &amp; decoded', "kept & decoded"),
        ("&lt;i&gt;ATM&lt;/i&gt; carriers, median &lt;1 year", "ATM carriers, median <1 year"),
    ],
)
def test_clean_markup_table(raw, expected):
    from harvester.markup import clean_markup

    assert clean_markup(raw) == expected


def test_lite_pubtype_string_is_split():
    payload = json.dumps({"resultList": {"result": [{
        "id": "1", "source": "MED", "pmid": "1", "title": "Lite (fictional example)",
        "pubType": "research-article; journal article", "journalTitle": "J Fict",
        "authorString": "Doe J, Roe R.", "pubYear": "2020",
    }]}}).encode()
    rec = europepmc.parse(payload).records[0]
    assert rec.publication_types == ["research-article", "journal article"]
    assert rec.authors == ["Doe J", "Roe R"]
    assert rec.journal == "J Fict" and rec.published == "2020"


@pytest.mark.parametrize("payload", [b"{not json", b"[]", b'{"errCode": 500, "errMsg": "boom"}', b'{"hitCount": 0}'])
def test_malformed_payload_is_parse_error(payload):
    with pytest.raises(ParseError):
        europepmc.parse(payload)


def test_detect():
    assert europepmc.detect(fixture("search_core_page1.json"))
    assert not europepmc.detect(b'{"studies": []}')
    assert not europepmc.detect(b"<?xml version='1.0'?><PubmedArticleSet/>")
    assert not europepmc.detect(b'{"resultList": ')


@pytest.mark.skipif(not SHARED_SAMPLES, reason="shared/formats/europepmc not present")
@pytest.mark.parametrize("path", SHARED_SAMPLES, ids=lambda p: p.name)
def test_real_samples_parse(path):
    payload = path.read_bytes()
    assert europepmc.detect(payload)
    page = europepmc.parse(payload)
    raw = json.loads(payload)["resultList"]["result"]
    assert len(page.records) == len(raw) and page.errors == []
    for rec in page.records:
        assert rec.source_id.startswith(("MED:", "PMC:", "PPR:"))
        assert rec.title and "<i>" not in rec.title
        assert rec.published and rec.year
        assert rec.publication_types
        if rec.text:
            assert "<h4>" not in rec.text and "<sub>" not in rec.text


@pytest.mark.skipif(not (SHARED / "search_core_page1.json").exists(), reason="core sample absent")
def test_real_core_sample_keeps_less_than_one_year():
    page = europepmc.parse((SHARED / "search_core_page1.json").read_bytes())
    texts = {r.source_id: r.text or "" for r in page.records}
    assert "median overall survival of <1 year." in texts["MED:40245290"]
    assert "\nConclusions\n" in texts["MED:40245290"]
    assert sum(r.doi is None for r in page.records) == 1
    assert sum(r.text is None for r in page.records) == 4


# -- harvesting ----------------------------------------------------------

def _serve_pages(httpserver, pages: dict[str, bytes]):
    def handler(request):
        body = pages.get(request.args.get("cursorMark"))
        if body is None:
            return Response("unexpected cursor", status=400)
        return Response(body, content_type="application/json")

    httpserver.expect_request("/rest/search").respond_with_handler(handler)
    return httpserver.url_for("/rest")


def test_harvest_pages_until_cursor_repeats(httpserver, session):
    base = _serve_pages(httpserver, {
        "*": fixture("search_core_page1.json"),
        "AoE_fictional_cursor_2": fixture("search_core_page2_repeat_cursor.json"),
    })
    pages = list(europepmc.harvest(session, "2024-03-01", "2024-03-31", base_url=base))
    assert [len(p.records) for p in pages] == [3, 1]
    assert pages[0].window == ("2024-03-01", "2024-03-31")
    assert all(p.n_requests == 1 for p in pages)
    requests = [req for req, _ in httpserver.log]
    assert len(requests) == 2  # the repeated cursor is not requested again
    args = requests[0].args
    assert "FIRST_IDATE:[2024-03-01 TO 2024-03-31]" in args["query"]
    assert "ketamine" in args["query"]
    assert args["resultType"] == "core" and args["format"] == "json"
    assert args["pageSize"] == "1000" and args["cursorMark"] == "*"
    assert requests[1].args["cursorMark"] == "AoE_fictional_cursor_2"


def test_harvest_stops_on_empty_page(httpserver, session):
    base = _serve_pages(httpserver, {
        "*": fixture("search_core_page1.json"),
        "AoE_fictional_cursor_2": fixture("search_core_empty.json"),
    })
    pages = list(europepmc.harvest(session, "2024-03-01", "2024-03-31", base_url=base))
    assert len(pages) == 1
    assert len(httpserver.log) == 2


def test_harvest_stops_once_every_hit_arrived(httpserver, session):
    # The live API hands out a next cursor on the last page too; following it costs a request
    # that can only return an empty page.
    payload = json.loads(fixture("search_core_page1.json"))
    payload["hitCount"] = len(payload["resultList"]["result"])
    base = _serve_pages(httpserver, {"*": json.dumps(payload).encode(),
                                     "AoE_fictional_cursor_2": fixture("search_core_empty.json")})
    pages = list(europepmc.harvest(session, "2024-03-01", "2024-03-31", base_url=base))
    assert len(pages) == 1 and len(httpserver.log) == 1


def test_harvest_stops_without_next_cursor(httpserver, session):
    payload = json.loads(fixture("search_core_page1.json"))
    del payload["nextCursorMark"]
    base = _serve_pages(httpserver, {"*": json.dumps(payload).encode()})
    assert len(list(europepmc.harvest(session, "2024-03-01", "2024-03-31", base_url=base))) == 1
    assert len(httpserver.log) == 1


def test_base_url_from_environment(httpserver, session, monkeypatch):
    base = _serve_pages(httpserver, {"*": fixture("search_core_empty.json")})
    monkeypatch.setenv("KB_EUROPEPMC_URL", base + "/")
    assert list(europepmc.harvest(session, "2024-03-01", "2024-03-31")) == []
    assert len(httpserver.log) == 1


def test_429_with_retry_after_then_success(httpserver, session, sleeps):
    httpserver.expect_oneshot_request("/rest/search").respond_with_data(
        "slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_request("/rest/search").respond_with_data(
        fixture("search_core_empty.json"), content_type="application/json")
    pages = list(europepmc.harvest(session, "2024-03-01", "2024-03-31", base_url=httpserver.url_for("/rest")))
    assert pages == []
    assert len(httpserver.log) == 2
    assert 7.0 in sleeps  # Retry-After honoured


def test_invalid_json_is_retried_then_raises(httpserver, session):
    httpserver.expect_request("/rest/search").respond_with_data(
        '{"resultList": {"result": [', content_type="application/json")
    with pytest.raises(HarvestError, match="invalid or truncated JSON"):
        list(europepmc.harvest(session, "2024-03-01", "2024-03-31", base_url=httpserver.url_for("/rest")))
    assert len(httpserver.log) == session.max_retries + 1


def test_html_error_page_is_retried(httpserver, session):
    httpserver.expect_oneshot_request("/rest/search").respond_with_data(
        "<html><body>Service unavailable</body></html>", content_type="text/html")
    httpserver.expect_request("/rest/search").respond_with_data(
        fixture("search_core_empty.json"), content_type="application/json")
    assert list(europepmc.harvest(session, "2024-03-01", "2024-03-31", base_url=httpserver.url_for("/rest"))) == []
    assert len(httpserver.log) == 2


def test_structurally_wrong_page_becomes_an_error_not_a_crash(httpserver, session):
    httpserver.expect_request("/rest/search").respond_with_json({"unexpected": True})
    (page,) = europepmc.harvest(session, "2024-03-01", "2024-03-31", base_url=httpserver.url_for("/rest"))
    assert page.records == [] and "no resultList" in page.errors[0].reason


def test_e2e_fixture_is_the_shared_article():
    payload = (Path(__file__).parent / "fixtures" / "e2e" / "europepmc_search.json").read_bytes()
    (rec,) = europepmc.parse(payload).records
    assert (rec.pmid, rec.doi) == ("39000001", "10.5555/kkb.2024.001")
    assert rec.links[0].target_value == "NCT09000001"
