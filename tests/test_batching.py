"""nlp.pipe runs each component over a batch of docs at a time, with the same results as one by one."""
import json

import pytest
import spacy

import extractors
from extractors import batching
from extractors.pipeline import get_nlp
from tests.conftest import FIXTURES


def test_in_batches_calls_a_whole_batch_before_yielding():
    calls = []

    def record(doc):
        calls.append(doc)
        return doc

    stream = batching.in_batches(record, iter(range(10)), batch_size=4)
    assert next(stream) == 0
    assert calls == [0, 1, 2, 3]
    assert list(stream) == list(range(1, 10))
    assert calls == list(range(10))


def test_every_component_of_the_pipeline_runs_in_batches():
    for name, component in get_nlp().pipeline:
        staged = isinstance(component, batching.BatchedComponent) or type(component).pipe is batching.pipe
        assert staged, f"{name} yields each doc before the next is read"


ORDER: list[str] = []


@batching.component("test_batching_probe_a")
def probe_a(doc):
    ORDER.append("a")
    return doc


@batching.component("test_batching_probe_b")
def probe_b(doc):
    ORDER.append("b")
    return doc


def test_nlp_pipe_runs_each_component_over_a_whole_batch():
    """Within a batch, the first component sees every doc before the second sees any."""
    nlp = spacy.blank("en")
    nlp.add_pipe("test_batching_probe_a")
    nlp.add_pipe("test_batching_probe_b")
    ORDER.clear()
    docs = list(nlp.pipe([f"text {i}" for i in range(5)], batch_size=3))
    assert [d.text for d in docs] == [f"text {i}" for i in range(5)]
    assert ORDER == ["a", "a", "a", "b", "b", "b", "a", "a", "b", "b"]
    ORDER.clear()
    assert nlp("one doc").text == "one doc" and ORDER == ["a", "b"]


def _holdout_texts(limit: int) -> list[str]:
    texts = []
    for path in sorted((FIXTURES / "holdout").glob("*.jsonl")):
        with path.open(encoding="utf-8") as f:
            texts += [json.loads(line)["text"] for line in f if line.strip()]
        if len(texts) >= limit:
            break
    return texts[:limit]


@pytest.mark.parametrize("batch_size", [1, 7, 64])
def test_extract_many_in_batches_equals_one_by_one(batch_size):
    texts = _holdout_texts(150) + ["", "n = 12", "\x00" * 5]
    assert len(texts) > 2 * 64
    assert extractors.extract_many(texts, batch_size=batch_size) == [extractors.extract(t) for t in texts]


def test_per_text_caches_hold_two_batches():
    """Several components look up the same text's folded form and word heads; with a batch between
    their turns, a cache smaller than a batch would miss every time."""
    from extractors.comparators import _word_heads
    from extractors.scan import folded_text

    for cached in (folded_text, _word_heads):
        assert cached.cache_info().maxsize >= 2 * batching.BATCH_SIZE
