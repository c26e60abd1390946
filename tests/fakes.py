"""Fake source servers for tests: small, honest imitations of the real APIs' behaviour."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

from werkzeug import Request, Response


def pubmed_article_xml(pmid: str, *, title: str | None = None, doi: str | None = None, abstract: str | None = None,
                       year: str = "2024", nct: str | None = None) -> str:
    """One fictional PubmedArticle element in real efetch shape."""
    title = title or f"Ketamine trial {pmid} (fictional example)"
    abstract = abstract or f"Fictional abstract {pmid}: 30 patients with depression were randomized to ketamine or saline."
    doi_xml = f'<ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>' if doi else ""
    ids = f'<ArticleId IdType="pubmed">{pmid}</ArticleId>' + (f'<ArticleId IdType="doi">{doi}</ArticleId>' if doi else "")
    bank = (f"<DataBankList><DataBank><DataBankName>ClinicalTrials.gov</DataBankName><AccessionNumberList>"
            f"<AccessionNumber>{nct}</AccessionNumber></AccessionNumberList></DataBank></DataBankList>") if nct else ""
    return (f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
            f'<Article><Journal><JournalIssue><PubDate><Year>{year}</Year></PubDate></JournalIssue>'
            f'<Title>Fictional Journal</Title></Journal><ArticleTitle>{escape(title)}</ArticleTitle>{doi_xml}'
            f'<Abstract><AbstractText>{escape(abstract)}</AbstractText></Abstract><Language>eng</Language>{bank}'
            f'<PublicationTypeList><PublicationType>Journal Article</PublicationType></PublicationTypeList>'
            f'</Article></MedlineCitation><PubmedData><ArticleIdList>{ids}</ArticleIdList></PubmedData></PubmedArticle>')


def pubmed_set(articles: list[str]) -> str:
    return '<?xml version="1.0" ?>\n<PubmedArticleSet>' + "".join(articles) + "</PubmedArticleSet>\n"


# One date range in an ESearch term, as harvester.pubmed writes it: ("2024/03/01"[edat] : "2024/03/07"[edat])
DATE_RANGE = re.compile(r'"(\d{4}/\d\d/\d\d)"\[(edat|mdat)\] : "(\d{4}/\d\d/\d\d)"\[\2\]')


@dataclass
class FakeEutils:
    """A fake E-utilities server: records have an entry date and a modification date.

    ``faults`` maps a request number (1-based, over all requests) to (status, body, headers),
    to inject 429s, 503s and garbage at chosen moments.
    """

    articles: dict[str, str] = field(default_factory=dict)  # pmid -> PubmedArticle XML
    edat: dict[str, dt.date] = field(default_factory=dict)
    mdat: dict[str, dt.date] = field(default_factory=dict)
    faults: dict[int, tuple[int, str, dict]] = field(default_factory=dict)
    broken_batches: set[int] = field(default_factory=set)  # retstart values that answer malformed XML
    requests: list[dict] = field(default_factory=list)
    _histories: dict[str, list[str]] = field(default_factory=dict)

    def add(self, pmid: str, entered: dt.date, modified: dt.date | None = None, **kwargs) -> None:
        self.articles[pmid] = pubmed_article_xml(pmid, **kwargs)
        self.edat[pmid] = entered
        self.mdat[pmid] = modified or entered

    def install(self, httpserver) -> str:
        httpserver.expect_request("/esearch.fcgi").respond_with_handler(self._esearch)
        httpserver.expect_request("/efetch.fcgi").respond_with_handler(self._efetch)
        return httpserver.url_for("").rstrip("/")

    def _args(self, request: Request) -> dict:
        args = dict(request.args)
        args.update(request.form)
        self.requests.append({"path": request.path, "method": request.method, **args})
        return args

    def _fault(self) -> Response | None:
        fault = self.faults.get(len(self.requests))
        if fault:
            status, body, headers = fault
            return Response(body, status=status, headers=headers)
        return None

    def _esearch(self, request: Request) -> Response:
        args = self._args(request)
        if (fault := self._fault()) is not None:
            return fault
        ranges = DATE_RANGE.findall(args["term"])
        if not ranges:
            return Response('{"esearchresult": {"ERROR": "no date range in term"}}', content_type="application/json")
        ids = sorted((pmid for pmid in self.articles if any(self._in_range(pmid, *r) for r in ranges)),
                     key=int, reverse=True)
        webenv = f"MCID_{len(self._histories)}"
        self._histories[webenv] = ids
        retmax = int(args.get("retmax", 20))
        body = {"header": {"type": "esearch", "version": "0.3"},
                "esearchresult": {"count": str(len(ids)), "retmax": str(min(retmax, len(ids))), "retstart": "0",
                                  "querykey": "1", "webenv": webenv, "idlist": ids[:retmax]}}
        return Response(json.dumps(body), content_type="application/json")

    def _in_range(self, pmid: str, lo: str, kind: str, hi: str) -> bool:
        day = (self.edat if kind == "edat" else self.mdat)[pmid]
        return dt.datetime.strptime(lo, "%Y/%m/%d").date() <= day <= dt.datetime.strptime(hi, "%Y/%m/%d").date()

    def _efetch(self, request: Request) -> Response:
        args = self._args(request)
        if (fault := self._fault()) is not None:
            return fault
        if "id" in args:
            ids = [i for i in args["id"].split(",") if i]
        else:
            history = self._histories[args["WebEnv"]]
            start = int(args.get("retstart", 0))
            if start in self.broken_batches:
                return Response('<?xml version="1.0"?><PubmedArticleSet><PubmedArticle><Medline', content_type="text/xml")
            ids = history[start:start + int(args.get("retmax", 20))]
        return Response(pubmed_set([self.articles[i] for i in ids if i in self.articles]), content_type="text/xml")

    def count(self, path: str) -> int:
        return sum(1 for r in self.requests if r["path"] == path)
