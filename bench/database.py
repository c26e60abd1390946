"""Import and extraction at scale: N fictional PubMed records through ``kb.importer.import_files`` and
``kb.extract.extract_documents``, then the same input again (nothing changed).

    python bench/database.py                      # 100,000 records; takes a while: run it with nohup
    python bench/database.py --n 2000 --keep /tmp/kb-bench.db

Reports time, records/s, database size and peak memory (ru_maxrss) of each phase; every phase runs in
its own process so its peak memory is its own. Target: the re-run is at least 10x faster than the
first run. ``--keep PATH`` keeps the database (``bench/site.py --db PATH`` can serve it).
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import table, write_results  # noqa: E402

TARGET_SPEEDUP = 10.0


def _db_size(path: Path) -> int:
    return sum(p.stat().st_size for p in (path, Path(f"{path}-wal")) if p.exists())


def run_phase(db_path: Path, files_dir: Path) -> dict:
    """One import + extract pass in this process; returns its timings and peak memory."""
    import logging

    from bench.common import peak_rss_mb
    from kb.db import connect
    from kb.extract import extract_documents
    from kb.importer import import_files

    logging.basicConfig(level=logging.WARNING)
    paths = sorted(files_dir.glob("*.xml"))
    db = connect(db_path)
    started = time.perf_counter()
    imported = import_files(db, paths)
    import_s = time.perf_counter() - started
    started = time.perf_counter()
    extracted = extract_documents(db)
    extract_s = time.perf_counter() - started
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    counts = imported.counts
    return {"files": imported.files, "failed_files": len(imported.failed_files), "seen": counts.seen,
            "new": counts.new, "updated": counts.updated, "unchanged": counts.unchanged,
            "failed": counts.failed, "extracted": extracted.extracted, "extract_failed": extracted.failed,
            "import_s": round(import_s, 2), "extract_s": round(extract_s, 2),
            "total_s": round(import_s + extract_s, 2), "peak_rss_mb": round(peak_rss_mb(), 1)}


def _phase_in_child(db_path: Path, files_dir: Path) -> dict:
    out = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--phase", "--db", str(db_path), "--files", str(files_dir)],
        check=True, capture_output=True, text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main(n: int = 100_000, batch: int = 1000, seed: int = 1, keep: Path | None = None,
         results_dir: Path | None = None, in_process: bool = False) -> dict:
    from bench.generate import pubmed_files

    work = Path(tempfile.mkdtemp(prefix="kb-bench-db-"))
    try:
        files_dir = work / "pubmed"
        started = time.perf_counter()
        paths = pubmed_files(files_dir, n, batch=batch, seed=seed)
        generate_s = time.perf_counter() - started
        input_bytes = sum(p.stat().st_size for p in paths)
        db_path = work / "kb.db"
        phase = run_phase if in_process else _phase_in_child
        first = phase(db_path, files_dir)
        size_first = _db_size(db_path)
        rerun = phase(db_path, files_dir)
        size_rerun = _db_size(db_path)
        if keep:
            shutil.copyfile(db_path, keep)
    finally:
        shutil.rmtree(work, ignore_errors=True)

    rows = []
    for name, r, size in (("first run", first, size_first), ("re-run (nothing changed)", rerun, size_rerun)):
        rows.append({"phase": name, **r, "records_per_s": round(n / r["total_s"], 1) if r["total_s"] else None,
                     "import_records_per_s": round(n / r["import_s"], 1) if r["import_s"] else None,
                     "db_mb": round(size / 1e6, 1)})
    speedup = round(first["total_s"] / rerun["total_s"], 1) if rerun["total_s"] else None
    import_speedup = round(first["import_s"] / rerun["import_s"], 1) if rerun["import_s"] else None
    targets = {f"re-run >= {TARGET_SPEEDUP:g}x faster": bool(speedup and speedup >= TARGET_SPEEDUP)}
    print(f"{n:,} fictional PubMed records in {len(paths)} files ({input_bytes / 1e6:.1f} MB of XML, "
          f"generated in {generate_s:.1f}s)")
    print(table(rows, ["phase", "new", "unchanged", "extracted", "import_s", "extract_s", "total_s",
                       "records_per_s", "import_records_per_s", "db_mb", "peak_rss_mb"]))
    print(f"  re-run speedup: {speedup}x overall, {import_speedup}x for the import alone")
    for target, met in targets.items():
        print(f"  {target}: {'met' if met else 'MISSED'}")
    data = {"n_records": n, "batch": batch, "seed": seed, "files": len(paths), "input_mb": round(input_bytes / 1e6, 1),
            "generate_s": round(generate_s, 1), "rows": rows, "speedup": speedup, "import_speedup": import_speedup,
            "targets": targets}
    path = write_results("database", data, results_dir)
    print(f"wrote {path}")
    return data


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=100_000, help="records (default 100000)")
    parser.add_argument("--batch", type=int, default=1000, help="articles per PubMed XML file")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--keep", type=Path, help="copy the final database to this path")
    parser.add_argument("--phase", action="store_true", help=argparse.SUPPRESS)  # internal: one pass, JSON out
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--files", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        print(json.dumps(run_phase(args.db, args.files)))
    else:
        main(args.n, args.batch, args.seed, args.keep)
