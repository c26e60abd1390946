"""Scores on the hand-labelled development corpus must stay above the project targets."""

import pytest

from extractors.evaluate import evaluate, format_report, load_gold
from tests.conftest import SHARED

CORPUS = SHARED / "corpus"
FILES = ["dev.jsonl", "dev2.jsonl"]

# (field, attribute, minimum)
TARGETS = [
    ("sample_size", "accuracy", 0.90),
    ("design", "accuracy", 0.85),
    ("conditions", "f1", 0.95),
    ("comparators", "f1", 0.90),
    ("effects", "f1", 0.80),
]


@pytest.fixture(scope="module", params=FILES)
def report(request):
    path = CORPUS / request.param
    if not path.exists():
        pytest.skip(f"{path} not available (shared corpus lives beside the repository)")
    return evaluate(load_gold(path))


@pytest.mark.parametrize("field,attribute,minimum", TARGETS)
def test_score_meets_target(report, field, attribute, minimum):
    score = getattr(report[field], attribute)
    assert score >= minimum, f"{field} {attribute} {score:.3f} < {minimum}\n{format_report(report)}"
