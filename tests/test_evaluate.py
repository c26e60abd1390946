"""The scorer follows the corpus README rules."""
import json

import pytest

from extractors.evaluate import (GoldFileError, evaluate, format_report, load_gold,
                                 match_effects, values_agree)


def test_values_agree_within_half_a_percent():
    assert values_agree(100.4, 100)
    assert not values_agree(100.6, 100)
    assert values_agree(-0.41, -0.41)
    assert values_agree(0, 0) and not values_agree(0.001, 0)
    assert not values_agree(None, 3) and values_agree(None, None)


def test_effect_families_and_optional_other():
    gold = [
        {"measure": "hedges_g", "value": -0.39},
        {"measure": "score_change", "value": -18.4},
        {"measure": "other", "value": 27.5},
    ]
    predicted = [
        {"measure": "smd", "value": -0.39},            # same family: match
        {"measure": "mean_difference", "value": -18.4},  # same family: match
        {"measure": "other", "value": 27.5},           # optional: neutral
        {"measure": "odds_ratio", "value": 2.0},       # false positive
    ]
    tp, fp, fn, _, _ = match_effects(predicted, gold)
    assert (tp, fp, fn) == (2, 1, 0)
    assert match_effects([], gold)[:3] == (0, 0, 2)


def test_evaluate_counts_fields(tmp_path):
    rows = [
        {"id": "a", "text": "t1", "sample_size": 30, "design": "rct", "conditions": ["PTSD"],
         "comparators": ["saline"], "effects": [{"measure": "response_rate", "value": 67}],
         "trials_count": None},
        {"id": "b", "text": "t2", "sample_size": None, "design": None, "conditions": [],
         "comparators": [], "effects": [], "trials_count": None},
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    outputs = {
        "t1": {"sample_size": 30, "design": "rct", "conditions": ["PTSD", "depression"],
               "comparators": [{"name": "placebo"}],
               "effects": [{"measure": "response_rate", "value": 67.0}], "trials_count": None},
        "t2": {"sample_size": 12, "design": None, "conditions": [], "comparators": [],
               "effects": [], "trials_count": None},
    }
    report = evaluate(load_gold(path), predict=outputs.__getitem__)
    assert report["sample_size"].accuracy == 0.5
    assert report["design"].accuracy == 1.0
    assert report["conditions"].precision == 0.5 and report["conditions"].recall == 1.0
    assert report["comparators"].f1 == 0.0
    assert report["comparators_lenient"].f1 == 1.0
    assert report["effects"].f1 == 1.0
    fields = [(e.doc_id, e.field) for e in report.errors]
    assert ("b", "sample_size") in fields and ("a", "comparators") in fields
    text = format_report(report)
    assert "sample_size" in text and "errors" in text


def test_load_gold_reports_bad_lines(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": "x", "text": "ok"}\n\nnot json\n', encoding="utf-8")
    with pytest.raises(GoldFileError, match=":3:"):
        load_gold(path)
