"""News source: feeds, polite article fetches (robots, conditional GET), page metadata and links."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from werkzeug.wrappers import Response

from harvester import clinicaltrials, europepmc, news
from harvester.errors import ParseError
from harvester.http import PoliteSession
from tests import conftest
from tests.conftest import shared_files

FIXTURES = Path(__file__).parent / "fixtures" / "news"
E2E = Path(__file__).parent / "fixtures" / "e2e"
SHARED = conftest.SHARED / "formats"
RSS_SAMPLES = shared_files("rss")
HTML_SAMPLES = shared_files("html", "*.html")
ARTICLE_PATH = "/2024/03/ketamine-midazolam-trial/"
WINDOW = ("2024-03-01", "2024-03-31")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def session(session: PoliteSession) -> PoliteSession:
    session.max_retries = 1  # the shared test session, with fewer retries
    return session


def serve_site(httpserver, *, robots: str | None = "User-agent: *\nDisallow: /private/\n", article_etag=None):
    """Serve the fixture feed, article page and robots.txt; return the feed URL."""
    base = httpserver.url_for("").rstrip("/")
    feed = fixture("feed.rss").replace(b"{{BASE}}", base.encode())
    httpserver.expect_request("/feed.rss").respond_with_data(feed, content_type="application/rss+xml")
    if robots is not None:
        httpserver.expect_request("/robots.txt").respond_with_data(robots, content_type="text/plain")

    def article(request):
        if article_etag and request.headers.get("If-None-Match") == article_etag:
            return Response(status=304)
        headers = {"ETag": article_etag} if article_etag else {}
        return Response(fixture("article_ketamine_graph.html"), content_type="text/html", headers=headers)

    httpserver.expect_request(ARTICLE_PATH).respond_with_handler(article)
    httpserver.expect_request("/private/esketamine-spray/").respond_with_data(
        "must never be fetched while robots.txt disallows it", content_type="text/plain")
    return f"{base}/feed.rss"


def paths(httpserver) -> list[str]:
    return [request.path for request, _ in httpserver.log]


# -- harvesting ----------------------------------------------------------

def test_harvest_keeps_on_topic_items_in_window_and_reads_their_pages(httpserver, session):
    feed_url = serve_site(httpserver)
    (page,) = news.harvest(session, *WINDOW, base_url=feed_url)
    (rec,) = page.records
    assert page.errors == [] and page.cursor == feed_url and page.window == WINDOW
    assert rec.source == "news" and rec.kind == "news"
    assert rec.source_id == rec.url == "https://news.example.org/2024/03/ketamine-midazolam-trial"
    assert rec.title == "Ketamine eased depression faster than midazolam (fictional example)"
    assert rec.structured["page_fetched"] is True and rec.structured["text_source"] == "article page"
    assert ("doi", "10.5555/kkb.2024.101") in {(l.target_type, l.target_value) for l in rec.links}
    requested = paths(httpserver)
    assert "/2024/03/sunscreen/" not in requested  # off topic: never fetched
    assert "/2023/01/ketamine-clinics/" not in requested  # outside the window
    assert page.n_requests == len(requested)


def test_robots_disallowed_page_is_never_requested(httpserver, session, caplog):
    feed_url = serve_site(httpserver)
    with caplog.at_level("INFO", logger="harvester.news"):
        (page,) = news.harvest(session, *WINDOW, base_url=feed_url)
    assert not any(p.startswith("/private/") for p in paths(httpserver))
    assert all("private" not in (r.source_id or "") for r in page.records)
    assert all("private" not in (e.source_id or "") for e in page.errors)  # skipped, not an error
    assert "robots.txt disallows" in caplog.text
    assert paths(httpserver).count("/robots.txt") == 1  # cached per origin


def test_robots_unavailable_is_an_error_to_retry(httpserver, session):
    base = httpserver.url_for("").rstrip("/")
    feed = fixture("feed.rss").replace(b"{{BASE}}", base.encode())
    httpserver.expect_request("/feed.rss").respond_with_data(feed)
    httpserver.expect_request("/robots.txt").respond_with_data("busy", status=503)
    (page,) = news.harvest(session, *WINDOW, base_url=f"{base}/feed.rss")
    assert page.records == []
    assert {e.source_id for e in page.errors} == {f"{base}{ARTICLE_PATH}", f"{base}/private/esketamine-spray/"}
    assert all("robots.txt unavailable" in e.reason for e in page.errors)
    assert ARTICLE_PATH not in paths(httpserver)


def test_missing_robots_means_no_rules(httpserver, session):
    feed_url = serve_site(httpserver, robots=None)
    httpserver.expect_request("/robots.txt").respond_with_data("not found", status=404)
    (page,) = news.harvest(session, *WINDOW, base_url=feed_url)
    assert "/private/esketamine-spray/" in paths(httpserver)  # no rules: allowed
    by_text_source = {r.structured.get("text_source"): r for r in page.records}
    assert set(by_text_source) == {"article page", "feed summary"} and page.errors == []
    # the private URL answers text/plain: the record keeps the feed's text and says why
    plain = by_text_source["feed summary"]
    assert plain.structured["page_content_type"].startswith("text/plain")
    assert plain.text == "An esketamine nasal spray study in adolescents."


def test_conditional_get_304_skips_unchanged_page(httpserver, session):
    feed_url = serve_site(httpserver, article_etag='"v1"')
    (first,) = news.harvest(session, *WINDOW, base_url=feed_url)
    assert len(first.records) == 1
    second = list(news.harvest(session, *WINDOW, base_url=feed_url))
    assert second == []  # nothing new, nothing failed
    article_requests = [r for r, _ in httpserver.log if r.path == ARTICLE_PATH]
    assert len(article_requests) == 2
    assert article_requests[1].headers.get("If-None-Match") == '"v1"'


def test_failing_feed_does_not_stop_the_others(httpserver, session, monkeypatch):
    feed_url = serve_site(httpserver)
    httpserver.expect_request("/broken.rss").respond_with_data("down", status=500)
    monkeypatch.setenv("KB_FEEDS", f"{httpserver.url_for('/broken.rss')}\n  {feed_url}")
    broken, good = news.harvest(session, *WINDOW)
    assert broken.records == [] and "feed unavailable" in broken.errors[0].reason
    assert len(good.records) == 1


def test_feed_429_with_retry_after_then_success(httpserver, session, sleeps):
    httpserver.expect_oneshot_request("/feed.rss").respond_with_data("", status=429, headers={"Retry-After": "2"})
    feed_url = serve_site(httpserver)
    (page,) = news.harvest(session, *WINDOW, base_url=feed_url)
    assert len(page.records) == 1 and 2.0 in sleeps


def test_feeds_default_and_override(monkeypatch):
    monkeypatch.delenv("KB_FEEDS", raising=False)
    assert news.feeds() == list(news.DEFAULT_FEEDS) and len(news.DEFAULT_FEEDS) >= 4
    monkeypatch.setenv("KB_FEEDS", " https://a.test/feed  https://b.test/rss\n")
    assert news.feeds() == ["https://a.test/feed", "https://b.test/rss"]
    assert news.feeds("https://c.test/atom") == ["https://c.test/atom"]


# -- article pages -------------------------------------------------------

def test_article_page_metadata_and_body():
    rec = news.parse_article(fixture("article_ketamine_graph.html"), url="https://news.example.org/x")
    assert rec.source_id == "https://news.example.org/2024/03/ketamine-midazolam-trial"  # canonical, no utm
    assert rec.authors == ["Ann Writer", "Bo Reporter"]  # @id reference resolved in the @graph
    assert rec.journal == "Fictional Health News"  # og:site_name written with name=
    assert rec.published == "2024-03-11"  # JSON-LD datePublished wins over article:published_time
    assert rec.language == "en-GB"
    assert rec.text.startswith("A single ketamine infusion relieved symptoms of treatment-resistant depression")
    for furniture in ("cookies", "Home", "Share", "newsletter", "Aside text", "Related", "Sidebar",
                      "Copyright", "GDPR", "window.tracker", "display: none"):
        assert furniture not in rec.text
    assert [(l.relation, l.target_type, l.target_value, l.evidence) for l in rec.links] == [
        ("reports", "doi", "10.5555/kkb.2024.101", "doi link in article body"),
        ("reports", "nct_id", "NCT09100001", "clinicaltrials.gov link in article body"),
        ("reports", "pmid", "39100002", "pubmed link in article body"),
        ("reports", "nct_id", "NCT09100005", "nct id in article body"),
    ]


def test_opengraph_first_value_wins_and_jsonld_graph_types():
    soup = BeautifulSoup(fixture("article_ketamine_graph.html"), "lxml")
    meta = news.parse_meta(soup)
    assert meta.og["og:title"] == "Ketamine beats midazolam in a fictional trial"
    assert meta.og["og:site_name"] == "Fictional Health News"
    assert meta.jsonld["@type"] == ["NewsArticle", "Article"]
    assert meta.jsonld["publisher"]["name"] == "Fictional Health News"
    assert meta.canonical.startswith("https://news.example.org/2024/03/")


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("Wed, 5 Nov 2025 13:52:10  EST", "2025-11-05"),
        ("2019-10-22T09:40:01-04:00", "2019-10-22"),
        ("2024-03-12T08:00:00Z", "2024-03-12"),
        ("2010 Jun 1", "2010-06-01"),
        ("June 3, 2024", "2024-06-03"),
        ("2010 Jun", "2010-06"),
        ("", None),
        ("soon", None),
    ],
)
def test_parse_date(raw, expected):
    assert news.parse_date(raw) == expected


def test_page_without_url_is_a_record_error():
    page = news.parse(b"<html><body><p>ketamine</p></body></html>")
    assert page.records == [] and "canonical" in page.errors[0].reason


# -- saved feeds ---------------------------------------------------------

def test_imported_rss_with_bom_uses_feed_text_and_topic_filter():
    page = news.parse(fixture("feed.rss").replace(b"{{BASE}}", b"https://news.example.org"))
    titles = [r.title for r in page.records]
    assert "New sunscreen guidance for summer (fictional example)" not in titles
    assert len(page.records) == 3
    rec = page.records[0]
    assert rec.text == "A single ketamine infusion relieved depression within a day."
    assert rec.structured == {"text_source": "feed summary", "page_fetched": False}
    assert rec.published == "2024-03-12" and rec.authors == ["Ann Writer"]
    # entity-escaped HTML in <description> becomes text
    assert page.records[1].text == "An esketamine nasal spray study in adolescents."


def test_imported_atom_feed_content_and_links():
    (rec,) = news.parse(fixture("feed.atom")).records
    assert rec.source_id == "https://digest.example.org/arketamine-ptsd"
    assert rec.title == "Arketamine and PTSD: what a small study found (fictional example)"
    assert rec.structured["text_source"] == "feed content"
    assert rec.journal == "Fictional Research Digest" and rec.authors == ["Cy Columnist"]
    assert [(l.target_type, l.target_value, l.evidence) for l in rec.links] == [
        ("doi", "10.5555/kkb.2024.106", "doi link in feed item"),
        ("nct_id", "NCT09100006", "nct id in feed item"),
    ]


@pytest.mark.parametrize("payload", [b"not xml at all", b"<html><body>x</body></html>"])
def test_malformed_feed_is_parse_error(payload):
    with pytest.raises(ParseError):
        news.parse_feed_items(payload)


def test_detect_each_format():
    assert news.detect(fixture("feed.rss")) and news.is_feed(fixture("feed.rss"))
    assert news.detect(fixture("feed.atom"))
    assert news.detect(fixture("article_ketamine_graph.html")) and news.is_html(fixture("article_ketamine_graph.html"))
    assert not news.detect(b'{"resultList": {"result": []}}')
    assert not news.detect(b'<?xml version="1.0"?>\n<!DOCTYPE PubmedArticleSet><PubmedArticleSet/>')
    for other in (europepmc, clinicaltrials):
        assert not other.detect(fixture("feed.rss")) and not other.detect(fixture("article_ketamine_graph.html"))


# -- real samples --------------------------------------------------------

@pytest.mark.skipif(not RSS_SAMPLES, reason="shared/formats/rss not present")
@pytest.mark.parametrize("path", RSS_SAMPLES, ids=lambda p: p.name)
def test_real_feeds_parse(path):
    payload = path.read_bytes()
    assert news.detect(payload) and news.is_feed(payload)
    items = news.parse_feed_items(payload)
    assert items and all(i.title and i.link for i in items)
    assert all(i.published and len(i.published) == 10 for i in items)  # odd dates included
    page = news.parse_feed(payload, topic_only=False)
    assert len(page.records) == len(items) and page.errors == []
    assert all(r.text is None or "<p>" not in r.text for r in page.records)


@pytest.mark.skipif(not (SHARED / "rss" / "medscape_family_medicine.rss").exists(), reason="sample absent")
def test_real_medscape_double_space_est_date():
    items = news.parse_feed_items((SHARED / "rss" / "medscape_family_medicine.rss").read_bytes())
    assert items[0].published == "2025-11-05"


@pytest.mark.skipif(not HTML_SAMPLES, reason="shared/formats/html not present")
@pytest.mark.parametrize("path", HTML_SAMPLES, ids=lambda p: p.name)
def test_real_pages_parse(path):
    payload = path.read_bytes()
    assert news.detect(payload) and news.is_html(payload)
    (rec,) = news.parse(payload).records
    assert rec.source_id.startswith("https://") and rec.title and rec.published and rec.authors
    assert rec.text and len(rec.text) > 1000 and "<script" not in rec.text


@pytest.mark.skipif(not (SHARED / "html" / "physorg_newsarticle_jsonld.html").exists(), reason="sample absent")
def test_real_physorg_page_links_its_paper():
    (rec,) = news.parse((SHARED / "html" / "physorg_newsarticle_jsonld.html").read_bytes()).records
    assert rec.kind == "news" and rec.published == "2019-10-22" and rec.authors == ["Bob Yirka"]
    assert [(l.target_type, l.target_value, l.evidence) for l in rec.links] == [
        ("doi", "10.1073/pnas.1907828116", "doi link in article body")]


@pytest.mark.skipif(not (SHARED / "html" / "kulumedia_wordpress_jsonld_graph.html").exists(), reason="sample absent")
def test_real_wordpress_graph_page():
    payload = (SHARED / "html" / "kulumedia_wordpress_jsonld_graph.html").read_bytes()
    (rec,) = news.parse(payload).records
    assert rec.authors == ["Kulu Media News Desk"]  # author given by @id only, resolved
    assert rec.journal == "Kulu Media" and rec.published == "2026-06-12"
    meta = news.parse_meta(BeautifulSoup(payload, "lxml"))
    assert meta.og["og:title"] == "Meta Outage Hits Facebook, Instagram and Messenger Worldwide"  # first of two


@pytest.mark.skipif(not (SHARED / "html" / "pmc_article_citation_meta.html").exists(), reason="sample absent")
def test_real_pmc_page_is_the_paper_itself():
    (rec,) = news.parse((SHARED / "html" / "pmc_article_citation_meta.html").read_bytes()).records
    assert rec.kind == "article"
    assert (rec.doi, rec.pmid) == ("10.1158/0008-5472.can-09-4563", "20516115")
    assert rec.published == "2010-06-01" and rec.authors[:2] == ["Megan S Lee", "Ruth Green"]
    assert rec.journal == "Cancer research"
    assert rec.links == []  # its DOI/PubMed links are references, not reports


# -- end-to-end fixtures -------------------------------------------------

def test_e2e_feed_and_article(httpserver, session):
    base = httpserver.url_for("").rstrip("/")
    feed = (E2E / "news_feed.rss").read_text().replace("{{BASE}}", base)
    httpserver.expect_request("/feed.rss").respond_with_data(feed, content_type="application/rss+xml")
    httpserver.expect_request("/2024/05/ketamine-trd-trial/").respond_with_data(
        (E2E / "news_article.html").read_bytes(), content_type="text/html")
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    (page,) = news.harvest(session, "2024-05-01", "2024-05-31", base_url=f"{base}/feed.rss")
    (rec,) = page.records
    assert rec.source_id == "https://news.example.org/2024/05/ketamine-trd-trial"
    assert [(l.relation, l.target_type, l.target_value) for l in rec.links] == [
        ("reports", "doi", "10.5555/kkb.2024.001"), ("reports", "nct_id", "NCT09000001")]


@pytest.mark.parametrize(
    "name, source",
    [
        ("europepmc_search.json", "europepmc"),
        ("clinicaltrials_studies.json", "clinicaltrials"),
        ("news_feed.rss", "news"),
        ("news_article.html", "news"),
    ],
)
def test_saved_files_are_recognised_for_import(name, source, tmp_path):
    from harvester.files import detect_source, parse_file

    saved = tmp_path / name  # a feed saved from the local server has its placeholder filled in
    saved.write_bytes((E2E / name).read_bytes().replace(b"{{BASE}}", b"https://news.example.org"))
    assert detect_source(saved.read_bytes()) == source
    detected, page = parse_file(saved)
    assert detected == source and len(page.records) == 1 and page.errors == []
