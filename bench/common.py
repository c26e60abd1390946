"""Shared helpers for the benchmark scripts: the machine description, tables, result files."""

from __future__ import annotations

import datetime as dt
import json
import os
import platform
import sys
from pathlib import Path

BENCH_DIR = Path(__file__).resolve().parent
ROOT = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"

if str(ROOT) not in sys.path:  # `python bench/<name>.py` from a clean clone finds the project
    sys.path.insert(0, str(ROOT))


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def machine() -> dict:
    """What the numbers were measured on."""
    info = {
        "cpu": cpu_model(),
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    from importlib.metadata import PackageNotFoundError, version

    for name in ("spacy", "sqlite-utils", "datasette"):
        try:
            info[name] = version(name)
        except PackageNotFoundError:
            info[name] = None
    import sqlite3
    import timeit

    info["sqlite"] = sqlite3.sqlite_version
    # A yardstick for comparing machines: a typical 2020s desktop core does this in 10-20 ms.
    info["sum_range_1e6_ms"] = round(min(timeit.repeat("sum(range(10**6))", number=1, repeat=5)) * 1000, 1)
    return info


def table(rows: list[dict], columns: list[str] | None = None) -> str:
    """A plain-text table of dicts."""
    if not rows:
        return "(no rows)"
    columns = columns or list(rows[0])

    def fmt(value) -> str:
        if isinstance(value, float):
            return f"{value:,.3g}" if abs(value) < 100 else f"{value:,.0f}"
        return "" if value is None else str(value)

    cells = [[fmt(r.get(c)) for c in columns] for r in rows]
    widths = [max(len(c), *(len(row[i]) for row in cells)) for i, c in enumerate(columns)]
    lines = ["  ".join(c.ljust(w) for c, w in zip(columns, widths)),
             "  ".join("-" * w for w in widths)]
    lines += ["  ".join(v.rjust(w) if _numeric(v) else v.ljust(w) for v, w in zip(row, widths)) for row in cells]
    return "\n".join(lines)


def _numeric(value: str) -> bool:
    return value.replace(",", "").replace(".", "").replace("-", "").replace("e", "").isdigit()


def write_results(name: str, data: dict, results_dir: Path | None = None) -> Path:
    """Write ``bench/results/<name>.json`` (or into ``results_dir``) with the machine and a timestamp."""
    out_dir = Path(results_dir) if results_dir else RESULTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    payload = {"benchmark": name, "measured_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
               "machine": machine(), **data}
    path = out_dir / f"{name}.json"
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")
    return path


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MB (ru_maxrss is KiB on Linux)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
