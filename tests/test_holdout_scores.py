"""Regression guard on the project's own held-out texts (written blind to the rules).

The floors sit a little under the scores measured when the set was first scored, so a change
that makes the extractors generalise worse fails here even when the dev corpus still scores well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.evaluate import evaluate, load_gold

HOLDOUT = Path(__file__).parent / "fixtures" / "holdout"

FLOORS = {
    # tune.jsonl was used for rule work in 0.3.0 (scores 1.00 there); its floors guard regressions.
    "tune.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.95},
    "blind.jsonl": {"sample_size": 0.85, "design": 0.85, "conditions": 0.95, "comparators": 0.85, "effects": 0.90},
    # blind2.jsonl, second author, first scored with 0.3.0 and 0.4.0 (sample 0.83, design 0.87,
    # comparators F1 0.885, effects F1 0.93).
    "blind2.jsonl": {"sample_size": 0.80, "design": 0.80, "conditions": 0.95, "comparators": 0.85, "effects": 0.90},
    # blind3-tune.jsonl, third author, long texts; scored blind with 0.5.0 (sample 0.67, design
    # 0.87, conditions F1 0.97, comparators F1 0.91, effects F1 0.88), then tuning material for
    # 0.6.0 (1.00 on the first four). blind3-held.jsonl stays out of rule work.
    "blind3-tune.jsonl": {"sample_size": 0.90, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.85},
}


@pytest.fixture(scope="module", params=sorted(FLOORS))
def scored(request):
    return request.param, evaluate(load_gold(HOLDOUT / request.param))


def _score(report, field):
    row = report[field]
    return row.f1 if field in ("conditions", "comparators", "effects") else row.accuracy


@pytest.mark.parametrize("field", ["sample_size", "design", "conditions", "comparators", "effects"])
def test_holdout_floor(scored, field):
    name, report = scored
    assert _score(report, field) >= FLOORS[name][field]
