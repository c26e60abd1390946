"""The polite HTTP session every source shares.

One place for: a user agent with a contact address, a per-host rate limit, bounded
retries with exponential backoff and jitter that honour ``Retry-After``, detection
of error pages served with status 200 and of truncated bodies, conditional GET,
robots.txt, and redaction of secrets from everything that is logged or raised.
"""

from __future__ import annotations

import email.utils
import json
import logging
import os
import random
import re
import threading
import time
import urllib.robotparser
from dataclasses import dataclass, field
from typing import Any, Callable
from urllib.parse import urlsplit

import requests

from harvester.errors import HarvestError, RobotsDisallowed, RobotsUnavailable

log = logging.getLogger(__name__)

PROJECT_URL = "https://github.com/ketamine-kb/ketamine-kb"
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504, 520, 521, 522, 524})
SECRET_PARAMS = ("api_key", "apikey", "key", "token", "access_token")
_SECRET_RE = re.compile(r"(?i)\b(" + "|".join(SECRET_PARAMS) + r")=([^&\s\"']+)")


def redact(text: str) -> str:
    """Replace the values of secret query parameters (``api_key=...``) and known secrets with ***."""
    text = _SECRET_RE.sub(lambda m: f"{m.group(1)}=***", str(text))
    for name in ("NCBI_API_KEY",):
        secret = os.environ.get(name)
        if secret and len(secret) >= 4:
            text = text.replace(secret, "***")
    return text


class RedactingFilter(logging.Filter):
    """Redact secrets from log records, including urllib3's debug lines that carry full URLs."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


for _name in ("urllib3.connectionpool", "urllib3", "requests", __name__):
    logging.getLogger(_name).addFilter(RedactingFilter())


def contact_email() -> str | None:
    return os.environ.get("KB_CONTACT_EMAIL") or None


def user_agent() -> str:
    email_addr = contact_email()
    contact = f"; mailto:{email_addr}" if email_addr else ""
    return f"ketamine-kb/0.1 (+{PROJECT_URL}{contact})"


class BadPayload(HarvestError):
    """The server answered 200 but the body is not what was asked for (HTML error page, truncated)."""


def check_payload(body: bytes, expect: str | None) -> None:
    """Raise :class:`BadPayload` when a body cannot be the ``expect``-ed format ("xml", "json")."""
    if expect is None:
        return
    head = body[:512].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if not head:
        raise BadPayload("empty body")
    if expect == "json":
        if head.startswith((b"<!doctype html", b"<html", b"<")):
            raise BadPayload("HTML page where JSON was expected")
        try:
            json.loads(body)
        except ValueError as exc:
            raise BadPayload(f"invalid or truncated JSON: {exc}") from None
    elif expect == "xml":
        if head.startswith((b"<!doctype html", b"<html")):
            raise BadPayload("HTML page where XML was expected")
        if not head.startswith(b"<"):
            raise BadPayload("body is not XML")
        root = _XML_ROOT.search(body, 0, 65536)
        if root is None:
            raise BadPayload("truncated XML body (no root element)")
        closed_at_once = root.group(2) == b"/>"
        if not closed_at_once and not body.rstrip().endswith(b"</" + root.group(1) + b">"):
            raise BadPayload(f"truncated XML body (<{root.group(1).decode(errors='replace')}> never closed)")


# The root element: the first tag after the XML declaration, DOCTYPE and comments.
_XML_ROOT = re.compile(
    rb"^(?:\s|\xef\xbb\xbf|<\?.*?\?>|<!--.*?-->|<!DOCTYPE[^>\[]*(?:\[.*?\])?\s*>)*<([A-Za-z_][\w:.-]*)[^>]*?(/?>)",
    re.DOTALL,
)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """Parse a Retry-After header: delta-seconds or an HTTP date. None when absent or unparseable."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    if when is None:
        return None
    return max(0.0, when.timestamp() - (now if now is not None else time.time()))


@dataclass
class PoliteSession:
    """A requests session with manners. Use one per harvest run.

    ``rate`` is the maximum number of requests per second per host; ``max_retries``
    bounds the attempts for one URL; ``max_wait`` bounds any single sleep (a
    Retry-After longer than that fails the request instead of hanging a cron job).
    """

    rate: float = 3.0
    timeout: float = 30.0
    max_retries: int = 5
    backoff: float = 1.0
    max_wait: float = 120.0
    respect_robots: bool = True
    sleep: Callable[[float], None] = time.sleep
    clock: Callable[[], float] = time.monotonic
    n_requests: int = 0
    session: requests.Session = field(default_factory=requests.Session)
    validators: dict[str, dict[str, str]] = field(default_factory=dict)
    _last: dict[str, float] = field(default_factory=dict)
    _robots: dict[str, urllib.robotparser.RobotFileParser] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        if self.rate <= 0:
            raise ValueError("rate must be positive")
        self.session.headers["User-Agent"] = user_agent()

    # -- rate limiting -------------------------------------------------
    def _throttle(self, url: str) -> None:
        host = urlsplit(url).netloc
        with self._lock:
            interval = 1.0 / self.rate
            last = self._last.get(host)
            now = self.clock()
            if last is not None and now - last < interval:
                self.sleep(interval - (now - last))
            self._last[host] = self.clock()

    def _backoff_delay(self, attempt: int, response: requests.Response | None) -> float:
        hinted = retry_after_seconds(response.headers.get("Retry-After")) if response is not None else None
        if hinted is not None:
            if hinted > self.max_wait:
                raise HarvestError(
                    f"server asked to retry after {hinted:.0f}s, more than the {self.max_wait:.0f}s allowed"
                )
            return hinted
        delay = self.backoff * (2**attempt)
        return min(self.max_wait, delay * (0.5 + random.random()))

    # -- requests ------------------------------------------------------
    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, Any] | None = None,
        data: dict[str, Any] | None = None,
        expect: str | None = None,
        conditional: bool = False,
        check_robots: bool = False,
        headers: dict[str, str] | None = None,
    ) -> requests.Response:
        """Send a request with retries. Returns the response (status 200, or 304 when conditional).

        ``expect`` ("xml" or "json") makes a 200 with the wrong kind of body count as a
        failure to retry. ``conditional`` sends stored ETag/Last-Modified validators.
        Raises :class:`HarvestError` (never with a secret in its message) when all attempts fail.
        """
        if check_robots and self.respect_robots and not self.allowed(url):
            raise RobotsDisallowed(f"robots.txt disallows {redact(url)}")
        headers = dict(headers or {})
        if conditional and url in self.validators:
            stored = self.validators[url]
            if stored.get("etag"):
                headers["If-None-Match"] = stored["etag"]
            if stored.get("last_modified"):
                headers["If-Modified-Since"] = stored["last_modified"]
        last_problem = "no attempt made"
        for attempt in range(self.max_retries + 1):
            self._throttle(url)
            response: requests.Response | None = None
            try:
                self.n_requests += 1
                response = self.session.request(
                    method, url, params=params, data=data, headers=headers, timeout=self.timeout
                )
                if response.status_code == 304 and conditional:
                    return response
                if response.status_code in RETRY_STATUSES:
                    last_problem = f"HTTP {response.status_code}"
                elif response.status_code >= 400:
                    raise HarvestError(f"HTTP {response.status_code} for {redact(response.url)}")
                else:
                    check_payload(response.content, expect)
                    if conditional:
                        self._remember_validators(url, response)
                    return response
            except BadPayload as exc:
                last_problem = str(exc)
            except (requests.Timeout, requests.ConnectionError, requests.exceptions.ChunkedEncodingError) as exc:
                last_problem = f"{type(exc).__name__}: {redact(str(exc))[:200]}"
            if attempt == self.max_retries:
                break
            delay = self._backoff_delay(attempt, response)
            log.warning(
                "%s %s failed (%s); retry %d/%d in %.1fs",
                method, redact(url), last_problem, attempt + 1, self.max_retries, delay,
            )
            self.sleep(delay)
        raise HarvestError(
            f"{method} {redact(url)} failed after {self.max_retries + 1} attempts: {last_problem}"
        )

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def _remember_validators(self, url: str, response: requests.Response) -> None:
        etag = response.headers.get("ETag")
        modified = response.headers.get("Last-Modified")
        if etag or modified:
            self.validators[url] = {k: v for k, v in (("etag", etag), ("last_modified", modified)) if v}

    # -- robots.txt ----------------------------------------------------
    def allowed(self, url: str) -> bool:
        """Whether robots.txt lets our user agent fetch ``url``.

        robots.txt is fetched through this same session (rate limit, retries). Per RFC 9309
        a 4xx other than 429 means no rules; a 429, 5xx or network failure raises
        :class:`RobotsUnavailable` ("try later"), never "everything allowed".
        """
        parts = urlsplit(url)
        origin = f"{parts.scheme}://{parts.netloc}"
        parser = self._robots.get(origin)
        if parser is None:
            parser = urllib.robotparser.RobotFileParser(origin + "/robots.txt")
            robots_url = origin + "/robots.txt"
            try:
                response = self.request("GET", robots_url)
                parser.parse(response.text.splitlines())
            except RobotsDisallowed:
                raise
            except HarvestError as exc:
                status = re.search(r"HTTP (\d{3})", str(exc))
                code = int(status.group(1)) if status else None
                if code is not None and 400 <= code < 500 and code != 429:
                    parser.parse([])  # no robots.txt: no rules
                else:
                    raise RobotsUnavailable(f"robots.txt unavailable for {origin}: {exc}") from None
            self._robots[origin] = parser
        return parser.can_fetch(self.session.headers["User-Agent"], url)
