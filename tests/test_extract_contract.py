"""The extract() contract: the shape of the result, valid offsets, and no crash on any string."""
import time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from extractors import CONDITIONS, DESIGNS, EXTRACTOR_VERSION, ROUTES, extract, extract_many

KEYS = {
    "conditions", "design", "sample_size", "sample_size_text", "sample_size_start",
    "sample_size_end", "trials_count", "comparators", "effects", "doses", "routes", "scales",
    "extractor_version",
}

SAMPLE = (
    "Methods: In this randomized, double-blind trial, a total of 64 patients with "
    "treatment-resistant depression received ketamine 0.5 mg/kg intravenously or normal saline. "
    "Results: Response rates were 56% vs 16% (p<0.001); MADRS fell by 18.4 points."
)


def check_shape(result: dict, text: str) -> None:
    assert set(result) == KEYS
    assert result["extractor_version"] == EXTRACTOR_VERSION
    assert result["conditions"] == sorted(result["conditions"])
    assert set(result["conditions"]) <= set(CONDITIONS)
    assert result["design"] is None or result["design"] in DESIGNS
    assert set(result["routes"]) <= set(ROUTES)
    size = result["sample_size"]
    if size is None:
        assert result["sample_size_text"] is None
    else:
        assert isinstance(size, int)
        start, end = result["sample_size_start"], result["sample_size_end"]
        assert text[start:end] == result["sample_size_text"]
    assert result["trials_count"] is None or isinstance(result["trials_count"], int)
    for item in result["comparators"] + result["effects"] + result["doses"]:
        assert text[item["start"]:item["end"]] == item["text"]


def test_shape_on_a_realistic_text():
    result = extract(SAMPLE)
    check_shape(result, SAMPLE)
    assert result["sample_size"] == 64
    assert result["design"] == "rct"
    assert result["conditions"] == ["depression"]
    assert result["routes"] == ["intravenous"]
    assert [d["text"] for d in result["doses"]] == ["0.5 mg/kg"]


def test_extract_many_matches_extract():
    texts = [SAMPLE, "", "N=12 adults with OCD"]
    assert extract_many(texts) == [extract(t) for t in texts]


def test_extraction_leaves_no_reference_cycles():
    """Each doc is freed as soon as its result is built, not later by the garbage collector."""
    import gc

    texts = [SAMPLE, "Ketamine versus midazolam in 40 adults with PTSD: response 52% vs 21%."]
    extract_many(texts)  # build the pipeline and its caches first
    gc.collect()
    gc.disable()
    try:
        extract_many(texts)
        extract(SAMPLE)
        assert gc.collect() == 0
    finally:
        gc.enable()


ODD = [
    "", " ", "\n\n\n", "\x00\x01\x02", "\ud800 lone surrogate 30 patients", "OR \ud800 30",
    "9" * 40 + " patients",
    "n=" + "9" * 400, "1e400 patients", "−" * 50, "n = = = 5", "(((((((((", "Forty-" * 200,
    "a total of", "Enrollment", "Enrollment\n", "meta-analysis " * 100, "\u202e\u200b\ufeff30 adults",
    bytes(range(256)).decode("latin-1"),
]


@pytest.mark.parametrize("text", ODD)
def test_odd_inputs_never_raise(text):
    check_shape(extract(text), text)


def test_non_string_input_gives_empty_result():
    assert extract(None)["sample_size"] is None


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.text(min_size=0, max_size=400))
def test_any_text_never_raises(text):
    check_shape(extract(text), text)


WORDS = st.sampled_from([
    "n", "=", "N=", "30", "1,234", "−0.5", "patients", "a total of", "randomized", "placebo",
    "meta-analysis", "Enrollment\n", "(", ")", "%", "mg/kg", "Forty-one", "trials", "group",
    "ketamine", "PTSD", "OCD", "depression", ";", ".", "\n", "95% CI", "p<.001", "vs", "and",
])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(WORDS, max_size=80))
def test_domain_word_salad_never_raises(words):
    text = " ".join(words)
    check_shape(extract(text), text)


def test_one_megabyte_text_in_linear_time():
    unit = SAMPLE + "\n"
    small = unit * 200
    big = unit * 2000  # about 0.5 MB
    big = big + "x" * (1_000_000 - len(big))
    t0 = time.perf_counter()
    extract(small)
    t_small = time.perf_counter() - t0
    t0 = time.perf_counter()
    result = extract(big)
    t_big = time.perf_counter() - t0
    check_shape(result, big)
    # 10x the text should take about 10x the time; allow generous slack for a noisy machine.
    assert t_big < 40 * max(t_small, 0.01)


def test_pipeline_has_every_component_once():
    from extractors.pipeline import COMPONENTS, get_nlp

    nlp = get_nlp()
    assert nlp.pipe_names == ["sentencizer"] + [name for name, _ in COMPONENTS]
    assert get_nlp() is nlp
