"""Local fake source servers for the harvest benchmark (stdlib ``http.server``, loopback only).

Each imitates the paging behaviour of the real API closely enough to count requests honestly:

- E-utilities: ESearch (JSON, ``"a"[edat] : "b"[edat]`` date ranges in the term, ``usehistory``, ``retmax``) and
  EFetch (by history ``WebEnv``/``retstart``/``retmax`` or by ``id`` list, GET or POST);
- Europe PMC ``/search``: ``FIRST_IDATE:[a TO b]`` in the query, ``cursorMark`` paging with
  ``pageSize`` capped at 1,000; like the live API, a page that is not empty carries a
  ``nextCursorMark`` (the last one leads to an empty page);
- ClinicalTrials.gov ``/studies``: ``AREA[LastUpdatePostDate]RANGE[a,b]`` in ``query.term``,
  ``pageToken`` paging with ``pageSize`` capped at 1,000, no ``nextPageToken`` on the last page.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import re
import threading
from collections import Counter
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from bench import generate

MAX_PAGE = 1000
DATE_RANGE = re.compile(r'"(\d{4}/\d\d/\d\d)"\[\w+\] : "(\d{4}/\d\d/\d\d)"\[\w+\]')  # one ESearch date range


def _day(text: str) -> dt.date:
    return dt.datetime.strptime(text, "%Y/%m/%d").date()


@dataclass
class Dataset:
    """The records the fake servers hold, each with the date the source windows on."""

    pubmed: dict[str, tuple[dt.date, str]] = field(default_factory=dict)  # pmid -> (entry date, xml)
    europepmc: list[tuple[dt.date, dict]] = field(default_factory=list)  # (first index date, result)
    ctgov: list[tuple[dt.date, dict]] = field(default_factory=list)  # (last update date, study)

    def add(self, n: int, start: dt.date, days: int, *, seed: int = 1, offset: int = 0) -> None:
        """Add ``n`` records per source, dated evenly over ``days`` days from ``start``."""
        rng = random.Random(seed)
        for i in range(n):
            day = start + dt.timedelta(days=(i * days) // max(n, 1))
            k = offset + i
            pmid = str(60_000_000 + k)
            self.pubmed[pmid] = (day, generate.pubmed_article_xml(rng, int(pmid), year=day.year))
            result = generate.europepmc_result(rng, k)
            result["firstIndexDate"] = day.isoformat()
            self.europepmc.append((day, result))
            study = generate.ctgov_study(rng, k)
            study["protocolSection"]["statusModule"]["lastUpdatePostDateStruct"]["date"] = day.isoformat()
            self.ctgov.append((day, study))


class _Handler(BaseHTTPRequestHandler):
    server: "FakeServer"
    protocol_version = "HTTP/1.1"

    def log_message(self, *args) -> None:  # quiet
        pass

    def _params(self) -> dict[str, str]:
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        if self.command == "POST":
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length).decode()
            params.update({k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()})
        return params

    def _send(self, body: bytes, content_type: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802
        self._dispatch()

    def do_POST(self) -> None:  # noqa: N802
        self._dispatch()

    def _dispatch(self) -> None:
        path = urlsplit(self.path).path
        params = self._params()
        self.server.count(path)
        handler = {
            "/eutils/esearch.fcgi": self.server.esearch,
            "/eutils/efetch.fcgi": self.server.efetch,
            "/europepmc/search": self.server.europepmc_search,
            "/ctgov/studies": self.server.ctgov_studies,
        }.get(path)
        if handler is None:
            self._send(b"not found", "text/plain", 404)
            return
        body, content_type = handler(params)
        self._send(body, content_type)


class FakeServer(ThreadingHTTPServer):
    """All three fake APIs on one loopback port: /eutils, /europepmc, /ctgov."""

    daemon_threads = True

    def __init__(self, data: Dataset) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.data = data
        self.requests: Counter[str] = Counter()
        self._histories: dict[str, list[str]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    # -- lifecycle ----------------------------------------------------------
    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def __enter__(self) -> "FakeServer":
        self._thread = threading.Thread(target=self.serve_forever, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.shutdown()
        self.server_close()

    def count(self, path: str) -> None:
        with self._lock:
            self.requests[path] += 1

    # -- E-utilities ----------------------------------------------------------
    def esearch(self, p: dict[str, str]) -> tuple[bytes, str]:
        # Records are never modified here, so every date range (entry or modification) is the entry date.
        ranges = [(_day(a), _day(b)) for a, b in DATE_RANGE.findall(p["term"])]
        ids = sorted((pmid for pmid, (day, _) in self.data.pubmed.items() if any(lo <= day <= hi for lo, hi in ranges)),
                     key=int, reverse=True)
        with self._lock:
            webenv = f"MCID_{len(self._histories)}"
            self._histories[webenv] = ids
        retmax = int(p.get("retmax", 20))
        body = {"header": {"type": "esearch", "version": "0.3"},
                "esearchresult": {"count": str(len(ids)), "retmax": str(min(retmax, len(ids))), "retstart": "0",
                                  "querykey": "1", "webenv": webenv, "idlist": ids[:retmax]}}
        return json.dumps(body).encode(), "application/json"

    def efetch(self, p: dict[str, str]) -> tuple[bytes, str]:
        if "id" in p:
            ids = [i for i in p["id"].split(",") if i]
        else:
            history = self._histories[p["WebEnv"]]
            start = int(p.get("retstart", 0))
            ids = history[start:start + min(int(p.get("retmax", 20)), 10_000)]
        xml = generate.pubmed_xml([self.data.pubmed[i][1] for i in ids if i in self.data.pubmed])
        return xml.encode(), "text/xml"

    # -- Europe PMC -----------------------------------------------------------
    def europepmc_search(self, p: dict[str, str]) -> tuple[bytes, str]:
        m = re.search(r"FIRST_IDATE:\[(\S+) TO (\S+)\]", p["query"])
        lo, hi = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
        hits = [r for day, r in self.data.europepmc if lo <= day <= hi]
        size = min(int(p.get("pageSize", 25)), MAX_PAGE)
        cursor = p.get("cursorMark", "*")
        start = 0 if cursor == "*" else int(cursor.removeprefix("AoE"))
        results = hits[start:start + size]
        next_cursor = f"AoE{start + size}" if results else None
        return generate.europepmc_page(results, next_cursor, len(hits)), "application/json"

    # -- ClinicalTrials.gov ---------------------------------------------------
    def ctgov_studies(self, p: dict[str, str]) -> tuple[bytes, str]:
        m = re.search(r"RANGE\[(\S+?),(\S+?)\]", p["query.term"])
        lo, hi = dt.date.fromisoformat(m.group(1)), dt.date.fromisoformat(m.group(2))
        hits = [s for day, s in self.data.ctgov if lo <= day <= hi]
        size = min(int(p.get("pageSize", 10)), MAX_PAGE)
        start = int(p.get("pageToken", "0") or 0)
        studies = hits[start:start + size]
        token = str(start + size) if start + size < len(hits) else None
        total = len(hits) if p.get("countTotal") == "true" else None
        return generate.ctgov_page(studies, token, total), "application/json"
