"""Extraction throughput: documents/s and words/s of ``extractors.extract`` and ``extract_many``,
against spaCy's bare tokenizer (``spacy.blank("en")`` + sentencizer) on the same texts in the same run.

    python bench/extraction.py            # 5,000 texts, 3 repeats
    python bench/extraction.py --n 500 --repeats 1

Targets: >= 300 documents/s in one process; extractors at most 4x slower than the bare tokenizer.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import machine, table, write_results  # noqa: E402
from bench.generate import abstracts  # noqa: E402

TARGET_DOCS_PER_S = 300
TARGET_RATIO = 4.0


def _time(fn, repeats: int) -> list[float]:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def main(n: int = 5000, repeats: int = 3, seed: int = 1, results_dir: Path | None = None) -> dict:
    import spacy

    import extractors
    from extractors.pipeline import get_nlp

    texts = abstracts(n, seed=seed)
    words = sum(len(t.split()) for t in texts)
    chars = sum(len(t) for t in texts)

    baseline = spacy.blank("en")
    baseline.add_pipe("sentencizer")
    get_nlp()
    # Warm up both pipelines (lazy pattern compilation, string store, caches).
    warm = texts[: min(200, n)]
    list(baseline.pipe(warm))
    extractors.extract_many(warm)
    for text in warm[:20]:
        extractors.extract(text)

    runs = {
        "spacy blank + sentencizer (pipe)": lambda: list(baseline.pipe(texts, batch_size=64)),
        "extractors.extract_many": lambda: extractors.extract_many(texts),
        "extractors.extract (one by one)": lambda: [extractors.extract(t) for t in texts],
    }
    rows = []
    for name, fn in runs.items():
        times = _time(fn, repeats)
        best, median = min(times), statistics.median(times)
        rows.append({"pipeline": name, "best_s": round(best, 3), "median_s": round(median, 3),
                     "docs_per_s": round(n / best, 1), "words_per_s": round(words / best),
                     "docs_per_s_median": round(n / median, 1)})
    base = rows[0]["best_s"]
    for row in rows:
        row["ratio_vs_tokenizer"] = round(row["best_s"] / base, 2)

    many = rows[1]
    targets = {
        "docs_per_s>=300 (extract_many)": many["docs_per_s"] >= TARGET_DOCS_PER_S,
        "ratio<=4 (extract_many)": many["ratio_vs_tokenizer"] <= TARGET_RATIO,
    }
    info = machine()
    print(f"{n} texts, {words:,} words ({words / n:.0f} words/text, {chars / n:.0f} chars/text), "
          f"best of {repeats}; {info['cpu']}, {info['cores']} cores, Python {info['python']}, spaCy {info['spacy']}")
    print(table(rows, ["pipeline", "best_s", "median_s", "docs_per_s", "words_per_s", "ratio_vs_tokenizer"]))
    for target, met in targets.items():
        print(f"  {target}: {'met' if met else 'MISSED'}")
    data = {"n_texts": n, "words": words, "chars": chars, "repeats": repeats, "seed": seed,
            "extractor_version": extractors.EXTRACTOR_VERSION, "rows": rows, "targets": targets}
    path = write_results("extraction", data, results_dir)
    print(f"wrote {path}")
    return data


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=5000, help="number of texts (default 5000)")
    parser.add_argument("--repeats", type=int, default=3, help="timed repeats, best and median reported")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    main(args.n, args.repeats, args.seed)
