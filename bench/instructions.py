"""Extraction cost in executed instructions per document, under valgrind's cachegrind.

Wall-clock speed on a shared VM moves by +-25% from minute to minute; the number of instructions
``extract_many`` executes per document does not (it repeats to about 0.3% whatever else runs), so
it tells whether a change made extraction cheaper. Two runs under cachegrind: one extracts only the
warm-up texts, the other also the measured ones; the difference over their number is the cost.

    python bench/instructions.py              # 200 texts after 100 warm-up ones: ~2-3 min
    python bench/instructions.py --n 50

Needs ``valgrind`` on the PATH (it is not a Python dependency); without it the script says so and
exits 2. Each run costs about a minute of start-up (spaCy imported 50x slower).
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT, write_results  # noqa: E402

WARM_UP = 100
SEED = 5

# What each cachegrind run executes: the pipeline, WARM_UP texts, then ``n`` more.
_CHILD = """
import sys
sys.path.insert(0, {root!r})
from bench.generate import abstracts
import extractors
n = int(sys.argv[1])
texts = abstracts({warm} + {most}, seed={seed})
extractors.extract_many(texts[:{warm}])
if n:
    extractors.extract_many(texts[{warm}:{warm} + n])
"""


def _instructions(script: Path, n: int, out: Path) -> int:
    """Instructions cachegrind counted for one run of ``script`` with ``n`` measured texts."""
    # same dict and set orders in every run; one OpenBLAS thread (numpy's idle worker threads spin,
    # and their instructions grow with the machine's load)
    env = dict(os.environ, PYTHONHASHSEED="0", OPENBLAS_NUM_THREADS="1")
    subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", f"--cachegrind-out-file={out}",
                    sys.executable, str(script), str(n)], check=True, env=env,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for line in out.read_text().splitlines():
        if line.startswith("summary:"):
            return int(line.split()[1])
    raise RuntimeError(f"no summary line in {out}")


def main(n: int = 200, results_dir: Path | None = None) -> dict | None:
    if shutil.which("valgrind") is None:
        print("valgrind is not installed: nothing measured", file=sys.stderr)
        return None
    import extractors

    with tempfile.TemporaryDirectory() as tmp:
        script = Path(tmp) / "child.py"
        script.write_text(_CHILD.format(root=str(ROOT), warm=WARM_UP, most=n, seed=SEED))
        base = _instructions(script, 0, Path(tmp) / "base.out")
        total = _instructions(script, n, Path(tmp) / "measured.out")
    per_doc = (total - base) / n
    print(f"extractors {extractors.EXTRACTOR_VERSION}: {per_doc / 1e6:.2f} million instructions per document "
          f"({n} generated abstracts after {WARM_UP} warm-up ones; start-up {base / 1e9:.1f} billion)")
    data = {"n_texts": n, "warm_up": WARM_UP, "seed": SEED, "extractor_version": extractors.EXTRACTOR_VERSION,
            "instructions_per_doc": round(per_doc), "startup_instructions": base}
    path = write_results("instructions", data, results_dir)
    print(f"wrote {path}")
    return data


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=200, help="measured texts (default 200)")
    args = parser.parse_args()
    sys.exit(0 if main(args.n) is not None else 2)
