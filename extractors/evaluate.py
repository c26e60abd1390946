"""Score ``extract()`` against a hand-labelled JSONL file, with the corpus README's scoring rules.

- sample size: exact match per document (a number where the label is null is an error);
- comparators: precision/recall/F1 over normalised names per document, plus a lenient variant
  that counts placebo, saline and active placebo as one group;
- effects: precision/recall/F1; a prediction matches a label when the measures agree (families:
  smd/cohens_d/hedges_g and mean_difference/score_change) and the value is within 0.5%; labels
  measured ``other`` are optional (finding one earns nothing and costs nothing);
- design: accuracy; conditions: F1 over (document, condition) pairs.
Trial counts are reported as an extra accuracy line.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from . import extract

log = logging.getLogger(__name__)

MEASURE_FAMILIES = {
    "smd": "smd", "cohens_d": "smd", "hedges_g": "smd",
    "mean_difference": "mean_difference", "score_change": "mean_difference",
}
LENIENT_PLACEBO = {"placebo", "saline", "active placebo"}
VALUE_TOLERANCE = 0.005  # relative: "value within 0.5%"
OPTIONAL_MEASURE = "other"
FIELDS = ("sample_size", "trials_count", "design", "conditions", "comparators",
          "comparators_lenient", "effects")


class GoldFileError(ValueError):
    """A gold file line is not a JSON object with the labelled fields."""


@dataclass
class FieldScore:
    """Scores of one field: counts plus precision/recall/F1 or accuracy."""

    name: str
    tp: int = 0
    fp: int = 0
    fn: int = 0
    correct: int = 0
    total: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @property
    def accuracy(self) -> float:
        return self.correct / self.total if self.total else 1.0


@dataclass
class EvalError:
    """One disagreement between the label and the prediction."""

    doc_id: str
    field: str
    expected: object
    got: object


@dataclass
class Report:
    """Per-field scores and every error, in document order."""

    scores: dict[str, FieldScore]
    errors: list[EvalError] = field(default_factory=list)
    documents: int = 0

    def __getitem__(self, name: str) -> FieldScore:
        return self.scores[name]


def load_gold(path: str | Path) -> list[dict]:
    """Read a gold JSONL file (one labelled document per line; blank lines skipped)."""
    rows = []
    with open(path, encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise GoldFileError(f"{path}:{lineno}: not JSON ({exc.msg})") from exc
            if not isinstance(row, dict) or "text" not in row:
                raise GoldFileError(f"{path}:{lineno}: expected an object with a 'text' field")
            rows.append(row)
    return rows


def _names(items: Iterable) -> set[str]:
    names = set()
    for item in items or []:
        name = item.get("name") if isinstance(item, dict) else item
        if isinstance(name, str) and name:
            names.add(name.strip().lower())
    return names


def _lenient(names: set[str]) -> set[str]:
    return {"placebo-group" if n in LENIENT_PLACEBO else n for n in names}


def _family(measure: object) -> object:
    return MEASURE_FAMILIES.get(measure, measure)


def values_agree(got: object, expected: object) -> bool:
    """True when ``got`` is within 0.5% of ``expected`` (exact when expected is 0 or None)."""
    if expected is None or got is None:
        return expected is None and got is None
    try:
        g, e = float(got), float(expected)
    except (TypeError, ValueError):
        return False
    if e == 0:
        return g == 0
    return abs(g - e) <= VALUE_TOLERANCE * abs(e)


def match_effects(predicted: list[dict], gold: list[dict]) -> tuple[int, int, int, list, list]:
    """Greedy one-to-one matching; returns tp, fp, fn, unmatched predictions, missed labels."""
    required = [g for g in gold if g.get("measure") != OPTIONAL_MEASURE]
    optional = [g for g in gold if g.get("measure") == OPTIONAL_MEASURE]
    free = list(range(len(required)))
    unmatched = []
    tp = 0
    for pred in predicted:
        hit = next((i for i in free
                    if _family(pred.get("measure")) == _family(required[i].get("measure"))
                    and values_agree(pred.get("value"), required[i].get("value"))), None)
        if hit is not None:
            free.remove(hit)
            tp += 1
        else:
            unmatched.append(pred)
    # A prediction that finds an optional ("other") figure is neither rewarded nor penalised.
    optional_free = list(range(len(optional)))
    false_pos = []
    for pred in unmatched:
        hit = next((i for i in optional_free
                    if values_agree(pred.get("value"), optional[i].get("value"))), None)
        if hit is not None:
            optional_free.remove(hit)
        else:
            false_pos.append(pred)
    missed = [required[i] for i in free]
    return tp, len(false_pos), len(missed), false_pos, missed


def _effect_brief(e: dict) -> str:
    return f"{e.get('measure')}={e.get('value')} ({e.get('text')!r})"


def evaluate(gold: list[dict], predict: Callable[[str], dict] = extract) -> Report:
    """Run ``predict`` on every gold text and score it field by field."""
    scores = {name: FieldScore(name) for name in FIELDS}
    report = Report(scores=scores, documents=len(gold))
    errors = report.errors
    for row in gold:
        doc_id = str(row.get("id", "?"))
        got = predict(row.get("text") or "")

        for name in ("sample_size", "trials_count", "design"):
            s = scores[name]
            s.total += 1
            if got.get(name) == row.get(name):
                s.correct += 1
            else:
                extra = f" {got.get('sample_size_text')!r}" if name == "sample_size" else ""
                errors.append(EvalError(doc_id, name, row.get(name), f"{got.get(name)}{extra}"))

        for name, exp_set, got_set in (
            ("conditions", set(row.get("conditions") or []), set(got.get("conditions") or [])),
            ("comparators", _names(row.get("comparators")), _names(got.get("comparators"))),
            ("comparators_lenient", _lenient(_names(row.get("comparators"))),
             _lenient(_names(got.get("comparators")))),
        ):
            s = scores[name]
            s.total += 1
            s.tp += len(exp_set & got_set)
            s.fp += len(got_set - exp_set)
            s.fn += len(exp_set - got_set)
            if exp_set == got_set:
                s.correct += 1
            elif name != "comparators_lenient":
                errors.append(EvalError(doc_id, name, sorted(exp_set), sorted(got_set)))

        s = scores["effects"]
        s.total += 1
        tp, fp, fn, false_pos, missed = match_effects(list(got.get("effects") or []),
                                                      list(row.get("effects") or []))
        s.tp += tp
        s.fp += fp
        s.fn += fn
        if not fp and not fn:
            s.correct += 1
        else:
            errors.append(EvalError(doc_id, "effects",
                                    [_effect_brief(e) for e in missed],
                                    [_effect_brief(e) for e in false_pos]))
    return report


def format_report(report: Report) -> str:
    """A plain-text table of the scores followed by the list of errors."""
    lines = [f"{report.documents} documents",
             f"{'field':<22}{'accuracy':>9}{'precision':>10}{'recall':>8}{'F1':>7}"
             f"{'tp':>5}{'fp':>5}{'fn':>5}"]
    for name in FIELDS:
        s = report.scores[name]
        if name in {"sample_size", "trials_count", "design"}:
            lines.append(f"{name:<22}{s.accuracy:>9.3f}{'':>10}{'':>8}{'':>7}"
                         f"{'':>5}{'':>5}{'':>5}")
        else:
            lines.append(f"{name:<22}{s.accuracy:>9.3f}{s.precision:>10.3f}{s.recall:>8.3f}"
                         f"{s.f1:>7.3f}{s.tp:>5}{s.fp:>5}{s.fn:>5}")
    if report.errors:
        lines.append("")
        lines.append(f"{len(report.errors)} errors (expected -> got):")
        for e in report.errors:
            lines.append(f"  {e.doc_id} [{e.field}] {e.expected!r} -> {e.got!r}")
    return "\n".join(lines)


__all__ = ["Report", "FieldScore", "EvalError", "GoldFileError", "load_gold", "evaluate",
           "format_report", "match_effects", "values_agree"]
