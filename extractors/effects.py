"""Effects: figures that describe a treatment effect or outcome (``doc._.effects``), and the rating
scales a text names (``doc._.scales``).

Four families of rules, all reading ``doc.text`` with expressions compiled once from
``patterns/effects.json`` and ``patterns/scales.json`` (numbers come from the ``kb_numbers``
layer, so number words such as "Seventy-one percent" are valued once, in one place):

1. *anchored statistics*: a measure word ("odds ratio", "SMD", "d =", "NNT", "mean difference")
   followed by its value, then an optional confidence interval and p value; figures that follow
   with their own interval in the same sentence inherit the measure ("HR = 0.65 (95% CI ...),
   0.78 (95% CI ...)");
2. *points*: "11.88 points lower ... than" (mean difference), "a decrease of 18.6 points"
   (score change);
3. *group means*: signed changes ("−18.4 (SD=12.0) for ketamine") are score changes, unsigned
   means with an SD are recorded as "other";
4. *percentages*: "reduced by 25%" is a percent change; a share of patients ("63% remitted",
   "Seventy-one percent ... responded") is a response or remission rate by the nearest outcome
   word, relapse shares are "other", and shares next to population, safety or bookkeeping words
   (female, adverse events, completed, power, prevalence) are not effects at all. Thresholds
   ("≥50% reduction", "at least 30 percent") and interval bounds are never effects.

Smaller rules read set phrasings: posted registry results (per-arm lines under a measure's title),
bracketed "(estimate, low to high)" rows governed by a measure named before, an effect size restated
later ("the effect had shrunk to 0.18") and a number needed to treat written as a sentence.

Doses, durations, ages, p values, SDs and heterogeneity statistics are masked before any rule
looks at a number.
"""
from __future__ import annotations

import bisect
import functools
import json
import logging
import math
import re
from dataclasses import dataclass, field
from pathlib import Path

from spacy.tokens import Doc

from . import batching
from .comparators import Lexicon, find_mentions, sentence_bounds, sentence_of
from .extensions import doc_text
from .numbers import number_chars
from .scan import (end_chars, folded_text, gate_literals, gate_tuple, gated_search, holds_any, literal_heads, matches_at,
                   may_match, scanner, trie_pattern)
from .vocab import DATED_CITATION, QUOTED_RE

log = logging.getLogger(__name__)

PATTERNS = Path(__file__).parent / "patterns"
MEASURES = (
    "percent_change", "response_rate", "remission_rate", "mean_difference", "smd", "cohens_d",
    "hedges_g", "odds_ratio", "risk_ratio", "hazard_ratio", "nnt", "score_change", "other",
)


def _register() -> None:
    for name in ("effects", "scales"):
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


_register()

# A number as printed: optional sign (hyphen, unicode minus, en dash; "− 15.2" with a space),
# digits with a point or middle dot, or a leading-dot decimal (".89", "·05").
UNSIGNED = r"(?:\d+(?:[.·]\d+)?|[.·]\d+)"  # "12", "0.5", ".61", "0·019"
NUM = rf"[-−–]?\s?{UNSIGNED}"
_TRANS = str.maketrans({"−": "-", "–": "-", "—": "-", "·": ".", " ": ""})


def to_float(s: str) -> float | None:
    """Value of a printed number ("−0.41", "0·019", ".89", "− 15.2"), or None."""
    if len(s) <= 30 and s.isascii():
        # ("12", "-0.41", ".89": what float reads as it stands is read the same after the clean-up
        # below, which only drops spaces, a "%" and commas, none of which float accepts inside)
        try:
            v = float(s)
        except ValueError:
            pass
        else:
            return v if math.isfinite(v) else None
    s = s.translate(_TRANS).rstrip("%").replace(",", "")
    if not s or s in {"-", "."} or len(s) > 30:
        return None
    try:
        v = float(s)
    except ValueError:
        return None
    return v if math.isfinite(v) else None


def _words(xs: list[str]) -> str:
    return "|".join(sorted(xs, key=len, reverse=True))


def _wb(xs: list[str], flags: int = re.I) -> re.Pattern:
    return re.compile(rf"(?<![\w-])(?:{_words(xs)})(?![\w])", flags)


def _literal_words(xs: list[str]) -> tuple[str, ...] | None:
    """The entries themselves when every one is a plain word (no regex syntax), else None."""
    plain = all(re.fullmatch(r"[\w -]+", x) for x in xs)
    return tuple(xs) if plain else None


def _context_before(r: "_Rules", before: str, tail: str) -> bool:
    """``r.context_before.search(before)``, skipped when ``before`` cannot end with a context word
    (``tail`` is ``before.rstrip()``).

    The expression ends with a word, optional spaces, an optional "-", "=" or ":" and optional
    spaces: with those stripped, the text must end with one of the words. The test is cheaper than
    the search, which is tried at every offset of the window.
    """
    words = r.context_words
    if words is not None:
        if not tail.endswith(words) and not (tail[-1:] in ("-", "=", ":") and tail[:-1].rstrip().endswith(words)):
            return False
    return r.context_before.search(before) is not None


def _unit_heads(units: list[str]) -> dict[str, tuple[str, ...]] | None:
    """Lower-cased literals one of which starts, in :func:`folded_text`, every match of a unit of
    ``units`` that opens with an ASCII character, by their first character (None: no such
    literals); units opening with another character are not covered (:func:`_may_be_unit` lets
    them through)."""
    ascii_units = [u for u in units if u[:1].isascii()]
    heads = literal_heads(re.compile(rf"(?:{_words(ascii_units)})(?![\w])", re.I)) if ascii_units else None
    if heads is None or heads[0]:
        return None
    by_first: dict[str, tuple[str, ...]] = {}
    for head in heads[1]:
        by_first[head[0]] = by_first.get(head[0], ()) + (head,)
    return by_first


def _may_be_unit(heads: dict[str, tuple[str, ...]] | None, text: str, folded: str, end: int) -> bool:
    """False when ``r.unit_after`` cannot match ``text[end:end + 25]`` (``heads``: ``r.unit_heads``,
    ``folded``: :func:`folded_text` of ``text``): its optional space and hyphen are followed by a
    unit, and no unit starts there. The expression tries every unit at each place
    (case-insensitive alternatives are not skipped by their first letter); the test looks up the
    few letters a unit starts with in the folded text (same offsets)."""
    if heads is None:
        return True
    first = text[end:end + 1]
    if first.isspace():
        end += 1  # (\s is what str.isspace is)
        first = text[end:end + 1]
    if first == "-" or not first.isascii():
        return True
    starting = heads.get(folded[end:end + 1])  # (the units that start with its letter, if any)
    return starting is not None and folded.startswith(starting, end)


def _stat_before(r: "_Rules", before: str, tail: str) -> bool:
    """``r.stat_before.search(before)`` (``tail`` is ``before.rstrip()``), skipped when ``before``
    cannot end with a statistic's label: the expression ends with optional spaces and the end, so
    its match ends with the last non-space character of ``before``. The search is tried at every
    offset of the window."""
    ends = r.stat_end_chars
    if ends is not None and tail[-1:] not in ends:
        return False
    return r.stat_before.search(before) is not None


@dataclass
class _Rules:
    anchors: Lexicon
    remission: re.Pattern
    response: re.Pattern
    improvement: re.Pattern
    relapse: re.Pattern
    negative: re.Pattern
    magnitude_before: re.Pattern
    magnitude_after: re.Pattern
    threshold_before: re.Pattern
    change_threshold: re.Pattern
    definition: re.Pattern
    unit_after: re.Pattern
    unit_heads: dict[str, tuple[str, ...]] | None
    solution_after: re.Pattern
    context_before: re.Pattern
    context_words: tuple[str, ...] | None
    stat_before: re.Pattern
    stat_end_chars: frozenset[str] | None
    baseline_trap: re.Pattern
    baseline_ok: re.Pattern
    fractions: re.Pattern
    fraction_values: dict[str, float]
    fraction_gate: tuple[re.Pattern | None, tuple[str, ...]]
    points: re.Pattern
    points_diff_after: re.Pattern
    points_verb_by: re.Pattern
    points_change_to: re.Pattern
    score_words: re.Pattern
    scales: Lexicon
    outcomes: re.Pattern
    outcome_rank: dict[str, int]
    outcome_names: list[str]
    ci: re.Pattern
    bare_ci: re.Pattern
    pval: re.Pattern
    ci95: re.Pattern


_NUMBER_WORDS = ("one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")


def _fractions(listed: dict[str, float]) -> dict[str, float]:
    """Word fractions -> percent: the listed ones ("half", "two-thirds"), the same with a space for
    the hyphen, and every "N in M" and "N out of M" of number words up to ten ("one in eight", "six in 10")."""
    out = {k.lower(): float(v) for k, v in listed.items()}
    out.update({k.replace("-", " "): v for k, v in list(out.items()) if "-" in k})
    for m, denominator in enumerate(_NUMBER_WORDS[1:], start=2):
        for n, numerator in enumerate(_NUMBER_WORDS[:m - 1], start=1):
            for joint in (" in ", " out of "):
                out.setdefault(numerator + joint + denominator, round(100 * n / m, 1))
    # news style writes ten as a numeral: "nearly six in 10", "one out of 10"
    for n, numerator in enumerate(_NUMBER_WORDS[:9], start=1):
        for joint in (" in ", " out of "):
            out.setdefault(f"{numerator}{joint}10", float(10 * n))
    return out


_JOINTS = (" in ", " out of ")


def _fraction_gate(phrases: list[str]) -> tuple[re.Pattern | None, tuple[str, ...]]:
    """(expression, words) of which one is found in :func:`folded_text` of every text that holds a
    fraction phrase (lower-cased ASCII): its joint and denominator (" in five", " out of ten"),
    found by one expression, or its fraction word ("half", "third"), looked up as a substring.

    The whole-text fraction scan is tried at every offset; most texts hold none of these pieces.
    """
    joined: set[str] = set()
    words: set[str] = set()
    for phrase in phrases:
        joint = next((j for j in _JOINTS if j in phrase), None)
        if joint is not None:
            joined.add(joint + phrase.split(joint)[-1])
        else:
            words.add(re.split(r"[\s-]", phrase)[-1])  # "two-thirds" -> "thirds"
        if not phrase.isascii() or phrase != phrase.lower():
            raise ValueError(f"fraction phrase {phrase!r} is not lower-case ASCII")
    # A word holding a shorter one ("thirds", "third") is found by the shorter one.
    words = {w for w in words if not any(o != w and o in w for o in words)}
    # (as a prefix tree: every piece opens with a space, and a plain alternation tries each at
    # every space of the text)
    pattern = re.compile(trie_pattern(sorted(joined))) if joined else None
    return pattern, tuple(sorted(words))


def _may_hold_fraction(r: "_Rules", text: str) -> bool:
    """False when ``text`` holds no match of ``r.fractions`` (see :func:`_fraction_gate`)."""
    pattern, words = r.fraction_gate
    folded = folded_text(text)
    return any(w in folded for w in words) or (pattern is not None and pattern.search(folded) is not None)


@functools.cache
def rules() -> _Rules:
    """Compile the effect vocabularies once per process."""
    data = json.loads((PATTERNS / "effects.json").read_text(encoding="utf-8"))
    scales = json.loads((PATTERNS / "scales.json").read_text(encoding="utf-8"))
    unknown = set(data["anchors"]) - set(MEASURES)
    if unknown:
        raise ValueError(f"effects.json names unknown measures: {sorted(unknown)}")
    anchor_entries = []
    for measure, spec in data["anchors"].items():
        anchor_entries += [(measure, f, False) for f in spec.get("i", [])]
        anchor_entries += [(measure, f, True) for f in spec.get("cs", [])]
    scale_entries = []
    for name, spec in scales["scales"].items():
        for full in spec.get("names", []):
            esc = re.escape(full)
            esc = re.sub(r"(?:\\ |\\-|–)", r"[\\s\\-‐–]*", esc)
            esc = esc.replace("Å", "[AÅ]").replace("'", "['’]?").replace("’", "['’]?")
            scale_entries.append((name, esc, False))
        scale_entries += [(name, re.escape(a), True) for a in spec.get("abbreviations", [])]
    fraction_values = _fractions(data["fractions"])
    num = NUM + r"\s?%?"
    sep = r"\s*(?:to|-|–|—|−|,|;|and)\s*"
    ci_label = (r"(?:(?:95|90|99)\s?(?:%|percent|per cent)[\s\-‐‑]*)?(?:CIs?|confidence intervals?|credible intervals?)"
                r"(?:\s*\[CI\])?\s*(?:\((?:CI|95\s?%\s*CI)\))?")
    stat_before = re.compile(rf"(?<![\w])(?:{_words(data['stat_before'])})\s*$")
    return _Rules(
        anchors=Lexicon(anchor_entries),
        remission=_wb(data["remission"]),
        # "treatment-response criterion" names response; "non-response" and "first responders"
        # (firefighters, paramedics) do not
        response=re.compile(rf"(?:(?<![\w-])|(?<=treatment-))(?<!first )(?<!First )(?:{_words(data['response'])})(?![\w])", re.I),
        improvement=_wb(data["improvement"]),
        relapse=_wb(data["relapse"]),
        negative=_wb(data["negative"]),
        magnitude_before=re.compile(
            rf"(?<![\w-])(?:(?:{_words(data['change_verbs'])})(?:\s+[\w-]+){{0,3}}?\s+(?:by|of)"
            rf"|(?:reduced|decreased|declined|dropped|fell|improved|increased|lowered)"
            # "mean reduction 17%", "average improvement was 12.5": a qualified change noun
            rf"|(?:mean|average|median|relative|overall)\s+(?:(?!risk|odds|hazard)[\w-]+\s+){{0,2}}?(?:{_words(data['change_nouns'])})s?"
            rf"(?:(?:\s+[\w-]+){{0,6}}?\s+(?:was|were|of))?\s*[:=,]?)\s+"
            rf"(?:(?:{_words(data['approx'])})\s*)?$", re.I),
        magnitude_after=re.compile(rf"^\s?(?:%|percent|per cent)\s*(?:mean\s+|average\s+|relative\s+)?"
                                   rf"(?:{_words(data['change_nouns'])})", re.I),
        threshold_before=re.compile(rf"(?:^|[\s(\[])(?:{_words(data['threshold_ops'])})\s*(?:an?\s+)?$", re.I),
        change_threshold=re.compile(rf"(?:{_words(data['change_nouns'])})\s*(?:of\s*)?(?:[≥>≤<]=?|at least)\s*$", re.I),
        definition=re.compile(rf"(?:{_words(data['definitions'])})[^,;)]*$", re.I),
        unit_after=re.compile(rf"^\s?(?:-\s?)?(?:{_words(data['units_after'])})(?![\w])", re.I),
        unit_heads=_unit_heads(data["units_after"]),
        # "0.9% saline": a concentration, not a share of people
        solution_after=re.compile(rf"^\s?(?:%|percent|per cent)\s*(?:{_words(data['solutions_after'])})(?![\w])", re.I),
        context_before=re.compile(rf"(?<![\w-])(?:{_words(data['context_before'])})\s*[-=:]?\s*$"),
        context_words=_literal_words(data["context_before"]),
        stat_before=stat_before,
        stat_end_chars=end_chars(stat_before),
        baseline_trap=_wb(data["baseline_trap"]),
        baseline_ok=_wb(data["baseline_ok"]),
        fractions=_wb(list(fraction_values)),
        fraction_values=fraction_values,
        fraction_gate=_fraction_gate(list(fraction_values)),
        points=re.compile(r"[\s-]*(?:points?|pts?)(?![\w])", re.I),
        points_diff_after=re.compile(rf"^\s*(?:\([^()]{{0,30}}\)\s*)?(?:{_words(data['points_diff_after'])})\b", re.I),
        # "cut their scores on the clinician-rated PTSD scale by about 19 points", "improved in both
        # groups, by a mean of 11.9 points": a change verb, then its object, then "by"
        points_verb_by=re.compile(
            rf"(?<![\w-])(?:{_words(data['change_verbs'])})(?:[\s,]+[\w-]+){{0,9}}?[\s,]+by\s+"
            rf"(?:(?:{_words(data['approx'])})\s*)?$", re.I),
        # "the mean reduction from baseline had shrunk to 4.1 points": a change that has changed
        points_change_to=re.compile(
            rf"(?<![\w-])(?:{_words(data['change_nouns'])})s?\b[^.;]{{0,40}}?\s(?:had\s+|has\s+|was\s+)?"
            rf"(?:shrunk|shrank|narrowed|fallen|fell|dropped|declined|grown|grew|risen|rose|widened)\s+to\s+"
            rf"(?:(?:{_words(data['approx'])})\s*)?$", re.I),
        score_words=_wb(data["score_words"]),
        scales=Lexicon(scale_entries),
        outcomes=re.compile(rf"(?<![\w-])(?:{'|'.join(re.escape(k) for k, _ in sorted(scales['outcomes'], key=lambda kv: -len(kv[0])))})", re.I),
        outcome_rank={k.lower(): i for i, (k, _) in enumerate(scales["outcomes"])},
        outcome_names=[v for _, v in scales["outcomes"]],
        ci=re.compile(rf"^[\s,;:(\[]*{ci_label}\s*[,:=]?\s*(?:of\s*)?[\[(]?\s*(?P<lo>{num}){sep}(?P<hi>{num})\s*[\])]?", re.I),
        bare_ci=re.compile(rf"^\s*(?:\(\s*\[|[\(\[])\s*(?P<lo>{num}){sep}(?P<hi>{num})\s*(?:[\)\]]|(?=;\s*[Pp]\s*[=<>≤]))"),
        pval=re.compile(rf"(?<![\w])[Pp]\s*(?:[-‐‑]?\s*values?)?\s*(?P<op>[<>=≤≥]|of|was|is)\s*(?P<v>{NUM})"),
        ci95=re.compile(r"(?<![\d.])(?:95|90|99)\s?(?:%|percent|per cent)[\s\-‐‑]*(?:CIs?|confidence|credible)", re.I),
    )


@dataclass(slots=True)
class Num:
    """A number in the text: character span (sign included) and value."""

    start: int
    end: int
    value: float
    word: bool = False


@dataclass(slots=True)
class _State:
    text: str
    bounds: list[int]
    nums: list[Num]
    starts: list[int]
    masked: set[int] = field(default_factory=set)
    used: set[int] = field(default_factory=set)
    ci_bounds: set[int] = field(default_factory=set)
    scales: list[tuple[int, int, str]] = field(default_factory=list)
    scale_starts: list[int] = field(default_factory=list)
    sentence_outcomes: dict[int, str | None] = field(default_factory=dict)
    range_start: set[int] = field(default_factory=set)
    anchors: list = field(default_factory=list)  # measure words found by _anchored, in text order

    def scales_in(self, lo: int, hi: int) -> bool:
        """True when a rating scale is named between offsets ``lo`` and ``hi``."""
        i = bisect.bisect_left(self.scale_starts, lo)
        return i < len(self.scale_starts) and self.scale_starts[i] < hi
    comparators: set[str] = field(default_factory=set)


# " - " between a word and a number is a dash, not a sign: "younger on average - 43 versus 51"
_SPACED_DASH = re.compile(r"[A-Za-z]\s[-–—]\s")
_LOOSE_SIGN = re.compile(r"(?:^|(?<=[\s(\[,;:=]))[-−–]\s?$")
_DIGIT_END = re.compile(r"\d\s*$")
_RATIO_AFTER = re.compile(r"^\s?:\s?\d")
# (a match ends with the colon, at most a space and the newline "$" allows after it)
_RATIO_BEFORE = re.compile(r"\d\s?:\s?$")
_ORDINAL = re.compile(r"^(?:%|st\b|nd\b|rd\b|th\b)")
_PERCENT_SIGN = re.compile(r"\s?(?:%|percent\b|per cent\b)", re.I)
# "39-41%", and "40 to 60 percent" when the first figure has no sign of its own (a share that
# moved "from 40 to 60 percent" is a change, not a range).
_RANGE_TOP = re.compile(r"\d\s?[-–—]\s?$")
_RANGE_TOP_TO = re.compile(r"(?<!from)(?<!day)(?<!days)(?<!week)(?<!weeks)(?<!month)(?<!months)"
                           r"\s\d+(?:\.\d+)?\s+to\s+$", re.I)


def _numbers(doc: Doc, text: str) -> list[Num]:
    out = []
    append = out.append
    isfinite = math.isfinite
    for start, end, value in number_chars(doc):
        if not isfinite(value):
            continue
        # (a sign or a point before the digits is no digit either)
        word = not text[start:start + 1].isdigit() and not text[end - 1:end].isdigit()
        # Sign written apart from the digits ("− 15.2") or glued to a bracket ("(-2.6").
        # (_LOOSE_SIGN can only match when a sign or a space, which is what \s is, comes right
        # before, and a sign is among the three characters it reads.)
        if value >= 0 and not word and start:
            window = text[max(0, start - 3):start]
            before = window[-1]
            if (before in "-−–" or before.isspace()) and ("-" in window or "−" in window or "–" in window):
                m = _LOOSE_SIGN.search(window)
                if m and not _DIGIT_END.search(text[max(0, start - 6):start - len(m.group(0))]) \
                        and not _SPACED_DASH.fullmatch(text, max(0, start - len(m.group(0)) - 2), start):
                    start -= len(m.group(0))
                    value = -value
        append(Num(start, end, value, word))
    return out


def _idx(st: _State, pos: int) -> int:
    return bisect.bisect_left(st.starts, pos)


_BARE_PAIR = re.compile(rf"\s?\[\s*{NUM}\s?%?\s*[,;]\s*{NUM}\s?%?\s*\]")
_BARE_TO = re.compile(rf"\s?[(\[]\s*{NUM}\s?%?\s*(?:to|–|—)\s*{NUM}\s?%?\s*[)\]]")


_BETWEEN_TOP = re.compile(rf"\bbetween\s+{NUM}\s?(?:%|percent|per cent)?\s+and\s+$", re.I)
# "30% of patients reached remission": a share of people, whatever figure came before it.
_SHARE_OF_PEOPLE = re.compile(r"\s*of\s+(?:the\s+|all\s+|those\s+)?(?:[\w-]+\s+)?(?:patients|participants|subjects|"
                              r"people|adults|individuals|veterans|users|those|responders|completers)\b", re.I)
# "20% to 30% of patients reach remission": the lower end of a range shares the upper end's fate.
_RANGE_NEXT = re.compile(rf"\s*(?:to|-|–)\s*{NUM}\s?(?:%|percent|per cent)", re.I)
# A fraction restated as a percentage ("nearly half (48%)", "one in five (21%)"): one figure,
# the percentage wins.
_FRACTION_RESTATED = re.compile(rf"\s*(?:(?:of\s+)?(?:the\s+|those\s+)?[\w-]+\s+){{0,3}}?(?:[(\[]|[—–]|--)\s*{NUM}\s?(?:%|percent|per cent)"
                                rf"|\s*(?:[\w-]+\s+){{3,4}}?[—–]\s*{NUM}\s?(?:%|percent|per cent)", re.I)
_FRACTION_OF_PEOPLE = re.compile(r"\s*(?:of\s+(?:the\s+)?(?:patients|participants|subjects|people)|"
                                 r"(?:on|with|in|among|receiving|given|taking)\s+(?:the\s+)?[\w-]+)", re.I)
# "two and a half times as likely": a multiplier, not a share
# "Roughly half of respondents, 49 percent, ...", "Nearly half of the veterans – 17 of the 36, or
# 47% –": the figure right after restates the word fraction (checked to be close to its value).
_FRACTION_APPOSITION = re.compile(rf"(?:\s+[\w-]+){{0,7}}?\s*(?:,|[—–]|--)\s*(?:\d+\s+of\s+(?:the\s+)?\d+,?\s+or\s+)?"
                                  rf"(?P<v>{NUM})\s?(?:%|percent\b|per cent\b)", re.I)
FRACTION_RESTATED_GAP = 5.0  # percentage points between a word fraction and the figure restating it
# A word fraction that is a criterion, a bound on missing data or a prevalence: "a cut of at least
# half in their score", "available for fewer than half of patients", "present in roughly a third of
# cases" ... or a price: "at about a third of the cost".
_FRACTION_NOT_RESULT_BEFORE = re.compile(r"\b(?:at\s+least|available\s+for\s+(?:fewer|less)\s+than|present\s+in)\s+"
                                         r"(?:(?:about|around|roughly|nearly|almost|some)\s+)?(?:in\s+)?$", re.I)
_FRACTION_NOT_RESULT_AFTER = re.compile(r"\s+of\s+the\s+(?:cost|price)\b", re.I)


def _fraction_apposition(text: str, end: int, value: float) -> bool:
    """True when a figure in apposition right after a word fraction restates it."""
    m = _FRACTION_APPOSITION.match(text, end, end + 90)
    figure = to_float(m.group("v")) if m is not None else None
    return figure is not None and abs(figure - value) <= FRACTION_RESTATED_GAP


_AND_A_FRACTION = re.compile(r"(?:\d|\b(?:one|two|three|four|five|six|seven|eight|nine|ten))\s+and\s+$", re.I)
_RANGE_WORDS = re.compile(r"\b(?:from|between|rang\w*)\s*$", re.I)
_RANGE_SPAN_NEXT = re.compile(rf"\s*(?:to|and|-|–)\s*(?P<v>{NUM})", re.I)


# "(mean ± SD: -9.8 ± 3.6 vs ...)": the label says a mean comes first, its spread after it.
_MEAN_SD_LABEL = re.compile(r"\bmeans?\s*(?:±|\+/-|\(|\[)\s*(?:SD|SE|SEM|s\.d\.)\s*[)\]]?\s*[=:,]?\s*$", re.I)


_TIME_POINT_BEFORE = re.compile(r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve)\s+"
                                  r"(?:days|weeks|months|years)\s*,?\s*$", re.I)


def _mask(st: _State) -> None:
    """Mark numbers that are never effect values: doses, durations, ages, p values, SDs ..."""
    r = rules()
    text = st.text
    folded = folded_text(text)
    unit_heads, unit_after = r.unit_heads, r.unit_after.match
    masked = st.masked
    for n in st.nums:
        start = n.start
        before = text[start - 30 if start > 30 else 0:start]
        tail = before.rstrip()
        after = text[n.end:n.end + 25]
        # (unit_after and solution_after open with "^": a match at the window's start is their search)
        if _may_be_unit(unit_heads, text, folded, n.end) and unit_after(after) \
                or _stat_before(r, before, tail) and not _MEAN_SD_LABEL.search(before) \
                or ("%" in after[:2] or "per" in after[:6]) and r.solution_after.match(after):
            masked.add(n.start)
        elif _context_before(r, before, tail) and not (_PERCENT_SIGN.match(after) and _TIME_POINT_BEFORE.search(before)):
            # ("by six months 34 percent were in remission": a share after a time point)
            masked.add(n.start)
            low = before.lower()  # (_RANGE_WORDS needs one of its words; none has a non-ASCII case partner)
            if ("from" in low or "between" in low or "rang" in low) and _RANGE_WORDS.search(before):
                st.range_start.add(n.start)  # "d ranged from 0.48 to 0.85": still an effect size
        elif not n.word and abs(n.value) >= 1900 and abs(n.value) <= 2100 and n.value == int(n.value):
            masked.add(n.start)
        # (a ratio's colon comes within the first two characters after the figure)
        elif ":" in after[:2] and _RATIO_AFTER.match(after) or ":" in before[-3:] and _RATIO_BEFORE.search(before) \
                and not (before.endswith(": ") and _PERCENT_SIGN.match(after)):  # ratios 1:1, times
            # ("Response at day 21: 52%" is a label then a share, not a ratio)
            masked.add(n.start)
        # (a word character, which is what str.isalnum is besides "_", or a slash)
        elif (after[:1].isalnum() or after[:1] in ("_", "/")) and not _ORDINAL.match(after):
            masked.add(n.start)  # glued to a word: 0.5mg, 16-item, 3rd
    # "(−0.72 to −0.10)" right after a figure is its interval even without a "CI" label.
    # ... also after its unit and with a comma in square brackets: "−5.5 points [−8.2, −2.8]".
    for n in st.nums:
        if n.start in st.ci_bounds:
            continue
        pos = n.end
        unit = _POINTS_UNIT.match(text, pos) if text.startswith((" p", "-p", " P"), pos) else None
        if unit is not None:
            pos = unit.end()
        if text.startswith(("(", " (", "[", " ["), pos):
            m = _BARE_TO.match(text, pos) or _BARE_PAIR.match(text, pos)
            if m:
                for k in range(_idx(st, pos), _idx(st, m.end())):
                    st.ci_bounds.add(st.nums[k].start)
    for m in scanner(r.ci95).finditer(text):
        st.masked.add(m.start())
        # Interval bounds are never point estimates, wherever the interval sits
        # ("difference 95% CI 2%, 30%", or an interval after the p value).
        _ci_after(st, m.start(), allow_bare=False)


def _scale_spans(text: str) -> list[tuple[int, int, str]]:
    return list(rules().scales.finditer(text))


@functools.cache
def _outcome_phrases() -> tuple[re.Pattern, tuple[str, ...] | None]:
    """The outcome phrases' expression and the case-insensitive literals one of which starts each
    of its matches (None when there are none)."""
    pattern = rules().outcomes
    return pattern, _start_literals(pattern)


def _start_literals(pattern: re.Pattern) -> tuple[str, ...] | None:
    """The case-insensitive literals one of which starts every match of ``pattern`` (from its
    scanner), or None when some match may start otherwise."""
    heads = scanner(pattern).heads
    return heads[1] if heads is not None and not heads[0] and heads[1] else None


def _outcome(st: _State, pos: int) -> str | None:
    """The scale (or outcome phrase) a figure at ``pos`` most likely refers to."""
    s0, s1 = sentence_of(st.bounds, pos, len(st.text))
    i = bisect.bisect_left(st.scale_starts, pos)
    if i > 0 and st.scales[i - 1][0] >= s0:
        return st.scales[i - 1][2]
    if i < len(st.scales) and st.scales[i][0] < s1:
        return st.scales[i][2]
    if s0 not in st.sentence_outcomes:
        # One pass over the sentence; the most specific phrase found wins (file order).
        sentence = st.text[s0:s1]
        rank = rules().outcome_rank
        pattern, literals = _outcome_phrases()
        if literals is not None:
            # (what its scanner's finditer of the sentence finds, see _nearest: a sentence is
            # shorter than the scanner's bound for looking its many literals up one by one, and
            # the prefix tree it uses instead is tried at every offset)
            matches = matches_at(pattern, sentence, _literal_starts(literals, folded_text(st.text), s0, s1))
        else:
            matches = scanner(pattern).finditer(sentence)
        found = [rank[m.group(0).lower()] for m in matches]
        st.sentence_outcomes[s0] = rules().outcome_names[min(found)] if found else None
    if st.sentence_outcomes[s0]:
        return st.sentence_outcomes[s0]
    j = bisect.bisect_left(st.scale_starts, s0)
    return st.scales[j - 1][2] if j > 0 and s0 - st.scales[j - 1][0] < 600 else None


_ARM_RIGHT = re.compile(
    r"^[\s%)\]]*(?:percent|per cent)?\s*(?:\((?:SD|SE)[^)]*\)|\[(?:SD|SE)[^\]]*\])?\s*,?\s*(?=(?:of|in|for|to|with|after|on|receiv\w*|treated|given|who|that|respond\w*|remitt?\w*|improv\w*)\b)(?:of\s+|in\s+|for\s+|to\s+|with\s+|after\s+|on\s+)?"
    r"(?:(?:the|those|patients|participants|subjects|individuals|people|adults)\s+)*"
    r"(?:(?:who|that)\s+)?(?:(?:were|had|have)\s+)?(?:(?:respond\w*|remitt?\w*|improv\w*)\s+(?:to|with|on|after)\s+)?"
    r"(?:receiv\w*|treated with|given|assigned to|randomi[sz]ed to|in\s+the|on)?\s*"
    r"(?:(?:intravenous|intranasal|oral|iv|IV|single|repeated|the)\s+)*(?P<arm>[\w-]+(?:\s[\w-]+)?)", re.I)
# (A match found from inside a word would also be found from the word's start, which comes first:
# the look-behind only spares the engine the tries inside words.)
_ARM_LEFT = re.compile(r"(?<![\w-])(?P<arm>[\w-]+)\s+(?:group|arm|condition)?\s*[(:,]?\s*$", re.I)
_ARM_LEFT_RECEIVING = re.compile(r"(?:receiving|receiv\w+|treated with|given|after)\s+(?:\w+\s+)?(?P<arm>[\w-]+)\s*,\s*$", re.I)


@functools.lru_cache(maxsize=4096)
def _word_arm(word: str) -> str | None:
    w = word.lower().strip()
    if not w:
        return None
    if w.endswith("ketamine") or w == "spravato":
        return "esketamine" if w.startswith(("es", "spravato")) else "ketamine"
    hits = find_mentions(word)
    return hits[0].name if hits else None


def _arm_name(st: _State, word: str) -> str | None:
    name = _word_arm(word)
    if name is None:
        return None
    if name in {"placebo", "active placebo"}:
        if "saline" in st.comparators and "placebo" not in st.comparators:
            return "saline"
        if "midazolam" in st.comparators and "placebo" not in st.comparators:
            return "midazolam"
    return name


def _arm(st: _State, start: int, end: int, sentence: tuple[int, int] | None = None) -> str | None:
    """The arm named right after or before the figure at [start, end); ``sentence``: its
    sentence's bounds when the caller has them."""
    text = st.text
    s0, s1 = sentence if sentence is not None else sentence_of(st.bounds, start, len(text))
    m = _ARM_RIGHT.match(text[end:min(s1, end + 90)])
    if m:
        first = m.group("arm").split()
        for w in first:
            name = _arm_name(st, w)
            if name:
                return name
    left = text[max(s0, start - 60):start]
    # (_ARM_LEFT_RECEIVING ends with a comma and spaces)
    for pattern in (_ARM_LEFT_RECEIVING, _ARM_LEFT) if left.rstrip().endswith(",") else (_ARM_LEFT,):
        m = pattern.search(left)
        if m:
            name = _arm_name(st, m.group("arm"))
            if name:
                return name
    return None


_P_OPS = {"≤": "<", "≥": ">", "of": "=", "was": "=", "is": "="}


def _pvalue(st: _State, pos: int, limit: int) -> tuple[float | None, str | None, int]:
    """First p value starting within [pos, limit): (value, op, end offset)."""
    # Search a little past ``limit`` so a p value starting before it is read whole ("p<0.05"
    # cut at the limit would read as "p<0.0"). (A p value starts with its "p" or "P".)
    text = st.text
    if text.find("p", pos, limit) < 0 and text.find("P", pos, limit) < 0:
        return None, None, pos
    m = scanner(rules().pval).search(text, pos, min(len(text), limit + 12))
    if not m or m.start() >= limit:
        return None, None, pos
    op = m.group("op")
    return to_float(m.group("v")), _P_OPS.get(op, op), m.end()


_SE_BRACKET = re.compile(r"\s*[\[(]\s*(?:SE|SD|SEM|s\.e\.)\s*[=:,]?\s*[\d.·]+\s*[\])]")


def _ci_after(st: _State, pos: int, allow_bare: bool) -> tuple[float | None, float | None, int]:
    """Confidence interval written right after ``pos``: (low, high, end offset)."""
    r = rules()
    se = _SE_BRACKET.match(st.text, pos)
    if se:
        pos = se.end()
    window = st.text[pos:pos + 90]
    m = r.ci.match(window)
    if not m and (allow_bare or "([" in window[:4]):
        m = r.bare_ci.match(window)  # ("([−21.4, −10.4]; p < 0.0001)": a bracket in brackets is an interval)
    if not m:
        return None, None, pos
    lo, hi = to_float(m.group("lo")), to_float(m.group("hi"))
    for g in ("lo", "hi"):
        a, b = pos + m.start(g), pos + m.end(g)
        for n in st.nums[_idx(st, a):_idx(st, b)]:
            st.ci_bounds.add(n.start)
            st.used.add(n.start)
    return lo, hi, pos + m.end()


_CI_INSIDE = re.compile(rf"\s*[,;]\s*(?P<lo>{NUM})\s*(?:to|–|—)\s*(?P<hi>{NUM})\s*[)\]]")


def _ci_inside(st: _State, pos: int, default_end: int) -> tuple[float | None, float | None, int]:
    """An unlabelled interval sharing the estimate's bracket ("(−0.79, −1.04 to −0.54)")."""
    m = _CI_INSIDE.match(st.text, pos)
    if m is None:
        return None, None, default_end
    for g in ("lo", "hi"):
        for n in st.nums[_idx(st, m.start(g)):_idx(st, m.end(g))]:
            st.ci_bounds.add(n.start)
            st.used.add(n.start)
    return to_float(m.group("lo")), to_float(m.group("hi")), m.end()


_ROW_REACH = 600  # how far back a measure named once still governs bracketed rows


def _bracket_rows(st: _State) -> list[dict]:
    """Rows of a network meta-analysis written after the measure was named ("Effects are SMDs ...
    ketamine (−0.79, −1.04 to −0.54)"): each bracket holds one estimate and its interval."""
    text = st.text
    out = []
    for n in st.nums:
        if n.word or n.start in st.used or n.start in st.masked or n.start in st.ci_bounds \
                or text[n.start - 1:n.start] not in ("(", "["):
            continue
        lo, hi, end = _ci_inside(st, n.end, n.end)
        if lo is None:
            continue
        k = bisect.bisect_left([a.s for a in st.anchors], n.start)
        if k and n.start - st.anchors[k - 1].e <= _ROW_REACH:
            measure = st.anchors[k - 1].measure
            s0 = sentence_of(st.bounds, n.start, len(text))[0]
            if st.anchors[k - 1].s < s0 and _DIFFERENCE_WORD.search(text, s0, n.start):
                measure = "mean_difference"  # "... NNT of 5. By day 28 the difference was smaller (−1.2, −3.0 to 0.6)"
            elif measure == "nnt":
                continue  # a number needed to treat heads no rows
            p, op, p_end = _pvalue(st, end, min(len(text), end + 45))
            out.append(_effect(st, measure, n, n.start, max(end, p_end), ci_low=lo, ci_high=hi, p=p, p_op=op))
    return out


def _ci_later(st: _State, pos: int, s1: int, default_end: int) -> tuple[float | None, float | None, int]:
    """An interval later in the clause with no figure between ("11.9 points greater with
    ketamine than with midazolam (95% CI, 5.1 to 18.7)"): it belongs to the difference."""
    m = scanner(rules().ci95).search(st.text, pos, min(s1, pos + 120))
    if m is None or re.search(r"[;.]\s", st.text[pos:m.start()]):
        return None, None, default_end
    for n in st.nums[_idx(st, pos):_idx(st, m.start())]:
        if n.start not in st.masked:
            return None, None, default_end
    start = m.start()
    while start > pos and st.text[start - 1] in " ([":
        start -= 1
    lo, hi, end = _ci_after(st, start, allow_bare=False)
    return (lo, hi, end) if lo is not None else (None, None, default_end)


# Plausible magnitudes per measure: "HR 88" in a vital-signs sentence is a heart rate.
_SANE = {
    "odds_ratio": (0.0, 50.0), "risk_ratio": (0.0, 50.0), "hazard_ratio": (0.0, 50.0),
    "smd": (-10.0, 10.0), "cohens_d": (-10.0, 10.0), "hedges_g": (-10.0, 10.0),
    "nnt": (-1000.0, 1000.0), "response_rate": (0.0, 100.0), "remission_rate": (0.0, 100.0),
    "percent_change": (-1000.0, 1000.0), "mean_difference": (-1000.0, 1000.0),
    "score_change": (-1000.0, 1000.0), "other": (-1e6, 1e6),
}


def plausible(measure: str, value: float) -> bool:
    """True when ``value`` is a believable figure for ``measure``."""
    lo, hi = _SANE.get(measure, (-1e6, 1e6))
    if measure in {"odds_ratio", "risk_ratio", "hazard_ratio"}:
        return lo < value < hi
    return lo <= value <= hi


def _effect(st: _State, measure: str, num: Num, start: int, end: int, **kw) -> dict:
    text = st.text
    out = {
        "measure": measure, "value": num.value, "ci_low": kw.get("ci_low"), "ci_high": kw.get("ci_high"),
        "p": kw.get("p"), "p_op": kw.get("p_op"), "outcome": _outcome(st, num.start),
        "arm": kw.get("arm"), "text": text[start:end], "start": start, "end": end,
    }
    st.used.add(num.start)
    return out


_POINTS_UNIT = re.compile(r"[\s-]*(?:points?|pts?)\b", re.I)
_ANCHOR_NOT_A_MEASURE = re.compile(r"\s+(?:reductions?|differences?|increases?)\b", re.I)


@dataclass(slots=True)
class _Anchor:
    s: int
    e: int
    measure: str

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e


# "p for subgroup difference", "test for interaction": what follows names a test, not an effect.
# A measure named as the method of a review: "(Hedges' g) were pooled with a random-effects model";
# a later number belongs to it only when set off as its value ("were calculated for response: 2.3").
_METHOD_AFTER = re.compile(r"\s*[)\]]?\s*(?:were|was|are|is)\s+(?:then\s+)?(?:pooled|calculated|computed|estimated|"
                           r"used|derived|combined|synthesi[sz]ed|extracted|expressed|meta-analy[sz]ed)\b", re.I)
_VALUE_LEAD = re.compile(r"(?:[:=]|\bof|\bwas|\bwere)\s*(?:about\s+)?$", re.I)
_TEST_OF = re.compile(r"(?:\b[Pp]\s*(?:[-‐]?\s*values?)?|\btests?|\bχ2|\bchi-?squared?)\s+(?:for|of)\s+(?:the\s+)?(?:[\w-]+\s+){0,2}$")


_BOUND_GAP = re.compile(r"\b(?:above|below|exceed\w*|greater than|less than|over|under)\s*$|[<>≥≤]\s*$", re.I)


_PHASE_BEFORE = re.compile(r"\bphase\s*$", re.I)
_CI_LABEL_SOURCE = r"\(\s*(?:95\s?%\s*)?CI\s*\)"  # "(CI)", "(95% CI)"
_CI_LABEL = re.compile(_CI_LABEL_SOURCE)
_GAP_BREAK = re.compile(r"[.;]\s|\bper\b")
_GAP_CI_LABEL = re.compile(rf"[^;]*{_CI_LABEL_SOURCE}[^;]*")
_RANGE_DASH = re.compile(rf"^\s?[-–—]\s?(?P<v>{UNSIGNED})(?![\d%])")
_RANGE_TO = re.compile(rf"^\s*(?:to|and|-|–)\s*(?P<v>[-−]?{UNSIGNED})(?![\d%])")


def _anchored(st: _State) -> list[dict]:
    r = rules()
    text = st.text
    anchors = [_Anchor(*a) for a in r.anchors.finditer(text)]
    st.anchors = anchors
    out = []
    for k, a in enumerate(anchors):
        measure = a.measure
        if _ANCHOR_NOT_A_MEASURE.match(text, a.end()):
            continue  # "relative risk reduction", "risk difference": not the ratio itself
        # (_TEST_OF needs its "for" or "of" before the measure)
        if (text.find("of", max(0, a.start() - 40), a.start()) >= 0 or text.find("for", max(0, a.start() - 40), a.start()) >= 0) \
                and _TEST_OF.search(text, max(0, a.start() - 40), a.start()):
            continue  # "p for subgroup difference = 0.03": the value is a test's p, not an effect
        s0, s1 = sentence_of(st.bounds, a.start(), len(text))
        limit = min(s1, a.end() + 90)
        if k + 1 < len(anchors):
            limit = min(limit, anchors[k + 1].start())
        # A baseline word speaks of its own clause: "fell from 18.9 at baseline ...; the effect
        # size was d = 1.31" reports the change, not a baseline imbalance.
        sentence_before = text[s0:a.start()]
        sentence_before = sentence_before[sentence_before.rfind(";") + 1:]
        trap = r.baseline_trap.search(sentence_before) and not r.baseline_ok.search(text[s0:s1])
        # "risk ratio (95 % CI) of 0.86 (0.61 to 1.20)": the interval label comes before the value.
        label_window = text[a.end():a.end() + 20]
        label_first = "CI" in label_window and _CI_LABEL.search(label_window) is not None
        value = None
        for n in st.nums[_idx(st, a.end()):]:
            if n.start >= limit:
                break
            if (n.start in st.masked and n.start not in st.range_start) or n.start in st.used or n.word \
                    or _PHASE_BEFORE.search(text, max(0, n.start - 7), n.start):
                continue  # (not "heading into Phase 3": a trial phase)
            gap = text[a.end():n.start]
            if _GAP_BREAK.search(gap) and not _GAP_CI_LABEL.fullmatch(gap):
                break
            if "9" in gap and scanner(r.ci95).search(gap) and not label_first:  # ("95", "90" or "99")
                break  # "difference 95% CI 2%, 30%": an interval with no point estimate
            if _METHOD_AFTER.match(text, a.end()) and not _VALUE_LEAD.search(gap):
                break  # "mean differences (Hedges' g) were pooled ... rated with RoB 2": a method, no value
            if _BOUND_GAP.search(gap):
                break  # "a lower confidence limit of the ROR above 1": a criterion, not an estimate
            value = n
            break
        if value is None or _PERCENT_SIGN.match(text, value.end):
            continue  # a ratio, effect size or NNT is never printed as a percentage
        if measure == "mean_difference" and _RANGE_WORDS.search(text, max(s0, value.start - 12), value.start):
            # "differences across trials ranged from 5.2 to 13.6 points": the spread of many
            # studies' results, not one estimate (ranges of effect sizes stay, as "d ranged ...")
            rng = _RANGE_SPAN_NEXT.match(text, value.end)
            if rng:
                st.used.update((value.start, rng.start("v")))
                continue
        lo, hi, end = _ci_after(st, value.end, allow_bare=True)
        if lo is None and text[a.start() - 1:a.start()] in ("(", "["):
            lo, hi, end = _ci_inside(st, value.end, end)  # "(OR 0.84, 0.49 to 1.44)"
        unit = _POINTS_UNIT.match(text, value.end) if lo is None else None
        if unit:  # "mean difference 1.9 points; 95% CI −3.1 to 6.9"
            lo, hi, end = _ci_after(st, unit.end(), allow_bare=False)
            end = max(end, unit.end())
        p, p_op, p_end = _pvalue(st, end, min(s1, end + 45))
        if trap:
            st.used.add(value.start)
            continue
        out.append(_effect(st, measure, value, a.start(), max(end, p_end, value.end),
                           ci_low=lo, ci_high=hi, p=p, p_op=p_op))
        # "d=0.75-0.86": a range of effect sizes, both ends recorded.
        rng = _RANGE_DASH.match(text[value.end:value.end + 12])
        if value.start in st.range_start and rng is None:
            rng = _RANGE_TO.match(text[value.end:value.end + 16])
        if lo is None and rng:
            i = _idx(st, value.end + rng.start("v"))
            second = st.nums[i] if i < len(st.nums) and st.nums[i].end == value.end + rng.end() else None
            if second is not None and second.start not in st.used:
                signed = value.start in st.range_start and text[value.end + rng.start("v")] in "-−"
                second = Num(value.end + rng.start("v"), second.end, second.value if signed else abs(second.value))
                out.append(_effect(st, measure, second, a.start(), second.end))
                st.used.add(second.start)
        cont_limit = min(s1, anchors[k + 1].start() if k + 1 < len(anchors) else s1)
        # "g = −0.33 vs −0.74": a second figure set against the first shares its measure; and
        # "the effect size was 0.91; ... it fell to 0.43": a pronoun carries the measure on.
        if lo is None:
            vs = _VS_SECOND.match(text, value.end)
            if vs:
                _second(st, out, measure, a.start(), vs.start("v"), cont_limit)
            elif measure == "mean_difference" and (both := _AND_POINTS.match(text, value.end)):
                _second(st, out, measure, both.start("v"), both.start("v"), cont_limit)  # "differences of 3.8 and 5.1 points"
            elif _PLURAL_ANCHOR.search(text, a.start(), a.end()):
                for pos in _list_rest(text, value.end):  # "numbers needed to treat were 5.3 and 4.4"
                    _second(st, out, measure, pos, pos, cont_limit)
        after_value = max(end, value.end)
        if text.find(",", after_value, cont_limit) >= 0 or text.find(";", after_value, cont_limit) >= 0:
            for it in _IT_REFERS.finditer(text, after_value, cont_limit):  # (which opens with "," or ";")
                _second(st, out, measure, it.start("it"), it.start("v"), cont_limit)
        # Later figures in the sentence that carry their own interval share the measure.
        for n in st.nums[_idx(st, max(end, value.end)):]:
            if n.start >= cont_limit:
                break
            if n.start in st.masked or n.start in st.used or n.word or measure == "nnt" and n.value < 1:
                continue  # (a number needed to treat is never below 1: "−1.2, −3.0 to 0.6" is a difference)
            lo2, hi2, end2 = _ci_after(st, n.end, allow_bare=label_first or lo is not None)
            if lo2 is None and lo is not None and text[n.start - 1:n.start] in ("(", "["):
                # a network meta-analysis row: "intravenous ketamine (−0.79, −1.04 to −0.54)"
                lo2, hi2, end2 = _ci_inside(st, n.end, end2)
            if lo2 is None:
                continue
            p2, op2, p_end2 = _pvalue(st, end2, min(s1, end2 + 45))
            out.append(_effect(st, measure, n, n.start, max(end2, p_end2), ci_low=lo2, ci_high=hi2, p=p2, p_op=op2))
    return out


# "By one week, the effect had shrunk to 0.18": an effect size named earlier, restated later.
_EFFECT_NOW = re.compile(rf"(?<=the\s)(?:effect(?:\s+size)?|benefit|advantage)\s+(?:had\s+|has\s+|was\s+)?"
                         rf"(?:shrunk|shrank|fallen|fell|dropped|declined|diminished|narrowed|waned|grown|grew|"
                         rf"risen|rose|increased)\s+to\s+(?:only\s+|just\s+|about\s+)?(?P<v>{NUM})"
                         rf"(?![\d%·]|[.]\d|\s?(?:%|percent|points?)\b)", re.I)
_EFFECT_SIZES = {"smd", "cohens_d", "hedges_g"}


def _effect_restated(st: _State, found: list[dict]) -> list[dict]:
    """An effect size restated later ("the effect had shrunk to 0.18") keeps the measure named before."""
    if not any(e["measure"] in _EFFECT_SIZES for e in found):
        return []
    out = []
    for m in scanner(_EFFECT_NOW).finditer(st.text):
        named = [e for e in found if e["measure"] in _EFFECT_SIZES and e["start"] < m.start() <= e["start"] + 600]
        if named:
            _second(st, out, named[-1]["measure"], m.start(), m.start("v"), m.end())
    return out


_VS_SECOND = re.compile(rf"\s*(?:vs\.?|versus)\s*(?P<v>{NUM})(?![\d%.·]|\s?(?:%|percent|mg|points?)\b)", re.I)
_IT_REFERS = re.compile(rf"[;,]\s*(?:[\w-]+\s+){{0,6}}?(?P<it>it|this|that)\s+(?:fell|dropped|declined|decreased|shrank|"
                        rf"rose|increased|grew|was)\s+(?:only\s+|just\s+)?(?:to\s+)?(?:only\s+|just\s+)?(?P<v>{NUM})"
                        rf"(?![\d%.·]|\s?(?:%|percent|points?)\b)", re.I)


_AND_POINTS = re.compile(rf"\s+and\s+(?P<v>{NUM})\s+points?\b", re.I)
# A measure named in the plural heads a list of its values: "odds ratios were 2.5 and 3.4"
_PLURAL_ANCHOR = re.compile(r"(?:ratios|sizes|differences|numbers|NNTs|ORs|HRs|RRs|SMDs)(?![\w])", re.I)
_LIST_ITEM = re.compile(rf"(?:\s*,\s*(?P<and>and\s+)?|\s+(?P<and2>and)\s+)(?P<v>{NUM})"
                        rf"(?![\d%·]|[.]\d|\s?(?:%|percent|points?|mg|years?|months?|weeks?|days?|hours?)\b)", re.I)


def _list_rest(text: str, pos: int) -> list[int]:
    """Starts of the figures that continue a list after ``pos`` ("5.3 and 4.4", "0.5, 0.7 and 0.9"),
    or [] when what follows is no list closed by "and"."""
    found = []
    while len(found) < 5:
        m = _LIST_ITEM.match(text, pos)
        if m is None:
            return []
        found.append(m.start("v"))
        if m.group("and") or m.group("and2"):
            return found
        pos = m.end()
    return []


def _second(st: _State, out: list[dict], measure: str, start: int, pos: int, limit: int) -> None:
    """Record the figure starting at ``pos`` with ``measure`` (span from ``start``), unless taken."""
    i = _idx(st, pos)
    if i >= len(st.nums) or st.nums[i].start != pos or pos >= limit:
        return
    n = st.nums[i]
    if n.start in st.used or n.start in st.masked or n.word:
        return
    lo, hi, end = _ci_after(st, n.end, allow_bare=True)
    out.append(_effect(st, measure, n, start, max(end, n.end), ci_low=lo, ci_high=hi))


_TIMES_THE = re.compile(rf"(?P<v>{NUM})[\s-]?(?:times|fold)\s+(?:the\s+|higher\s+|greater\s+|increased\s+)?"
                        r"(?P<what>odds|risk|likelihood|hazard|rate)\b"
                        rf"|(?P<v2>{NUM})\s+times\s+(?:as|more)\s+(?P<what2>likely)\s+to\b", re.I)
_TIMES_WORD = re.compile(r"(?<=[\d\s-])(?:times|fold)\s+(?:the\s+|higher\s+|greater\s+|increased\s+)?(?:odds|risk|likelihood|hazard|rate)\b"
                         r"|(?<=[\d\s])times\s+(?:as|more)\s+likely\s+to\b", re.I)
# "The odds of remission were 1.86 times higher with ketamine": the ratio named before its value.
_ODDS_WERE_TIMES = re.compile(rf"(?<![\w-])(?P<what>odds|risk|likelihood|hazard)\s+(?:of\s+(?:[\w-]+\s+){{1,3}}?)?"
                              rf"(?:was|were|is|are)\s+(?:about\s+|approximately\s+|roughly\s+|nearly\s+)?"
                              rf"(?P<v>{NUM})[\s-]?(?:times|fold)\s+(?:higher|greater|larger|as high|lower|smaller)\b", re.I)
# "For the nasal spray, the corresponding figure was 1.5 times": a ratio named before, for another arm
_CORRESPONDING_TIMES = re.compile(rf"\bcorresponding\s+(?:figure|estimate|ratio|number|value)\s+(?:was|is|were)\s+"
                                  rf"(?:about\s+|roughly\s+|approximately\s+|only\s+)?(?P<v>{NUM})[\s-]?(?:times|fold)\b", re.I)
_TIMES_MEASURE = {"odds": "odds_ratio", "risk": "risk_ratio", "likelihood": "risk_ratio",
                  "rate": "risk_ratio", "hazard": "hazard_ratio", "likely": "risk_ratio"}
# "1.4 times as likely to reach remission": a ratio of shares, counted only for a benefit outcome
LIKELY_REACH = 40


def _times_the(st: _State) -> list[dict]:
    """"had 2.8 times the odds of remission (95% CI, 1.3-6.1)": a ratio written in words."""
    text = st.text
    if "times" not in text and "fold" not in text:
        return []
    out = []
    # Find the rare word first, then match the figure in a short window before it (a pattern
    # that starts with an optional sign would otherwise be tried at every offset of the text).
    found = []
    for w in scanner(_TIMES_WORD).finditer(text):
        m = _TIMES_THE.search(text, max(0, w.start() - 16), w.end() + 30)
        if m is not None and m.start("v") < w.start():
            found.append(m)
    found += scanner(_ODDS_WERE_TIMES).finditer(text)
    r = rules()
    for m in found:
        v = "v" if m.group("v") is not None else "v2"
        what = m.group("what") or m.group("what2")
        i = _idx(st, m.start(v))
        if i >= len(st.nums) or st.nums[i].start in st.used:
            continue
        n = st.nums[i]
        if not m.start(v) <= n.start < m.end(v):
            continue
        s0, s1 = sentence_of(st.bounds, m.start(), len(text))
        tail = text[m.end():min(s1, m.end() + 30)]
        if scanner(r.negative).search(tail.split("(")[0]):
            continue  # "a 1.9-fold higher risk of dissociation": safety, not an effect (its interval aside)
        if what.lower() == "likely" and not any(
                scanner(pattern).search(text[m.end():min(s1, m.end() + LIKELY_REACH)])
                for pattern in (r.response, r.remission, r.improvement)):
            continue  # "twice as likely to drop out", "1.5 times as likely to be women"
        lo, hi, end = _ci_after(st, m.end(), allow_bare=False)
        if lo is None:
            lo, hi, end = _ci_later(st, m.end(), s1, m.end())
        p, op, p_end = _pvalue(st, end, min(s1, end + 45))
        out.append(_effect(st, _TIMES_MEASURE[what.lower()], n, n.start, max(end, p_end),
                           ci_low=lo, ci_high=hi, p=p, p_op=op))
    if out and "corresponding" in text:
        # "... about 2.6 times as likely to respond. For the nasal spray, the corresponding figure
        # was 1.5 times": the same ratio for another arm
        # (a figure before "times" is masked as a multiplier: the phrase itself says what it is)
        for m in scanner(_CORRESPONDING_TIMES).finditer(text):
            named = [e for e in out if e["end"] <= m.start() <= e["end"] + CORRESPONDING_REACH]
            i = _idx(st, m.start("v"))
            if named and i < len(st.nums) and st.nums[i].start == m.start("v") and st.nums[i].start not in st.used:
                out.append(_effect(st, named[-1]["measure"], st.nums[i], m.start(), m.end()))
    return out



# A number needed to treat in words: "About 13 women would need to receive the medicine to prevent
# one case", "8 patients need to be treated for one more to respond".
_NEED_WORD = re.compile(r"(?<![\w-])need(?:ed|s)?\s+to\b", re.I)
_NNT_WORDS = re.compile(
    r"(?P<v>[\w-]+)\s+(?:[\w-]+\s+){0,2}?(?:would\s+|will\s+|must\s+)?need(?:ed|s)?\s+to\s+"
    r"(?:be\s+)?(?:treated|treat|receive|take|be\s+given|get|use)\b[^.;]{0,60}?"
    r"\b(?:to\s+(?:prevent|avoid|achieve|produce|gain|see|get)\s+(?:one|1|a\s+single)\b"
    r"|for\s+(?:one|1)\s+(?:more\s+|additional\s+|extra\s+)?(?:[\w-]+\s+)?to\s+(?:benefit|respond|remit|improve|recover))", re.I)


# ... or turned round: "one case was prevented for every eight women treated", "for every 6
# patients treated, one more responded".
_FOR_EVERY = re.compile(r"(?<![\w-])for\s+every\b", re.I)
_ONE_PER_TREATED = re.compile(
    r"(?:\b(?:one|1|a\s+single)\s+(?:additional\s+|extra\s+|more\s+)?(?:[\w-]+\s+){0,4}?(?:was|were|is|would\s+be|could\s+be)\s+"
    r"(?:prevented|avoided|averted|gained)|\b(?:one|1)\s+(?:additional\s+|extra\s+|more\s+)?(?:[\w-]+\s+){0,2}?"
    r"(?:responded|responds|remitted|remits|recovered|recovers|improved|improves|benefited|benefitted|benefits)"
    # "one additional responder for every seven patients treated"
    r"|\b(?:one|1)\s+(?:additional|extra|more)\s+(?:responder|remitter|response|remission)s?)\s+$", re.I)
_EVERY_TREATED = re.compile(r"for\s+every\s+(?P<v>[\w-]+)\s+(?:[\w-]+\s+){0,2}?(?:treated|given\s+\w+|who\s+(?:were\s+treated|received\s+\w+))\b", re.I)


def _nnt_per_treated(st: _State) -> list[dict]:
    """A number needed to treat written as 'one ... prevented for every eight treated'."""
    text = st.text
    out: list[dict] = []
    for w in scanner(_FOR_EVERY).finditer(text):
        m = _EVERY_TREATED.match(text, w.start())
        if m is None or not _ONE_PER_TREATED.search(text, max(0, w.start() - 90), w.start()):
            continue
        i = _idx(st, m.start("v"))
        n = st.nums[i] if i < len(st.nums) else None
        if n is None or n.start != m.start("v") or n.start in st.used or n.value != int(n.value) or n.value < 2:
            continue
        out.append(_effect(st, "nnt", n, n.start, m.end()))
    return out


_COUNT_NOUN = re.compile(r"\d+\s+\w+")
_NEED_TO_TREAT = re.compile(
    r"need(?:ed|s)?\s+to\s+treat\s+(?:about\s+|approximately\s+|roughly\s+|around\s+|some\s+|only\s+)?"
    r"(?P<v>\d+)\s+(?:patients|people|participants|adults)\b[^.;]{0,50}?\bfor\s+(?:one|1|each)\s+"
    r"(?:more\s+|additional\s+|extra\s+)?(?:[\w-]+\s+)?to\s+(?:benefit|respond|remit|improve|recover)\b"
    r"(?:[^.;]{0,20}?\b(?:compared\s+with|versus|vs\.?|against)\s+(?:about\s+|approximately\s+|roughly\s+|around\s+)?"
    r"(?P<v2>\d+)\s+(?:patients|people|participants|adults)\b)?", re.I)


def _nnt_words(st: _State) -> list[dict]:
    """A number needed to treat written out as a sentence."""
    text = st.text
    if "for every" in folded_text(text):  # (the folded text holds it where the lower-cased one does)
        found = _nnt_per_treated(st)
    else:
        found = []
    if "need" not in text:
        return found
    out = found
    for w in scanner(_NEED_WORD).finditer(text):
        # try each number (digits or words) just before "need"
        for n in st.nums[_idx(st, max(0, w.start() - 40)):_idx(st, w.start())]:
            if n.start in st.used or n.value != int(n.value) or n.value < 2:
                continue
            m = _NNT_WORDS.match(text, n.start, min(len(text), w.end() + 110))
            if m is not None and m.end("v") == n.end:
                out.append(_effect(st, "nnt", n, n.start, m.end()))
                break
        # "would need to treat about 4 patients with ketamine for one additional patient to respond,
        # compared with about 8 patients for esketamine": the number after the verb, and its sibling
        after = _NEED_TO_TREAT.match(text, w.start())
        if after is None:
            continue
        for group in ("v", "v2"):
            if after.group(group) is None:
                continue
            i = _idx(st, after.start(group))
            n = st.nums[i] if i < len(st.nums) else None
            if n is not None and n.start == after.start(group) and n.start not in st.used and n.value == int(n.value) \
                    and n.value >= 2:
                out.append(_effect(st, "nnt", n, n.start, _COUNT_NOUN.match(text, n.start).end()))  # "4 patients"
    return out


_PAIR_BEFORE = re.compile(rf"{NUM}\s*(?:points?\s*)?(?:vs\.?|versus|and|compared with)\s*$", re.I)


def _paired_magnitude(before: str) -> bool:
    """"reduction at day 7 was 8.4 vs 3.1 points": the second of a pair shares the first's change."""
    m = _PAIR_BEFORE.search(before)
    return bool(m) and bool(rules().magnitude_before.search(before[:m.start()].rstrip() + " "))


# A physical unit after a mean and its spread: "seizure duration (48.2 ± 11.3 s)" is no score
_MEASURE_UNIT = re.compile(r"\s*(?:\d+(?:[.·]\d+)?\s*)?(?:s|sec|seconds?|ms|min|minutes?|h|hours?|mm\s?Hg|bpm|kg|cm|ml|mL)\b")
_DIFFERENCE_WORD = re.compile(r"\bdifferen(?:ce|ces|t)\b|\b(?:advantage|gap|separation)\b", re.I)


# A threshold or design parameter in points, not a result: "the noninferiority margin of −10
# points", "below the 6-point change clinicians consider noticeable", "a minimal important
# difference of 5".
_POINTS_THRESHOLD = re.compile(
    r"(?:\b(?:margin|threshold|cut-?off|minimal(?:ly)?\s+(?:clinically\s+)?important\s+(?:difference|change)|MCID)"
    r"\s*(?:of|was|is|=|:)?|\b(?:below|above|under|over|exceed\w*|beyond|reach\w*|meet\w*|met)\s+the"
    # "71% maintained at least a 10-point improvement": a criterion met by a share of people
    r"|\bat\s+least\s+(?:an?\s+)?|[≥>]\s*"
    # "response was defined as a 10-point drop": a definition, not a result
    r"|\b(?:defined|definition)\s+(?:as|was)\s+(?:an?\s+)?(?:drop|fall|reduction|decrease|improvement|change)?\s*(?:of\s+)?(?:at\s+least\s+)?)\s*$", re.I)
# "a 5-point difference is considered clinically meaningful": a benchmark stated after its points.
_POINTS_BENCHMARK_AFTER = re.compile(
    r"^[\s-]*(?:points?|pts?)?\s*(?:[\w-]+\s+){0,3}?(?:is|was|are|were)\s+(?:generally\s+|usually\s+|often\s+)?"
    r"(?:considered|deemed|regarded|taken|thought)\b", re.I)


_TRAILING_STATS = re.compile(rf"(?:\s*[;,]?\s*[Pp]\s*(?:[-‐]?\s*values?)?\s*[<>=≤≥]\s*{NUM})?\s*[)\]]?")


def _past_stats(text: str, end: int) -> int:
    """Index past the p value and closing bracket that follow an effect's interval."""
    return _TRAILING_STATS.match(text, end).end()


_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or)\s+")
# The next item of a list of per-arm changes, each with its own arm phrase: "11.8 points with
# 0.5 mg/kg, 9.4 points with 0.2 mg/kg, and 8.1 points with saline", "22 points in the treatment
# group, against 6 points among those waiting". Decimal points inside the arm phrase are allowed.
_POINTS_ITEM_GAP = re.compile(
    r"(?:\s*[(\[][^()\[\]]{0,25}[)\]])?\s+(?:with|in|for|among|on|after|under|from)\s+"
    r"(?:[^.;%()\d]|\d(?:[.·]\d)?)"r"{1,50}?(?:\s*,\s*(?:and\s+|or\s+|against\s+|versus\s+|vs\.?\s+|compared (?:with|to)\s+)?"
    r"|\s+(?:and|against|versus|vs\.?|compared (?:with|to))\s+)", re.I)
# The arm phrase closing a unitless list item: "5.1 with midazolam", "3.9 in the saline group".
_BARE_ITEM_ARM = re.compile(
    r"(?:\s*[(\[]\s*(?:SD|SE|SEM)\b[^()\[\]]{0,15}[)\]])?"  # "9.6 (SD 9.1) with midazolam"
    r"(?P<phrase>\s+(?:with|in|for|among|on|under)\s+(?:the\s+)?[\w-]+(?:\s+(?:group|arm))?)(?=\s*(?:[,.;()]|(?:and|or|after|at|by|over|during)\b|$))", re.I)
# A difference named before its points: "the gap had shrunk to 3.5 points", "the advantage of the
# drug had narrowed to 2.1 points", "a placebo-adjusted
# reduction in MADRS total score of 4.6 points".
_DIFF_BEFORE = re.compile(
    r"(?:\b(?:gap|difference|advantage|benefit|separation)\s+(?:(?:between|of|for|over)\s[^.;]{0,40}?\s)?(?:had\s+|has\s+|was\s+)?"
    r"(?:shrunk|shrank|narrowed|fallen|fell|dropped|declined|widened|grown|grew|increased)\s+to"
    r"|\b(?:placebo|sham|vehicle)[- ](?:adjusted|corrected|subtracted)\s+(?:[\w-]+\s+){0,7}?(?:of|by|was|=|:))"
    r"\s*(?:about\s+|only\s+|just\s+|approximately\s+|roughly\s+|around\s+|nearly\s+)?$", re.I)
# A difference stated before its points, the points perhaps in brackets: "difference was 2.1
# points", "IES-R difference (6.2 points, P = .11)", "the advantage at week 8 (−3.1 points)".
_DIFF_STATED = re.compile(r"\b(?:differ\w*|advantage|gap)(?:\s+[\w-]+){0,5}?\s*(?:was|of|by|=|:|,|\()\s*"
                          r"(?:about|approximately|roughly|~)?\s*$", re.I)
# "7.3 points below that of the placebo group": one arm's level against the other's
_BELOW_THAT_OF = re.compile(r"^\s*(?:below|above|under|over)\s+(?:that|those)\s+(?:of|in|with)\b", re.I)
# "the ketamine group was ahead by 4.9 points": one arm's lead over the other
_AHEAD_BY = re.compile(r"\b(?:(?:ahead|behind)\s+by|by\s+a\s+margin\s+of)\s+(?:about\s+|roughly\s+|nearly\s+|some\s+)?$", re.I)
# "the reductions were 19.3 and 18.5 points": changes named, then their figures
_CHANGES_WERE = re.compile(r"\b(?:reductions|decreases|improvements|declines|drops|changes)\s+(?:were|of)\s+"
                           r"(?:about\s+|roughly\s+|nearly\s+)?$", re.I)
# One arm beating the other by so many points: "ketamine outperformed midazolam by 7.4 points".
_OUTPERFORMED_BY = re.compile(r"\b(?:outperform\w*|outscored|beat|bettered|surpass\w*)\b[^.;]{0,50}?\bby\s+"
                              r"(?:about|approximately|roughly|nearly|around|~)?\s*$", re.I)
# A spread between a figure and its points: "13.6 ± 5.2 points", "12.4 (SD 7.9) points".
_SD_BEFORE_UNIT = re.compile(rf"\s*(?:±|\+/-)\s*{NUM}|\s*[(\[]\s*(?:SD|SE|SEM)\b[^()\[\]]{{0,15}}[)\]]", re.I)
# Items of a list of changes that share one unit: "by 9.8, 12.6 and 7.7 points", "was 9.3 versus 4.6 points".
_POINTS_LIST_SEP = re.compile(r"\s*,\s*(?:and\s+|or\s+)?|\s+(?:and|or|vs\.?|versus)\s+", re.I)


def _points_unit(st: _State, n: Num) -> re.Match | None:
    """The "points" after a figure, past a spread written between them (which is then used up)."""
    points = rules().points
    m = points.match(st.text, n.end)
    if m is None:
        sd = _SD_BEFORE_UNIT.match(st.text, n.end)
        if sd is not None:
            m = points.match(st.text, sd.end())
            if m is not None:
                for k in range(_idx(st, n.end), _idx(st, sd.end())):
                    st.used.add(st.nums[k].start)
    return m


def _points_list_before(st: _State, k: int, s0: int) -> list[Num]:
    """The figures listed before ``st.nums[k]`` that share its points unit ("decreased by 9.8, 12.6
    and 7.7 points", "fell by 14.2 (SD 6.8) and 12.9 (SD 7.1) points"), in text order."""
    text, nums = st.text, st.nums
    out: list[Num] = []
    nxt = k
    j = k - 1
    while j >= 0:
        gap_from = nums[j].end
        if j > 0:
            sd = _SD_BEFORE_UNIT.match(text, nums[j - 1].end)
            if sd is not None and sd.end() >= nums[j].end:
                j -= 1  # nums[j] was the spread of the figure before it
                gap_from = sd.end()
        e = nums[j]
        if e.word or e.start in st.masked or e.start in st.used or e.start < s0 \
                or not _POINTS_LIST_SEP.fullmatch(text, gap_from, nums[nxt].start):
            break
        out.append(e)
        nxt = j
        j -= 1
    return out[::-1]


_POINT_SCALE = re.compile(r"[\s-]*points?\s+(?:scale|range|instrument|questionnaire|measure)\b", re.I)
# What every match of ``rules().points`` holds, looked up in :func:`folded_text` (lower-cased with
# each offset kept, as the case-insensitive unit reads it): a text without it has no points unit.
_POINTS_WORD = re.compile(r"p(?:oints?|ts?)(?!\w)")


def _points(st: _State) -> list[dict]:
    r = rules()
    text = st.text
    if _POINTS_WORD.search(folded_text(text)) is None:
        return []  # (most texts: no figure in points to read)
    out = []
    for k, n in enumerate(st.nums):
        if n.start in st.used:
            continue
        m = _points_unit(st, n)
        if m is None:
            continue
        if _POINT_SCALE.match(text, n.end):
            st.used.add(n.start)
            continue  # "on the 80-point scale": the scale's range, not a change
        if _POINTS_THRESHOLD.search(text, max(0, n.start - 60), n.start) \
                and not _AHEAD_BY.search(text, max(0, n.start - 40), n.start) \
                or _POINTS_BENCHMARK_AFTER.match(text[n.end:n.end + 60]) or _OR_MORE.match(text, m.end()):
            # "an improvement of 10 points or more": a criterion met by people, not a change
            st.used.add(n.start)
            continue
        s0, s1 = sentence_of(st.bounds, m.start(), len(text))
        # "decreased by 9.8, 12.6 and 7.7 points": the unit and the verb serve the whole list.
        earlier = _points_list_before(st, k, s0)
        head = earlier[0].start if earlier else n.start
        after = text[m.end():min(s1, m.end() + 60)]
        before = text[max(s0, head - 60):head]
        wide = text[max(s0, head - 160):head]
        diff_before = _DIFF_BEFORE.search(wide)
        change_before = r.points_verb_by.search(wide) or r.points_change_to.search(wide)
        if n.word and not (diff_before or change_before):
            continue  # "five points" counts only after a change or difference that asks for it
        if r.points_diff_after.search(after) or diff_before or _DIFF_STATED.search(before) \
                or _OUTPERFORMED_BY.search(before) or _BELOW_THAT_OF.match(after) or _AHEAD_BY.search(before) \
                or re.search(r"\b(?:lower|higher|greater|less|more|larger|smaller)\b[^.;]{0,80}\bthan\b[^.;]{0,70}\bby\s+"
                             r"(?:about|approximately|~)?\s*$", wide, re.I):
            measure = "mean_difference"
        elif r.magnitude_before.search(before) or _paired_magnitude(before) or re.match(r"^\s*(?:reduction|decrease|improvement|drop|change|decline)", after, re.I) \
                or change_before or _CHANGES_WERE.search(before):
            measure = "score_change"
        elif out and out[-1]["end"] >= s0 and _SIBLING_GAP.fullmatch(text, _past_stats(text, out[-1]["end"]), n.start):
            # "by 20 points ... compared with 8 points for placebo", "PCL-5 scores differed by 9.8
            # points (95% CI ...; P = .001), and MADRS scores by 6.1 points"
            measure = out[-1]["measure"]
        elif out and out[-1]["end"] >= s0 and out[-1]["measure"] in ("score_change", "mean_difference") \
                and _POINTS_ITEM_GAP.fullmatch(text, out[-1]["end"], n.start):
            measure = out[-1]["measure"]
        elif r.ci.match(text[m.end():m.end() + 90]) and _DIFFERENCE_WORD.search(text, s0, n.start):
            # "The difference was also small at day 3 (2.0 points; 95% CI −2.2 to 6.2)": points with
            # their own interval in a sentence about a difference are that difference.
            measure = "mean_difference"
        else:
            continue
        for e in earlier:
            out.append(_effect(st, measure, e, e.start, e.end, arm=_arm(st, e.start, e.end)))
        value = Num(n.start, n.end, n.value)
        lo, hi, end = _ci_after(st, m.end(), allow_bare=False)
        if lo is None and measure == "mean_difference":
            lo, hi, end = _ci_later(st, m.end(), s1, end)
        p, op, p_end = _pvalue(st, end, min(s1, end + 80))
        out.append(_effect(st, measure, value, n.start, max(end, m.end()), ci_low=lo, ci_high=hi,
                           p=p, p_op=op, arm=_arm(st, n.start, m.end())))
        # "fell by 9.8 points with ketamine, 5.1 with midazolam and 3.9 with saline": later
        # items drop the unit but keep their own arm phrase.
        prev_end = m.end()
        for nxt in st.nums[k + 1:]:
            if nxt.start < prev_end:
                continue  # a spread before the unit: "12.4 (SD 7.9) points"
            if nxt.start >= s1 or nxt.word or nxt.start in st.masked or nxt.start in st.used \
                    or not _POINTS_ITEM_GAP.fullmatch(text, prev_end, nxt.start):
                break
            arm_m = _BARE_ITEM_ARM.match(text, nxt.end)
            if arm_m is None:
                break
            st.used.add(nxt.start)
            out.append(_effect(st, measure, nxt, nxt.start, arm_m.end("phrase"), arm=_arm(st, nxt.start, nxt.end)))
            prev_end = nxt.end
    return out


# "fell from a mean of 32.5 to 17.2" gives levels, not a change; "0.02 SMD per day" is a rate.
_FROM_LEVEL = re.compile(r"\bfrom\b[^.;]{0,25}$", re.I)
_RATE_UNIT_AFTER = re.compile(r"\s*(?:[A-Za-z]+\s+)?(?:per|/)\s*(?:day|week|month|year|infusion|session|dose)|\s*(?:SMD|SD|units?)\b", re.I)
_SD_AFTER = re.compile(r"^\s*(?:\(\s*(?:SD|SE|SEM|s\.d\.)\b[^)]{0,20}\)|\[\s*(?:SD|SE|SEM)\b[^\]]{0,20}\]|,?\s*(?:SD|SE)\s*[=:,]|\s*±|\s*\+/-)", re.I)


_TREATMENT_EFFECT = re.compile(r"\btreatment effects?\b", re.I)
# "By day 25 the difference had narrowed to −2.6 (−5.9 to 0.7)": the difference at a later time
_DIFF_NOW_BEFORE = re.compile(r"\b(?:difference|gap|advantage)\s+(?:had\s+|has\s+|was\s+)?(?:narrowed|shrunk|shrank|"
                              r"fallen|fell|declined|widened|grown|grew|increased)\s+to\s+(?:about\s+|only\s+)?$", re.I)


_LABELLED_VALUE = re.compile(r"\b(?:mean|change|difference|SD)\s*[=:]\s*$", re.I)
_CHANGE_WORD = re.compile(r"chang|decreas|reduc|improv|declin|lower|drop|differ|fell|fall|worsen|favou?r|advantag"
                          r"|treatment effect", re.I)
_AGE_AFTER = re.compile(r"\bage|years|y\b")


def _group_values(st: _State) -> list[dict]:
    r = rules()
    text = st.text
    out = []
    for n in st.nums:
        if n.start in st.used or n.start in st.masked or n.word or n.start in st.ci_bounds:
            continue
        s0, s1 = sentence_of(st.bounds, n.start, len(text))
        sentence = text[s0:s1]
        sd = _SD_AFTER.match(text[n.end:n.end + 30])
        signed = text[n.start] in "-−–"
        after = text[n.end:n.end + 4]
        if after.lstrip().startswith(("%", "percent")):
            continue
        before = text[max(s0, n.start - 12):n.start]
        # (a "=" or ":" then spaces up to the end: what "[=:]\s*$" finds)
        if before.rstrip()[-1:] in ("=", ":") and not _LABELLED_VALUE.search(before):
            continue
        if signed and (sd or _CHANGE_WORD.search(sentence)):
            stop = n.end + (sd.end() if sd else 0)
            # "(mean change −9.1; 95% CI −11.0 to −7.2)": an interval written right after the change
            lo, hi, ci_end = _ci_after(st, stop, allow_bare=False)
            # "The treatment effect was similar in anxious (−6.8 [−10.5, −3.1]) and ...": subgroup
            # differences, each with its bracketed interval
            subgroup_effect = _TREATMENT_EFFECT.search(sentence) is not None \
                or _DIFF_NOW_BEFORE.search(text, max(s0, n.start - 60), n.start) is not None
            # ... and "−0.7 (95% CI −2.6 to 1.2; p=0.47), −2.9 (−4.8 to −1.0; p=0.004)": the later
            # items of a list keep the interval's bracket without its label
            listed = bool(out) and out[-1]["ci_low"] is not None and out[-1]["end"] >= s0
            if lo is None and (subgroup_effect or listed):
                lo, hi, ci_end = _ci_after(st, stop, allow_bare=True)
            p, op = (None, None)
            if lo is not None:
                p, op, _ = _pvalue(st, ci_end, min(s1, ci_end + 45))
            measure = "mean_difference" if subgroup_effect and lo is not None else "score_change"
            out.append(_effect(st, measure, n, n.start, max(stop, ci_end), ci_low=lo, ci_high=hi,
                               p=p, p_op=op, arm=_arm(st, n.start, stop)))
        elif not signed and (r.magnitude_before.search(text[max(s0, n.start - 70):n.start])
                             and (sd or r.score_words.search(sentence) or st.scales_in(s0, s1))
                             # "reductions were 9.1 (SD 6.9) with 0.5 mg/kg ketamine, 7.4 (SD 7.2) with
                             # 0.2 mg/kg ketamine and 4.6 (SD 6.1) with midazolam": the list goes on
                             or sd and out and out[-1]["measure"] == "score_change" and out[-1]["end"] >= s0
                             and _POINTS_ITEM_GAP.fullmatch(text, out[-1]["end"], n.start)) \
                and not _FROM_LEVEL.search(text, max(s0, n.start - 30), n.start) \
                and not _RATE_UNIT_AFTER.match(text, n.end):
            # "a MADRS reduction of 16.2 ± 9.1", "scores decreased by 12.5 at day 1": an unsigned
            # change written as a magnitude.
            stop = n.end + (sd.end() if sd else 0)
            out.append(_effect(st, "score_change", n, n.start, stop, arm=_arm(st, n.start, stop)))
        elif sd and not signed and r.score_words.search(sentence) \
                and not _AGE_AFTER.search(text[n.end:n.end + 40]) \
                and not _MEASURE_UNIT.match(text, n.end + sd.end()) \
                and not r.baseline_trap.search(text[s0:n.start]):
            out.append(_effect(st, "other", n, n.start, n.end + sd.end(), arm=_arm(st, n.start, n.end + sd.end())))
    return out


_OWNS_NEXT_NUMBER = re.compile(r"(?:\s*rates?)?\s*(?:of|were|was|:|=|,)?\s*[(\[]?\s*[-−]?\d")


_NEGATIVE_HEADS = re.compile(r"[\w\s-]{0,25}[(\[]\s*|\s*(?:rates?|proportion|percentage)?\s*(?:was|were|is|of|at|:|=)?\s*"
                             r"(?:about|approximately|nearly|only)?\s*")
# Between a share and a population noun: "44% of esketamine users", "67 percent of the veterans".
_DENOMINATOR = re.compile(r"\s*(?:%|percent|per cent)?\s*[)\]]?\s*of\s+(?:the\s+|those\s+|all\s+)?(?:[\w-]+\s+){0,2}", re.I)
# A count of people as the object of an outcome clause: "seen in 55 veterans (", "by 12 adults (".
_COUNTED_IN = re.compile(r"\b(?:in|by|among)\s+\d+\s+(?:veterans|patients|participants|people|adults|individuals)$", re.I)
# "31 percent of people in the esketamine group": people of a trial arm, no population statistic
_ARM_DENOMINATOR = re.compile(r"\s+(?:in\s+the\s+[\w-]+\s+(?:group|arm)|(?:given|taking|using|receiving|treated\s+with|on|"
                              r"who\s+(?:got|received|were\s+given|took))\s+(?:the\s+)?(?:ketamine|esketamine|placebo|saline|"
                              r"midazolam|active|study|drug|infusions?|spray))\b", re.I)
# ... "people taking ketamine (27 percent) were in full remission"
_OUTCOME_VERB_AFTER = re.compile(r"\s?(?:%|percent|per cent)?\s*[)\]]\s*(?:had\s+|have\s+)?"
                                 r"(?:responded|remitted|achieved|reached|met|relapsed"
                                 r"|(?:were|was)\s+(?:in\s+(?:full\s+|complete\s+)?remission|responders|remitters))\b", re.I)
_CLAUSE_BREAK = re.compile(r"\b(?:and|or|but|while|whereas)\b|[;,]")


# The response criterion paraphrased ("their symptoms at least halve", "scores cut by at least 50
# percent"): a share of people meeting it is a response rate.
_CRITERION = re.compile(r"(?<![\w-])(?:by\s+)?at\s+least\s+(?:half|halve[ds]?|halving|50\s?(?:%|percent|per cent))"
                        r"|(?<![\w-])cut\s+(?:at\s+least\s+)?in\s+half\b", re.I)
# "scores cut in half": the response criterion, not a share of patients
_IN_HALF = re.compile(r"(?<![\w-])in\s+$", re.I)
# A share stated in the present tense speaks of patients in general, not of this study's result:
# "up to half of patients with OCD respond insufficiently", "a third of patients fail to improve".
_GENERAL_SHARE = re.compile(
    # "30% of the 21 million U.S. adults with depression do not respond": a counted population
    r"\s*(?:of\s+(?:all\s+|the\s+)?(?:[\w-]+\s+|[\d.,]+\s+(?:million|billion|thousand)\s+(?:[\w.-]+\s+)?)?"
    r"(?:patients|people|adults|individuals|those|them|sufferers)\b[^.;:%\d]{0,60}?\s)?"
    r"(?:respond|fail|achieve|reach|remit|improve|do not|don't|experience|benefit|relapse|recover|develop|"
    r"continue to|go on to|need|require|will"
    # "around half still have significant symptoms", "40% of patients remain symptomatic despite
    # adequate treatment", "half are left with troublesome symptoms": what standard care leaves
    r"|still\s+(?:have|has|experience|meet|suffer)|remain\s+(?:symptomatic|unwell|ill|depressed)|are\s+left\s+with)\b", re.I)
# "augmentation helps only about one-third of them": what a treatment does in general.
# "placebo response in depression trials commonly runs 30% to 40%": a habitual level in general.
_HABITUAL = r"(?:commonly|typically|usually|generally|often|normally)"
_HABITUAL_VERB = r"(?:runs?|ranges?|sits?|hovers?|lies|is|are|reach(?:es)?)"
_GENERAL_LEAD = (r"(?<![\w-])(?:(?:helps?|benefits?|works\s+for|affects?)\s+(?:only\s+)?"
                 rf"|(?:{_HABITUAL}|tends\s+to)\s+(?:{_HABITUAL_VERB}|be)\s+(?:at\s+|around\s+|between\s+|from\s+)?"
                 rf"|{_HABITUAL_VERB}\s+{_HABITUAL}\s+(?:at\s+|around\s+|between\s+|from\s+)?)"
                 r"(?:about\s+|approximately\s+|roughly\s+|around\s+|nearly\s+|some\s+)?")
_GENERAL_BEFORE = re.compile(_GENERAL_LEAD + "$", re.I)
# ... and the top of such a range: "commonly runs 30% to 40%"
_GENERAL_RANGE_TOP = re.compile(_GENERAL_LEAD + rf"{NUM}\s?(?:%|percent|per cent)?\s*(?:to|and|-|–)\s*$", re.I)
# "20% of screened patients declined randomisation": a share of the pool, not of an arm.
_POOL_SHARE = re.compile(r"\s*(?:%|percent|per cent)?\s*of\s+(?:the\s+|all\s+)?(?:screened|eligible|approached|"
                         r"invited|contacted|referred)\b", re.I)
# Either end of a range of shares across studies: "response rates ranged from 43% to 71%",
# "range from about 40% to 67%", "up to 15% to 20% of veterans".
_SHARE_RANGE_START = re.compile(r"(?:\brang\w*|\bvar(?:y|ies|ied)|\bup to)(?:\s+(?:from|between))?"
                                r"(?:\s+(?:about|approximately|roughly|some))?\s*$", re.I)
_SHARE_RANGE_TOP = re.compile(rf"(?P<a>{NUM})\s?(?:%|percent|per cent)?\s*(?:to|and|-|–)\s*"
                              r"(?:about\s+|approximately\s+|roughly\s+)?$", re.I)


def _share_range_end(text: str, s0: int, start: int) -> bool:
    """True when the share at ``start`` opens or closes a range of shares across studies."""
    wide = text[max(s0, start - 80):start].lower()
    if "rang" not in wide and "var" not in wide and "up to" not in wide:
        return False  # cheap gate: both forms need a range word close before
    before = text[max(s0, start - 40):start]
    if _SHARE_RANGE_START.search(before):
        return True
    m = _SHARE_RANGE_TOP.search(before)
    return bool(m) and bool(_SHARE_RANGE_START.search(text[max(s0, start - 40 - len(before) + m.start()):start - len(before) + m.start()]))


class _WordLists:
    """Where matches of several word lists may start in a stretch of text, found in one pass.

    Each list opens with "(?<![\\w-])" and one of a few words (the scanner's literal heads): a
    match starts only where one of those words begins, after neither a word character nor a hyphen
    (or at the start of the stretch, when the stretch is searched on its own). One expression
    finds such places for all the lists at once (its opening character class lets the engine skip
    ahead), and the word it finds there, the longest, tells which lists may match: every word that
    begins there is a start of it. Trying each list at its places finds exactly what its
    scanner's ``finditer`` of the stretch finds (see :func:`scan.matches_at`).
    """

    def __init__(self, patterns: tuple[re.Pattern, ...]):
        heads = [scanner(p).heads[1] for p in patterns]
        words = sorted(set().union(*heads))
        self.after_break = re.compile(r"[^\w-]" + trie_pattern(words))
        self.at = re.compile(trie_pattern(words))
        self.owners = {w: tuple(k for k, hs in enumerate(heads) if w.startswith(hs)) for w in words}
        self.size = len(patterns)

    @staticmethod
    def fit(pattern: re.Pattern) -> bool:
        """True when every match of ``pattern`` opens with "(?<![\\w-])" and a lower-case word."""
        sc = scanner(pattern)
        return sc.heads is not None and not sc.heads[0] and bool(sc.heads[1]) and sc.guard == "\\w-"

    def starts(self, folded: str, lo: int, hi: int) -> list[list[int]]:
        """Per list, the offsets into ``folded[lo:hi]`` (a stretch of :func:`folded_text`) where
        a match of it may start when the stretch is searched on its own."""
        out: list[list[int]] = [[] for _ in range(self.size)]
        m = self.at.match(folded, lo, hi)  # the stretch's start: no character before it
        if m is not None:
            for k in self.owners[m.group()]:
                out[k].append(0)
        search = self.after_break.search
        m = search(folded, lo, hi)
        while m is not None:
            at = m.start() + 1
            for k in self.owners[m.group()[1:]]:
                out[k].append(at - lo)
            m = search(folded, at, hi)
        return out


def _literal_starts(literals: tuple[str, ...], folded: str, lo: int, hi: int) -> list[int]:
    """Sorted offsets into ``folded[lo:hi]`` (a stretch of :func:`folded_text`) where one of
    ``literals`` (lower-cased) starts and ends within the stretch."""
    out = []
    for literal in literals:
        i = folded.find(literal, lo, hi)
        while i >= 0:
            out.append(i - lo)
            i = folded.find(literal, i + 1, hi)
    if len(literals) > 1:
        out.sort()
    return out


NearestWord = tuple[str, re.Pattern, int | None, tuple[str, ...] | None]


@functools.cache
def _nearest_words() -> tuple[tuple[NearestWord, ...], _WordLists | None]:
    """The words :func:`_nearest` looks for, in the order it reads them: (category, expression,
    index of the expression in the shared :class:`_WordLists` or None when it is scanned on its
    own, and then the case-insensitive literals one of which starts each of its matches, or None
    when there are none), and those word lists (None when no expression suits them)."""
    r = rules()
    lists = (("remission", r.remission), ("response", r.response), ("response", _CRITERION),
             ("improvement", r.improvement), ("negative", r.negative))
    shared = [pattern for _, pattern in lists if _WordLists.fit(pattern)]
    order = []
    for cat, pattern in lists:
        order.append((cat, pattern, shared.index(pattern) if pattern in shared else None, _start_literals(pattern)))
    return tuple(order), _WordLists(tuple(shared)) if shared else None


def _nearest(st: _State, s0: int, s1: int, start: int, end: int) -> str | None:
    """Category of the outcome word nearest to a percentage of patients.

    The nearest word wins, except that a word to the left across a clause break ("... achieved
    response and 9 (22.5%) achieved remission") yields to one on the right, and a population or
    safety word counts only when it describes the share itself ("52% female", "female (66%)",
    "the dropout rate was 15%").
    """
    text = st.text
    lo, hi = max(s0, start - 160), min(s1, end + 160)
    region = text[lo:hi]
    folded = folded_text(text)  # (the region's stretch of it is the region folded)
    order, words = _nearest_words()
    starts = words.starts(folded, lo, hi) if words is not None else []
    left: tuple[int, str, int] | None = None
    right: tuple[int, str] | None = None
    for cat, pattern, k, literals in order:
        if k is not None:
            if not starts[k]:
                continue
            found = matches_at(pattern, region, starts[k])
        elif literals is not None:
            # (what its scanner's finditer of the region finds: the region's stretch of the
            # folded text holds the literals where the region folded would)
            found = matches_at(pattern, region, _literal_starts(literals, folded, lo, hi))
        elif pattern is _CRITERION and folded.find("least", lo, hi) < 0 and folded.find("cut", lo, hi) < 0:
            continue  # (no literal start to skip to, but every criterion holds "at least" or "cut")
        else:
            found = scanner(pattern).finditer(region)
        for m in found:
            a, b = lo + m.start(), lo + m.end()
            if b <= start:
                dist = start - b
                if cat == "negative" and (dist > 40 or not _NEGATIVE_HEADS.fullmatch(text, b, start)
                                          or _COUNTED_IN.search(text, max(lo, a - 20), b)
                                          # "Fifteen women (63%) responded": the verb after the bracket says what
                                          or _OUTCOME_VERB_AFTER.match(text, end)):
                    continue  # "... was recorded in 55 veterans (63.2%)": whom the count is of
                if left is None or dist < left[0]:
                    left = (dist, cat, b)
            elif a >= end:
                dist = a - end
                if _OWNS_NEXT_NUMBER.match(text, b):
                    continue  # "... versus 52.0% and remission rates 31.0%": it heads the next figure
                if cat == "negative" and (dist > 40 or _DENOMINATOR.fullmatch(text, end, a) or _ARM_DENOMINATOR.match(text, b)
                                          or text.count("(", end, a) > text.count(")", end, a)):
                    # "67 percent of the veterans who got ketamine": who the share is of; "20% of
                    # controls (odds ratio 3.1; 95% confidence ...)": a word inside a later bracket
                    continue
                if right is None or dist < right[0]:
                    right = (dist, cat)
    if left and right and left[0] <= right[0] and _CLAUSE_BREAK.search(text, left[2], start) \
            and not _CLAUSE_BREAK.search(text, end, end + right[0]):
        return right[1]
    # ... and the reverse: "response occurred in 21 (45.7%) and remission in 11 (23.9%)": the
    # word on the right heads the next clause, the one on the left owns this figure.
    if left and right and right[0] < left[0] and left[0] <= 60 and _CLAUSE_BREAK.search(text, end, end + right[0]) \
            and not _CLAUSE_BREAK.search(text, left[2], start):
        return left[1]
    if left and right:
        return left[1] if left[0] <= right[0] else right[1]  # (the nearer; the left one on a tie)
    best = left or right
    return best[1] if best else None


# A change in points restated as a share: "fell by 7.4 points (SD 5.2), or 41%".
_OR_SHARE_OF_CHANGE = re.compile(
    r"(?<![\w-])(?:fall\w*|fell|drop\w*|declin\w*|decreas\w*|reduc\w*|improv\w*|lower\w*)\b[^.;%]{0,60}?"
    r"\d(?:[.·]\d+)?\s*[-\s]?points?(?:\s*[(\[][^()\[\]]{0,30}[)\]])?\s*,?\s*or\s+(?:about\s+|approximately\s+|roughly\s+)?$", re.I)
# "met the 35% reduction threshold", "a 50 percent response criterion": the figure names a criterion
_CRITERION_NOUN_AFTER = re.compile(r"[\s-]*(?:(?:reduction|improvement|decrease|drop|decline|response|change)[\s-]+)?"
                                   r"(?:threshold|criterion|cut-?off)\b", re.I)
_DEFINITION_AFTER = re.compile(r"\s?(?:%|percent|per cent)?\s*(?:[\w-]+\s+){1,2}(?:reduction|decrease|improvement|decline|drop)\b", re.I)
_BY_BEFORE = re.compile(r"\bby\s+(?:about\s+|approximately\s+|roughly\s+|nearly\s+|some\s+|around\s+)?$", re.I)
_RATIO_IN_BRACKETS = re.compile(r"\s*(?:(?:lower|higher|greater|reduced|increased)\s+(?:risk|odds|hazard|rate|chance)\s+)?"
                                r"\(\s*(?:adjusted\s+)?(?:(?:risk|odds|hazard|rate)\s+ratio|a?(?:RR|OR|HR|IRR))\b", re.I)
# (an aside between dashes may sit in the gap: "were in remission — meaning ... — compared with")
_VERSUS_GAP = re.compile(r"(?:[^.;%]{0,90}?|[^.;%—–]{0,60}[—–][^.;%—–]{1,80}[—–][^.;%—–]{0,20}?)\b(?:versus|vs\.?|compared (?:with|to))\s*"
                         r"(?:(?:about|approximately|roughly|nearly|around|only|just|fewer than|less than)\s+)?", re.I)
_SIBLING_GAP = re.compile(r"[^.;%]{0,70}?\b(?:versus|vs\.?|compared (?:with|to)|against|and|or|than)\b[^.;%]{0,50}", re.I)


_SHARE_OF_EFFECT = re.compile(r"\s*of\s+(?:the|its|this)\s+(?:[\w-]+\s+)?(?:benefit|effect|improvement|association|"
                              r"difference|reduction|variance)\b", re.I)
_BETWEEN_BOTTOM = re.compile(r"\bbetween\s+(?:about\s+|roughly\s+)?$", re.I)
_AND_SHARE_NEXT = re.compile(rf"\s*and\s+{NUM}\s?(?:%|percent|per cent)", re.I)
_SECULAR_TREND = re.compile(r"\s*(?:since|over\s+the\s+(?:past|last)\s+(?:[\w-]+\s+)?(?:years?|decades?)"
                            # "rose by 18 per cent (in Ontario) between 2019 and 2023": a calendar period
                            r"|(?:(?:in|across|among)\s+[^,.;]{1,40}?\s+)?(?:between|from)\s+(?:19|20)\d\d\s+(?:and|to)\s+(?:19|20)\d\d)\b", re.I)
_BOUND_RESULT = re.compile(
    r"(?:(?P<what>respon\w*|improv\w*|reduc\w*|decreas\w*|chang\w*)(?P<rate>\s+rates?)?\s+)?"
    r"(?:was|were)\s*(?:[≥>≤<]=?|less than|more than|under|over)\s*$", re.I)
_BY_FRACTION = re.compile(r"(?:reduc|decreas|declin|drop|fell|fall|cut|lower|improv|halv|eas|lessen|shr[ai]nk)\w*(?:\s+[\w-]+){0,8}?\s+by\s+(?:about|almost|nearly|roughly|more than)?\s*$", re.I)
# An outcome word right beside a share (not the population nouns "remitters"/"responders").
_OWN_OUTCOME_WORD = re.compile(r"(?<![\w-])(?:respon(?:se|ses|ded|d|ding)|remission|remitted|remit)(?:\s+rates?)?\b", re.I)
# "remission rates of 60% to 80% reported in older case series": figures of other work
_REPORTED_ELSEWHERE = re.compile(r"[^.;%]{0,30}?\breported\s+(?:in|by|from)\s+(?:older|earlier|previous|prior|other|past|some)\b", re.I)
# "Among responders, 37% received at least one booster infusion": treatment bookkeeping, no outcome
_TREATED_SHARE_AFTER = re.compile(r"\s*(?:%|percent|per cent)?\s*[)\]]?\s*(?:received|underwent|required|needed)\s+"
                                  r"(?:at\s+least|an?|one|two|three|additional|further|more|booster|rescue|repeat)\b", re.I)
# "met the usual threshold for response, a 35 percent drop in symptom scores": the criterion restated
_THRESHOLD_APPOSITION = re.compile(r"\b(?:threshold|criterion|cut-?off|definition)\s+(?:for|of)\s+(?:a\s+)?(?:response|remission)"
                                   r"\s*[,:—–]\s*(?:an?\s+|i\.e\.,?\s+|namely\s+)?$", re.I)
_OR_MORE = re.compile(r"\s*(?:or|and) (?:more|greater|higher|above|over|better)\b", re.I)
_PAIRED = re.compile(
    rf"(?P<k1>respon\w*|remi\w*|relaps\w*)\s+(?:and|or|/)\s+(?P<k2>respon\w*|remi\w*|relaps\w*)(?:\s+rates?)?"
    rf"[^.;%]{{0,60}}?(?P<a>{NUM})\s?%\s*(?:and|,|vs\.?|versus|/)\s*(?P<b>{NUM})\s?%", re.I)


# The same two shares again for the other arm: "... 34.8% and 12.6% in veterans with PTSD and 37.3%
# and 14.9% in those without", "54% and 29% versus 30% and 10%"
_PAIRED_AGAIN = re.compile(
    rf"\s*(?:,\s*respectively\s*)?,?\s*(?:(?:in|with|among|for|on)\s+[^.;%()]{{0,50}}?)?,?\s*"
    rf"(?:and|versus|vs\.?|compared\s+with|against|whereas|while)\s+(?P<a>{NUM})\s?%\s*(?:and|,|/)\s*(?P<b>{NUM})\s?%", re.I)


def _paired(text: str) -> dict[int, str]:
    """"response and remission rates were 54% and 29%": each share gets its own word, in order
    (and so do the same two shares given again for another arm)."""
    out = {}
    for m in scanner(_PAIRED).finditer(text):
        again = _PAIRED_AGAIN.match(text, m.end())
        for k, v in (("k1", "a"), ("k2", "b")):
            word = m.group(k).lower()
            cat = "response" if word.startswith("respon") else "remission" if word.startswith("remi") else "relapse"
            for found in (m, again) if again else (m,):
                pos = found.start(v)
                out[pos + len(found.group(v)) - len(found.group(v).lstrip())] = cat
    return out


# Between two per-arm shares, each followed by its arm: "in the ketamine group and", "with placebo, and".
_ARM_LIST_GAP = re.compile(r"\s+(?:in|with|among|on|for|of)\s+(?:the\s+|those\s+)?(?:[\w./-]+\s+){0,2}?[\w./-]+"
                           r"\s*,?\s*(?:and|versus|vs\.?|compared\s+with|against)\s+(?:only\s+|just\s+)?", re.I)
_ARM_LIST_NEXT = re.compile(r"\s+(?:in|with|among|on|for|of)\s+(?:the\s+|those\s+)?[\w./-]+", re.I)
# "remission without relapse", "relapse-free": the absence of relapse names the other outcome.
_NO_RELAPSE = re.compile(r"(?:\bwithout|\bfree\s+(?:of|from)|\bno)\s+$", re.I)
# Between two shares of a list: "were 29% (60 mg), 42% (120 mg) and 21% (placebo)".
_LIST_GAP = re.compile(r"\s*(?:[(\[][^()\[\]]{0,25}[)\]])?\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+)")
# ... where the next share is itself a list item, not the head of a new clause ("25% relapsed").
# The next restated count of a pair: "38 of 73 ketamine recipients (52.1%) and 19 of 73 midazolam
# recipients (26.0%)" shares the first figure's outcome, whatever word heads the next clause.
_COUNT_PAIR_GAP = re.compile(
    r"\s*[)\]]\s*,?\s*(?:and|or|vs\.?|versus|compared (?:with|to)|against)\s+(?:\d+|[a-z]+)\s*(?:of|/)\s*\d+"
    r"(?:\s+[^()\[\].;%\d]{1,40}?)?\s*[(\[]\s*", re.I)
_LIST_NEXT = re.compile(r"\s*(?:[(\[]|,|;|\.|and\b|or\b|respectively\b|$)", re.I)
# Survey bookkeeping: a "response rate" of a questionnaire sent to people.
_RETURN_RATE = re.compile(r"\bresponse\s+rates?\b[^.;%\d]{0,15}$", re.I)
# A share whose own clause states the response criterion it met
_RESPONSE_CRITERION_AFTER = re.compile(
    r"\s?(?:%|percent|per cent)?\s*(?:of\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?)?(?:[—–]\s*)?(?:had|showed|achieved|experienced|saw|reported)\s+"
    r"(?:at\s+least\s+)?an?\s+(?:≥\s*)?(?:\d+(?:\.\d+)?\s?(?:%|percent|per cent)|meaningful|clinically\s+meaningful|"
    r"clinically\s+significant|substantial)\s+(?:drop|reduction|decrease|improvement|fall|decline)\b"
    # "44 percent of veterans in the ketamine group had cut their score on the ... scale by at least a third"
    r"|\s?(?:%|percent|per cent)?\s*(?:of\s+(?:the\s+)?(?:[\w-]+\s+){0,5}?)?(?:had\s+)?(?:cut|reduced|lowered)\s+their\s+"
    r"(?:[\w-]+\s+){0,6}?by\s+at\s+least\s+(?:a\s+third|half|a\s+quarter|\d+(?:\.\d+)?\s?(?:%|percent|per cent))", re.I)
_RETURN_RATE_AFTER = re.compile(r"\s?(?:%|percent|per cent)\s*response\s+rate", re.I)
_SURVEY = re.compile(r"\b(?:invited|surveyed|surveys?|questionnaires?|mailed|approached|contacted)\b", re.I)
# A share of people under a score cut-off: "had a current PHQ-9 score below 5", "scored below the
# threshold used to define remission".
_BELOW = r"(?:below|under|less than|lower than|<|≤|of\s+(?:less than|<|≤)|at or below)\s*"
_BELOW_CUTOFF = re.compile(
    r"\s?(?:%|percent|per cent)?\s*[)\]]?\s*(?:"
    # a score under a number: "had a current PHQ-9 score below 5", "scored under 10"
    # or a numbered scale's abbreviation alone: "had a PHQ-9 below 5" (not "a BMI below 25")
    rf"(?:(?:had|have|reached|achieved)\s+(?:an?\s+)?(?:[\w-]+\s+){{0,3}}?(?:scores?|(?-i:[A-Z][A-Z-]*\d[\w-]*))|scored|scoring)\s+{_BELOW}\d"
    # any share under the cut-off that defines remission
    rf"|(?:had|have|reached|achieved|scored|were|fell|dropped)\s+(?:an?\s+)?(?:[\w-]+\s+){{0,3}}?{_BELOW}"
    r"the\s+(?:[\w-]+\s+){0,5}?(?:threshold|cut-?off|level)\s+(?:[\w-]+\s+){0,4}?(?:remission|remitted|remit))", re.I)
_RESOLVED = re.compile(r"\b(?:resol(?:ved|ution|ving)|disappear(?:ed|ance)|vanished|no longer(?!\s+(?:significant|statistically|different))|free of|absence of)\b", re.I)
_SUICIDAL = re.compile(r"\bsuicid\w*\s+(?:ideation|thoughts?|thinking)\b", re.I)


_CLAUSE_END = re.compile(r"[,;:()\[\]]|\b(?:and|but|while|whereas)\b")


def _own_outcome_after(text: str, start: int, end: int, category: str) -> bool:
    """True when the clause that follows a share names an outcome other than ``category``."""
    stop = _CLAUSE_END.search(text, start, end)
    end = stop.start() if stop else end
    r = rules()
    return any(scanner(pattern).search(text, start, end) for cat, pattern in (("remission", r.remission), ("response", r.response))
               if cat != category)


# "... the corresponding figures were 48.1% and 31.0%", "these proportions were 52.5% and 30.1%":
# shares that repeat, in order, the outcomes of the shares just before.
_CORRESPONDING = re.compile(r"\b(?:(?:the\s+)?(?:corresponding|respective|equivalent)|these|those|the(?:\s+same)?)\s+"
                            r"(?:figures|proportions|percentages|rates|shares|values)\s+(?:were|was|are|rose\s+to|fell\s+to)\s+"
                            rf"(?P<first>{NUM}\s?(?:%|percent|per cent)\s*(?:,\s*|and\s+|,\s*and\s+))?$", re.I)
_ELLIPTIC_PAIR = re.compile(r"[,;]\s*(?:and\s+)?(?:at|by|after)\s+(?:\w+\s+){0,2}?(?:days?|weeks?|months?|years?)\s+"
                            rf"(?P<first>{NUM}\s?(?:%|percent|per cent)\s*(?:,\s*|and\s+|,\s*and\s+))?$", re.I)
# "By the third day the gap had narrowed, to 49 percent versus 36 percent": the same pair later
_GAP_NARROWED_TO = re.compile(r"\b(?:gap|difference)\s+(?:had\s+|has\s+)?(?:narrowed|widened|shrunk|shrank|closed)"
                              r"(?:\s+(?:somewhat|slightly|a\s+little|considerably|substantially|further))?\s*,?\s+to\s+"
                              rf"(?P<first>{NUM}\s?(?:%|percent|per cent)\s*(?:,\s*|and\s+|versus\s+|vs\.?\s+|,\s*and\s+))?$", re.I)
# "The between-group difference was not maintained at day 14 (61.4% vs 55.8%; P = .45)", "By day 7,
# the difference was no longer significant (36.1% vs 28.1%)", "The difference was attenuated at day 7
# (36.9% vs 27.4%)": the same pair of shares later
_LATER_DIFFERENCE = re.compile(r"\bdifferences?\s+(?:was|were|had)\s+(?:no\s+longer|not|attenuated|smaller|reduced|weaker|"
                               r"diminished|narrower)\b[^.;%()]{0,40}\(\s*"
                               rf"(?P<first>{NUM}\s?(?:%|percent|per cent)\s*(?:,\s*|and\s+|versus\s+|vs\.?\s+))?$", re.I)
CORRESPONDING_REACH = 300  # characters before the phrase searched for the shares it repeats


@functools.cache
def _repeat_gate() -> re.Pattern | None:
    """An expression that finds, in :func:`folded_text`, one of the words one of which every match
    of the three repeat phrases holds (None when one of them has no such words)."""
    words: set[str] = set()
    for pattern in (_CORRESPONDING, _GAP_NARROWED_TO, _LATER_DIFFERENCE):
        found = gate_literals(pattern)
        if found is None:
            return None
        words |= found
    return re.compile(trie_pattern(sorted(words)))


def _corresponding(text: str, out: list[dict], start: int) -> str | None:
    """The outcome of the earlier share a "corresponding figures were X and Y" share repeats."""
    # (each phrase needs a word that most texts hold nowhere near a share: the words of all three
    # are looked up first, in one pass, then each phrase's own)
    gate = _repeat_gate()
    m = None
    if gate is None or gate.search(folded_text(text), max(0, start - 90), start) is not None:
        m = gated_search(_CORRESPONDING, text, max(0, start - 90), start) \
            or gated_search(_GAP_NARROWED_TO, text, max(0, start - 90), start) \
            or gated_search(_LATER_DIFFERENCE, text, max(0, start - 90), start)
    elliptic = m is None
    if elliptic:
        # "..., and at 6 months 57.6% and 38.6%": the same pair again at a later time point
        m = _ELLIPTIC_PAIR.search(text, max(0, start - 60), start)
        if m is None:
            return None
    refs = [e["measure"].split("_")[0] for e in out if e["measure"] in {"response_rate", "remission_rate"}
            and m.start() - CORRESPONDING_REACH <= e["start"] and e["end"] <= m.start()]
    if not refs or elliptic and (len(refs) < 2 or refs[-2] == refs[-1]):
        return None
    k = 1 if m.group("first") else 0
    return refs[-2 + k] if len(refs) >= 2 else refs[-1]


def _may_compare(window: str) -> bool:
    """True when ``window`` holds a comparison sign ("≥", ">", "≤", "<")."""
    return "<" in window or ">" in window or "≥" in window or "≤" in window


_POWER_AFTER = re.compile(r"^\s*(?:power|of the (?:general|adult|us|u\.s\.) population)", re.I)
# (every match holds "differen", looked up first in the folded text)
_DIFFERENCE_BEFORE = re.compile(r"\bdifferences?\s*(?:of|was|were|is|=|:|,)?\s*(?:about|approximately)?\s*$", re.I)


# Every match of _GENERAL_BEFORE and _GENERAL_RANGE_TOP opens with a match of this: its words gate both.
_GENERAL_LEAD_GATE = re.compile(_GENERAL_LEAD, re.I)


def _relapse_named(r: "_Rules", text: str, s0: int, s1: int, seen: dict[int, bool]) -> bool:
    """True when the sentence [s0, s1) names a relapse (not "without relapse", "relapse-free");
    ``seen`` keeps the answer per sentence start."""
    found = seen.get(s0)
    if found is None:
        # (its words are looked up first: most sentences name none)
        sentence = text[s0:s1]
        found = seen[s0] = may_match(r.relapse, text, s0, s1) and any(
            not _NO_RELAPSE.search(sentence, max(0, m.start() - 12), m.start())
            and not sentence.startswith("-free", m.end())  # "relapse-free remission" is remission
            for m in scanner(r.relapse).finditer(sentence))
    return found


def _percents(st: _State) -> list[dict]:
    r = rules()
    text = st.text
    folded = folded_text(text)
    paired: dict[int, str] | None = None  # (found when a share first needs it)
    cands: list[Num] = []
    used, ci_bounds = st.used, st.ci_bounds
    for n in st.nums:
        if n.start in used or n.start in ci_bounds:
            continue
        # (a percent sign or "p" opens the unit, right after the figure or after one space)
        head = text[n.end:n.end + 2]
        if ("%" in head or "p" in head or "P" in head) \
                and _PERCENT_SIGN.match(text, n.end, n.end + 10):  # (the same as on text[n.end:n.end + 10])
            cands.append(n)
    fractions = len(cands)
    for m in scanner(r.fractions).finditer(text) if _may_hold_fraction(r, text) else ():
        value = r.fraction_values.get(m.group(0).lower().replace("  ", " "))
        if value is not None and not _FRACTION_RESTATED.match(text, m.end()) \
                and not _AND_A_FRACTION.search(text, max(0, m.start() - 12), m.start()) \
                and not _fraction_apposition(text, m.end(), value) \
                and not _FRACTION_NOT_RESULT_BEFORE.search(text, max(0, m.start() - 30), m.start()) \
                and not _FRACTION_NOT_RESULT_AFTER.match(text, m.end()):
            cands.append(Num(m.start(), m.end(), value, word=True))
    if len(cands) > fractions:
        cands.sort(key=lambda n: n.start)  # (the numbers come in text order)
    out = []
    relapse_in: dict[int, bool] = {}  # sentence start -> a relapse is named in it
    for n in cands:
        if n.start in st.masked and not n.word:
            continue
        if n.word and _IN_HALF.search(text, max(0, n.start - 4), n.start):
            continue
        pct = _PERCENT_SIGN.match(text, n.end)
        fraction = n.word and not pct
        end = pct.end() if pct else n.end
        s0, s1 = sentence_of(st.bounds, n.start, len(text))
        before = text[max(s0, n.start - 40):n.start]
        after = text[end:min(s1, end + 60)]
        between = folded.find("between", max(s0, n.start - 40), n.start) >= 0  # (in both "between" patterns)
        if _RANGE_TOP.search(before) or (before.endswith("to ") and _RANGE_TOP_TO.search(before)) \
                or between and _BETWEEN_TOP.search(before) or _share_range_end(text, s0, n.start):
            continue  # the top of a range: "39-41%", "between 20% and 40%"
        if _SHARE_OF_EFFECT.match(text, end):
            continue  # "roughly 70% of the functional benefit was explained by ...": a share of an effect
        if pct and between and _BETWEEN_BOTTOM.search(before) and _AND_SHARE_NEXT.match(text, end):
            continue  # "Between 40% and 60% of patients with OCD do not respond": a spread, not a result
        # (a change threshold holds a comparison sign or "at least", looked up first)
        if (_may_compare(before) or folded.find("at least", max(s0, n.start - 40), n.start) >= 0) \
                and r.change_threshold.search(before) \
                or may_match(r.definition, text, max(s0, n.start - 50), n.start) \
                and scanner(r.definition).search(text[max(s0, n.start - 50):n.start]) or _OR_MORE.match(text, end):
            continue  # a criterion: "≥50% reduction", "defined as ...", "by 50% or more"
        if _THRESHOLD_APPOSITION.search(before) or _TREATED_SHARE_AFTER.match(text, end) \
                or _CRITERION_NOUN_AFTER.match(text, end):
            # "the threshold for response, a 35 percent drop"; "37% received at least one booster";
            # "met the 35% reduction threshold"
            continue
        if pct and _SECULAR_TREND.match(text, end):
            continue  # "visits have risen by 40% since 2016": a background trend, not a result
        bound = None
        if r.threshold_before.search(before):
            # "the OCD response was <12%": a result stated as a bound, not a criterion.
            bound = _BOUND_RESULT.search(before)
            # A word fraction under a bound is a result when it is of people or of an arm: "more
            # than half of patients", "fewer than one in ten on midazolam".
            if not bound and not (fraction and _FRACTION_OF_PEOPLE.match(after)):
                continue
        if _POWER_AFTER.match(after):
            continue
        if folded.find("differen", max(s0, n.start - 40), n.start) >= 0 and _DIFFERENCE_BEFORE.search(before):
            continue  # a risk difference in percentage points, not a rate
        if fraction:
            # "cut symptoms by half", "fell by a third": a fraction after "by" is a change.
            magnitude = bool(_BY_FRACTION.search(text, max(s0, n.start - 70), n.start))
        else:
            # (the change words are looked up first: most shares follow none)
            magnitude = bool(may_match(r.magnitude_before, text, max(s0, n.start - 70), n.start)
                             and r.magnitude_before.search(text[max(s0, n.start - 70):n.start])
                             or r.magnitude_after.match(text[n.end:n.end + 40]))  # (opens with "^")
        if not magnitude and " or " in text[max(s0, n.start - 20):n.start] \
                and _OR_SHARE_OF_CHANGE.search(text, max(s0, n.start - 110), n.start):
            magnitude = True  # "scores had fallen by a mean of 7.4 points (SD 5.2), or 41%"
        if not magnitude and _DEFINITION_AFTER.match(text, end):
            continue  # "response (50% MADRS reduction)": a criterion, not a result
        sentence = text[s0:s1]
        if not magnitude and out and out[-1]["measure"] == "percent_change" and out[-1]["end"] >= s0 \
                and _SIBLING_GAP.fullmatch(text[out[-1]["end"]:n.start]) and not _SHARE_OF_PEOPLE.match(after):
            magnitude = True  # "fell 44 percent in the ketamine group versus 18 percent with placebo"
        if bound and bound.group("what") and not bound.group("rate"):
            magnitude = True
        if (magnitude or _BY_BEFORE.search(before)) and _RATIO_IN_BRACKETS.match(text, end):
            continue  # "increased it by about 40 per cent (risk ratio 1.38)": the ratio restated
        if magnitude:
            p, op, p_end = _pvalue(st, end, min(s1, end + 60))
            out.append(_effect(st, "percent_change", n, n.start, end, p=p, p_op=op, arm=_arm(st, n.start, end, (s0, s1))))
            continue
        rng = _RANGE_NEXT.match(text, end)
        # (both "before" expressions open with the general lead: its words are looked up first)
        if _GENERAL_SHARE.match(text, end) or may_match(_GENERAL_LEAD_GATE, text, max(s0, n.start - 40), n.start) \
                and (_GENERAL_BEFORE.search(before) or _GENERAL_RANGE_TOP.search(before)) \
                or _POOL_SHARE.match(text, end) \
                or (rng and _GENERAL_SHARE.match(text, rng.end())) \
                or _REPORTED_ELSEWHERE.match(text, rng.end() if rng else end):
            continue
        if ("esponse rate" in before and _RETURN_RATE.search(before) or _RETURN_RATE_AFTER.match(text, n.end)) \
                and _SURVEY.search(sentence):
            continue  # "611 responded (response rate 21.3%)": questionnaires returned, not a treatment response
        if paired is None:
            paired = _paired(text) if "%" in text else {}
        prev = out[-1] if out else None
        corresponding = _corresponding(text, out, n.start)
        if corresponding:
            cat = corresponding  # "36.8% had responded and 19.5% were in remission; by month 6 the corresponding figures were ..."
        elif n.start in paired:
            cat = paired[n.start]
        elif prev and prev["measure"] in {"response_rate", "remission_rate"} and prev["end"] >= s0 \
                and (_VERSUS_GAP.fullmatch(text, prev["end"], n.start) or _COUNT_PAIR_GAP.fullmatch(text, prev["end"], n.start)
                     or (_LIST_GAP.fullmatch(text, prev["end"], n.start)
                     and _LIST_NEXT.match(text, end)
                     # "remission occurred in 30%, and 12% (3 of 25) discontinued": a new clause
                     and not r.negative.search(text, end, min(s1, end + 30)))
                     # "62.5% in the esketamine group and 39.6% in the propofol group": arm after arm
                     or (_ARM_LIST_GAP.fullmatch(text, prev["end"], n.start) and _ARM_LIST_NEXT.match(text, end)
                         and not r.negative.search(text, end, min(s1, end + 40))
                         # "... and 24% of patients on 120 mg reached remission": its own word
                         and not _own_outcome_after(text, end, min(s1, end + 60), prev["measure"].split("_")[0]))):
            cat = prev["measure"].split("_")[0]  # "were 42% with the higher dose versus 26% with placebo"
        elif _relapse_named(r, text, s0, s1, relapse_in) and not _OWN_OUTCOME_WORD.search(
                text[max(s0, n.start - 20):min(s1, end + 15)]):
            cat = "relapse"  # relapse shares are "other"; "response rates were 60%" keeps its word
        elif _BELOW_CUTOFF.match(text, end):
            cat = "remission"  # "23.7% had a PHQ-9 score below 5": a share under a remission cut-off
        elif _RESPONSE_CRITERION_AFTER.match(text, end):
            cat = "response"  # "61.7% of patients had at least a 50% drop in their score, and 33.4% reached remission"
        else:
            cat = _nearest(st, s0, s1, n.start, end)
            if cat == "improvement" and _own_outcome_after(text, end, min(s1, end + 80), "response"):
                cat = "remission"  # "Depression improved as well: 29 percent ... scored in the remission range"
            elif cat == "improvement" and folded.find("suicid", max(0, s0 - 400), s1) >= 0 \
                    and scanner(_SUICIDAL).search(text, max(0, s0 - 400), s1) and _RESOLVED.search(sentence):
                # (the rarer word first: every match opens with "suicid", looked up in the folded text)
                # suicidal ideation that resolved: remission of the outcome, not a response (the
                # ideation may be named a sentence earlier: "... no longer differed (resolution 39% vs 34%)")
                cat = "remission"
        if cat is None and out and out[-1]["measure"] in {"response_rate", "remission_rate"} \
                and out[-1]["end"] >= s0 and _SIBLING_GAP.fullmatch(text, out[-1]["end"], n.start):
            cat = out[-1]["measure"].split("_")[0]  # "35 percent ... compared with 13 percent of those on placebo"
        if cat is None or cat == "negative":
            continue
        if fraction and cat not in {"response", "remission"} and not (
                cat == "improvement" and _SHARE_OF_PEOPLE.match(after)):
            continue
        measure = {"remission": "remission_rate", "response": "response_rate",
                   "improvement": "response_rate", "relapse": "other"}[cat]
        lo, hi, ci_end = _ci_after(st, end, allow_bare=False)
        p, op, p_end = _pvalue(st, ci_end, min(s1, ci_end + 80))
        out.append(_effect(st, measure, n, n.start, max(end, ci_end), ci_low=lo, ci_high=hi, p=p, p_op=op,
                           arm=_arm(st, n.start, end, (s0, s1))))
    return out


_BACKGROUND = re.compile(
    r"\b(?:previous(?:ly)? (?:[\w-]+ ){0,3}(?:studies|trials|reports?|research|meta-analys[ie]s|syntheses|synthesis|work)"
    r"|prior (?:studies|trials|work|research|reports?)|earlier (?:studies|trials|work|reports?)"
    r"|(?:has|have) (?:\w+ly )?(?:been )?(?:shown|reported)|in the literature|other studies"
    # "An earlier randomised crossover trial in 21 patients found ...": one earlier study, named
    r"|(?:earlier|previous|prior|older|separate) (?:[\w-]+ ){0,3}?(?:trial|study|analysis|meta-analysis|review|report)"
    r"[^.;]{0,100}?\b(?:found|showed|reported|suggested)"
    # "A similar analysis by another at-home provider, published in 2022, reported that ..."
    r"|(?:another|a different) (?:[\w-]+ ){0,2}?(?:provider|company|clinic|group|team|cent(?:re|er)|network|chain|hospital|service)"
    r"[^.;]{0,60}?\b(?:found|showed|reported|suggested)"
    # "A trial of 122 patients in Brazil last year found ...", "A US study last year in which ... found"
    # ... "ran a small pilot last year in which 12 volunteers received ketamine"
    r"|\b(?:study|trial|analysis|review|survey|pilot)\b[^.;]{0,60}?\blast year\b[^.;]{0,100}?\b(?:found|showed|reported|suggested|in\s+which)"
    r")\b"
    # "A 2023 analysis of 12 smaller studies found ...": a dated citation of other work
    rf"|{DATED_CITATION}", re.I)


def _background(st: _State, pos: int, seen: dict[int, bool] | None = None) -> bool:
    """True when the figure sits in a sentence about earlier studies, not this one."""
    s0, s1 = sentence_of(st.bounds, pos, len(st.text))
    if seen is not None and s0 in seen:
        return seen[s0]  # several figures of one sentence: one scan
    # (every match holds one of a few words, looked up first: most sentences hold none)
    found = holds_any(folded_text(st.text)[s0:s1], gate_tuple(_BACKGROUND)) \
        and scanner(_BACKGROUND).search(st.text, s0, s1) is not None
    if seen is not None:
        seen[s0] = found
    return found


# Posted registry results (ClinicalTrials.gov layouts): a measure's title line, then within a few
# lines data lines with one value per arm ("Least Squares Mean (SE): Ketamine + TAU -14.8 (8.3);
# TAU -7.1 (8.9)", "Ketamine infusion: -8.3 (6.7)", "Mean (Standard Deviation): -9.4 (7.1)",
# "Ketamine + TAU: 11 (50.0%)", "Esketamine: 30.3 percentage of participants"). The title says
# what the values are.
_REGISTRY_GATE = ("Outcome Measure", "Number Analyzed", "Number of Participants Analyzed", "Primary Outcome\n")
# "Secondary Outcome Measures", "Outcome Measure 1 (Primary)": the words that head an outcome
_OUTCOME_KIND = r"(?:Primary|Secondary|Other)"
_OUTCOME_HEAD = rf"{_OUTCOME_KIND}\s+Outcomes?(?:\s+Measures?)?"
_NUMBERED_MEASURE = rf"Outcome\s+Measures?(?:\s+\d+)?(?:\s*\({_OUTCOME_KIND}\))?"
_TITLE_PREFIX = re.compile(rf"^(?:\d+\.\s*)?(?:(?:Results|Title|{_OUTCOME_HEAD}|{_OUTCOME_KIND}|{_NUMBERED_MEASURE})\s*:\s*)?", re.I)
# "Secondary Outcome: MADRS Response at Day 3": an outcome title that names response or remission
_TITLE_NAMED = re.compile(rf"^(?:{_OUTCOME_HEAD}|Outcome\s+Measure\s+\d+(?:\s*\({_OUTCOME_KIND}\))?)\s*:", re.I)
# Bare data lines of the posted-results table: a mean (SD) or a percentage alone on its line,
# below a "Mean (Standard Deviation)" or "Unit of Measure: percentage of participants" line.
# "Mean (Standard Deviation)", "Least Squares Mean (SE)": the head of a row of arm means
_MEAN_LABEL = r"(?:Least Squares |LS )?Mean \((?:Standard Deviation|SD|Standard Error|SE)\)"
_MEAN_HEAD = re.compile(rf"^{_MEAN_LABEL}\s*$", re.I)
_SHARE_UNIT = re.compile(r"^(?:Measure Type:\s*[\w ]+,\s*)?Units?(?: of Measure)?:\s*(?:percentages?|proportions?) of participants\s*$", re.I)
# "IV ketamine: 46.5" under a percentage unit line; "Mean (Standard Deviation) | -9.8 (7.1) | -5.2 (6.9)"
_LABEL_SHARE = re.compile(rf"(?P<arm>[^:;\n\d][^:;\n]*?):\s*(?P<v>{NUM})\s*%?\s*$")
_PIPE_MEAN_HEAD = re.compile(rf"^{_MEAN_LABEL}\s*\|")
# one arm's mean (SD) per column: "| -9.8 (7.1) | -5.2 (6.9)", or the first right after a label's colon
_PIPE_MEAN = re.compile(rf"(?:(?<=:)|\|)\s*(?P<arm>)(?P<v>{NUM})\s*\(\s*{NUM}\s*\)")
_BARE_MEAN = re.compile(rf"\s*(?P<arm>)(?P<v>{NUM})\s*\(\s*{NUM}\s*\)\s*$")
_BARE_SHARE = re.compile(rf"\s*(?P<arm>)(?P<v>{NUM})\s*$")
_TITLE_SHARE = re.compile(r"(?:number|percentage|proportion) (?:of participants|with|of (?:[\w-]+ )?(?:responders|remitters))\b", re.I)
_TITLE_CHANGE = re.compile(r"(?:(?:mean|least squares mean|ls mean)\s+)?change\b", re.I)
_MEAN_INLINE = re.compile(rf"(?<=[;,] ){_MEAN_LABEL}\s*:?\s*", re.I)
_MEAN_LINE = re.compile(rf"^{_MEAN_LABEL}[^:\n]*:", re.M)
_ARM_MEAN = re.compile(rf"(?P<arm>[^:;\n\d][^:;\n]*?)\s+(?P<v>{NUM})\s*\(\s*{NUM}\s*\)")
_ONE_MEAN = re.compile(rf"\s*(?P<arm>)(?P<v>{NUM})\s*\(\s*{NUM}\s*\)")
# "Ketamine: -12.7 (-15.3 to -10.1)", "Esketamine (Number Analyzed: 31 participants): -12.6 (9.4)"
_LABEL_MEAN = re.compile(rf"(?P<arm>[^:;\n\d(][^:;\n(]*?)(?:\s*\([^()\n]*\))?:\s*(?:(?:Least Squares |LS )?Mean(?:\s*\((?:Standard Deviation|SD|Standard Error|SE)\))?\s*)?"
                         rf"(?P<v>{NUM})\s*\(\s*(?:SD|SE|Standard Deviation|Standard Error|95\s?%\s*CI)?\s*{NUM}\s*(?:(?:to|,|–)\s*{NUM}\s*)?\)"
                         r"\s*(?:units?(?: on a scale)?\s*)?(?:[;,\n]|$)")
_ARM_SHARE = re.compile(rf"(?P<arm>[^:;\n\d][^:;\n]*?):\s*(?:\d+(?:\s*(?:of|/)\s*\d+)?(?:\s+participants)?\s*\(\s*(?P<v>{NUM})\s?%\s*\)"
                        rf"|(?P<v2>{NUM})\s*(?:%|percentages? of participants))", re.I)
_ANALYZED = re.compile(r"^(?:Overall\s+)?Number (?:of Participants )?Analy[sz]ed\b", re.I)
_COUNT_HEAD = re.compile(r"^(?:Units?(?: of Measure)?:\s*)?Count of Participants(?:\s*\(%\))?\s*$", re.I)
# "Secondary Outcome" alone on its line, the outcome's title on the next
_OUTCOME_HEADING = re.compile(rf"^\s*(?:\d+\.\s*)?(?:{_OUTCOME_HEAD}|{_NUMBERED_MEASURE})\s*:?\s*$", re.I)
_ARM_COUNT_SHARE = re.compile(rf"(?P<arm>[^:;\n\d][^:;\n]*?)\s+\d+\s*\(\s*(?P<v>{NUM})\s?%\s*\)")
_SHARE_LABEL = re.compile(r"(?:Percentage|Proportion) of participants\s*(?:\(%\))?\s*:", re.I)
_PIPE_SHARE = re.compile(rf"(?<=[:|])\s*(?P<arm>)(?P<v>{NUM})\s*%?\s*(?=\||$)")
# "Percentage of Participants With ≥30% Reduction in CAPS-5 Total Score": a response criterion
_CRITERION_TITLE = re.compile(r"(?:[≥>]|at least)\s*\d+\s*%\s*(?:reduction|improvement|decrease)")
# "Measure Type: Number Unit of Measure: percentage of participants | 42.3 | 16.0 |"
# ("Measure Type: Number, percentage of participants: 39.5 | 24.3": the unit, then a colon)
_SHARE_UNIT_ROW = re.compile(r"(?:percentages?|proportions?) of participants\s*[|:]", re.I)
_ARM_FRACTION_SHARE = re.compile(rf"(?P<arm>[^:;\n\d][^:;\n]*?)\s+\d+\s*(?:/|of)\s*\d+\s*\(\s*(?P<v>{NUM})\s?%\s*\)")
_ARM_PLAIN_SHARE = re.compile(rf"(?P<arm>[A-Za-z][^:;\n\d%]*?)\s+(?P<v>{NUM})\s?%\s*(?=;|$)", re.M)
# Sections of a results record that hold no outcome rows
_NOT_OUTCOME_SECTION = re.compile(r"\s*(?:Baseline Characteristics|Participant Flow|Results Posted|Eligibility)\s*:?\s*$", re.I)
_NUMBER_FIRST = re.compile(r"\s*[-−–]?\d")
_PIPE_ROW_MEAN = re.compile(rf"(?m)(?:^|\|)\s*(?P<arm>)(?P<v>{NUM})\s*\(\s*{NUM}\s*\)\s*(?=\||$)")
# (a column starts a line, follows a "|" or the colon after a unit label)
_PIPE_ROW_SHARE = re.compile(rf"(?m)(?:^|\||:)\s*(?P<arm>)(?P<v>{NUM})\s*%?\s*(?=\||$)")
_PIPE_ROW_COUNT_SHARE = re.compile(rf"(?m)(?:^|\||:)\s*(?P<arm>)\d+\s*\(\s*(?P<v>{NUM})\s?%\s*\)\s*(?=\||$)")
_PIPE_COUNT_SHARE = re.compile(rf"\|\s*(?P<arm>)\d+\s*\(\s*(?P<v>{NUM})\s?%\s*\)")
_REGISTRY_REACH = 8  # data lines sit within a few lines of their title


def _registry_results(st: _State) -> list[dict]:
    """Arm-level changes and response or remission shares from posted registry results."""
    text = st.text
    if not any(g in text for g in _REGISTRY_GATE):
        return []
    out = []
    kind: str | None = None
    age = 0
    pos = 0
    bare = False  # a "Mean (SD)" or percentage unit line announced a bare value below
    heading = False  # the line before was a bare "Secondary Outcome" heading: this one is the title
    for line in text.split("\n"):
        l0, l1 = pos, pos + len(line)
        pos = l1 + 1
        age += 1
        head = _TITLE_PREFIX.match(line).end()
        low = line.lower()
        after_heading, heading = heading, bool(_OUTCOME_HEADING.match(line))
        if heading:
            continue
        if _ANALYZED.match(line):
            continue  # "Number of Participants Analyzed: Ketamine 25; Midazolam 24" is no outcome title
        if not any(ch.isdigit() for ch in line) and (_SAFETY.search(line) or _NOT_OUTCOME_SECTION.match(line)):
            kind = None  # "Serious Adverse Events", "Baseline Characteristics": no outcome rows below
            continue
        if (_TITLE_SHARE.match(line, head) and not _SHARE_LABEL.match(line)) \
                or ((_TITLE_NAMED.match(line) or after_heading) and ("respon" in low or "remi" in low) and "time to" not in low):
            kind = None if _SAFETY.search(low) or "emergent" in low else \
                "remission_rate" if "remi" in low else "response_rate" if "respon" in low \
                or _CRITERION_TITLE.search(low) else None
            # "Percentage of Participants With Response": labelled arm values below are shares
            # even before the "Units: percentage of participants" line
            age, bare = 0, "percentage of participants" in low or "proportion of participants" in low
            continue
        if _TITLE_CHANGE.match(line, head) and not _ONE_MEAN.search(line):
            kind = None if _SAFETY.search(line) else "score_change"
            age, bare = 0, False
            continue
        if kind is None or age > _REGISTRY_REACH:
            continue
        if _MEAN_HEAD.match(line) if kind == "score_change" else (_SHARE_UNIT.match(line) or _COUNT_HEAD.match(line)):
            bare = True
            continue
        if kind == "score_change" and _PIPE_MEAN_HEAD.match(line):
            for m in _PIPE_MEAN.finditer(text, l0, l1):
                _registry_value(st, out, kind, m)
            continue
        if bare:
            one = (_BARE_MEAN if kind == "score_change" else _BARE_SHARE).fullmatch(text, l0, l1) \
                or kind != "score_change" and _LABEL_SHARE.fullmatch(text, l0, l1)
            if one:
                _registry_value(st, out, kind, one, start=l0)
                if one.group("arm"):
                    continue  # one labelled arm per line: the next arm follows
                bare = False
                continue
            if "|" in line and (_NUMBER_FIRST.match(line) or kind != "score_change" and _SHARE_UNIT_ROW.search(line)):
                # "-14.2 (2.1) | -9.6 (2.2)", "42.9 | 29.4": one value per arm column below the head
                rows = list(_PIPE_ROW_MEAN.finditer(text, l0, l1)) if kind == "score_change" else \
                    list(_PIPE_ROW_COUNT_SHARE.finditer(text, l0, l1)) or list(_PIPE_ROW_SHARE.finditer(text, l0, l1))
                if rows:
                    for m in rows:
                        _registry_value(st, out, kind, m)
                    bare = False
                    continue
            # "Ketamine -12.4 (9.1); Normal saline -5.9 (8.7)", "Ketamine 8 (42.1%); Normal saline 3
            # (15.8%)": arm names without a colon on the line below the head
            rows = list((_ARM_MEAN if kind == "score_change" else _ARM_COUNT_SHARE).finditer(text, l0, l1))
            if rows:
                for m in rows:
                    _registry_value(st, out, kind, m)
                # one arm per line ("Ketamine -15.2 (9.8)\nSaline -8.9 (10.4)"): the next may follow
                bare = len(rows) == 1
                continue
        if kind == "score_change":
            mean = _MEAN_LINE.match(text, l0, l1)
            if mean is not None and "|" in line:
                # "Least Squares Mean (Standard Error), units on a scale: -12.3 (1.3) | -7.1 (1.3)"
                for m in _PIPE_MEAN.finditer(text, mean.end(), l1):
                    _registry_value(st, out, kind, m)
                continue
            if mean is None and ":" in line:
                # "Ketamine + WET - Number Analyzed: 45 participants; Least Squares Mean (Standard
                # Error): −17.2 (1.9) units on a scale": the arm first, the mean after its label
                inline = _MEAN_INLINE.search(text, l0, l1)
                one = _ONE_MEAN.match(text, inline.end(), l1) if inline else None
                if one:
                    _registry_value(st, out, kind, one, start=l0)
                    continue
            if mean:
                one = _ONE_MEAN.match(text, mean.end(), l1)
                if one and one.end() == l1 or one and not _ARM_MEAN.search(text, mean.end(), l1):
                    _registry_value(st, out, kind, one, start=l0)
                    continue
                rows = list(_ARM_MEAN.finditer(text, mean.end(), l1))
                for m in rows:
                    _registry_value(st, out, kind, m)
                # "Mean (Standard Deviation), units: score on a scale": the arm rows follow below
                bare = not rows
            else:
                for m in _LABEL_MEAN.finditer(text, l0, l1):
                    _registry_value(st, out, kind, m)
        else:
            label = _SHARE_LABEL.match(text, l0, l1)
            if label is not None and "|" in line:
                # "Percentage of participants: 45.2 | 22.0": one share per arm column
                for m in _PIPE_SHARE.finditer(text, label.end(), l1):
                    _registry_value(st, out, kind, m)
                continue
            for m in _ARM_SHARE.finditer(text, l0, l1):
                if not _SAFETY.search(m.group("arm")) and "mortality" not in m.group("arm").lower():
                    _registry_value(st, out, kind, m)  # not "Serious Adverse Events: 2/65 (3.08%)"
            if ":" not in line:
                # "Ketamine 10/25 (40.0%); Midazolam 4/24 (16.7%)", "Esketamine 45.7%; Placebo 29.5%"
                for m in (_ARM_FRACTION_SHARE if "(" in line else _ARM_PLAIN_SHARE).finditer(text, l0, l1):
                    _registry_value(st, out, kind, m)
            if "|" in line:  # "Count of Participants | 35 (48.6%) | 25 (35.2%) |"
                for m in _PIPE_COUNT_SHARE.finditer(text, l0, l1):
                    _registry_value(st, out, kind, m)
    return out


# A statistical analysis posted with its estimate on the lines after its method:
# "Method of Estimation: Mean Difference (Final Values)\nEstimated Value: -7.3\nConfidence Interval
# (2-Sided) 95%: -11.4 to -3.2"
_ESTIMATION = re.compile(
    r"(?:Method of Estimation|Estimation Parameter):\s*(?P<kind>Mean Difference|Odds Ratio|Risk Ratio|Hazard Ratio|Standardi[sz]ed Mean Difference)"
    rf"[^\n]*\n\s*Estimated Value:\s*(?P<v>{NUM})[ \t]*"
    rf"(?:\n\s*Confidence Interval[^:\n]*:\s*(?P<lo>{NUM})\s*(?:to|,|–)\s*(?P<hi>{NUM}))?", re.I)
_ESTIMATION_MEASURE = {"mean difference": "mean_difference", "odds ratio": "odds_ratio", "risk ratio": "risk_ratio",
                       "hazard ratio": "hazard_ratio", "standardized mean difference": "smd",
                       "standardised mean difference": "smd"}


def _estimations(st: _State) -> list[dict]:
    """Posted statistical analyses whose estimate follows its method line (see ``_ESTIMATION``)."""
    if "Estimated Value" not in st.text:
        return []
    out = []
    for m in _ESTIMATION.finditer(st.text):
        i = _idx(st, m.start("v"))
        if i >= len(st.nums) or st.nums[i].start != m.start("v") or m.start("v") in st.used:
            continue
        lo = hi = None
        if m.group("lo") is not None:
            lo, hi = to_float(m.group("lo")), to_float(m.group("hi"))
            for g in ("lo", "hi"):
                for n in st.nums[_idx(st, m.start(g)):_idx(st, m.end(g))]:
                    st.ci_bounds.add(n.start)
                    st.used.add(n.start)
        start = st.text.index("Estimated Value", m.start())
        out.append(_effect(st, _ESTIMATION_MEASURE[m.group("kind").lower()], st.nums[i], start, m.end(),
                           ci_low=lo, ci_high=hi))
    return out


def _registry_value(st: _State, out: list[dict], measure: str, m: re.Match, start: int | None = None) -> None:
    v = "v" if m.group("v") is not None else "v2"
    i = _idx(st, m.start(v))
    if i >= len(st.nums) or st.nums[i].start != m.start(v) or st.nums[i].start in st.used:
        return
    label = m.group("arm").strip().lower()
    arm = "ketamine" if "ketamine" in label and not label.startswith("es") else None
    arm = arm or next((a for a in map(lambda w: _arm_name(st, w), label.replace("+", " ").split()) if a), None)
    if start is None:
        start = m.start("arm") + len(m.group("arm")) - len(m.group("arm").lstrip())
    end = m.end()
    while end > start and st.text[end - 1] in ";\n ":
        end -= 1
    out.append(_effect(st, measure, st.nums[i], start, end, arm=arm))


# A power calculation states an assumed effect, not a result ("Assuming a difference of 4 points").
_PLANNED = re.compile(r"\bassum(?:e|es|ed|ing)\b|\bpower(?:ed)? to detect\b|\d\s?%\s*power\b"
                      r"|\bsample[- ]size (?:calculation|estimation)\b", re.I)
# Safety outcomes: a ratio or effect size of dizziness or dissociation is adverse-event bookkeeping.
_SAFETY = re.compile(r"(?<![\w-])(?:dizz\w+|nausea|vomiting|headaches?|sedation|somnolence|dissociat\w*|"
                     r"adverse|side[- ]effects?|blood pressure|hypertension|heart rate|cadss|bprs|"
                     r"agitation|akathisia|weight gain|hypomani\w*)(?![\w-])", re.I)
_EFFICACY = re.compile(r"(?<![\w-])(?:depress\w*|respon\w*|remi\w*|relaps\w*|suicid\w*|ptsd|ocd|efficacy|"
                       r"anhedoni\w*|anxiety|madrs|ham-?d\w*|caps-?5?|pcl-?5?|y-?bocs|qids\w*|bdi\w*|phq-?9)(?![\w])", re.I)


# Money moves by percentages too: "Shares of the company fell 38%", "costs rose 12%".
_MONEY = re.compile(r"(?<![\w-])(?:shares|stocks?|share price|revenues?|sales|costs?|prices?|spending)(?![\w-])", re.I)


def _planned_or_safety_filter(st: _State, effects: list[dict]) -> list[dict]:
    """Drop an assumed effect in a power calculation, a safety figure in an efficacy form, and a
    price or sales change."""
    text = st.text
    if not effects:
        return effects
    folded = folded_text(text)
    # Cheap gates first: most texts hold no power calculation.
    may_plan = "assum" in folded or "power" in folded or "sample size" in folded or "sample-size" in folded
    # The words every safety or money match holds, looked up in the clause before a figure: most
    # clauses hold none (a test per word on the clause is cheaper than a scan of the whole text).
    safety, money = gate_tuple(_SAFETY), gate_tuple(_MONEY)
    out = []
    planned: dict[int, bool] = {}
    for e in effects:
        if e["measure"] != "other":
            s0, s1 = sentence_of(st.bounds, e["start"], len(text))
            if may_plan:
                if s0 not in planned:
                    planned[s0] = _PLANNED.search(text, s0, s1) is not None
                if planned[s0]:
                    continue
            clause0 = _clause_start(text, s0, e["start"])
            clause = folded[clause0:e["start"]]
            if e["measure"] in _SHARE_MEASURES and holds_any(clause, money) \
                    and scanner(_MONEY).search(text, clause0, e["start"]):
                continue
            # a safety word in the clause, and no efficacy word from the figure's own part of it on
            # ("Response was more likely (RR 1.86), while dissociative symptoms were also more
            # frequent (RR 4.12)": the second is a safety figure)
            if holds_any(clause, safety) and scanner(_SAFETY).search(text, clause0, e["start"]) \
                    and not scanner(_EFFICACY).search(text, _joined_part_start(folded, clause0, e["start"]), s1):
                continue
        out.append(e)
    return out


_CLAUSE_JOINS = (", while ", ", whereas ", ", but ")


def _clause_start(text: str, s0: int, pos: int) -> int:
    """Start of the clause holding ``pos`` in the sentence starting at ``s0``: after the last
    semicolon outside brackets ("(4.6% vs 1.5%; RR 2.83)" is one clause)."""
    k = pos
    while (semi := text.rfind(";", s0, k)) >= 0:
        if text.count("(", s0, semi) <= text.count(")", s0, semi):
            return semi + 1
        k = semi
    return s0


def _joined_part_start(folded: str, start: int, pos: int) -> int:
    """Start of the part of a clause holding ``pos``: after the last ", while", ", whereas" or
    ", but" between ``start`` and ``pos``."""
    for join in _CLAUSE_JOINS:
        at = folded.rfind(join, start, pos)
        if at >= 0:
            start = at + len(join)
    return start


_SHARE_MEASURES = {"percent_change", "response_rate", "remission_rate"}
_BETWEEN_GROUP = {"nnt", "odds_ratio", "risk_ratio", "hazard_ratio", "smd", "cohens_d", "hedges_g", "mean_difference"}


def _drop_restated(st: _State, effects: list[dict]) -> list[dict]:
    """Drop a between-group figure restated in a later sentence ("NNT 6" in results and conclusion)
    and any figure repeated inside a quotation."""
    seen: dict[tuple[str, float], tuple[int, float | None, float | None]] = {}
    # (a quotation opens with its quote mark: a text without one, most of them, holds none, and
    # the scan for one tries every offset)
    text = st.text
    quotes = [m.span() for m in QUOTED_RE.finditer(text)] if effects and ('"' in text or "“" in text) else []
    out = []
    for e in effects:
        key = (e["measure"], e["value"])
        s0 = sentence_of(st.bounds, e["start"], len(text))[0]
        prev = seen.get(key)
        if prev and prev[0] != s0 and any(a <= e["start"] < b for a, b in quotes):
            continue  # '"... a response rate of 48 percent against 26 percent," he said': a figure repeated in speech
        if e["measure"] in _BETWEEN_GROUP:
            if prev and prev[0] != s0 and (e["ci_low"] is None or (e["ci_low"], e["ci_high"]) == prev[1:]):
                continue
            seen.setdefault(key, (s0, e["ci_low"], e["ci_high"]))
        else:
            seen.setdefault(key, (s0, None, None))
        out.append(e)
    return out


def find_effects(doc: Doc) -> tuple[list[dict], list[str]]:
    """(effects, scales) of ``doc``; effects in text order."""
    text = doc_text(doc)
    if not text or not text.strip():
        return [], []
    nums = sorted(_numbers(doc, text), key=lambda n: n.start)
    comps = doc._.comparators if Doc.has_extension("comparators") else None
    st = _State(text=text, bounds=sentence_bounds(doc, text), nums=nums, starts=[n.start for n in nums],
                scales=_scale_spans(text), comparators={c["name"] for c in comps or []})
    st.scale_starts = [s[0] for s in st.scales]
    _mask(st)
    estimated = _estimations(st)
    anchored = _anchored(st)
    effects = estimated + anchored + _bracket_rows(st) + _effect_restated(st, anchored) + _registry_results(st) + _times_the(st) + _nnt_words(st) + _points(st) + _percents(st) + _group_values(st)
    seen: dict[int, bool] = {}
    effects = [e for e in effects if plausible(e["measure"], e["value"]) and not _background(st, e["start"], seen)]
    effects = _planned_or_safety_filter(st, effects)
    effects.sort(key=lambda e: e["start"])
    effects = _drop_restated(st, effects)
    scales = sorted({s[2] for s in st.scales})
    return effects, scales


@batching.component("kb_effects")
def effects_component(doc: Doc) -> Doc:
    """Pipeline component: set ``doc._.effects`` and ``doc._.scales`` (never raises)."""
    try:
        doc._.effects, doc._.scales = find_effects(doc)
    except Exception:  # a rule bug must not lose the rest of the record
        log.exception("kb_effects failed on a %d-token text", len(doc))
        doc._.effects, doc._.scales = [], []
    return doc
