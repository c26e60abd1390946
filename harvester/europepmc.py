"""Europe PMC: journal articles and preprints, harvested from the REST search by first-index date.

Europe PMC covers PubMed plus preprint servers (source ``PPR``), so it is where preprints
enter the knowledge base. Records are paged with ``cursorMark``; the window is applied to
``FIRST_IDATE`` (the date Europe PMC first indexed a record), so a run over consecutive
windows sees every record exactly once however late it was published.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any, Iterator

from harvester import sources, vocabulary
from harvester.errors import ParseError
from harvester.http import PoliteSession
from harvester.identifiers import find_nct_ids, normalise_doi, normalise_pmcid, normalise_pmid
from harvester.markup import clean_markup
from harvester.records import Link, Page, Record, RecordError

log = logging.getLogger(__name__)

NAME = "europepmc"
BASE_URL_ENV = "KB_EUROPEPMC_URL"
DEFAULT_BASE_URL = "https://www.ebi.ac.uk/europepmc/webservices/rest"
RATE = 5.0  # Europe PMC publishes no hard limit; stay well below what a browser session does
PAGE_SIZE = 1000  # the API's maximum
# First-index date: every record enters exactly one window, late-published ones included.
DATE_FIELD = "FIRST_IDATE"
ARTICLE_URL = "https://europepmc.org/article/{source}/{id}"


def window_query(start: dt.date | str, end: dt.date | str) -> str:
    """The topic query restricted to records first indexed between ``start`` and ``end`` (inclusive)."""
    return f"({vocabulary.europepmc_query()}) AND {DATE_FIELD}:[{sources.iso_day(start)} TO {sources.iso_day(end)}]"


def harvest(
    session: PoliteSession,
    start: dt.date | str,
    end: dt.date | str,
    *,
    base_url: str | None = None,
) -> Iterator[Page]:
    """Every on-topic record first indexed in the window, one page per ``cursorMark`` step."""
    url = sources.base_url(sys.modules[__name__], base_url) + "/search"
    window = (sources.iso_day(start), sources.iso_day(end))
    query = window_query(start, end)
    cursor = "*"
    seen = {cursor}
    received = 0
    while True:
        before = session.n_requests
        response = session.get(
            url,
            params={
                "query": query,
                "resultType": "core",
                "format": "json",
                "pageSize": PAGE_SIZE,
                "cursorMark": cursor,
            },
            expect="json",
        )
        try:
            data = _load(response.content)
            page = parse_data(data)
        except ParseError as exc:
            # Without a next cursor there is nothing more to ask for: report and stop.
            yield Page(errors=[RecordError(NAME, None, f"page at cursor {cursor}: {exc}")],
                       cursor=cursor, window=window, n_requests=session.n_requests - before)
            return
        page.window = window
        page.n_requests = session.n_requests - before
        next_cursor = page.cursor
        if not page.records and not page.errors:
            log.info("europepmc: empty page at cursor %s; done", cursor)
            return
        yield page
        received += len(page.records) + len(page.errors)
        # The live API gives a next cursor even on the last page; asking for it only returns an
        # empty page, so stop once every hit has arrived (one request for a small window).
        hit_count = data.get("hitCount")
        if isinstance(hit_count, int) and received >= hit_count:
            return
        if not next_cursor or next_cursor in seen:
            return
        seen.add(next_cursor)
        cursor = next_cursor


def detect(payload: bytes) -> bool:
    """A Europe PMC search response (JSON with a ``resultList``)."""
    head = payload[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{") or b'"resultList"' not in payload:
        return False
    try:
        data = json.loads(payload)
    except ValueError:
        return False
    return isinstance(data, dict) and isinstance(data.get("resultList"), dict)


def parse(payload: bytes) -> Page:
    """A saved Europe PMC search response -> a page of records."""
    return parse_search(payload)


def parse_search(payload: bytes) -> Page:
    """One search response (core or lite) -> records; a bad result becomes a RecordError."""
    return parse_data(_load(payload))


def _load(payload: bytes) -> Any:
    try:
        return json.loads(payload)
    except ValueError as exc:
        raise ParseError(f"Europe PMC response is not JSON: {exc}") from None


def parse_data(data: Any) -> Page:
    """A decoded search response -> records (see :func:`parse_search`)."""
    if not isinstance(data, dict):
        raise ParseError("Europe PMC response is not a JSON object")
    if "errCode" in data or ("resultList" not in data and "errMsg" in data):
        raise ParseError(f"Europe PMC error: {data.get('errMsg') or data.get('errCode')}")
    result_list = data.get("resultList")
    if not isinstance(result_list, dict):
        raise ParseError("Europe PMC response has no resultList")
    results = result_list.get("result") or []
    if not isinstance(results, list):
        raise ParseError("Europe PMC resultList.result is not a list")
    page = Page(cursor=data.get("nextCursorMark") or None)
    for result in results:
        source_id = _source_id(result) if isinstance(result, dict) else None
        try:
            page.records.append(parse_result(result))
        except Exception as exc:  # one bad record never sinks the page
            log.warning("europepmc: skipping %s: %s", source_id, exc)
            page.errors.append(RecordError(NAME, source_id, f"{type(exc).__name__}: {exc}"))
    return page


def _source_id(result: dict[str, Any]) -> str | None:
    source, ident = result.get("source"), result.get("id")
    return f"{source}:{ident}" if source and ident else None


def _list(container: Any, key: str) -> list[Any]:
    """``{"pubType": [...]}``-style wrapped lists, tolerating a missing wrapper or a single item."""
    if not isinstance(container, dict):
        return []
    value = container.get(key)
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def parse_result(result: dict[str, Any]) -> Record:
    """One Europe PMC result (core or lite) -> a Record."""
    if not isinstance(result, dict):
        raise ValueError("result is not an object")
    source_id = _source_id(result)
    if not source_id:
        raise ValueError("result has no source/id")
    source = str(result["source"]).upper()
    kind = "preprint" if source == "PPR" else "article"
    abstract = clean_markup(result.get("abstractText"))
    title = clean_markup(result.get("title"), single_line=True)

    journal_info = result.get("journalInfo") if isinstance(result.get("journalInfo"), dict) else {}
    journal = (journal_info.get("journal") or {}).get("title") if journal_info else None
    journal = journal or result.get("journalTitle")
    if not journal and kind == "preprint":
        journal = (result.get("bookOrReportDetails") or {}).get("publisher")

    published = (
        result.get("firstPublicationDate")
        or journal_info.get("printPublicationDate")
        or result.get("electronicPublicationDate")
        or (str(result["pubYear"]) if result.get("pubYear") else None)
    )

    authors = []
    for author in _list(result.get("authorList"), "author"):
        if isinstance(author, dict):
            name = author.get("fullName") or author.get("collectiveName")
            if name:
                authors.append(str(name))
    if not authors and result.get("authorString"):
        authors = [a.strip().rstrip(".") for a in str(result["authorString"]).split(",") if a.strip()]

    pub_types = [str(t) for t in _list(result.get("pubTypeList"), "pubType")]
    if not pub_types and isinstance(result.get("pubType"), str):
        # lite results join the types with "; "
        pub_types = [t.strip() for t in result["pubType"].split(";") if t.strip()]

    mesh = [
        str(h["descriptorName"])
        for h in _list(result.get("meshHeadingList"), "meshHeading")
        if isinstance(h, dict) and h.get("descriptorName")
    ]
    keywords = [str(k) for k in _list(result.get("keywordList"), "keyword")]

    links = _links(result, title, abstract, kind)
    structured: dict[str, Any] = {}
    for key, field in (("first_index_date", "firstIndexDate"), ("license", "license"),
                       ("publication_status", "publicationStatus")):
        if result.get(field):
            structured[key] = result[field]
    if keywords:
        structured["keywords"] = keywords
    if result.get("isOpenAccess") in ("Y", "N"):
        structured["open_access"] = result["isOpenAccess"] == "Y"

    return Record(
        source=NAME,
        source_id=source_id,
        kind=kind,
        title=title,
        text=abstract,
        journal=journal,
        published=published,
        url=ARTICLE_URL.format(source=source, id=result["id"]),
        pmid=normalise_pmid(result.get("pmid")),
        pmcid=normalise_pmcid(result.get("pmcid")),
        doi=normalise_doi(result.get("doi")),
        language=result.get("language"),
        publication_types=pub_types,
        mesh=mesh,
        authors=authors,
        links=links,
        structured=structured,
    )


def _links(result: dict[str, Any], title: str | None, abstract: str | None, kind: str) -> list[Link]:
    links: list[Link] = []
    seen: set[tuple[str, str]] = set()

    def add(link: Link) -> None:
        key = (link.target_type, link.target_value)
        if key not in seen:
            seen.add(key)
            links.append(link)

    for nct in find_nct_ids(abstract):
        add(Link("registration", "nct_id", nct, "nct id in abstract"))
    for nct in find_nct_ids(title):
        add(Link("registration", "nct_id", nct, "nct id in title"))
    if kind == "preprint":
        # Europe PMC records the journal version of a preprint as a "Preprint of" correction
        # entry naming the published record (MED:<pmid> or PMC:<pmcid>).
        for entry in _list(result.get("commentCorrectionList"), "commentCorrection"):
            if not isinstance(entry, dict) or str(entry.get("type", "")).lower() != "preprint of":
                continue
            target_source, target_id = str(entry.get("source", "")).upper(), entry.get("id")
            evidence = f"europe pmc 'Preprint of' {target_source}:{target_id}"
            if entry.get("note"):
                evidence += f" ({entry['note']})"
            if target_source == "MED" and normalise_pmid(target_id):
                add(Link("preprint_of", "pmid", normalise_pmid(target_id), evidence))
            elif target_source == "PMC" and normalise_pmcid(target_id):
                add(Link("preprint_of", "pmcid", normalise_pmcid(target_id), evidence))
    return links
