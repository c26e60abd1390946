"""HTTP requests per 1,000 new records, per source, through ``kb.harvest.harvest_source`` against
local fake servers (loopback only), with a real ``PoliteSession`` (high rate, so it runs fast).

    python bench/harvest.py               # 2,000 records per source
    python bench/harvest.py --n 200

Scenarios, each on a fresh database unless said otherwise:

- ``incremental``: N new records in the last 30 days (a daily/weekly cron run that fell behind);
- ``backfill``: N records spread over 2000-2025, harvested from 2000-01-01 (a first run);
- ``rerun``: the incremental run repeated with nothing new: the 3-day overlap is read again;
- ``empty window``: a run over a day in which nothing was indexed.

Targets: PubMed <= 7, Europe PMC <= 2, ClinicalTrials.gov <= 2 requests per 1,000 new records;
a run with nothing new makes at most one request per source and window.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import table, write_results  # noqa: E402
from bench.fake_servers import Dataset, FakeServer  # noqa: E402

SOURCES = {"pubmed": "/eutils", "europepmc": "/europepmc", "clinicaltrials": "/ctgov"}
TARGET_PER_1000 = {"pubmed": 7, "europepmc": 2, "clinicaltrials": 2}
UNTIL = dt.date(2026, 3, 31)


def _session():
    from harvester.http import PoliteSession

    return PoliteSession(rate=10_000.0, timeout=30, backoff=0.01, respect_robots=False)


def _run(db, source: str, server: FakeServer, **kwargs) -> dict:
    from kb.harvest import harvest_source

    session = _session()
    started = time.perf_counter()
    result = harvest_source(db, source, session=session, base_url=server.url + SOURCES[source], **kwargs)
    seconds = time.perf_counter() - started
    if result.status != "ok":
        raise RuntimeError(f"{source}: harvest {result.status}: {result.error}")
    windows = len(__import__("kb.harvest", fromlist=["chunks"]).chunks(
        dt.date.fromisoformat(result.window[0]), dt.date.fromisoformat(result.window[1]),
        getattr(__import__(f"harvester.{source}", fromlist=["x"]), "CHUNK_DAYS", 366)))
    return {"requests": session.n_requests, "new": result.counts.new, "seen": result.counts.seen,
            "unchanged": result.counts.unchanged, "windows": windows, "seconds": round(seconds, 2)}


def main(n: int = 2000, seed: int = 1, results_dir: Path | None = None) -> dict:
    from kb.db import connect

    rows = []
    incremental_start = UNTIL - dt.timedelta(days=29)
    with tempfile.TemporaryDirectory() as tmp:
        # Incremental: N records in the last 30 days; then re-run and an empty window on the same database.
        data = Dataset()
        data.add(n, incremental_start, 30, seed=seed)
        with FakeServer(data) as server:
            for source in SOURCES:
                db = connect(Path(tmp) / f"inc-{source}.db")
                first = _run(db, source, server, since=incremental_start, until=UNTIL)
                rows.append({"source": source, "scenario": "incremental (30 days)", **first})
                again = _run(db, source, server, until=UNTIL)
                rows.append({"source": source, "scenario": "rerun, nothing new (3-day overlap)", **again})
                empty_day = UNTIL + dt.timedelta(days=1)
                empty = _run(db, source, server, since=empty_day, until=empty_day)
                rows.append({"source": source, "scenario": "empty window (nothing indexed)", **empty})
                db.close()
        # Backfill: the same number of records spread over 26 years.
        data = Dataset()
        data.add(n, dt.date(2000, 1, 1), 26 * 365, seed=seed + 1)
        with FakeServer(data) as server:
            for source in SOURCES:
                db = connect(Path(tmp) / f"backfill-{source}.db")
                run = _run(db, source, server, since=dt.date(2000, 1, 1), until=dt.date(2025, 12, 31))
                rows.append({"source": source, "scenario": "backfill 2000-2025", **run})
                db.close()

    for row in rows:
        row["per_1000_new"] = round(row["requests"] * 1000 / row["new"], 2) if row["new"] else None
        row["per_window"] = round(row["requests"] / row["windows"], 2) if row["windows"] else None

    targets = {}
    for source, limit in TARGET_PER_1000.items():
        inc = next(r for r in rows if r["source"] == source and r["scenario"].startswith("incremental"))
        targets[f"{source}: incremental <= {limit} per 1000 new"] = inc["per_1000_new"] <= limit
        for scenario in ("rerun", "empty"):
            r = next(r for r in rows if r["source"] == source and r["scenario"].startswith(scenario))
            targets[f"{source}: {scenario} <= 1 request per window"] = r["per_window"] <= 1

    print(f"{n} records per source (fictional), requests counted by PoliteSession.n_requests")
    print(table(rows, ["source", "scenario", "new", "seen", "windows", "requests", "per_1000_new", "per_window",
                       "seconds"]))
    for target, met in targets.items():
        print(f"  {target}: {'met' if met else 'MISSED'}")
    data_out = {"n_records": n, "seed": seed, "rows": rows, "targets": targets}
    path = write_results("harvest", data_out, results_dir)
    print(f"wrote {path}")
    return data_out


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="records per source (default 2000)")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    main(args.n, args.seed)
