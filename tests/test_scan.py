"""extractors.scan: literal-gated regex scans give exactly the matches of the plain scan."""
import random
import re
import sys

import pytest

from extractors import comparators, effects, vocab
from extractors.scan import (_FOLD, Scanner, end_chars, folded_text, gate_literals, gate_tuple, gated_search, holds_any,
                             literal_heads, may_match)


def test_fold_covers_every_character_that_ignorecase_matches_to_an_ascii_letter():
    letter = re.compile(r"[a-z]", re.I)
    non_ascii = {c for c in range(128, sys.maxunicode + 1) if letter.fullmatch(chr(c))}
    assert non_ascii == set(_FOLD)
    word = re.compile(r"[\w-]")
    for code in range(sys.maxunicode + 1):
        folded = chr(code).translate(_FOLD).lower()
        assert len(folded) == 1
        # word-start tests read the same on the folded text
        assert bool(word.fullmatch(chr(code))) == bool(word.fullmatch(folded)), hex(code)


@pytest.mark.parametrize("pattern,flags,expected", [
    (r"(?<![\w-])(?:one-half|a half|half)(?![\w])", re.I, ((), ("a half", "half", "one-half"))),
    (r"\bcompar(?:ed|ing)\s+|\bbetween\s+", re.I, ((), ("between", "compared", "comparing"))),
    (r"(?<![\d.])(?:95|90|99)\s?%", 0, (("90", "95", "99"), ())),
    (r"[.!?]\s+|\n", 0, (("\n", "!", ".", "?"), ())),
    (r"(?:(?i:VS\.?))(?![\w])", 0, ((), ("vs",))),
    (r"[Pp]\s*[<=>]", 0, (("P", "p"), ())),
    # a group made only of look-behinds consumes nothing: the literal after it starts the match
    (r"(?:(?<=\ba\s)|(?<=\bcited\s))(?:19|20)\d\d", re.I, ((), ("19", "20"))),
    (r"(?:(?<=\ba\s)|x)20", 0, None),  # an alternative that consumes is no look-behind
    (r"(?i:µg|mg)", 0, None),  # a non-ASCII start cannot be looked up lower-cased
    (r"(?:a|b)?c", 0, None),  # optional start
    (r"\d+ patients", 0, None),
    (r"x|\w", 0, None),
])
def test_literal_heads(pattern, flags, expected):
    assert literal_heads(re.compile(pattern, flags)) == expected


def _patterns():
    r, c = effects.rules(), comparators.compiled()
    yield from (r.fractions, r.ci95, r.negative, r.improvement, r.remission, r.response, r.relapse,
                r.outcomes, r.pval, effects._BACKGROUND, vocab.DATED_CITATION_RE, effects._TIMES_WORD, effects._PAIRED,
                comparators._SPLIT_COMPARISON, comparators._SENTENCE_END, c.addon_before, c.triggers.short)
    yield re.compile(r"(?<![\w-])(?:kelvin|si|is)\b", re.I)
    yield re.compile(r"(?<![\w])(?:half|placebo)", re.I)
    yield re.compile(r"\b(?:half|placebo|abc)", re.I)
    yield re.compile(r"\bab|abc|b", re.I)


PIECES = ["half", "a half", "one-third", "İs", "ıs", "ſi", "Kelvin", "KELVIN", "95% CI", "95 % confidence",
          "compared with", "COMPARING", "between", "vs.", "VS", "previous studies", "p<0.05", "P = .01",
          "relapse", "Remission", "responders", "response and remission rates were 54% and 29%",
          "2.8 times the odds", "a 2021 trial found", "cited 1998 study showed", "lab's 2020 review", "added to", "placebo", ". ", "! ", "\n", "-", "(", " ", "  ", "abc", "b",
          "µg", "ß", "ﬁ", "Σ", "x"]


def _texts():
    rng = random.Random(11)
    for _ in range(400):
        yield "".join(rng.choice(PIECES) + rng.choice(["", " ", "-", "\n", ","]) for _ in range(rng.randint(0, 14)))


def test_scanner_matches_exactly_what_the_pattern_finds():
    for pattern in _patterns():
        scan = Scanner(pattern)
        for text in _texts():
            plain = [(m.span(), m.groups()) for m in pattern.finditer(text)]
            assert [(m.span(), m.groups()) for m in scan.finditer(text)] == plain, (pattern.pattern[:60], text)
            n = len(text)
            for pos, endpos in ((0, n), (3, n), (2, max(0, n - 4)), (n // 2, n)):
                plain = [(m.span(), m.groups()) for m in pattern.finditer(text, pos, endpos)]
                assert [(m.span(), m.groups()) for m in scan.finditer(text, pos, endpos)] == plain
                a, b = pattern.search(text, pos, endpos), scan.search(text, pos, endpos)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups()))


def _gated_patterns():
    c = comparators.compiled()
    yield from (c.future, c.other_work, c.other_trials, c.plans, c.addon_before, comparators._HISTORY_BEFORE,
                comparators._NEGATED_COMPARISON, comparators._ASIDE, comparators._RESCUE_BEFORE)
    yield from _patterns()


def test_gated_search_finds_what_the_pattern_finds():
    gated = 0
    for pattern in _gated_patterns():
        gated += gate_literals(pattern) is not None
        for text in _texts():
            n = len(text)
            for pos, endpos in ((0, n), (3, n), (2, max(0, n - 4))):
                a, b = pattern.search(text, pos, endpos), gated_search(pattern, text, pos, endpos)
                assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), (pattern.pattern[:60], text)
    assert gated >= 5  # most of these patterns have a gate: the test exercises it


def test_holds_any_answers_as_may_match():
    for pattern in _gated_patterns():
        literals = gate_tuple(pattern)
        for text in _texts():
            n = len(text)
            for pos, endpos in ((0, n), (3, n), (2, max(0, n - 4))):
                assert holds_any(folded_text(text)[pos:endpos], literals) == may_match(pattern, text, pos, endpos)


@pytest.mark.parametrize("pattern,expected", [
    (r"\bneed(?:s|ed)?\s+(?:more|larger)\s+trials", {"trials"}),
    (r"(?:is|are) due to (?:begin|start)", {" due to "}),
    (r"previous(?:ly)?", {"previous"}),
    (r"\bwe\b", None),  # too short to rule much out
])
def test_gate_literals(pattern, expected):
    assert gate_literals(re.compile(pattern, re.I)) == expected


@pytest.mark.parametrize("pattern,expected", [
    (r"(?:SD|SE|IQR)\s*$", {"D", "E", "R"}),
    (r"(?<![\w])(?:mean|median)\s*[=:]?\s*$", {"n", "=", ":"}),
    (r"(?:p|P)\s*[<>]\s*$", {"<", ">"}),
    (r"(?:x|y)?\s*$", None),              # a match may be empty or all spaces
    (r"(?i:sd)\s*$", None),               # letters that stand for their other case
    (r"\w+\s*$", None),                   # a class the test cannot list
])
def test_end_chars(pattern, expected):
    assert end_chars(re.compile(pattern)) == (None if expected is None else frozenset(expected))


def test_end_chars_of_the_statistic_labels_agree_with_the_pattern():
    """Every match of the statistic-label pattern ends (spaces aside) with one of its end characters."""
    r = effects.rules()
    ends = end_chars(r.stat_before)
    assert ends
    found = 0
    for text in _texts():
        for k in range(len(text) + 1):
            if r.stat_before.search(text[:k]):
                found += 1
                assert text[:k].rstrip()[-1:] in ends
    assert found > 100  # the texts hold labels: the test exercises the claim


@pytest.mark.parametrize("pattern,guard", [
    (r"(?<![\w-])(?:half|third)", "\\w-"),
    (r"(?<![\w])(?:half|third)", "\\w"),
    (r"\b(?:half|third)", "\\w"),
    (r"\b(?:half|-third)", None),
    (r"(?<![\d.])95", None),
])
def test_word_start_guard(pattern, guard):
    assert Scanner(re.compile(pattern, re.I)).guard == guard


def test_folded_text_keeps_offsets():
    text = "İstanbul ſtudy with a Kelvin (K) scale: ÄÖÜ ß"
    low = folded_text(text)
    assert len(low) == len(text)
    assert low.startswith("istanbul study")
