"""PubMed through NCBI E-utilities: ESearch with history in date windows, EFetch in batches.

Windows are split in halves until each holds fewer than 10,000 records (ESearch's limit).
Each EFetch batch becomes one :class:`Page`; an article that cannot be parsed becomes a
:class:`RecordError` and the rest of the batch still lands.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
from collections.abc import Iterator, Sequence
from typing import Any

from lxml import etree

from harvester import vocabulary
from harvester.errors import HarvestError, ParseError
from harvester.http import PoliteSession, contact_email
from harvester.identifiers import find_nct_ids, normalise_doi, normalise_nct, normalise_pmcid, normalise_pmid
from harvester.records import Link, Page, Record, RecordError
from harvester.sources import base_url as _base_url

log = logging.getLogger(__name__)

NAME = "pubmed"
BASE_URL_ENV = "KB_PUBMED_URL"
DEFAULT_BASE_URL = "https://eutils.ncbi.nlm.nih.gov/entrez/eutils"
RATE = 3.0  # NCBI's limit without an API key; 10/s with one (see rate()).
ESEARCH_LIMIT = 9_999  # ESearch returns at most 10,000 ids for one query.
BATCH_SIZE = int(os.environ.get("KB_PUBMED_BATCH_SIZE") or 500)  # env: for tests and tuning
POST_THRESHOLD = 200  # id lists longer than this are POSTed (URL length limits).
MODIFIED_PASS_MAX_DAYS = 62  # modification dates are searched only in short (incremental) windows
FIRST_DATE = dt.date(1970, 1, 1)

_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=True, recover=False)
_MONTHS = {m: i for i, m in enumerate(
    ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"], start=1)}


def rate() -> float:
    """Requests per second allowed: 10 with an NCBI API key, else 3."""
    return 10.0 if os.environ.get("NCBI_API_KEY") else RATE


def _common_params() -> dict[str, str]:
    params = {"tool": "ketamine-kb"}
    if contact_email():
        params["email"] = contact_email()  # type: ignore[assignment]
    key = os.environ.get("NCBI_API_KEY")
    if key:
        params["api_key"] = key
    return params


# -- ESearch -----------------------------------------------------------------

def _fmt(day: dt.date) -> str:
    return day.strftime("%Y/%m/%d")


def date_clause(start: dt.date, end: dt.date, datetypes: Sequence[str] = ("edat",)) -> str:
    """PubMed search clause: any of these dates (edat, mdat, ...) within start..end, both inclusive.

    Written into the term (PubMed's own range syntax) rather than ESearch's single
    ``datetype``/``mindate``/``maxdate``, so one search covers new and modified records.
    """
    ranges = [f'("{_fmt(start)}"[{kind}] : "{_fmt(end)}"[{kind}])' for kind in datetypes]
    return "(" + " OR ".join(ranges) + ")"


def esearch(
    session: PoliteSession,
    start: dt.date,
    end: dt.date,
    *,
    datetypes: Sequence[str] = ("edat",),
    term: str | None = None,
    base_url: str | None = None,
    retmax: int = ESEARCH_LIMIT,
) -> dict[str, Any]:
    """One ESearch over a date window with history: {"count", "ids", "webenv", "query_key"}."""
    url = _base_url(_module(), base_url) + "/esearch.fcgi"
    params = {
        **_common_params(),
        "db": "pubmed",
        "term": f"({term or vocabulary.pubmed_query()}) AND {date_clause(start, end, datetypes)}",
        "usehistory": "y",
        "retmax": str(retmax),
        "retmode": "json",
    }
    response = session.get(url, params=params, expect="json")
    return parse_esearch_json(response.content)


def parse_esearch_json(payload: bytes) -> dict[str, Any]:
    """Parse ESearch JSON; raise HarvestError for an error body (e.g. the rate-limit refusal)."""
    try:
        data = json.loads(payload)
    except ValueError as exc:
        raise ParseError(f"ESearch answer is not JSON: {exc}") from None
    if "error" in data and "esearchresult" not in data:
        raise HarvestError(f"ESearch refused: {data['error']}")
    result = data.get("esearchresult") or {}
    if "ERROR" in result:
        raise HarvestError(f"ESearch error: {result['ERROR']}")
    return {
        "count": int(result.get("count") or 0),
        "ids": [i for i in result.get("idlist") or [] if normalise_pmid(i)],
        "webenv": result.get("webenv"),
        "query_key": result.get("querykey"),
    }


def split_windows(
    session: PoliteSession, start: dt.date, end: dt.date, *, datetypes: Sequence[str] = ("edat",),
    base_url: str | None = None, term: str | None = None,
) -> Iterator[tuple[dt.date, dt.date, dict[str, Any]]]:
    """Yield (start, end, esearch result) windows, halving any window that holds too many records."""
    pending = [(start, end)]
    while pending:
        lo, hi = pending.pop(0)
        result = esearch(session, lo, hi, datetypes=datetypes, base_url=base_url, term=term)
        if result["count"] > ESEARCH_LIMIT and hi > lo:
            mid = lo + (hi - lo) // 2
            pending[:0] = [(lo, mid), (mid + dt.timedelta(days=1), hi)]
            continue
        if result["count"] > ESEARCH_LIMIT:
            log.warning("PubMed window %s holds %d records; only %d can be listed", lo, result["count"], ESEARCH_LIMIT)
        yield lo, hi, result


# -- EFetch ------------------------------------------------------------------

def efetch_history(
    session: PoliteSession, webenv: str, query_key: str, retstart: int, retmax: int, *, base_url: str | None = None
) -> bytes:
    url = _base_url(_module(), base_url) + "/efetch.fcgi"
    params = {**_common_params(), "db": "pubmed", "WebEnv": webenv, "query_key": query_key,
              "retstart": str(retstart), "retmax": str(retmax), "retmode": "xml"}
    return session.get(url, params=params, expect="xml").content


def efetch_ids(session: PoliteSession, pmids: Sequence[str], *, base_url: str | None = None) -> bytes:
    """EFetch a list of PMIDs; long lists are POSTed."""
    url = _base_url(_module(), base_url) + "/efetch.fcgi"
    params = {**_common_params(), "db": "pubmed", "id": ",".join(pmids), "retmode": "xml"}
    if len(pmids) > POST_THRESHOLD:
        return session.post(url, data=params, expect="xml").content
    return session.get(url, params=params, expect="xml").content


def fetch_records(session: PoliteSession, pmids: Sequence[str], *, base_url: str | None = None,
                  batch_size: int | None = None) -> Iterator[Page]:
    """Fetch PubMed records by PMID, one page per batch."""
    batch_size = batch_size or BATCH_SIZE
    for i in range(0, len(pmids), batch_size):
        batch = list(pmids[i:i + batch_size])
        before = session.n_requests
        try:
            page = parse(efetch_ids(session, batch, base_url=base_url))
        except HarvestError as exc:
            page = Page(errors=[RecordError(NAME, f"pmids {batch[0]}..{batch[-1]}", str(exc), retry=True)])
        page.n_requests = session.n_requests - before
        yield page


def harvest(session: PoliteSession, start: dt.date, end: dt.date, *, base_url: str | None = None,
            batch_size: int | None = None, term: str | None = None) -> Iterator[Page]:
    """Every record entered (and, for short windows, modified) between start and end, a page per batch.

    Entry dates find new records; modification dates find corrections and retractions of
    older ones. Both go into one ESearch, so a window with nothing new costs one request.
    """
    if end < start:
        raise ValueError("end is before start")
    batch_size = batch_size or BATCH_SIZE
    datetypes = ("edat", "mdat") if (end - start).days <= MODIFIED_PASS_MAX_DAYS else ("edat",)
    for lo, hi, result in split_windows(session, start, end, datetypes=datetypes, base_url=base_url, term=term):
        window = (lo.isoformat(), hi.isoformat())
        if not result["ids"]:
            continue
        if result["webenv"] and result["query_key"]:
            yield from _fetch_by_history(session, result, window, base_url, batch_size)
        else:
            for page in fetch_records(session, result["ids"], base_url=base_url, batch_size=batch_size):
                page.window = window
                yield page


def _fetch_by_history(session: PoliteSession, result: dict[str, Any], window: tuple[str, str],
                      base_url: str | None, batch_size: int) -> Iterator[Page]:
    count = min(result["count"], ESEARCH_LIMIT + 1)
    for retstart in range(0, count, batch_size):
        before = session.n_requests
        try:
            payload = efetch_history(session, result["webenv"], result["query_key"], retstart, batch_size,
                                     base_url=base_url)
            page = parse(payload)
        except HarvestError as exc:
            page = Page(errors=[RecordError(NAME, f"batch {retstart}-{retstart + batch_size - 1}", str(exc), retry=True)])
        page.window = window
        page.cursor = str(retstart + batch_size)
        page.n_requests = session.n_requests - before
        yield page


# -- parsing -----------------------------------------------------------------

def detect(payload: bytes) -> bool:
    head = payload[:4096]
    return b"<PubmedArticleSet" in head or b"PubmedArticleSet" in head and b"<!DOCTYPE" in head


def parse(payload: bytes) -> Page:
    """Parse EFetch XML (or a PubMed XML export) into a page of records.

    Malformed XML raises ParseError; an article that fails to parse becomes a RecordError.
    """
    try:
        root = etree.fromstring(payload, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise ParseError(f"malformed PubMed XML: {exc}") from None
    if root.tag != "PubmedArticleSet":
        raise ParseError(f"expected <PubmedArticleSet>, got <{root.tag}>")
    page = Page()
    for article in root:
        if not isinstance(article.tag, str) or article.tag not in ("PubmedArticle", "PubmedBookArticle"):
            continue
        pmid = article.findtext(".//PMID")
        try:
            page.records.append(parse_article(article))
        except Exception as exc:  # one bad article never sinks the batch
            page.errors.append(RecordError(NAME, pmid, f"{type(exc).__name__}: {exc}"))
    return page


def _text(element: etree._Element | None) -> str | None:
    """All descendant text, inline markup flattened, whitespace collapsed."""
    if element is None:
        return None
    text = re.sub(r"\s+", " ", "".join(element.itertext())).strip()
    return text or None


def parse_article(article: etree._Element) -> Record:
    """One PubmedArticle (or PubmedBookArticle) element into a Record."""
    book = article.tag == "PubmedBookArticle"
    citation = article.find("BookDocument" if book else "MedlineCitation")
    if citation is None:
        raise ParseError("no MedlineCitation")
    pmid = normalise_pmid(citation.findtext("PMID"))
    if not pmid:
        raise ParseError("no PMID")
    art = citation if book else citation.find("Article")
    if art is None:
        raise ParseError("no Article")
    ids = article.find("PubmedData/ArticleIdList" if not book else "PubmedBookData/ArticleIdList")
    id_map: dict[str, str] = {}
    if ids is not None:
        for aid in ids.findall("ArticleId"):
            if aid.text and aid.get("IdType"):
                id_map.setdefault(aid.get("IdType"), aid.text.strip())
    doi = normalise_doi(id_map.get("doi"))
    if not doi:
        for loc in art.findall("ELocationID"):
            if loc.get("EIdType") == "doi" and loc.get("ValidYN", "Y") == "Y":
                doi = normalise_doi(loc.text)
                break
    title = _text(art.find("ArticleTitle")) or _text(art.find("BookTitle")) or _text(art.find("VernacularTitle"))
    text = _abstract(art.find("Abstract"))
    pub_types = [t for t in (_text(p) for p in art.findall("PublicationTypeList/PublicationType")) if t]
    links = []
    for bank in art.findall("DataBankList/DataBank"):
        if (bank.findtext("DataBankName") or "").strip().lower() == "clinicaltrials.gov":
            for acc in bank.findall("AccessionNumberList/AccessionNumber"):
                nct = normalise_nct(acc.text)
                if nct:
                    links.append(Link("registration", "nct_id", nct, "nct id in DataBankList"))
    listed = {link.target_value for link in links}
    for nct in find_nct_ids(text):
        if nct not in listed:
            links.append(Link("registration", "nct_id", nct, "nct id in abstract"))
    authors = []
    for author in art.findall("AuthorList/Author"):
        name = _text(author.find("CollectiveName"))
        if not name:
            last, initials = author.findtext("LastName"), author.findtext("Initials") or author.findtext("ForeName")
            name = " ".join(x.strip() for x in (last, initials) if x) or None
        if name:
            authors.append(name)
    kind = "preprint" if any(t.lower() == "preprint" for t in pub_types) else "article"
    return Record(
        source=NAME,
        source_id=pmid,
        kind=kind,
        title=title,
        text=text,
        journal=_text(art.find("Journal/Title")) or _text(art.find("Book/BookTitle")),
        published=publication_date(art),
        url=f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/",
        pmid=pmid,
        pmcid=normalise_pmcid(id_map.get("pmc")),
        doi=doi,
        language=(art.findtext("Language") or "").strip() or None,
        publication_types=pub_types,
        mesh=[t for t in (_text(d) for d in citation.findall("MeshHeadingList/MeshHeading/DescriptorName")) if t],
        authors=authors,
        links=links,
        structured={"retracted": any(t.lower() == "retracted publication" for t in pub_types)} if pub_types else {},
    )


def _abstract(abstract: etree._Element | None) -> str | None:
    """Abstract text; structured-abstract labels kept as section headings on their own line."""
    if abstract is None:
        return None
    parts = []
    for section in abstract.findall("AbstractText"):
        body = _text(section)
        label = (section.get("Label") or "").strip()
        if label and body:
            parts.append(f"{label}\n{body}")
        elif body:
            parts.append(body)
    return "\n\n".join(parts) or None


def _month(value: str | None) -> int | None:
    if not value:
        return None
    value = value.strip().lower()
    if value.isdigit():
        month = int(value)
        return month if 1 <= month <= 12 else None
    return _MONTHS.get(value[:3])


def publication_date(art: etree._Element) -> str | None:
    """ISO date at the precision PubMed gives: Year/Month/Day, Season (year only) or MedlineDate."""
    pub = art.find("Journal/JournalIssue/PubDate")
    if pub is None:
        pub = art.find("PubDate")
    candidates = [pub] if pub is not None else []
    candidates += art.findall("ArticleDate")
    for date in candidates:
        year = (date.findtext("Year") or "").strip()
        if not year:
            medline = date.findtext("MedlineDate") or ""
            m = re.search(r"\b(1[89]\d\d|20\d\d)\b(?:\s+([A-Za-z]{3}))?", medline)
            if not m:
                continue
            month = _month(m.group(2))
            return f"{m.group(1)}-{month:02d}" if month else m.group(1)
        if not year.isdigit():
            continue
        month = _month(date.findtext("Month"))
        day = (date.findtext("Day") or "").strip()
        if month and day.isdigit() and 1 <= int(day) <= 31:
            try:
                return dt.date(int(year), month, int(day)).isoformat()
            except ValueError:
                pass
        return f"{year}-{month:02d}" if month else year
    return None


def _module():
    import sys

    return sys.modules[__name__]
