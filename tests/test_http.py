"""The polite session: retries, Retry-After, payload checks, robots.txt, conditional GET, secrets."""

from __future__ import annotations

import time

import pytest
from werkzeug import Response

from harvester.errors import HarvestError, RobotsDisallowed, RobotsUnavailable
from harvester.http import PoliteSession, check_payload, BadPayload, redact, retry_after_seconds, user_agent


@pytest.mark.parametrize(
    "value, expected",
    [("3", 3.0), (" 120 ", 120.0), (None, None), ("", None), ("soon", None),
     ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0)],
)
def test_retry_after_parsing(value, expected):
    assert retry_after_seconds(value) == expected


def test_retry_after_http_date_in_future():
    assert 59 <= retry_after_seconds("Wed, 21 Oct 2015 07:29:00 GMT", now=1445412480.0) <= 60


@pytest.mark.parametrize(
    "body, expect, problem",
    [
        (b"<!DOCTYPE html><html><body>Service busy</body></html>", "json", "HTML"),
        (b"<html><body>Error</body></html>", "xml", "HTML"),
        (b'{"resultList": {"result": [', "json", "JSON"),
        (b"<PubmedArticleSet><PubmedArticle><Medline", "xml", "truncated"),
        (b"", "json", "empty"),
        (b"plain text", "xml", "not XML"),
    ],
)
def test_bad_payloads_detected(body, expect, problem):
    with pytest.raises(BadPayload, match=problem):
        check_payload(body, expect)


@pytest.mark.parametrize("body, expect", [(b'{"a": 1}', "json"), (b"\xef\xbb\xbf<?xml version='1.0'?><a/>\n", "xml"),
                                          (b"anything", None)])
def test_good_payloads_pass(body, expect):
    check_payload(body, expect)


def test_429_honours_retry_after(httpserver, session):
    httpserver.expect_ordered_request("/x").respond_with_data("slow down", status=429, headers={"Retry-After": "7"})
    httpserver.expect_ordered_request("/x").respond_with_json({"ok": True})
    assert session.get(httpserver.url_for("/x"), expect="json").json() == {"ok": True}
    assert session.sleeps.count(7.0) == 1


def test_retry_after_beyond_bound_fails_fast(httpserver, session):
    httpserver.expect_request("/x").respond_with_data("", status=503, headers={"Retry-After": "86400"})
    with pytest.raises(HarvestError, match="retry after"):
        session.get(httpserver.url_for("/x"))


def test_html_error_page_with_200_is_retried(httpserver, session):
    httpserver.expect_ordered_request("/x").respond_with_data("<html><body>Oops</body></html>", content_type="text/html")
    httpserver.expect_ordered_request("/x").respond_with_json({"ok": 1})
    assert session.get(httpserver.url_for("/x"), expect="json").json() == {"ok": 1}
    assert session.n_requests == 2


def test_retries_are_bounded(httpserver, session):
    httpserver.expect_request("/x").respond_with_data("down", status=503)
    session.max_retries = 3
    with pytest.raises(HarvestError, match="4 attempts: HTTP 503"):
        session.get(httpserver.url_for("/x"))
    assert session.n_requests == 4
    assert len(session.sleeps) == 3


def test_backoff_grows_with_jitter(httpserver):
    sleeps: list[float] = []
    s = PoliteSession(rate=1000, backoff=1.0, max_retries=4, sleep=sleeps.append)
    httpserver.expect_request("/x").respond_with_data("down", status=502)
    with pytest.raises(HarvestError):
        s.get(httpserver.url_for("/x"))
    waits = [w for w in sleeps if w >= 0.4]
    assert len(waits) == 4
    for attempt, wait in enumerate(waits):
        assert 0.5 * 2**attempt <= wait <= 1.5 * 2**attempt


def test_client_error_is_not_retried(httpserver, session):
    httpserver.expect_request("/x").respond_with_data("nope", status=404)
    with pytest.raises(HarvestError, match="HTTP 404"):
        session.get(httpserver.url_for("/x"))
    assert session.n_requests == 1


def test_timeout_is_retried(httpserver, session):
    calls = []

    def slow(request):
        calls.append(1)
        if len(calls) == 1:
            time.sleep(0.5)
        return Response('{"ok": true}', content_type="application/json")

    httpserver.expect_request("/x").respond_with_handler(slow)
    session.timeout = 0.2
    assert session.get(httpserver.url_for("/x"), expect="json").json() == {"ok": True}


def test_connection_refused_is_retried_then_fails(session):
    session.max_retries = 2
    with pytest.raises(HarvestError, match="ConnectionError"):
        session.get("http://127.0.0.1:9/nothing-listens-here")
    assert session.n_requests == 3


def test_rate_limit_spaces_requests_per_host(httpserver):
    sleeps: list[float] = []
    clock = iter([0.0, 0.0, 0.1, 0.5, 0.6, 1.0])
    s = PoliteSession(rate=2.0, sleep=sleeps.append, clock=lambda: next(clock))
    httpserver.expect_request("/x").respond_with_data("ok")
    s.get(httpserver.url_for("/x"))
    s.get(httpserver.url_for("/x"))
    assert sleeps == [pytest.approx(0.4)]


def test_user_agent_has_contact(monkeypatch):
    monkeypatch.setenv("KB_CONTACT_EMAIL", "team@example.org")
    assert "mailto:team@example.org" in user_agent()


def test_conditional_get_sends_validators_and_accepts_304(httpserver, session):
    httpserver.expect_ordered_request("/feed").respond_with_data("<rss/>", headers={"ETag": '"v1"'})
    httpserver.expect_ordered_request("/feed", headers={"If-None-Match": '"v1"'}).respond_with_data("", status=304)
    url = httpserver.url_for("/feed")
    assert session.get(url, conditional=True).status_code == 200
    assert session.get(url, conditional=True).status_code == 304


# -- robots.txt ------------------------------------------------------------------------

def test_robots_disallowed_page_is_never_requested(httpserver, session):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nDisallow: /private/\n")
    httpserver.expect_request("/private/article").respond_with_data("secret")
    with pytest.raises(RobotsDisallowed):
        session.get(httpserver.url_for("/private/article"), check_robots=True)
    assert [r.path for r, _ in httpserver.log] == ["/robots.txt"]


def test_robots_missing_means_no_rules(httpserver, session):
    httpserver.expect_request("/robots.txt").respond_with_data("", status=404)
    httpserver.expect_request("/a").respond_with_data("ok")
    assert session.get(httpserver.url_for("/a"), check_robots=True).text == "ok"


@pytest.mark.parametrize("status", [429, 503])
def test_robots_unavailable_means_try_later(httpserver, session, status):
    httpserver.expect_request("/robots.txt").respond_with_data("busy", status=status)
    httpserver.expect_request("/a").respond_with_data("ok")
    session.max_retries = 1
    with pytest.raises(RobotsUnavailable):
        session.get(httpserver.url_for("/a"), check_robots=True)
    assert all(r.path == "/robots.txt" for r, _ in httpserver.log)


def test_robots_fetched_once_per_host(httpserver, session):
    httpserver.expect_request("/robots.txt").respond_with_data("User-agent: *\nAllow: /\n")
    httpserver.expect_request("/a").respond_with_data("ok")
    for _ in range(3):
        session.get(httpserver.url_for("/a"), check_robots=True)
    assert sum(r.path == "/robots.txt" for r, _ in httpserver.log) == 1


# -- secrets -----------------------------------------------------------------------------

@pytest.mark.parametrize(
    "text, hidden",
    [("https://x/esearch.fcgi?db=pubmed&api_key=abc123&term=k", "abc123"),
     ("token=zzz999 failed", "zzz999"), ("APIKEY=q1w2e3", "q1w2e3")],
)
def test_redact(text, hidden):
    assert hidden not in redact(text)


def test_redact_env_secret(monkeypatch):
    monkeypatch.setenv("NCBI_API_KEY", "k-0123456789")
    assert redact("boom k-0123456789 boom") == "boom *** boom"
