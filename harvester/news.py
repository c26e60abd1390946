"""News: ketamine/esketamine stories from RSS/Atom feeds, read from the article pages themselves.

A feed item only says that a story exists; the page says which paper it reports (DOI,
PubMed and ClinicalTrials.gov links), who wrote it and when. So every on-topic item's page
is fetched politely: robots.txt is obeyed (a disallowed page is never requested), and
conditional GET avoids re-reading unchanged pages. Saved feeds and saved article pages can
also be imported (``kb import``); an imported feed is not followed to its pages.
"""

from __future__ import annotations

import calendar
import datetime as dt
import email.utils
import json
import logging
import os
import re
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator
from urllib.parse import urljoin, urlsplit

import feedparser
from feedparser.datetimes import _parse_date as feedparser_date
from bs4 import BeautifulSoup, Tag

from harvester import sources, vocabulary
from harvester.errors import HarvestError, ParseError, RobotsDisallowed, RobotsUnavailable
from harvester.http import PoliteSession
from harvester.identifiers import (
    canonical_url,
    find_nct_ids,
    normalise_doi,
    normalise_nct,
    normalise_pmcid,
    normalise_pmid,
)
from harvester.markup import element_text, html_to_text
from harvester.records import Link, Page, Record, RecordError

log = logging.getLogger(__name__)

NAME = "news"
BASE_URL_ENV = "KB_FEEDS"  # whitespace-separated feed URLs replacing DEFAULT_FEEDS
RATE = 1.0  # news sites are not APIs: one request per second per host
# Feeds only hold recent items: harvest them in one window, never in backfill chunks.
CHUNK_DAYS = None

DEFAULT_FEEDS: tuple[str, ...] = (
    # PsyPost: psychology and psychiatry research news; covers ketamine trials often (WordPress feed).
    "https://www.psypost.org/feed/",
    # The Conversation (US edition), health section: researchers writing on their own fields (Atom).
    "https://theconversation.com/us/health/articles.atom",
    # Medical Xpress, psychology & psychiatry channel: press releases from universities and journals.
    "https://medicalxpress.com/rss-feed/psychology-psychiatry-news/",
    # ScienceDaily, depression news: university press releases, usually naming the paper's DOI.
    "https://www.sciencedaily.com/rss/mind_brain/depression.xml",
    # ScienceDaily, PTSD news.
    "https://www.sciencedaily.com/rss/mind_brain/ptsd.xml",
)
# The interface asks every source for a base URL; for news it is the feed list.
DEFAULT_BASE_URL = " ".join(DEFAULT_FEEDS)

ARTICLE_TYPES = {
    "article", "newsarticle", "blogposting", "scholarlyarticle", "medicalscholarlyarticle",
    "report", "reportagenewsarticle", "analysisnewsarticle", "socialmediaposting", "webpage",
}
# Page furniture that is never article text. Matched against class and id tokens.
CHROME_TAGS = ["script", "style", "noscript", "template", "nav", "header", "footer", "aside",
               "form", "iframe", "svg", "button", "select", "dialog"]
CHROME_WORDS = re.compile(r"cookie|consent|gdpr|banner|newsletter|share|sharing|related|social|"
                          r"subscribe|advert|promo|comments?\b|breadcrumb|sidebar", re.IGNORECASE)
KEEP_TAGS = {"html", "body", "main", "article"}
_PUBMED_RE = re.compile(r"^(?:www\.)?(?:pubmed\.ncbi\.nlm\.nih\.gov|ncbi\.nlm\.nih\.gov)$")
_PUBMED_PATH_RE = re.compile(r"^/(?:pubmed/)?(\d{1,9})/?$")
_CTGOV_RE = re.compile(r"(?:^|\.)clinicaltrials\.gov$")


def feeds(override: str | None = None) -> list[str]:
    """The feed URLs to read: an explicit override, else ``KB_FEEDS``, else :data:`DEFAULT_FEEDS`."""
    value = override or os.environ.get(BASE_URL_ENV)
    return value.split() if value and value.strip() else list(DEFAULT_FEEDS)


# -- feeds ---------------------------------------------------------------

@dataclass
class FeedItem:
    """One feed entry, reduced to what a news record needs."""

    title: str | None
    link: str | None
    summary: str | None  # text, markup removed
    content: str | None  # text of content:encoded / atom content, when the feed carries it
    published: str | None
    authors: list[str] = field(default_factory=list)
    feed_title: str | None = None
    links: list[Link] = field(default_factory=list)  # DOI/PubMed/registry links in the item's HTML

    def mentions_drug(self) -> bool:
        return any(vocabulary.mentions_drug(t) for t in (self.title, self.summary, self.content))


def _struct_date(value: Any) -> str | None:
    if not value:
        return None
    return dt.datetime.fromtimestamp(calendar.timegm(value), dt.timezone.utc).date().isoformat()


def parse_date(value: str | None) -> str | None:
    """A date string as feeds and pages write it (ISO 8601, RFC 822, "2010 Jun 1") -> ISO date."""
    if not value or not str(value).strip():
        return None
    text = " ".join(str(value).split())
    try:
        return dt.datetime.fromisoformat(text.replace("Z", "+00:00")).date().isoformat()
    except ValueError:
        pass
    m = re.match(r"^(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return m.group(0)
    try:
        parsed = email.utils.parsedate_to_datetime(text)
        if parsed is not None:
            return parsed.date().isoformat()
    except (TypeError, ValueError, IndexError):
        pass
    for fmt in ("%Y %b %d", "%Y %B %d", "%d %B %Y", "%B %d, %Y", "%b %d, %Y", "%Y/%m/%d", "%Y %b", "%Y"):
        try:
            parsed_date = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        iso = parsed_date.isoformat()
        return iso[:7] if fmt == "%Y %b" else iso[:4] if fmt == "%Y" else iso
    return _struct_date(feedparser_date(text))  # feedparser knows many odd feed date forms


def parse_feed_items(payload: bytes) -> list[FeedItem]:
    """An RSS/Atom document -> its items (BOM, odd dates and entity-escaped HTML handled)."""
    parsed = feedparser.parse(payload.lstrip(b"\xef\xbb\xbf"))
    if not parsed.get("version") and not parsed.entries:
        reason = parsed.get("bozo_exception") or "no RSS/Atom structure"
        raise ParseError(f"not a feed: {reason}")
    feed_title = parsed.feed.get("title")
    items = []
    for entry in parsed.entries:
        content = None
        if entry.get("content"):
            content = html_to_text(" ".join(c.get("value", "") for c in entry.content))
        published = (_struct_date(entry.get("published_parsed")) or _struct_date(entry.get("updated_parsed"))
                     or parse_date(entry.get("published") or entry.get("updated") or entry.get("dc_date")))
        authors = [a.get("name") for a in entry.get("authors") or [] if a.get("name")]
        if not authors and entry.get("author"):
            authors = [entry["author"]]
        link = (entry.get("link") or "").strip() or None
        markup = " ".join([entry.get("summary") or ""] + [c.get("value", "") for c in entry.get("content") or []])
        items.append(FeedItem(
            title=html_to_text(entry.get("title")) if entry.get("title") else None,
            link=link,
            summary=html_to_text(entry.get("summary")),
            content=content,
            published=published,
            authors=authors,
            feed_title=feed_title,
            links=_html_links(markup, link, "feed item") if "href" in markup else [],
        ))
    return items


def record_from_item(item: FeedItem) -> Record:
    """A feed item alone -> a news record (imports; the page is not fetched, and says so)."""
    url = canonical_url(item.link)
    if not url:
        raise ValueError(f"feed item has no usable link: {item.link!r}")
    text, text_source = (item.content, "feed content") if item.content else (item.summary, "feed summary")
    return Record(
        source=NAME,
        source_id=url,
        kind="news",
        title=item.title,
        text=text,
        journal=item.feed_title,
        published=item.published,
        url=url,
        authors=item.authors,
        links=_dedupe(item.links + _text_links(text, "feed item"), set()),
        structured={"text_source": text_source, "page_fetched": False},
    )


def parse_feed(payload: bytes, *, topic_only: bool = True) -> Page:
    """A saved feed -> a page of news records from the items themselves (no page fetches)."""
    page = Page()
    for item in parse_feed_items(payload):
        if topic_only and not item.mentions_drug():
            continue
        try:
            page.records.append(record_from_item(item))
        except Exception as exc:
            page.errors.append(RecordError(NAME, item.link, f"{type(exc).__name__}: {exc}"))
    return page


# -- article pages ------------------------------------------------------

@dataclass
class PageMeta:
    """The metadata an article page declares about itself."""

    jsonld: dict[str, Any] = field(default_factory=dict)  # the article node, references resolved
    og: dict[str, str] = field(default_factory=dict)  # og:* and article:* (first value wins)
    citation: dict[str, list[str]] = field(default_factory=dict)  # citation_* (all values)
    meta: dict[str, str] = field(default_factory=dict)  # other <meta name=...> (first value wins)
    canonical: str | None = None
    title_tag: str | None = None


def _types(node: dict[str, Any]) -> set[str]:
    value = node.get("@type")
    values = value if isinstance(value, list) else [value]
    return {str(v).lower().rsplit("/", 1)[-1] for v in values if v}


def _jsonld_nodes(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for item in data:
            yield from _jsonld_nodes(item)
    elif isinstance(data, dict):
        if "@graph" in data:
            yield from _jsonld_nodes(data["@graph"])
        if "@type" in data or "@id" in data:
            yield data


def _resolve(value: Any, index: dict[str, dict[str, Any]], depth: int = 0) -> Any:
    """Replace ``{"@id": ...}`` references by the graph node they name (cycle-safe, shallow)."""
    if depth > 3:
        return value
    if isinstance(value, list):
        return [_resolve(v, index, depth + 1) for v in value]
    if isinstance(value, dict):
        ref = value.get("@id")
        if ref in index and set(value) <= {"@id", "@type"}:
            value = index[ref]
        return {k: (_resolve(v, index, depth + 1) if k not in ("@id", "@type") else v) for k, v in value.items()}
    return value


def parse_jsonld(soup: BeautifulSoup) -> dict[str, Any]:
    """The article node of a page's JSON-LD (across ``@graph``s and scripts), references resolved."""
    nodes: list[dict[str, Any]] = []
    for script in soup.find_all("script", type=re.compile(r"application/ld\+json", re.I)):
        raw = script.string or script.get_text() or ""
        try:
            data = json.loads(raw)
        except ValueError:
            try:  # real pages carry stray control characters and trailing commas
                data = json.loads(re.sub(r",\s*([}\]])", r"\1", re.sub(r"[\x00-\x1f]", " ", raw)))
            except ValueError:
                log.debug("news: unreadable JSON-LD block skipped")
                continue
        nodes.extend(_jsonld_nodes(data))
    index = {n["@id"]: n for n in nodes if isinstance(n.get("@id"), str) and len(n) > 1}
    ranked = sorted(
        (n for n in nodes if _types(n) & ARTICLE_TYPES),
        key=lambda n: (not (_types(n) & (ARTICLE_TYPES - {"webpage"})), "headline" not in n),
    )
    return _resolve(ranked[0], index) if ranked else {}


def parse_meta(soup: BeautifulSoup) -> PageMeta:
    """JSON-LD, OpenGraph (``property=`` or ``name=``), ``citation_*`` and canonical URL of a page."""
    meta = PageMeta(jsonld=parse_jsonld(soup))
    for tag in soup.find_all("meta"):
        key = (tag.get("property") or tag.get("name") or "").strip().lower()
        content = tag.get("content")
        if not key or content is None:
            continue
        content = " ".join(str(content).split())
        if key.startswith(("og:", "article:")):
            meta.og.setdefault(key, content)
        elif key.startswith("citation_"):
            meta.citation.setdefault(key, []).append(content)
        else:
            meta.meta.setdefault(key, content)
    link = soup.find("link", rel=lambda v: v and "canonical" in (v if isinstance(v, list) else [v]))
    if link and link.get("href"):
        meta.canonical = link["href"].strip()
    if soup.title and soup.title.string:
        meta.title_tag = " ".join(soup.title.string.split())
    return meta


def _names(value: Any) -> list[str]:
    values = value if isinstance(value, list) else [value]
    names = []
    for v in values:
        if isinstance(v, dict) and v.get("name"):
            names.append(" ".join(str(v["name"]).split()))
        elif isinstance(v, str) and v.strip() and not v.startswith(("http://", "https://")):
            names.append(v.strip())
    return names


def _first_str(*values: Any) -> str | None:
    for value in values:
        if isinstance(value, list):
            value = next((v for v in value if isinstance(v, str) and v.strip()), None)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str) and value.strip():
            return " ".join(value.split())
    return None


def _is_chrome(tag: Tag) -> bool:
    if tag.name in KEEP_TAGS or tag.attrs is None:
        return False
    tokens = list(tag.get("class") or []) + [tag.get("id") or ""]
    if not any(CHROME_WORDS.search(t) for t in tokens if t):
        return False
    # A wrapper named for its sidebar ("has-sidebar") may still hold the article itself.
    return tag.find(["article", "main"]) is None and tag.find(itemprop="articleBody") is None


def article_body(soup: BeautifulSoup) -> Tag | None:
    """The element holding the article text, with navigation, banners and widgets removed."""
    for tag in soup(CHROME_TAGS):
        tag.decompose()
    for tag in soup.find_all(_is_chrome):
        if not tag.decomposed:
            tag.decompose()
    candidates = soup.select("[itemprop=articleBody]") or soup.find_all("article") or soup.find_all("main")
    if candidates:
        return max(candidates, key=lambda t: len(t.get_text(" ", strip=True)))
    return soup.body or soup


def _link_target(href: str, base: str | None, where: str = "article body") -> Link | None:
    url = urljoin(base or "", href.strip())
    parts = urlsplit(url)
    host = parts.netloc.lower().split(":")[0]
    if host in ("doi.org", "dx.doi.org", "www.doi.org"):
        doi = normalise_doi(parts.path.lstrip("/"))
        return Link("reports", "doi", doi, f"doi link in {where}") if doi else None
    if _PUBMED_RE.match(host):
        m = _PUBMED_PATH_RE.match(parts.path)
        if m and normalise_pmid(m.group(1)):
            return Link("reports", "pmid", normalise_pmid(m.group(1)), f"pubmed link in {where}")
        return None
    if _CTGOV_RE.search(host):
        nct = normalise_nct(parts.path + "?" + parts.query)
        return Link("reports", "nct_id", nct, f"clinicaltrials.gov link in {where}") if nct else None
    return None


def _text_links(text: str | None, where: str = "article body") -> list[Link]:
    return [Link("reports", "nct_id", nct, f"nct id in {where}") for nct in find_nct_ids(text)]


def _html_links(markup: str, base: str | None, where: str) -> list[Link]:
    soup = BeautifulSoup(markup, "lxml")
    found = (_link_target(a["href"], base, where) for a in soup.find_all("a", href=True))
    return [link for link in found if link is not None]


def _dedupe(links: Iterable[Link], own: set[tuple[str, str]]) -> list[Link]:
    seen = set(own)
    out = []
    for link in links:
        key = (link.target_type, link.target_value)
        if key not in seen:
            seen.add(key)
            out.append(link)
    return out


def parse_article(payload: bytes | str, url: str | None = None, item: FeedItem | None = None) -> Record:
    """An article page -> a news record (or an article record when the page is a paper's own page).

    ``url`` is where the page was fetched from; ``item`` the feed entry that led to it, used for
    whatever the page does not say. Raises ValueError when the page has no usable URL.
    """
    try:
        soup = BeautifulSoup(payload, "lxml")
    except Exception as exc:  # lxml rejects some binary garbage outright
        raise ParseError(f"unreadable HTML: {exc}") from None
    if soup.find(["html", "body", "head"]) is None:
        raise ParseError("not an HTML page")
    meta = parse_meta(soup)
    ld, og, cit = meta.jsonld, meta.og, meta.citation

    page_url = url or (item.link if item else None)
    declared = meta.canonical or og.get("og:url") or _first_str(ld.get("url"), ld.get("mainEntityOfPage"))
    canonical = canonical_url(urljoin(page_url or "", declared) if declared else page_url)
    if not canonical:
        raise ValueError("the page declares no canonical URL and was not fetched from one")

    # A page with citation_* identifiers is a paper's own landing page (PMC, a journal):
    # its DOI/PMID identify the page itself, and its links are references, not reports.
    doi = normalise_doi(_first_str(cit.get("citation_doi")))
    pmid = normalise_pmid(_first_str(cit.get("citation_pmid")))
    pmcid = normalise_pmcid(_first_str(cit.get("citation_pmcid")))
    scholarly = bool(doi or pmid)

    title = _first_str(ld.get("headline"), ld.get("name") if "headline" not in ld else None,
                       og.get("og:title"), cit.get("citation_title"), meta.title_tag,
                       item.title if item else None)
    published = (parse_date(_first_str(ld.get("datePublished")))
                 or parse_date(og.get("article:published_time"))
                 or parse_date(_first_str(cit.get("citation_publication_date"), cit.get("citation_date")))
                 or parse_date(meta.meta.get("date") or meta.meta.get("dc.date"))
                 or (item.published if item else None))
    authors = (_names(ld.get("author")) or list(cit.get("citation_author", []))
               or ([meta.meta["author"]] if meta.meta.get("author") else [])
               or (item.authors if item else []))
    journal = (_first_str(cit.get("citation_journal_title")) or og.get("og:site_name")
               or _first_str(_names(ld.get("publisher"))) or (item.feed_title if item else None))

    body = article_body(soup)
    text = element_text(body) if body is not None else None
    structured: dict[str, Any] = {"page_fetched": url is not None}
    if not text and item is not None and (item.content or item.summary):
        text = item.content or item.summary
        structured["text_source"] = "feed content" if item.content else "feed summary"
    elif text:
        structured["text_source"] = "article page"
    if og.get("og:type"):
        structured["og_type"] = og["og:type"]
    if meta.meta.get("description") or og.get("og:description"):
        structured["description"] = og.get("og:description") or meta.meta.get("description")

    links: list[Link] = []
    if not scholarly and body is not None:
        for anchor in body.find_all("a", href=True):
            link = _link_target(anchor["href"], canonical)
            if link is not None:
                links.append(link)
    links.extend(_text_links(text))
    own = {("doi", doi or ""), ("pmid", pmid or "")}

    return Record(
        source=NAME,
        source_id=canonical,
        kind="article" if scholarly else "news",
        title=title,
        text=text,
        journal=journal,
        published=published,
        url=canonical,
        doi=doi,
        pmid=pmid,
        pmcid=pmcid,
        language=(soup.html.get("lang") if soup.html else None) or None,
        authors=authors,
        links=_dedupe(links, own),
        structured=structured,
    )


# -- the source interface ---------------------------------------------------

def _in_window(published: str | None, start: str, end: str) -> bool:
    # Undated items are kept: a feed only holds recent items, and kb skips unchanged records.
    return published is None or start <= published[:10] <= end


def harvest(
    session: PoliteSession,
    start: dt.date | str,
    end: dt.date | str,
    *,
    base_url: str | None = None,
) -> Iterator[Page]:
    """On-topic items published in the window from every feed, one page per feed.

    ``base_url`` (or ``KB_FEEDS``) is a whitespace-separated list of feed URLs.
    """
    window = (sources.iso_day(start), sources.iso_day(end))
    for feed_url in feeds(base_url):
        before = session.n_requests
        page = Page(cursor=feed_url, window=window)
        try:
            # Feeds are published for machines, so robots.txt is consulted for pages only.
            response = session.get(feed_url, conditional=True, expect="xml")
        except HarvestError as exc:
            page.errors.append(RecordError(NAME, feed_url, f"feed unavailable: {exc}"))
            page.n_requests = session.n_requests - before
            yield page
            continue
        if response.status_code == 304:
            log.info("news: feed %s unchanged since last fetch", feed_url)
            continue
        try:
            items = parse_feed_items(response.content)
        except ParseError as exc:
            page.errors.append(RecordError(NAME, feed_url, str(exc)))
            items = []
        for item in items:
            if not item.mentions_drug() or not _in_window(item.published, *window):
                continue
            _harvest_item(session, item, page)
        page.n_requests = session.n_requests - before
        if page.records or page.errors:
            yield page


def _harvest_item(session: PoliteSession, item: FeedItem, page: Page) -> None:
    """Fetch one item's page politely and add its record (or error) to ``page``."""
    if not item.link:
        page.errors.append(RecordError(NAME, None, f"feed item without link: {item.title!r}"))
        return
    try:
        response = session.get(item.link, check_robots=True, conditional=True, expect=None)
    except RobotsDisallowed:
        log.info("news: robots.txt disallows %s; item skipped", item.link)
        return
    except RobotsUnavailable as exc:
        page.errors.append(RecordError(NAME, item.link, f"robots.txt unavailable, retry next run: {exc}"))
        return
    except HarvestError as exc:
        page.errors.append(RecordError(NAME, item.link, f"article page unavailable: {exc}"))
        return
    if response.status_code == 304:
        log.info("news: %s unchanged since last fetch", item.link)
        return
    content_type = response.headers.get("Content-Type", "text/html").lower()
    try:
        if "html" not in content_type:
            # A PDF or plain-text landing page: keep what the feed says, and say so.
            log.info("news: %s is %s, not HTML; using the feed item", item.link, content_type)
            record = record_from_item(item)
            record.structured["page_content_type"] = content_type
            page.records.append(record)
        else:
            page.records.append(parse_article(response.content, url=response.url or item.link, item=item))
    except Exception as exc:  # one bad page never sinks the feed
        page.errors.append(RecordError(NAME, item.link, f"{type(exc).__name__}: {exc}"))


def _head(payload: bytes) -> bytes:
    return payload[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()


def is_feed(payload: bytes) -> bool:
    head = _head(payload)
    return head.startswith(b"<") and any(m in head for m in (b"<rss", b"<feed", b"<rdf:rdf"))


def is_html(payload: bytes) -> bool:
    head = _head(payload)
    return head.startswith(b"<") and (b"<html" in head or b"<!doctype html" in head)


def detect(payload: bytes) -> bool:
    """An RSS/Atom feed or an HTML article page."""
    return is_feed(payload) or is_html(payload)


def parse(payload: bytes) -> Page:
    """A saved feed (items taken as they are, no page fetches) or one saved article page."""
    if is_feed(payload):
        return parse_feed(payload)
    page = Page()
    try:
        page.records.append(parse_article(payload))
    except ParseError:
        raise
    except Exception as exc:
        page.errors.append(RecordError(NAME, None, f"{type(exc).__name__}: {exc}"))
    return page
