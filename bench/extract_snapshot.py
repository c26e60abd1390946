"""Output guard for extractor speed work: dump ``extractors.extract`` output for a fixed set of texts
and compare it with a saved baseline, byte for byte.

    python bench/extract_snapshot.py --write /tmp/baseline.json     # before a change
    python bench/extract_snapshot.py --compare /tmp/baseline.json   # after it: exit 1 on any difference

Texts: the hand-labelled corpus (``../shared/corpus/dev.jsonl``, ``dev2.jsonl``: texts and titles),
the holdout fixtures (``tests/fixtures/holdout/*.jsonl``), the records in ``kb/demo_data`` and, when
present, the real sample responses in ``../shared/formats`` (titles and texts), a few odd inputs
(empty, whitespace, lone surrogates, no sentence end) and ``--n`` generated abstracts
(``bench/generate.py``). Every text also goes through ``extract_many``, whose output must equal
``extract``'s. Nothing from the texts is written except the extraction results.
"""

from __future__ import annotations

import argparse
import difflib
import json
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import ROOT  # noqa: E402
from bench.generate import abstracts  # noqa: E402

log = logging.getLogger("extract_snapshot")

SHARED = ROOT.parent / "shared"
ODD_TEXTS = [
    "", "   \n\t ", "\ud800 lone surrogate in 40 patients \udfff", "no sentence end 12 patients n=30 p<0.05",
    "N = 30", "Forty-one participants were randomized; 20 got ketamine and 21 placebo.",
    "a" * 500, "1" * 300, "– − · ± ≥ ≤ 0·019 .89 −0.5 1,234 (95% CI −1.2 to −0.3)",
]


def _jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _records(paths: list[Path]) -> list[tuple[str, str]]:
    """(label, text) of the title and text of every record parsed from ``paths``."""
    from harvester.files import parse_file

    out = []
    for path in sorted(paths):
        try:
            _, page = parse_file(path)
        except Exception as exc:  # not every sample file is a record page (error bodies, searches)
            log.debug("skipping %s: %s", path, exc)
            continue
        for k, record in enumerate(page.records):
            for field in ("title", "text"):
                value = getattr(record, field, None)
                if value:
                    out.append((f"{path.name}#{k}.{field}", value))
    return out


def collect(n: int) -> list[tuple[str, str]]:
    """Every (label, text) the snapshot covers, in a fixed order."""
    texts: list[tuple[str, str]] = []
    files = [SHARED / "corpus" / "dev.jsonl", SHARED / "corpus" / "dev2.jsonl",
             *sorted((ROOT / "tests" / "fixtures" / "holdout").glob("*.jsonl"))]
    for path in files:
        if not path.exists():
            log.warning("missing %s", path)
            continue
        for row in _jsonl(path):
            for field in ("text", "title"):
                if row.get(field):
                    texts.append((f"{path.name}:{row['id']}.{field}", row[field]))
    texts += _records(list((ROOT / "kb" / "demo_data").iterdir()))
    if (SHARED / "formats").exists():
        texts += _records([p for p in (SHARED / "formats").rglob("*") if p.is_file() and p.name != "README.md"])
    texts += [(f"odd:{i}", t) for i, t in enumerate(ODD_TEXTS)]
    texts += [(f"generated:{i}", t) for i, t in enumerate(abstracts(n, seed=7))]
    return texts


def snapshot(n: int) -> dict[str, dict]:
    """label -> extract() result for every text; raises if extract_many disagrees with extract."""
    import extractors

    texts = collect(n)
    labels = [label for label, _ in texts]
    if len(set(labels)) != len(labels):
        raise ValueError("duplicate snapshot labels")
    one = {label: extractors.extract(text) for label, text in texts}
    many = extractors.extract_many([text for _, text in texts])
    for (label, _), result in zip(texts, many):
        if json.dumps(result, ensure_ascii=False) != json.dumps(one[label], ensure_ascii=False):
            raise AssertionError(f"extract_many differs from extract for {label}")
    return one


def dump(results: dict[str, dict]) -> str:
    """One line per text, keys in output order (a reordered key is a difference too)."""
    return "{\n" + ",\n".join(f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                              for k, v in results.items()) + "\n}\n"


def compare(old_text: str, new_text: str, limit: int = 40) -> int:
    """Print the differing lines; return how many texts differ."""
    if old_text == new_text:
        return 0
    old_lines, new_lines = old_text.splitlines(), new_text.splitlines()
    diff = [line for line in difflib.unified_diff(old_lines, new_lines, "baseline", "now", n=0, lineterm="")]
    changed = sum(1 for line in diff if line.startswith("-") and not line.startswith("---"))
    for line in diff[:limit * 2]:
        print(line[:2000])
    return max(changed, 1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=2000, help="generated abstracts (default 2000)")
    parser.add_argument("--write", type=Path, help="write the snapshot here (the baseline)")
    parser.add_argument("--compare", type=Path, help="compare with this baseline; exit 1 on any difference")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING)
    start = time.perf_counter()
    text = dump(snapshot(args.n))
    print(f"{text.count(chr(10)) - 2} texts extracted in {time.perf_counter() - start:.1f} s")
    if args.write:
        args.write.write_text(text, encoding="utf-8")
        print(f"wrote {args.write}")
    if args.compare:
        differing = compare(args.compare.read_text(encoding="utf-8"), text)
        if differing:
            print(f"DIFFERENT: {differing} texts")
            return 1
        print("identical to", args.compare)
    return 0


if __name__ == "__main__":
    sys.exit(main())
