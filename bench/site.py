"""Site latency at scale: a real ``kb serve`` on loopback over N documents, p50/p95 of full-text search,
the documents table with its facets, and every canned query in metadata.yml with its default parameters.

    python bench/site.py                          # builds a 100,000-document database, then measures
    python bench/site.py --db /tmp/kb100k.db      # or serve an existing one (e.g. from bench/database.py --keep)
    python bench/site.py --n 2000 --requests 10

The generated database holds FICTIONAL documents with extractions, comparators, effects, links and
registrations in realistic proportions, written straight into the schema (fast); the server is the real
``kb serve`` in a subprocess on 127.0.0.1 and a free port; requests come from a few threads on loopback,
a bounded number per page and a bounded time.

Targets: search p95 <= 50 ms; every canned query p95 <= 250 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import table, write_results  # noqa: E402
from bench import generate  # noqa: E402

TARGET_SEARCH_P95_MS = 50
TARGET_QUERY_P95_MS = 250
CONDITION_SETS = [["depression"], ["depression"], ["depression"], ["PTSD"], ["OCD"], ["depression", "PTSD"], []]
DESIGN_CHOICES = ["rct"] * 4 + ["crossover-rct", "open-label", "open-label", "meta-analysis", "systematic-review",
                                "observational", "observational", "case-report", "protocol", "other", None]
COMPARATOR_NAMES = ["placebo", "saline", "midazolam", "active placebo", "ect", "esketamine", "treatment as usual",
                    "waitlist", "psychotherapy", "antidepressant"]
MEASURES = ["mean_difference", "smd", "response_rate", "remission_rate", "odds_ratio", "risk_ratio",
            "percent_change", "hazard_ratio", "nnt", "score_change"]
OUTCOMES = ["MADRS", "HAM-D", "CAPS-5", "PCL-5", "Y-BOCS", "response", "remission", "BDI-II"]


# -- a quick database ------------------------------------------------------------

def build_database(path: Path, n: int, seed: int = 1) -> dict:
    """Write ``n`` fictional documents with their extracted rows into a new database at ``path``."""
    import sqlite3

    from kb.db import connect

    connect(path).close()  # the schema, by the project's own migrations
    rng = random.Random(seed)
    today = dt.date.today()
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = OFF")
    documents, extractions, comparators, effects, links, registrations, sources = [], [], [], [], [], [], []
    registry_ids, paper_ids = [], []
    started = time.perf_counter()
    for i in range(n):
        title, text, facts = generate.abstract(rng)
        roll = rng.random()
        kind = "article" if roll < 0.80 else "registry" if roll < 0.88 else "preprint" if roll < 0.95 else "news"
        year = min(today.year, 1995 + int(31 * rng.random() ** 0.5))
        if kind == "registry":
            nct = f"NCT{80_000_000 + i:08d}"
            doc_id, url, pmid, doi = f"nct:{nct}", f"https://clinicaltrials.example.org/study/{nct}", None, None
            registry_ids.append((doc_id, nct))
        elif kind == "news":
            nct = None
            url = f"https://news.example.org/story-{i}"
            doc_id, pmid, doi = f"url:{url}", None, None
        else:
            nct, pmid = None, str(70_000_000 + i)
            doi = f"10.5555/site-bench.{i}"
            doc_id, url = f"pmid:{pmid}", f"https://pubmed.example.org/{pmid}/"
            paper_ids.append(doc_id)
        recent = rng.random() < 0.01
        first_seen = (dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=rng.randint(0, 29) if recent else
                                                                        rng.randint(31, 2000)))
        source = {"article": "pubmed", "preprint": "europepmc", "registry": "clinicaltrials", "news": "news"}[kind]
        documents.append((doc_id, kind, title, text, rng.choice(generate.JOURNALS), f"{year}-06-01", year, url, pmid,
                          None, doi, nct, "eng", json.dumps(["Journal Article"]),
                          json.dumps(["Ketamine", facts["mesh"]]), json.dumps(["Example A", "Sample R"]),
                          json.dumps([source]), first_seen.replace(microsecond=0).isoformat(),
                          first_seen.replace(microsecond=0).isoformat(), f"hash{i}"))
        sources.append((doc_id, source, doc_id.split(":", 1)[1], first_seen.isoformat()))
        design = rng.choice(DESIGN_CHOICES)
        size = facts["n"] if rng.random() < 0.8 else None
        conditions = rng.choice(CONDITION_SETS)
        extractions.append((doc_id, "0.1.0", design, size, f"{size} adults" if size else None, 10 if size else None,
                            20 if size else None, rng.randint(5, 40) if design == "meta-analysis" else None,
                            json.dumps(conditions), "[]", json.dumps(["intravenous"]), "[]", f"hash{i}",
                            first_seen.isoformat()))
        for name in rng.sample(COMPARATOR_NAMES, k=rng.choice([0, 0, 1, 1, 1, 2])):
            comparators.append((doc_id, name, name, 30, 30 + len(name), "text"))
        for _ in range(rng.choice([0, 0, 1, 1, 2, 3, 4])):
            value = round(rng.uniform(-12, 3), 1)
            effects.append((doc_id, rng.choice(MEASURES), value, value - 2, value + 2, rng.choice([0.001, 0.03, None]),
                            "<", rng.choice(OUTCOMES), None, f"figure {value}", 100, 120, "text"))
        if kind in ("article", "preprint") and registry_ids and rng.random() < 0.1:
            target_doc, target_nct = rng.choice(registry_ids)
            links.append((doc_id, target_doc if rng.random() < 0.8 else None, "registration",
                          f"nct_id:{target_nct}", "nct id in abstract"))
        if kind == "registry":
            if paper_ids and rng.random() < 0.3:
                paper = rng.choice(paper_ids)
                links.append((doc_id, paper, "results_publication", f"pmid:{paper[5:]}", "pmid in registry references"))
            status = rng.choice(["COMPLETED", "COMPLETED", "RECRUITING", "TERMINATED", "ACTIVE_NOT_RECRUITING"])
            done = f"{rng.randint(2010, today.year)}-{rng.randint(1, 12):02d}"
            registrations.append((doc_id, nct, status, json.dumps(["PHASE2"]), "RANDOMIZED", "DOUBLE", size or 40,
                                  "ACTUAL", "2015-01", done, done, "2024-01-01", int(rng.random() < 0.3)))
        if kind == "news" and paper_ids:
            paper = rng.choice(paper_ids)
            links.append((doc_id, paper, "reports", f"pmid:{paper[5:]}", "link in article"))
    with conn:
        conn.executemany("INSERT INTO documents (id, kind, title, text, journal, published, year, url, pmid, pmcid, "
                         "doi, nct_id, language, publication_types, mesh, authors, sources, first_seen, updated, "
                         "content_hash) VALUES (" + ",".join("?" * 20) + ")", documents)
        conn.executemany("INSERT INTO document_sources VALUES (?,?,?,?)", sources)
        conn.executemany("INSERT INTO extractions VALUES (" + ",".join("?" * 14) + ")", extractions)
        conn.executemany('INSERT INTO comparators (document_id, name, text, start, "end", origin) VALUES (?,?,?,?,?,?)',
                         comparators)
        conn.executemany('INSERT INTO effects (document_id, measure, value, ci_low, ci_high, p, p_op, outcome, arm, '
                         'text, start, "end", origin) VALUES (' + ",".join("?" * 13) + ")", effects)
        conn.executemany("INSERT OR IGNORE INTO links (from_id, to_id, relation, target, evidence) VALUES (?,?,?,?,?)",
                         links)
        conn.executemany("INSERT INTO registrations VALUES (" + ",".join("?" * 13) + ")", registrations)
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    return {"documents": n, "comparators": len(comparators), "effects": len(effects), "links": len(links),
            "registrations": len(registrations), "build_s": round(time.perf_counter() - started, 1)}


# -- the server --------------------------------------------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(db_path: Path, port: int) -> subprocess.Popen:
    """``kb serve`` in a subprocess (this checkout's code), waiting until it answers."""
    root = Path(__file__).resolve().parents[1]
    env = {**os.environ, "PYTHONPATH": f"{root}{os.pathsep}{os.environ.get('PYTHONPATH', '')}"}
    proc = subprocess.Popen([sys.executable, "-m", "kb", "--db", str(db_path), "-q", "serve", "--host", "127.0.0.1",
                             "--port", str(port)], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.time() + 120
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"kb serve exited: {proc.stderr.read().decode()[-2000:]}")
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", "/-/versions.json")
            if conn.getresponse().status == 200:
                conn.close()
                return proc
        except OSError:
            time.sleep(0.2)
    proc.terminate()
    raise RuntimeError("kb serve did not start within 120 s")


# -- the load ----------------------------------------------------------------------

def pages() -> list[tuple[str, str, str]]:
    """(group, label, path) of every page measured; canned queries with their default parameters."""
    from kb.serve import load_metadata

    queries = load_metadata()["databases"]["kb"]["queries"]
    out = [
        ("search", "documents?_search (JSON, facets)", "/kb/documents.json?_search=midazolam+ptsd"),
        ("search", "documents?_search (HTML, facets)", "/kb/documents?_search=midazolam+ptsd"),
        ("search", "search canned query (JSON)", "/kb/search.json?q=midazolam+ptsd&kind="),
        ("search", "search canned query (HTML)", "/kb/search?q=midazolam+ptsd&kind="),
        ("table", "documents table with facets (HTML)", "/kb/documents"),
        ("table", "documents table with facets (JSON)", "/kb/documents.json"),
    ]
    for name, query in sorted(queries.items()):
        params = "&".join(f"{p}=" for p in query.get("params") or [])
        out.append(("query", f"{name} (JSON, defaults)", f"/kb/{name}.json?{params}"))
        out.append(("query", f"{name} (HTML, defaults)", f"/kb/{name}?{params}"))
    return out


def measure(port: int, path: str, requests: int, threads: int, max_seconds: float) -> dict:
    """p50/p95 latency of ``requests`` GETs of ``path`` from ``threads`` keep-alive connections."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    deadline = time.perf_counter() + max_seconds
    counter = iter(range(requests))

    def worker() -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        conn.request("GET", path)  # warm-up, not counted
        conn.getresponse().read()
        while time.perf_counter() < deadline:
            with lock:
                if next(counter, None) is None:
                    break
            started = time.perf_counter()
            conn.request("GET", path)
            response = conn.getresponse()
            response.read()
            elapsed = (time.perf_counter() - started) * 1000
            with lock:
                latencies.append(elapsed)
                if response.status != 200:
                    errors.append(str(response.status))
        conn.close()

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    latencies.sort()
    p95 = latencies[min(len(latencies) - 1, max(0, int(round(0.95 * len(latencies))) - 1))] if latencies else None
    return {"n": len(latencies), "p50_ms": round(statistics.median(latencies), 1) if latencies else None,
            "p95_ms": round(p95, 1) if p95 is not None else None,
            "max_ms": round(latencies[-1], 1) if latencies else None, "errors": len(errors)}


def main(n: int = 100_000, db: Path | None = None, requests: int = 40, threads: int = 2, max_seconds: float = 30,
         seed: int = 1, results_dir: Path | None = None) -> dict:
    work = Path(tempfile.mkdtemp(prefix="kb-bench-site-"))
    build = None
    try:
        if db is None:
            db_path = work / "site.db"
            build = build_database(db_path, n, seed)
        else:
            db_path = work / "site.db"
            shutil.copyfile(db, db_path)  # kb serve migrates: never touch the caller's file
        port = free_port()
        started = time.perf_counter()
        server = start_server(db_path, port)
        startup_s = time.perf_counter() - started
        try:
            import sqlite3

            conn = sqlite3.connect(db_path)
            n_docs = conn.execute("select count(*) from documents").fetchone()[0]
            migrations = [r[0] for r in conn.execute("select name from _sqlite_migrations order by applied_at")]
            conn.close()
            rows = []
            for group, label, path in pages():
                rows.append({"group": group, "page": label, "path": path,
                             **measure(port, path, requests, threads, max_seconds)})
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
    finally:
        shutil.rmtree(work, ignore_errors=True)

    search_ok = all(r["p95_ms"] is not None and r["p95_ms"] <= TARGET_SEARCH_P95_MS and not r["errors"]
                    for r in rows if r["group"] == "search")
    query_ok = all(r["p95_ms"] is not None and r["p95_ms"] <= TARGET_QUERY_P95_MS and not r["errors"]
                   for r in rows if r["group"] == "query")
    targets = {f"search p95 <= {TARGET_SEARCH_P95_MS} ms": search_ok,
               f"every canned query p95 <= {TARGET_QUERY_P95_MS} ms": query_ok}
    print(f"{n_docs:,} documents; kb serve on 127.0.0.1:{port} (ready in {startup_s:.1f}s); "
          f"{requests} requests per page from {threads} threads; migrations: {', '.join(migrations)}")
    print(table(rows, ["group", "page", "n", "p50_ms", "p95_ms", "max_ms", "errors"]))
    for target, met in targets.items():
        print(f"  {target}: {'met' if met else 'MISSED'}")
    data = {"n_documents": n_docs, "generated": build, "requests_per_page": requests, "threads": threads,
            "server_startup_s": round(startup_s, 1), "migrations": migrations, "rows": rows, "targets": targets}
    out = write_results("site", data, results_dir)
    print(f"wrote {out}")
    return data


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="documents to generate (default 100000)")
    parser.add_argument("--db", type=Path, help="serve a copy of this database instead of generating one")
    parser.add_argument("--requests", type=int, default=40, help="timed requests per page (default 40)")
    parser.add_argument("--threads", type=int, default=2, help="concurrent client connections (default 2)")
    parser.add_argument("--max-seconds", type=float, default=30, help="time bound per page (default 30)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    main(args.n, args.db, args.requests, args.threads, args.max_seconds, args.seed)
