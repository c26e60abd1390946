"""Regression guard on the project's own held-out texts (written blind to the rules).

The floors sit a little under the scores measured when the set was first scored, so a change
that makes the extractors generalise worse fails here even when the dev corpus still scores well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extractors.evaluate import evaluate, load_gold

HOLDOUT = Path(__file__).parent / "fixtures" / "holdout"

TUNED = {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.95, "effects": 0.95}
FLOORS = {
    # Tuning material (rule work looked at their errors; 1.00 everywhere with 0.7.0): regressions only.
    # Each was first scored blind; those scores are in tests/fixtures/holdout/README.md.
    "tune.jsonl": TUNED,
    "blind2.jsonl": TUNED,
    "blind3-tune.jsonl": TUNED,
    # blind.jsonl: never tuned on for sample size, design, conditions, comparators; its effect
    # errors were used for 0.7.0.
    "blind.jsonl": {"sample_size": 0.90, "design": 0.85, "conditions": 0.95, "comparators": 0.85, "effects": 0.95},
    # blind3-held.jsonl: scored blind with 0.7.0 (sample 0.87, design 0.80, conditions F1 0.97,
    # comparators F1 0.88, effects F1 0.95); its sample-size, design, comparator and condition
    # errors were tuning material for 0.8.0 (all 1.00); its effect errors are not yet used.
    "blind3-held.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.95, "effects": 0.90},
    # blind4.jsonl: scored blind with 0.7.0 and 0.8.0, tuning material for 0.9.0; three condition
    # "errors" are a labelling disagreement with the corpus (see the holdout README).
    "blind4.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.90, "comparators": 0.95, "effects": 0.95},
    # Pairs written for 0.9.0, each scored blind once (README) and then tuned on.
    "blind5a.jsonl": TUNED,
    "blind5b.jsonl": {**TUNED, "comparators": 0.85},
    "blind6a.jsonl": {**TUNED, "comparators": 0.90},
    "blind6b.jsonl": TUNED,
    "blind7a.jsonl": {**TUNED, "comparators": 0.90},
    "blind7b.jsonl": {**TUNED, "effects": 0.95},
    # blind8: scored blind with 0.9.1, then its sample-size, design and comparator errors were used.
    "blind8a.jsonl": {**TUNED, "effects": 0.90},
    "blind8b.jsonl": {**TUNED, "effects": 0.90},
    # blind9 (scored blind with 0.9.2) and blind10 (0.9.4): sample-size, design and some effect
    # errors were tuning material for 0.9.3-0.9.5.
    "blind9a.jsonl": {**TUNED, "effects": 0.90},
    "blind9b.jsonl": {**TUNED, "conditions": 0.90, "effects": 0.90},
    "blind10a.jsonl": {**TUNED, "effects": 0.85},
    "blind10b.jsonl": {**TUNED, "effects": 0.90},
    # blind11 (scored blind with 0.9.4 and 0.9.5) and blind12 (0.9.5): sample-size and design
    # errors were tuning material for 0.9.5; effects, conditions and comparators are unread.
    "blind11a.jsonl": {**TUNED, "design": 0.85, "comparators": 0.90},
    "blind11b.jsonl": {**TUNED, "design": 0.90, "effects": 0.90},
    "blind12a.jsonl": {**TUNED, "design": 0.90, "effects": 0.90},
    "blind12b.jsonl": {**TUNED, "design": 0.90, "comparators": 0.90, "effects": 0.90},
    # blind13 (scored blind with 0.9.6): sample-size, design and comparator errors were tuning
    # material for 0.9.7.
    "blind13a.jsonl": {**TUNED, "conditions": 0.90, "comparators": 0.90, "effects": 0.90},
    "blind13b.jsonl": {**TUNED, "design": 0.80, "comparators": 0.80, "effects": 0.90},
    # blind14 (scored blind with 0.9.7) and blind15 (0.9.8): sample-size, design, condition and
    # comparator errors were tuning material for 0.9.8-0.9.9; effects are unread.
    "blind14a.jsonl": {**TUNED, "effects": 0.90},
    "blind14b.jsonl": {**TUNED, "comparators": 0.85, "effects": 0.85},
    "blind15a.jsonl": {**TUNED, "comparators": 0.90},
    "blind15b.jsonl": {**TUNED, "sample_size": 0.85, "comparators": 0.75, "effects": 0.90},
    # blind16 (scored blind with 0.9.9): sample-size and design errors were tuning material for
    # 0.9.10; conditions, comparators and effects are unread.
    "blind16a.jsonl": {**TUNED, "conditions": 0.90, "effects": 0.90},
    "blind16b.jsonl": {**TUNED, "sample_size": 0.85, "design": 0.85, "comparators": 0.80, "effects": 0.80},
    # blind17-blind27: each pair scored blind once (versions and scores in the holdout README), then
    # used as tuning material for the next version; floors sit about 0.05 under 0.9.33.
    "blind17a.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    "blind17b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.90, "effects": 0.85},
    "blind18a.jsonl": {"sample_size": 0.85, "design": 0.85, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    "blind18b.jsonl": {"sample_size": 0.90, "design": 0.85, "conditions": 0.95, "comparators": 0.75, "effects": 0.85},
    "blind19a.jsonl": {"sample_size": 0.95, "design": 0.80, "conditions": 0.90, "comparators": 0.85, "effects": 0.85},
    "blind19b.jsonl": {"sample_size": 0.80, "design": 0.95, "conditions": 0.90, "comparators": 0.95, "effects": 0.90},
    "blind20a.jsonl": {"sample_size": 0.80, "design": 0.90, "conditions": 0.95, "comparators": 0.85, "effects": 0.90},
    "blind20b.jsonl": {"sample_size": 0.85, "design": 0.90, "conditions": 0.90, "comparators": 0.85, "effects": 0.85},
    "blind21a.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.95, "comparators": 0.85, "effects": 0.85},
    "blind21b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.75, "effects": 0.90},
    "blind22a.jsonl": {"sample_size": 0.90, "design": 0.90, "conditions": 0.95, "comparators": 0.95, "effects": 0.85},
    "blind22b.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.90, "comparators": 0.85, "effects": 0.90},
    "blind23a.jsonl": {"sample_size": 0.90, "design": 0.95, "conditions": 0.95, "comparators": 0.90, "effects": 0.85},
    "blind23b.jsonl": {"sample_size": 0.85, "design": 0.85, "conditions": 0.95, "comparators": 0.75, "effects": 0.85},
    "blind24a.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.90, "comparators": 0.90, "effects": 0.90},
    "blind24b.jsonl": {"sample_size": 0.95, "design": 0.85, "conditions": 0.90, "comparators": 0.85, "effects": 0.90},
    "blind25a.jsonl": {"sample_size": 0.90, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.85},
    "blind25b.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.95, "comparators": 0.95, "effects": 0.85},
    "blind26a.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.90, "comparators": 0.85, "effects": 0.90},
    "blind26b.jsonl": {"sample_size": 0.90, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.85},
    "blind27a.jsonl": {"sample_size": 0.90, "design": 0.95, "conditions": 0.90, "comparators": 0.85, "effects": 0.85},
    "blind27b.jsonl": {"sample_size": 0.90, "design": 0.95, "conditions": 0.95, "comparators": 0.85, "effects": 0.85},
    # blind28-blind35: each pair scored blind once, then tuning material for the next version;
    # blind36 (scored blind with 0.9.42, the final version): never read or tuned on. Floors sit
    # about 0.05 under 0.9.41 (blind28-34) and 0.9.42 (blind35-36).
    "blind28a.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    "blind28b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.85, "effects": 0.90},
    "blind29a.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.85, "effects": 0.95},
    "blind29b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.90, "comparators": 0.90, "effects": 0.90},
    "blind30a.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.95, "effects": 0.90},
    "blind30b.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.90, "comparators": 0.85, "effects": 0.90},
    "blind31a.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.90, "comparators": 0.85, "effects": 0.85},
    "blind31b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    "blind32a.jsonl": {"sample_size": 0.90, "design": 0.95, "conditions": 0.90, "comparators": 0.90, "effects": 0.90},
    "blind32b.jsonl": {"sample_size": 0.90, "design": 0.95, "conditions": 0.90, "comparators": 0.85, "effects": 0.85},
    "blind33a.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.95, "comparators": 0.85, "effects": 0.85},
    "blind33b.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.90, "comparators": 0.95, "effects": 0.85},
    "blind34a.jsonl": {"sample_size": 0.90, "design": 0.95, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    "blind34b.jsonl": {"sample_size": 0.90, "design": 0.90, "conditions": 0.90, "comparators": 0.85, "effects": 0.90},
    "blind35a.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    "blind35b.jsonl": {"sample_size": 0.90, "design": 0.90, "conditions": 0.95, "comparators": 0.80, "effects": 0.85},
    "blind36a.jsonl": {"sample_size": 0.90, "design": 0.95, "conditions": 0.90, "comparators": 0.85, "effects": 0.85},
    "blind36b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.90, "comparators": 0.85, "effects": 0.85},
    # blind37 (scored blind with 0.9.42, then tuning material for 0.9.43): floors about 0.05 under 0.9.43
    "blind37a.jsonl": {"sample_size": 0.75, "design": 0.95, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    "blind37b.jsonl": {"sample_size": 0.85, "design": 0.95, "conditions": 0.95, "comparators": 0.85, "effects": 0.90},
    # blind38 (scored blind with 0.9.43, then tuning material for 0.9.44): floors about 0.05 under 0.9.44;
    # blind39 (scored blind with 0.9.44, the final version): never read or tuned on
    "blind38a.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.95, "effects": 0.90},
    "blind38b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.90, "comparators": 0.85, "effects": 0.90},
    "blind39a.jsonl": {"sample_size": 0.90, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.85},
    "blind39b.jsonl": {"sample_size": 0.90, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    # blind40 (also scored blind with the final 0.9.44): never read or tuned on
    "blind40a.jsonl": {"sample_size": 0.85, "design": 0.90, "conditions": 0.95, "comparators": 0.95, "effects": 0.90},
    "blind40b.jsonl": {"sample_size": 0.80, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    # blind39-40 were then tuning material for 0.9.45; blind41 (written before those rule changes,
    # scored blind with the final 0.9.45): never read or tuned on
    "blind41a.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.85},
    "blind41b.jsonl": {"sample_size": 0.80, "design": 0.90, "conditions": 0.90, "comparators": 0.85, "effects": 0.85},
    # blind41 was then tuning material for 0.9.46; blind42 (written before those rule changes, scored
    # blind with 0.9.45) was read after that score and tuned on for 0.9.46
    "blind42a.jsonl": {"sample_size": 0.90, "design": 0.90, "conditions": 0.95, "comparators": 0.85, "effects": 0.85},
    "blind42b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.85, "effects": 0.90},
    # blind43 (written before the 0.9.47 rule changes, scored blind with 0.9.46) was read after that
    # score and tuned on for 0.9.47
    "blind43a.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.95, "effects": 0.90},
    "blind43b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.95, "effects": 0.90},
    # blind44 (written before the 0.9.48 rule changes, scored blind with 0.9.47) was read after that
    # score and tuned on for 0.9.48
    "blind44a.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.95, "effects": 0.90},
    "blind44b.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.95, "effects": 0.90},
    # blind45 (scored blind with the final 0.9.48) was read after that score and tuned on for 0.9.49
    "blind45a.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    "blind45b.jsonl": {"sample_size": 0.95, "design": 0.90, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    # blind46 (scored blind with the final 0.9.49): never tuned on
    "blind46a.jsonl": {"sample_size": 0.95, "design": 0.95, "conditions": 0.95, "comparators": 0.90, "effects": 0.90},
    "blind46b.jsonl": {"sample_size": 0.90, "design": 0.95, "conditions": 0.95, "comparators": 0.90, "effects": 0.85},
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
