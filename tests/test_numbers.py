"""Numbers layer: values of digit tokens and number words."""
import math

import pytest

from extractors.numbers import parse_number
from extractors.pipeline import get_nlp

PARSE = [
    ("30", 30.0), ("1,234", 1234.0), ("321,367", 321367.0), ("−0.5", -0.5), ("-8.69", -8.69),
    (".89", 0.89), ("0·019", 0.019), ("+2", 2.0), ("six", 6.0), ("Forty-one", 41.0),
    ("twenty one", 21.0), ("a dozen", 12.0), ("one hundred and twenty", 120.0),
    ("two thousand", 2000.0), ("Eighteen", 18.0),
    # not numbers
    ("1,23", None), ("12a", None), ("", None), ("-", None), ("five six", None), ("ten three", None),
    ("patients", None), ("1e400", None), ("1.2.3", None),
]


@pytest.mark.parametrize("text,expected", PARSE)
def test_parse_number(text, expected):
    assert parse_number(text) == expected


def test_parse_number_rejects_non_strings_and_huge_values():
    assert parse_number(None) is None
    value = parse_number("9" * 40)
    assert value is not None and math.isfinite(value)


SPANS = [
    ("Forty-one participants and 17 adolescents", [("Forty-one", 41.0), ("17", 17.0)]),
    ("twenty one weeks, then a dozen more", [("twenty one", 21.0), ("a dozen", 12.0)]),
    ("n=1,234; d=−0.5 and .89 (p=0·019)",
     [("1,234", 1234.0), ("−0.5", -0.5), (".89", 0.89), ("0·019", 0.019)]),
    ("five and six", [("five", 5.0), ("six", 6.0)]),
    ("93 million patients, 1.5 billion doses", [("93 million", 93e6), ("1.5 billion", 1.5e9)]),
    ("someone alone", []),
]


@pytest.mark.parametrize("text,expected", SPANS)
def test_number_spans(text, expected):
    doc = get_nlp()(text)
    assert [(s.text, s._.num) for s in doc._.numbers] == expected


def test_token_values_and_continuations():
    doc = get_nlp()("Forty-one patients, 30 mg")
    assert doc[0]._.num == 41.0
    assert doc[1]._.in_number and doc[2]._.in_number
    assert doc[3]._.num is None
    assert doc[5]._.num == 30.0
