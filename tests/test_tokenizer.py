"""Tokenizer rules: numbers are split from operators, units and ranges but kept whole."""
import pytest
import spacy

from extractors.tokenizer import customise_tokenizer


@pytest.fixture(scope="module")
def nlp():
    return customise_tokenizer(spacy.blank("en"))


CASES = [
    ("n=30", ["n", "=", "30"]),
    ("N = 41", ["N", "=", "41"]),
    ("(n=8)", ["(", "n", "=", "8", ")"]),
    ("p<0.001", ["p", "<", "0.001"]),
    ("P<.01", ["P", "<", ".01"]),
    ("p=0·019", ["p", "=", "0·019"]),
    ("3.5mg/kg", ["3.5", "mg", "/", "kg"]),
    ("0.5 mg/kg", ["0.5", "mg", "/", "kg"]),
    ("20ml", ["20", "ml"]),
    ("10–20", ["10", "–", "20"]),
    ("0.2-0.8", ["0.2", "-", "0.8"]),
    ("−0.5", ["−0.5"]),
    ("difference=−8.69", ["difference", "=", "−8.69"]),
    ("1,234", ["1,234"]),
    ("(95% CI, 0.2-0.8)", ["(", "95", "%", "CI", ",", "0.2", "-", "0.8", ")"]),
    ("≥50%", ["≥", "50", "%"]),
    ("±8.13", ["±", "8.13"]),
    ("d=.89", ["d", "=", ".89"]),
    ("1st and 2nd", ["1st", "and", "2nd"]),
    ("1:1", ["1:1"]),
    ("Forty-one", ["Forty", "-", "one"]),
    ("DASS-21", ["DASS-21"]),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_tokens(nlp, text, expected):
    assert [t.text for t in nlp(text)] == expected


def test_text_is_preserved(nlp):
    text = "In total, n=1,234 (95% CI 0.2–0.8; p<.001) got 3.5mg/kg.\n\nEnd"
    assert nlp(text).text == text


def test_customising_twice_is_harmless(nlp):
    customise_tokenizer(nlp)
    assert [t.text for t in nlp("n=30")] == ["n", "=", "30"]


WHITESPACE_TEXTS = [
    "BACKGROUND\nKetamine (n=30)\n\nMETHODS\t0.5 mg/kg  vs. placebo",
    " \n leading and trailing \t\n",
    "e.g. 20ml\n—\u00a0(p<.001)\n \n  end",
]


@pytest.mark.parametrize("text", WHITESPACE_TEXTS)
def test_whitespace_rules_dropped_for_caching_give_the_same_tokens(nlp, text):
    """The dropped " ", "\\t", "\\n" special cases only stopped spaCy's chunk cache: tokens are unchanged."""
    from extractors.tokenizer import PLAIN_WHITESPACE_RULES

    reference = customise_tokenizer(spacy.blank("en")).tokenizer.tokenizer
    reference.rules = {**reference.rules, **{ws: [{"ORTH": ws}] for ws in PLAIN_WHITESPACE_RULES}}
    assert "\n" not in nlp.tokenizer.rules
    for _ in range(2):  # the second pass reads the cache
        ours = [(t.text, t.idx, t.whitespace_, t.norm_) for t in nlp(text)]
        assert ours == [(t.text, t.idx, t.whitespace_, t.norm_) for t in reference(text)]
