"""Numbers layer: give every numeric token a value and merge number words into number spans.

``Token._.num`` holds the float value of a numeric token (``1,234``, ``−0.5``, ``.89``, ``0·019``,
``six``); for a number written in several tokens (``Forty-one``, ``twenty one``, ``a dozen``) the
first token carries the combined value and the others are marked ``Token._.in_number``.
``doc._.numbers`` lists every number as a Span whose ``Span._.num`` is its value, in text order.
"""
from __future__ import annotations

import math
import re
from itertools import compress

from spacy.tokens import Doc, Span, Token

from . import batching
from .extensions import lowers


UNITS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19,
}
TENS = {
    "twenty": 20, "thirty": 30, "forty": 40, "fourty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90,
}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
DOZEN = {"dozen": 12}
NUMBER_WORDS = {**UNITS, **TENS, **SCALES, **DOZEN}

# Digits with optional sign, thousands groups and decimals. The middle dot (0·019) is a decimal
# point in some journals' typesetting; leading-dot decimals (.89) are common in psychiatry.
_NUMERIC = re.compile(
    r"^[+\-−–]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:[.·]\d+)?$"
)
_MINUS = str.maketrans({"−": "-", "–": "-", "·": "."})


def parse_number(text: str) -> float | None:
    """Return the value of a numeric string (digits or number words), or None if it is not one."""
    if not isinstance(text, str):
        return None
    s = text.strip()
    if not s or len(s) > 60:
        return None
    if any(ch.isdigit() for ch in s):
        if not _NUMERIC.match(s):
            return None
        s = s.translate(_MINUS).replace(",", "")
        if s in {"", "-", "+", "."}:
            return None
        try:
            value = float(s)
        except ValueError:
            return None
        return value if math.isfinite(value) else None
    return parse_number_words(re.split(r"[\s\-]+", s.lower()))


def parse_number_words(words: list[str]) -> float | None:
    """Value of a sequence of number words (``["forty", "one"]`` -> 41), or None."""
    words = [w for w in words if w and w != "and"]
    if words and words[0] in {"a", "an"}:
        words = words[1:]
        if not words or words[0] not in SCALES and words[0] not in DOZEN:
            return None
    if not words:
        return None
    total = 0
    current = 0
    for word in words:
        if word in UNITS:
            if current % 10 or (current and current < 20 and current % 10 == 0 and current >= 10):
                return None  # "five six" or "ten three" is not one number
            current += UNITS[word]
        elif word in TENS:
            if current % 100:
                return None
            current += TENS[word]
        elif word in DOZEN:
            current = (current or 1) * 12
        elif word in SCALES:
            scale = SCALES[word]
            current = (current or 1) * scale
            if scale >= 1000:
                total += current
                current = 0
        else:
            return None
    return float(total + current)


# Values live in one dict per doc (token index -> value) read by getters: setting a plain
# extension attribute per number costs more than the rest of this layer.
_VALUES_KEY = "kb_num_values"
_CONTINUATION_KEY = "kb_num_continuations"
_CHARS_KEY = "kb_num_chars"


def number_values(doc: Doc) -> dict[int, float]:
    """Token index -> value of every number start in ``doc`` (read-only view for components)."""
    return doc.user_data.get(_VALUES_KEY) or {}


def _token_num(token: Token) -> float | None:
    values = token.doc.user_data.get(_VALUES_KEY)
    return values.get(token.i) if values else None


def _token_in_number(token: Token) -> bool:
    cont = token.doc.user_data.get(_CONTINUATION_KEY)
    return bool(cont) and token.i in cont


def _span_num(span: Span) -> float | None:
    values = span.doc.user_data.get(_VALUES_KEY)
    return values.get(span.start) if values and len(span) else None


def _register_extensions() -> None:
    if not Token.has_extension("num"):
        Token.set_extension("num", getter=_token_num)
    if not Token.has_extension("in_number"):
        Token.set_extension("in_number", getter=_token_in_number)
    if not Span.has_extension("num"):
        Span.set_extension("num", getter=_span_num)
    if not Doc.has_extension("numbers"):
        Doc.set_extension("numbers", default=None)


_register_extensions()


_SIGNS = "+-−–.·"
_DIGIT_SCALES = {"thousand", "million", "billion"}
_ARTICLE_SCALES = {"dozen", "hundred", "thousand", "million"}


def may_start_number(text: str) -> bool:
    """Lexeme test: could a token with this text be (the start of) a number?"""
    first = text[:1]
    if first.isdigit():
        return True
    if first in _SIGNS and any(c.isdigit() for c in text[1:3]):
        return True
    return text.lower() in NUMBER_WORDS


# Memos by token text (bounded): abstracts repeat the same words and numbers all the time.
_MEMO_SIZE = 20_000
_PARSED: dict[str, float | None] = {}
_UNPARSED = object()  # a text not in _PARSED yet


def _may_start_lower(word: str) -> bool:
    """Whether a token whose lower-cased text is ``word`` can pass :func:`may_start_number`:
    true for every such token (lower-casing keeps digits, signs and number words; a lone "-" is
    no candidate), so it picks the few tokens worth the exact test on their own text."""
    first = word[:1]
    if first != "" and first in _SIGNS:
        # a digit anywhere after the sign: lower-casing may push it past text[1:3] ("-İ5")
        return any(c.isdigit() for c in word[1:])
    return first.isdigit() or word in NUMBER_WORDS


class _MayStartMemo(dict):
    """lower-cased word -> :func:`_may_start_lower`; a miss is filled inside the same lookup, so
    a text with a few new words costs no second pass."""

    def __missing__(self, word: str) -> bool:
        value = self[word] = _may_start_lower(word)
        return value


_MAY_START = _MayStartMemo()


def _candidates(words: list[str]) -> list[int]:
    """Indices of the words that may start a number (one pass, without a Python-level loop)."""
    if len(_MAY_START) > _MEMO_SIZE:
        _MAY_START.clear()
    return list(compress(range(len(words)), map(_MAY_START.__getitem__, words)))


def _parse_digits(text: str) -> float | None:
    try:
        return _PARSED[text]
    except KeyError:
        if len(_PARSED) > _MEMO_SIZE:
            _PARSED.clear()
        value = _PARSED[text] = parse_number(text)
        return value


def find_numbers(doc: Doc) -> list[Span]:
    """Find digit numbers and number-word phrases in ``doc``; set their ``_.num`` values."""
    spans: list[Span] = []
    values: dict[int, float] = {}
    continuations: set[int] = set()
    chars: list[tuple[int, int, float]] = []
    doc.user_data[_VALUES_KEY] = values
    doc.user_data[_CONTINUATION_KEY] = continuations
    doc.user_data[_CHARS_KEY] = chars
    n = len(doc)
    if not n:
        return spans
    # The shared lower-cased token texts pick the candidates: a Python Token is made only for them.
    words = lowers(doc)
    parsed = _PARSED
    next_free = 0  # tokens before this index are already part of a number
    for i in _candidates(words):
        if i < next_free:
            continue
        low = words[i]
        first = low[:1]  # a digit or sign is its own lower case
        if first.isdigit() or first in _SIGNS:
            # A digit number holds no cased letter, so its text is its lower-cased text: the
            # Token's own text is read only for the few candidates that are no number in lower
            # case ("5-HT2A", "12th"), where it decides as before.
            value = parsed.get(low, _UNPARSED)  # (the memo of _parse_digits, without a call)
            if value is _UNPARSED:
                value = _parse_digits(low)
            if value is None:
                text = doc[i].text
                if not may_start_number(text):
                    continue
                value = _parse_digits(text)
            next_free = i + 1
            if value is not None:
                # "93 million", "1.5 billion": a digit number scaled by the following word
                if i + 1 < n and words[i + 1] in _DIGIT_SCALES:
                    value *= SCALES[words[i + 1]]
                    continuations.add(i + 1)
                    next_free = i + 2
                    span = Span(doc, i, i + 2)
                else:
                    span = Span(doc, i, i + 1)
                spans.append(span)
                chars.append((span.start_char, span.end_char, value))
                values[i] = value
            continue
        # (a word candidate is a number word in lower case, which may_start_number accepts)
        if low in _ARTICLE_SCALES and i > next_free and words[i - 1] in {"a", "an"}:
            i -= 1  # "a dozen", "a hundred"
            phrase = [words[i], low]
            j = i + 2
        else:
            phrase = [low]
            j = i + 1
        # Extend over "-", "and" and further number words: Forty-one, one hundred and twenty.
        while j < n:
            w = words[j]
            if w in NUMBER_WORDS:
                phrase.append(w)
                j += 1
            elif w in {"-", "and"} and j + 1 < n and words[j + 1] in NUMBER_WORDS:
                phrase.append(w)
                j += 1
            else:
                break
        # Back off trailing words until the phrase parses ("five and six" -> five).
        value = None
        while j > i:
            value = parse_number_words([w for w in phrase if w != "-"])
            if value is not None:
                break
            j -= 1
            phrase.pop()
            while phrase and phrase[-1] in {"-", "and"}:
                phrase.pop()
                j -= 1
        next_free = max(next_free, j, i + 1)
        if j > i and value is not None and math.isfinite(value):
            values[i] = value
            continuations.update(range(i + 1, j))
            span = Span(doc, i, j)
            spans.append(span)
            chars.append((span.start_char, span.end_char, value))
    return spans


def number_chars(doc: Doc) -> list[tuple[int, int, float]]:
    """(start_char, end_char, value) of every number in ``doc._.numbers``, in the same order."""
    chars = doc.user_data.get(_CHARS_KEY)
    if chars is None:
        find_numbers(doc)
        chars = doc.user_data[_CHARS_KEY]
    return chars


@batching.component("kb_numbers")
def numbers_component(doc: Doc) -> Doc:
    """Pipeline component: value every number in the doc (``Token._.num``, ``doc._.numbers``)."""
    doc._.numbers = find_numbers(doc)
    return doc
