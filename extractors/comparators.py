"""Comparators: what a ketamine study compared ketamine with (``doc._.comparators``).

Names are normalised as in the corpus README ("placebo", "saline", "midazolam", "ect",
"other:opioid", ...). Vocabulary and trigger phrases live in ``patterns/comparators.json``.
The matching runs on ``doc.text`` with regular expressions compiled once from that file, so the
evidence offsets are exact whatever the tokenizer does with hyphens ("placebo-controlled").

Rules, in short:
- a *core* control agent (placebo, saline, midazolam, active placebo, waitlist) counts whenever
  it is named and not negated ("no placebo group");
- any other agent (ECT, an antidepressant, psychotherapy, a named drug) counts only in a
  comparison context: near "versus / compared with / than / superior to" with ketamine on the
  other side in the same sentence, coordinated with ketamine by "or", as a "group"/"arm", inside a
  "control (...)" list or after a registry "Drug:" field; add-on treatments given to every arm
  ("usual treatment added to placebo", "Placebo + Standard of Care") are background;
- the named agent wins over the generic word: "placebo (saline)" is saline, "midazolam (an active
  placebo)" is midazolam, unless placebo is listed as its own control type ("saline or placebo");
- ketamine or esketamine is a comparator only when set against the other ketamine form or
  another dose on the far side of a comparison trigger;
- only sentences about THIS study count: not ones about other work ("pivotal trials showed"),
  studies still to be done or planned, nor BACKGROUND-section sentences without a this-study cue;
  a comparison stated as a general claim ("ECT remains more effective than ketamine") is none;
- open-label studies, case reports and opinion pieces have no comparators (corpus rule); an
  observational study has no placebo arm.
"""
from __future__ import annotations

import bisect
import functools
import itertools
import json
import logging
import operator
import re
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Doc

from . import batching
from .extensions import doc_text
from .scan import folded_text, gate_tuple, gated_search, holds_any, literal_heads, may_match, scanner, trie_pattern
from .vocab import dated_citation

log = logging.getLogger(__name__)

PATTERNS_PATH = Path(__file__).parent / "patterns" / "comparators.json"
CORE_ABSORBED_BY_AGENT = {"placebo", "active placebo"}
PLACEBO_AGENTS = {"saline", "midazolam"}
CLASS_TERMS = {"antidepressant", "psychotherapy", "treatment as usual"}


def _register() -> None:
    if not Doc.has_extension("comparators"):
        Doc.set_extension("comparators", default=None)


_register()


@dataclass(frozen=True)
class Mention:
    """One vocabulary hit: normalised name and character span."""

    name: str
    start: int
    end: int
    core: bool


_META = set("\\.^$*+?{}[]|()")


def literal_prefix(fragment: str) -> str:
    """The literal characters a regex fragment must start with ("saline(?: ...)" -> "saline")."""
    out = []
    escaped = False
    for i, ch in enumerate(fragment):
        if escaped:
            escaped = False
            if ch.isalnum():  # \s, \d, \w ... are classes, not literals
                out.pop()
                break
            out[-1] = ch
            if fragment[i + 1:i + 2] in {"?", "*", "{"}:
                out.pop()
                break
            continue
        if ch == "\\":
            escaped = True
            out.append("")
            continue
        if ch in _META:
            break
        if fragment[i + 1:i + 2] in {"?", "*", "{"}:
            break
        out.append(ch)
    return "".join(out)


def _ascii_starts(pattern: re.Pattern, head: str) -> set[str]:
    """Lower-cased literal starts, three characters or more, one of which every match of
    ``pattern`` tried at the word head ``head`` (its first three letters) begins with in a
    lower-cased ASCII text.

    Read from the parsed pattern (a fragment may be an alternation: "methylenedioxy...|mdma"); an
    alternative that cannot begin with the head is never tried, so it needs no start. The
    case-insensitive match of an ASCII letter is its lower-cased form; a non-ASCII character may
    match an ASCII one (the Kelvin sign a "k"), so a start ends before the first one. The head
    itself serves when nothing longer is known.
    """
    literals = literal_heads(pattern)
    if literals is None:
        return {head}
    starts = set()
    for literal in [text.lower() for text in literals[0]] + list(literals[1]):
        n = 0
        while n < len(literal) and literal[n].isascii():
            n += 1
        literal = literal[:n]
        if len(literal) >= 3:
            if literal.startswith(head):
                starts.add(literal)
        elif head.startswith(literal):
            starts.add(head)
    return starts


_LEXICON_KEYS: set[str] = set()
# The lower-cased literal starts of the registered vocabularies' entries (three letters or more;
# see Lexicon.starts): in an ASCII text, a word holding none of them at its start is no candidate
_LEXICON_STARTS: set[str] = set()
# ASCII characters that are neither word characters nor a hyphen: what may precede a word start
_ASCII_NOT_WORD = "".join(ch for ch in map(chr, range(128)) if not re.match(r"[\w-]", ch))
_PREFILTER: list = []
# True when a registered head holds such a character before its last one: a word start may then
# fall inside the head before it ("a (b": "(b..." is no head of its own), which the fast split of
# an ASCII text cannot tell (see _ascii_word_heads)
_HEADS_MAY_OVERLAP = False
_FIRST_THREE = slice(0, 3)


def _register_lexicon(lexicon: "Lexicon") -> None:
    new = set(lexicon.table) - _LEXICON_KEYS
    new_starts = lexicon.starts - _LEXICON_STARTS
    if new or new_starts:
        _LEXICON_KEYS.update(new)
        _LEXICON_STARTS.update(new_starts)
        _PREFILTER.clear()  # built again, once for all the vocabularies, on the next scan
        _word_heads.cache_clear()


def _build_prefilter() -> None:
    """Compile the head scans of the registered vocabularies, once for all of them (compiled at
    each registration, they cost over half a second of start-up)."""
    global _HEADS_MAY_OVERLAP
    trie = trie_pattern(_LEXICON_KEYS)
    starts = trie_pattern(_LEXICON_STARTS)
    _HEADS_MAY_OVERLAP = any(ch in _ASCII_NOT_WORD for key in _LEXICON_KEYS for ch in key[:-1])
    _PREFILTER[:] = [re.compile(r"(?<![\w-])" + trie), re.compile(r"(?<![\w-])" + trie, re.I),
                     # the same starts in an ASCII text, found from the character before
                     # them (a class the engine skips to at C speed; a look-behind it tries
                     # at every offset), the head in a look-ahead so that heads may touch
                     re.compile(f"[{re.escape(_ASCII_NOT_WORD)}](?=({trie}))"), re.compile(trie),
                     # ... only those where the literal start of an entry follows (fewer
                     # words to try: "treated" is no "treatment as usual")
                     re.compile(f"[{re.escape(_ASCII_NOT_WORD)}](?=({starts}))"), re.compile(starts)]


# (comparators and effects look up the same texts, a batch of 64 at a time: two batches are kept)
@functools.lru_cache(maxsize=128)
def _word_heads(text: str) -> list[tuple[int, str]]:
    """(start, first three letters lower-cased) of the words that may begin a vocabulary entry,
    in text order.

    One C-speed scan of the lower-cased text with a prefix tree of every registered vocabulary's
    first letters, shared by all vocabularies (and both components) for the same text; each
    vocabulary then keeps the words it has entries for.
    """
    heads: list[tuple[int, str]] = []
    if not _PREFILTER:
        if not _LEXICON_KEYS:
            return heads
        _build_prefilter()
    low = text.lower()
    if low.isascii():
        return _ascii_word_heads(low)
    scan = _PREFILTER[0]
    if len(low) != len(text):  # a few characters change length when lower-cased
        low, scan = text, _PREFILTER[1]
    for m in scan.finditer(low):
        start = m.start()
        heads.append((start, low[start:start + 3].lower()))
    return heads


def _ascii_word_heads(low: str) -> list[tuple[int, str]]:
    """:func:`_word_heads` of a lower-cased ASCII text: the same starts, found faster, less those
    where no entry can match (the words that start with no entry's literal start)."""
    if _HEADS_MAY_OVERLAP:
        return _ascii_word_heads_one_by_one(low, _PREFILTER[3].match(low))
    scan, at_start = _PREFILTER[4], _PREFILTER[5]
    first = at_start.match(low)
    # The scan consumes only the character before each word start, and the split keeps the
    # literal start found there (its group): [text, start, text, start, ..., text]. A word starts
    # one character after the text before it ends; its head is its first three letters (every
    # literal start has three or more, and they are the first three of the text there).
    pieces = scan.split(low)
    starts = map(operator.add, itertools.accumulate(map(len, pieces[0:-1:2])), itertools.count(1))
    heads = list(zip(starts, map(operator.getitem, pieces[1::2], itertools.repeat(_FIRST_THREE))))
    if first is not None:
        heads.insert(0, (0, first.group()[:3]))
    return heads


def _ascii_word_heads_one_by_one(low: str, first: re.Match | None) -> list[tuple[int, str]]:
    """:func:`_ascii_word_heads` when heads may overlap: a scan resumes after the last head found."""
    heads: list[tuple[int, str]] = []
    append = heads.append
    end = 0
    if first is not None:
        append((0, first.group()))
        end = first.end()
    for m in _PREFILTER[2].finditer(low):
        start, head_end = m.span(1)  # the head starts where the character before it ends
        if start < end:
            continue
        end = head_end
        append((start, m.group(1)))
    return heads


class Lexicon:
    """Many phrase patterns matched fast: candidates are looked up by the first letters of each word.

    One big alternation tried at every character costs milliseconds per abstract; looking up the
    first one to three letters of each word and trying only the patterns that can start there
    keeps a whole vocabulary pass well under a tenth of a millisecond. Every fragment must start
    with at least one literal character; matches begin at a word start and end at a word end.
    """

    def __init__(self, entries: list[tuple[str, str, bool]]):
        self.table: dict[str, list[tuple[re.Pattern, str]]] = {}
        # The lower-cased literal start of each entry tried at word heads: in an ASCII text
        # (where the case-insensitive match of an ASCII letter is its lower-cased form) an entry
        # matches only where its start does.
        self.starts: set[str] = set()
        short: list[str] = []
        self.short_patterns: list[tuple[re.Pattern, str]] = []
        for key, fragment, case_sensitive in entries:
            prefix = literal_prefix(fragment)
            if not prefix:
                raise ValueError(f"pattern {fragment!r} must start with a literal character")
            if len(prefix) < 3:
                # One- and two-letter starts ("d =", "OR", "HR") would stop the prefix scan at
                # every "or" and "during": those fragments are searched for whole instead.
                body = fragment if case_sensitive else f"(?i:{fragment})"
                short.append(body)  # no named groups: they defeat the engine's fast scan
                self.short_patterns.append((re.compile(rf"(?:{body})(?![\w])"), key))
                continue
            flags = 0 if case_sensitive else re.I
            pattern = re.compile(rf"(?:{fragment})(?![\w])", flags)
            self.table.setdefault(prefix[:3].lower(), []).append((pattern, key))
            self.starts |= _ascii_starts(pattern, prefix[:3].lower())
        # Per head: its one pattern, or all its patterns tried in one call, each in a look-ahead
        # that records its match in a group of its own (group i + 1 for entry i) and lets the
        # next one try from the same start; a look-ahead that fails leaves its group unset.
        self.by_head: dict[str, tuple[re.Pattern, tuple[str, ...], tuple[int, ...]]] = {}
        for head, patterns in self.table.items():
            keys = tuple(key for _, key in patterns)
            if len(patterns) == 1:
                self.by_head[head] = (patterns[0][0], keys, ())
                continue
            tries, groups = [], []
            for pattern, _ in patterns:
                body = f"(?i:{pattern.pattern})" if pattern.flags & re.I else pattern.pattern
                tries.append(f"(?:(?=({body}))|)")
                groups.append(sum(1 + p.groups for p, _ in patterns[:len(groups)]) + 1)
            self.by_head[head] = (re.compile("".join(tries)), keys, tuple(groups))
        _register_lexicon(self)
        self._last: tuple[str | None, list[tuple[int, str]]] = (None, [])
        # No look-behind here (it slows every position down); the word start is checked per hit.
        self.short = re.compile("(?:" + "|".join(short) + r")(?![\w])") if short else None

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None):
        """Yield (start, end, key) of the longest match at each word start, left to right."""
        endpos = len(text) if endpos is None else endpos
        if self.short is None:
            yield from self._long_hits(text, pos, endpos)
            return
        hits = self._long_hits(text, pos, endpos) + self._short_hits(text, pos, endpos)
        hits.sort(key=lambda t: (t[0], -t[1]))
        skip_to = pos
        for hit in hits:
            if hit[0] >= skip_to:
                skip_to = hit[1]
                yield hit

    def _candidates(self, text: str) -> list[tuple[int, str]]:
        """(start, head) of the words this vocabulary has entries for, in text order; kept for
        the last text, which is searched window by window."""
        last = self._last  # one tuple, swapped whole: safe if two threads share the vocabulary
        if last[0] is not text:
            table = self.table
            last = self._last = (text, [pair for pair in _word_heads(text) if pair[1] in table])
        return last[1]

    def _long_hits(self, text: str, pos: int, endpos: int) -> list[tuple[int, int, str]]:
        out = []
        skip_to = pos
        by_head = self.by_head
        candidates = self._candidates(text)
        # (pos,) sorts before every (pos, head): the first candidate at or after pos
        for start, head in itertools.islice(candidates, bisect.bisect_left(candidates, (pos,)), None):
            if start >= endpos:
                break
            if start < skip_to:
                continue
            pattern, keys, groups = by_head[head]
            m = pattern.match(text, start, endpos)
            if m is None:
                continue
            if not groups:
                best_end, best_key = m.end(), keys[0]
            else:
                if m.lastindex is None:
                    continue  # no entry matches here
                # the longest entry match, the first entry of the table on a tie
                regs = m.regs
                best_end = -1
                for group, key in zip(groups, keys):
                    end = regs[group][1]
                    if end > best_end:  # an entry that does not match ends at -1
                        best_end, best_key = end, key
            skip_to = best_end
            out.append((start, best_end, best_key))
        return out

    def _short_hits(self, text: str, pos: int, endpos: int) -> list[tuple[int, int, str]]:
        out = []
        for m in scanner(self.short).finditer(text, pos, endpos):
            start = m.start()
            if start and (text[start - 1].isalnum() or text[start - 1] in "_-"):
                continue
            best = None
            for pattern, key in self.short_patterns:
                hit = pattern.match(text, start, endpos)
                if hit and (best is None or hit.end() > best[1]):
                    best = (start, hit.end(), key)
            if best:
                out.append(best)
        return out


def _alt(fragments: list[str]) -> str:
    # Longest first so "normal saline" wins over "saline" at the same position.
    return "|".join(sorted(fragments, key=len, reverse=True))


@dataclass
class _Compiled:
    intervention: Lexicon
    terms: Lexicon
    group_names: dict[str, tuple[str, bool]]
    triggers: Lexicon
    window: int
    or_before: int
    or_after: int
    control: re.Pattern
    control_window: int
    registry: re.Pattern
    arm_after: re.Pattern
    negation_before: re.Pattern
    addon_before: re.Pattern
    addon_after: re.Pattern
    future: re.Pattern
    other_work: re.Pattern
    other_trials: re.Pattern
    plans: re.Pattern
    background_heading: re.Pattern
    any_heading: re.Pattern
    this_study: re.Pattern
    own_study: re.Pattern
    generic_verbs: re.Pattern
    past_markers: re.Pattern
    placebo_concept: re.Pattern
    generic_trials_after: re.Pattern
    own_trials_before: re.Pattern
    negation_wide: re.Pattern
    uncontrolled_designs: frozenset
    generic_placebo_designs: frozenset
    class_members: dict


@functools.cache
def compiled() -> _Compiled:
    """Compile the comparator vocabulary once per process."""
    data = json.loads(PATTERNS_PATH.read_text(encoding="utf-8"))
    entries = []
    names: dict[str, tuple[str, bool]] = {}
    for term in data["terms"]:
        names[term["name"]] = (term["name"], bool(term.get("core")))
        entries += [(term["name"], f, False) for f in term.get("patterns", [])]
        entries += [(term["name"], f, True) for f in term.get("patterns_cs", [])]
    terms = Lexicon(entries)
    word = lambda xs: rf"(?<![\w-])(?:{_alt(xs)})(?![\w])"  # noqa: E731
    return _Compiled(
        intervention=Lexicon([("ketamine", f, False) for f in data["intervention"]]),
        terms=terms,
        group_names=names,
        triggers=Lexicon([("trigger", f, False) for f in data["triggers"]]),
        window=int(data.get("window", 60)),
        or_before=int(data.get("or_window_before", 60)),
        or_after=int(data.get("or_window_after", 25)),
        control=re.compile(word(data["control_markers"]), re.I),
        control_window=int(data.get("control_window", 45)),
        registry=re.compile(rf"(?:{_alt(data['registry_markers'])})", re.I),
        arm_after=re.compile(rf"^\s*(?:\([^()]{{0,40}}\)\s*)?(?:{_alt(data['arm_nouns'])})\b", re.I),
        negation_before=re.compile(rf"(?:^|[\s(])(?:{_alt(data['negations'])})[\s-]+(?:an?\s+)?$", re.I),
        # "plus an oral antidepressant", "added to usual treatment": up to two modifiers between.
        # "added to lithium, valproate or lamotrigine": every member of the listed background
        addon_before=re.compile(rf"(?<![\w])(?:{_alt(data['addon_before'])})[\s-]+(?:(?:(?!(?:with|versus|vs|than|to)\b)[\w-]*\w[ \t]+){{0,4}}|[\w-]*\w,[ \t]+(?:[\w-]*\w,?[ \t]+){{0,2}})$", re.I),
        future=re.compile(rf"(?:{_alt(data['future'])})", re.I),
        addon_after=re.compile(rf"^\s*(?:\([^()]{{0,40}}\)\s*)?(?:{_alt(data['addon_after'])})", re.I),
        other_work=re.compile(word(data["other_work"]), re.I),
        other_trials=re.compile(word(data["other_trials"]), re.I),
        plans=re.compile(word(data["plans"]), re.I),
        # "BACKGROUND: ...", "Introduction\n...", "IMPORTANCE The ...": a heading at a line or
        # sentence start, followed by a colon, a line break, or (in capitals) the next sentence.
        background_heading=_heading(data["background_headings"]),
        any_heading=_heading(data["background_headings"] + data["section_headings"]),
        this_study=re.compile(word(data["this_study"]), re.I),
        own_study=re.compile(word(data["this_study"] + data["study_report"]), re.I),
        generic_verbs=re.compile(word(data["generic_verbs"]), re.I),
        past_markers=re.compile(word(data["past_markers"]), re.I),
        placebo_concept=re.compile(rf"[\s-]+(?:{_alt(data['placebo_concepts'])})\b", re.I),
        generic_trials_after=re.compile(rf"(?:{_alt(data['generic_trials_after'])})\b", re.I),
        own_trials_before=re.compile(rf"\b(?:{_alt(data['own_trials_before'])})\s+(?:[\w-]+\s+){{0,2}}$", re.I),
        negation_wide=re.compile(rf"(?:^|[\s(])(?:{_alt(data['negations_wide'])})\s+(?:(?:an?|any|the)\s+)?"
                                 rf"(?P<gap>(?:[\w-]+,?\s+(?:or\s+)?){{0,3}})$", re.I),
        uncontrolled_designs=frozenset(data["uncontrolled_designs"]),
        generic_placebo_designs=frozenset(data["generic_placebo_designs"]),
        class_members={k: frozenset(v) for k, v in data["class_members"].items()},
    )


def _heading(words: list[str]) -> re.Pattern:
    # Title case or capitals only (no re.I): "Results were ..." at a sentence start is no heading.
    alts = _alt([w.upper() for w in words] + [w[:1].upper() + w[1:] for w in words])
    return re.compile(rf"[ \t#*]*(?:{alts})(?:[ \t]*(?::|\n|\.(?=\s))| +(?=[A-Z]))")


# Abbreviations whose full stop ends no sentence ("vs.", "et al.", "Fig.", a capital initial),
# as look-behinds ending at the stop, one per width (a look-behind has a fixed width). "approx"
# takes no word-start test, as before: the abbreviation test read only the seven characters
# ending at the stop, and those start with it.
_ABBREVIATIONS_BY_WIDTH = (
    ("v", "[A-Z]"),
    ("vs", "al", "No", "no", "Dr", "Mr", "Ms", "St", "cf", "ca", "Jr", "Co"),
    (r"e\.g", r"i\.e", "Fig", "Mrs", r"U\.S", "Inc", "Ltd"),
    ("Figs", "Prof"),
)
_ABBREVIATION_STOP = "|".join([rf"(?<=\b(?:{'|'.join(words)})\.)" for words in _ABBREVIATIONS_BY_WIDTH]
                              + [r"(?<=approx\.)"])
# The last letters of those abbreviations: tested first, as one class, so that a full stop after
# any other character (a digit, most words) is let through at once
_ABBREVIATION_LAST = r"(?<=[svgelxorftacdA-Z]\.)"
# A full stop, "!" or "?" (then closing quotes or brackets and a space) before a capital or digit,
# or a line break. The ending character comes first, as a class, so that the engine skips to the
# next one at C speed (a pattern opening with an alternation is tried at every offset); the
# look-behinds tell the two kinds of ending apart. A full stop after an abbreviation still
# matches (what it takes is no sentence end of its own: "et al.\nThe" holds none), with the
# group "abbreviation" set.
_SENTENCE_END = re.compile(r"[.!?\n](?:(?<=[.!?])"
                           rf"(?:{_ABBREVIATION_LAST}(?:{_ABBREVIATION_STOP})(?P<abbreviation>)|)"
                           r"[\"'”’)\]]*\s+(?=[\"'“‘(\[]?[A-Z0-9•])|(?<=\n))")


def sentence_bounds(doc: Doc, text: str | None = None) -> list[int]:
    """Sorted start offsets of the sentences of ``doc``, computed once per doc and cached.

    Read from the text rather than ``doc.sents`` because iterating tokens in Python costs more
    than both extractors together; a full stop before a capital or digit, and every line break,
    end a sentence (abbreviations such as "vs." and "et al." do not).
    """
    cached = doc.user_data.get("kb_sentence_bounds") if doc.user_data is not None else None
    if cached is not None:
        return cached
    text = doc_text(doc) if text is None else text
    starts = [0]
    starts += [m.end() for m in _SENTENCE_END.finditer(text) if m.group("abbreviation") is None]
    doc.user_data["kb_sentence_bounds"] = starts
    return starts


def sentence_of(bounds: list[int], pos: int, length: int) -> tuple[int, int]:
    """(start, end) of the sentence holding character ``pos``."""
    i = bisect.bisect_right(bounds, pos) - 1
    start = bounds[max(i, 0)]
    end = bounds[i + 1] if i + 1 < len(bounds) else length
    return start, end


def find_mentions(text: str) -> list[Mention]:
    """Every comparator-vocabulary hit in ``text``, in order."""
    c = compiled()
    out = []
    for start, end, key in c.terms.finditer(text):
        name, core = c.group_names[key]
        out.append(Mention(name, start, end, core))
    return out


def _intervention_spans(text: str) -> list[tuple[int, int, str]]:
    out = []
    for start, end, _ in compiled().intervention.finditer(text):
        word = text[start:end].lower()
        name = "esketamine" if word.startswith(("es", "s-", "spravato")) else "ketamine"
        out.append((start, end, name))
    return out


def _any_in(spans: list[tuple[int, int, str]], lo: int, hi: int) -> bool:
    i = bisect.bisect_left(spans, (lo, -1, ""))
    return i < len(spans) and spans[i][0] < hi


_ADDON_GAP_BREAK = re.compile(r"\b(?:requiring|required|requires|needing|needed|symptoms|episodes?)\b", re.I)


def _is_addon(text: str, m: Mention) -> bool:
    c = compiled()
    before = text[max(0, m.start - 45):m.start]
    after = text[m.end:m.end + 60]  # room for a bracket: "fluvoxamine (continued at the previous dose) plus"
    hit = c.addon_before.search(before) if may_match(c.addon_before, text, m.start - len(before), m.start) else None
    if hit and _ADDON_GAP_BREAK.search(before, hit.start()):
        hit = None  # "Current psychotic symptoms requiring urgent ECT": the add-on word qualifies something else
    if hit:
        # "randomised to ketamine or to continuing their current antidepressant": the continued
        # treatment is the other arm of an "or", not something every arm gets.
        return not _ARM_OR_BEFORE.search(before, 0, hit.start())
    # "nitrous oxide plus a saline infusion": what rides along is a blinding dummy, so the
    # agent is an arm of its own, not an add-on.
    # "randomly assigned to ketamine or to aripiprazole (2-15 mg/day) added to their antidepressant":
    # an augmentation arm of its own, not a co-treatment of every arm
    return bool(c.addon_after.search(after)) and not _DUMMY_AFTER.match(text, m.end) \
        and not _ARM_OR_BEFORE.search(before)


_LIST_GAP = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:,|/|or|and|and/or|,\s*or|,\s*and)?\s*", re.I)


def _first_after(text: str, m: Mention, t_end: int, starts: list[int], mentions: list[Mention],
                 ket: list[tuple[int, int, str]] = ()) -> bool:
    """True when ``m`` is the first term after a trigger, or listed with it ("placebo or ECT").

    A ketamine form after the trigger is a term too: in "compared esketamine with intravenous
    ketamine in routine care" the comparison is ketamine, and routine care is the setting.
    """
    # only the terms between the trigger and m (bisect bounds keep this linear on long texts)
    between = mentions[bisect.bisect_left(starts, t_end):bisect.bisect_left(starts, m.start)]
    kets = [k for k in ket[bisect.bisect_left(ket, (t_end, -1, "")):bisect.bisect_left(ket, (m.start, -1, ""))]
            if k[1] <= m.start]
    ends = [mt.end for mt in between] + [k[1] for k in kets]
    nexts = sorted([mt.start for mt in between] + [k[0] for k in kets] + [m.start])
    for end in ends:
        following = [s for s in nexts if s >= end]
        if following and not _LIST_GAP.fullmatch(text, end, following[0]):
            return False  # "ketamine versus propofol anaesthesia for ECT": ECT is not the comparison
    return True


def _in_comparison(text: str, m: Mention, sent: tuple[int, int], trig: list,
                   ket: list[tuple[int, int, str]], mentions: list[Mention] | None = None,
                   starts: list[int] | None = None) -> str | None:
    """The kind of comparison context a non-core mention sits in ("trigger", "versus", "or",
    "arm", "control", "registry"), or None."""
    c = compiled()
    s0, s1 = sent
    # 1. trigger before the mention, ketamine before the trigger (same sentence), or the reverse.
    lo = bisect.bisect_left(trig, max(s0, m.start - c.window - 40), key=lambda t: t.start())
    hi = bisect.bisect_right(trig, min(s1, m.end + c.window), key=lambda t: t.start())
    for t in trig[lo:hi]:
        if t.start() < s0 or t.end() > s1:
            continue
        if t.end() <= m.start <= t.end() + c.window:
            if mentions is not None and not _first_after(text, m, t.end(), starts, mentions, ket):
                continue
            if _any_in(ket, s0, t.start()) or (t.group(0).lower() != "than" and _any_in(ket, s0, s1)):
                return "versus" if _adjacent_versus(text, t, m, ket) else "trigger"
        # "ECT compared to ketamine", "ECT to be slightly better than ketamine": a short, comma-free
        # gap, so that "ketamine is a powerful antidepressant, but no head-to-head ..." is not one.
        gap = text[m.end:t.start()]
        if m.end <= t.start() <= m.end + 30 and not re.search(r"[,;:()]", gap) \
                and _any_in(ket, t.end(), min(s1, t.end() + c.window)):
            return "versus" if _adjacent_versus(text, t, m, ket) else "trigger"
    # 2. "ketamine ... or X" / "X ... or ketamine": ketamine and X are the two members of the
    # "or", with no verb or clause between ("patients on an SSRI or SNRI were randomized to
    # esketamine" coordinates the SSRI with the SNRI, not with esketamine).
    before = text[max(s0, m.start - c.or_after):m.start]
    j = before.lower().rfind(" or ")
    if j >= 0:
        or_at = m.start - len(before) + j
        k = _last_in(ket, max(s0, m.start - c.or_after - c.or_before), or_at)
        if k is not None and not _CLAUSE_GAP.search(text, k[1], or_at) \
                and not _MEMBER_GAP.search(text, or_at + 4, m.start) \
                and not _any_in(ket, or_at + 4, m.start):
            # "ketamine or esketamine in routine care": the "or" joins the two forms
            return "or"
    after = text[m.end:min(s1, m.end + c.or_before)]
    j = after.lower().find(" or ")
    if j >= 0:
        or_at = m.end + j
        k = _first_in(ket, or_at + 4, min(s1, or_at + 4 + c.or_after))
        if k is not None and not _CLAUSE_GAP.search(text, m.end, or_at) \
                and not _MEMBER_GAP.search(text, or_at + 4, k[0]):
            return "or"
    # 2b. "to either esketamine nasal spray (56 or 84 mg) for 4 weeks ..., or a standard course of
    # ECT": the members of an "either ... or" may stand a clause apart
    if text.find(" either ", s0, m.start) >= 0 and _either_or(text, m, s0, ket):
        return "or"
    # 3. "the ECT group", "placebo arm"
    if c.arm_after.search(text[m.end:m.end + 60]):
        return "arm"
    # 4. an arm label in a list: "Arms:\n- ECT: bitemporal ECT three times weekly"
    if _ARM_LABEL_BEFORE.search(text, max(0, m.start - 8), m.start) and _ARM_LABEL_AFTER.match(text, m.end):
        return "arm"
    # 5. "control (midazolam, opioid, saline or placebo)", "Drug: Midazolam"
    lead = text[max(s0, m.start - c.control_window):m.start]
    if c.control.search(lead):
        return "control"
    # "Drug: Sertraline" names an arm; a class word there ("Drug: Oral antidepressant") is
    # usually background medication given to every arm.
    if m.name not in CLASS_TERMS and c.registry.search(text[max(s0, m.start - 25):m.start]):
        return "registry"
    return None


def _either_or(text: str, m: Mention, s0: int, ket: list[tuple[int, int, str]]) -> bool:
    """True when ``m`` follows the ", or" of an "either <ketamine> ..." in its sentence."""
    or_at = text.rfind(", or ", s0, m.start)
    if or_at < 0 or _MEMBER_GAP.search(text, or_at + 5, m.start) or text.find(";", s0, or_at) >= 0:
        return False
    either = text.rfind(" either ", s0, or_at)
    k = _first_in(ket, either + 8, either + 8 + EITHER_REACH) if either >= 0 else None
    return k is not None and k[1] <= or_at


# Characters after "either" within which the ketamine member must start ("either twice-weekly esketamine").
EITHER_REACH = 40

# Words that open a new clause or carry its verb: an "or" across them joins other things.
_CLAUSE_WORDS = (r"\b(?:was|were|is|are|be|been|being|had|has|have|did|does|do|who|which|that|"
                 r"while|whereas|but|received|receiving|took|taking|treated|failed)\b")
_CLAUSE_GAP = re.compile(r"[;:]|" + _CLAUSE_WORDS, re.I)

# Between "or" and the member it introduces: modifiers only ("or to an active placebo").
_MEMBER_GAP = re.compile(r"[,;:]|" + _CLAUSE_WORDS, re.I)


def _last_in(spans: list[tuple[int, int, str]], lo: int, hi: int) -> tuple[int, int, str] | None:
    i = bisect.bisect_left(spans, (hi, -1, "")) - 1
    return spans[i] if i >= 0 and spans[i][0] >= lo else None


def _first_in(spans: list[tuple[int, int, str]], lo: int, hi: int) -> tuple[int, int, str] | None:
    i = bisect.bisect_left(spans, (lo, -1, ""))
    return spans[i] if i < len(spans) and spans[i][0] < hi else None


def _adjacent_versus(text: str, t, m: Mention, ket: list[tuple[int, int, str]]) -> bool:
    """"ketamine versus ECT", "ECT vs. esketamine": the two arms named right beside the trigger
    (a headline or a trial name states the comparison whatever the verb of the sentence)."""
    if t.group(0).lower().rstrip(".") not in {"versus", "vs"}:
        return False
    if m.start >= t.end():
        k = _last_in(ket, t.start() - 40, t.start())
        return k is not None and m.start - t.end() <= 25 and _SHORT_GAP.fullmatch(text, k[1], t.start()) is not None
    k = _first_in(ket, t.end(), t.end() + 40)
    return k is not None and t.start() - m.end <= 25 and _SHORT_GAP.fullmatch(text, t.end(), k[0]) is not None


_SHORT_GAP = re.compile(r"\s*(?:\([^()]{0,40}\))?\s*(?:[\w-]+\s+){0,3}", re.I)


_ARM_LABEL_BEFORE = re.compile(r"(?:^|\n)[ \t]*[-•*][ \t]*$")
_ARM_LABEL_AFTER = re.compile(r"[ \t]*(?:\([^()\n]{0,30}\))?[ \t]*:")


_OTHER_DOSE = re.compile(
    r"\s*(?:a\s+|the\s+)?(?P<d>\d+(?:[.·]\d+)?\s*(?:mg/kg|mg|µg/kg|mcg/kg)\b"
    r"|(?:lower|higher|low|high|very low|standard|single|different|sub-?anaesthetic|subanesthetic)[- ]doses?\b)", re.I)


def _other_route(text: str, a: tuple[int, int, str], b: tuple[int, int, str]) -> bool:
    """"oral ketamine was compared with intravenous ketamine": the same drug by another route."""
    ra = _ROUTES.search(text, max(0, a[0] - 15), a[0])
    rb = _ROUTES.search(text, max(0, b[0] - 15), b[0])
    return bool(ra and rb and ra.group(1).lower() != rb.group(1).lower())


def _ketamine_comparators(text: str, bounds: list[int], trig: list,
                          ket: list[tuple[int, int, str]]) -> list[dict]:
    """Esketamine vs racemic ketamine, or one ketamine dose vs another."""
    c = compiled()
    out = []
    for t in trig:
        if t.group(0).lower() in {"than", "against"}:
            continue  # "larger with racemic ketamine than with esketamine": a subgroup contrast
        s0, s1 = sentence_of(bounds, t.start(), len(text))
        left = ket[bisect.bisect_left(ket, (max(s0, t.start() - c.window), -1, "")):
                   bisect.bisect_left(ket, (t.start(), -1, ""))]
        right = ket[bisect.bisect_left(ket, (t.end(), -1, "")):
                    bisect.bisect_right(ket, (min(s1, t.end() + c.window), 1 << 60, ""))]
        if left and not right:
            # "ketamine 0.5 mg/kg versus 0.2 mg/kg", "versus a lower dose": another dose.
            dose = _OTHER_DOSE.match(text, t.end(), s1)
            if dose:
                out.append({"name": left[-1][2], "text": dose.group("d"), "start": dose.start("d"),
                            "end": dose.end("d")})
            continue
        if not left or not right:
            continue
        a, b = left[-1], right[0]
        if not _FORM_GAP.fullmatch(text, t.end(), b[0]):
            continue  # "esketamine was compared with placebo; racemic ketamine was not studied"
        if a[2] != b[2]:
            out.append({"name": b[2], "text": text[b[0]:b[1]], "start": b[0], "end": b[1]})
        elif re.search(r"\d\s*(?:mg|µg|mcg)|\b(?:low|lower|high|higher|different|single|standard)[- ]dose",
                       text[a[0] - 30 if a[0] > 30 else 0:b[1] + 30], re.I) or _other_route(text, a, b):
            out.append({"name": b[2], "text": text[b[0]:b[1]], "start": b[0], "end": b[1]})
    return out


def _registry_form_comparators(text: str, ket: list[tuple[int, int, str]]) -> list[dict]:
    """The ketamine form a registry record lists as its "Active Comparator:" arm while its
    "Experimental:" arm is the other form (IV racemic ketamine against esketamine spray)."""
    roles: dict[str, list[tuple[int, int, str]]] = {"Active Comparator": [], "Experimental": []}
    for span in ket:
        line_start = text.rfind("\n", 0, span[0]) + 1
        m = _ARM_LINE_BEFORE.search(text, line_start, span[0])
        if m:
            roles[m.group("role")].append(span)
    experimental = {name for _, _, name in roles["Experimental"]}
    return [{"name": name, "text": text[a:b], "start": a, "end": b}
            for a, b, name in roles["Active Comparator"] if experimental - {name}]


_DOSE_FINDING = re.compile(r"\bdose[- ](?:ranging|finding|response|dependent|related)"
                           r"|\b(?:higher|larger) dose was (?:also )?(?:superior|better)"
                           r"|\boptimal (?:[\w-]+ )?dos(?:e|es|ing)\b|\bwhich dose|\bdifferent doses", re.I)
# Between a comparison trigger and the other ketamine form: a few modifiers, no clause break.
_FORM_GAP = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:[\w/.·-]+,?\s+){0,5}")


_DOSE = r"\d+(?:[.·]\d+)?"
_UNIT = r"(?:mg/kg|mg|µg/kg|mcg/kg)"
_DOSE_AFTER = re.compile(rf"\s+(?P<d>{_DOSE}\s*{_UNIT})")
_ARM_JOIN = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|and\s+|or\s+|versus\s+|vs\.?\s+)")
# "received ... three 40-minute intravenous infusions: ketamine 0.25 mg/kg, ...": arms listed after a colon
_INFUSIONS_LIST = re.compile(r"\b(?:infusions|sessions|conditions|treatments|arms)\s*:\s*", re.I)
# "ketamine 0.1, 0.2, 0.5 or 1.0 mg/kg", "ketamine 0.5 mg/kg or 0.2 mg/kg": doses as separate arms.
_DOSE_LIST_AFTER = re.compile(
    rf"\s+(?:at\s+)?(?P<d>{_DOSE}\s*(?:{_UNIT}\s*)?(?:,\s*{_DOSE}\s*(?:{_UNIT}\s*)?)*,?\s*(?:or|versus|vs\.?)\s*{_DOSE}\s*{_UNIT})", re.I)
# "a single dose of 0.1, 0.2, 0.5 or 1.0 mg/kg ketamine"
_DOSE_LIST_BEFORE = re.compile(
    rf"(?P<d>{_DOSE}\s*(?:{_UNIT}\s*)?(?:,\s*{_DOSE}\s*(?:{_UNIT}\s*)?)*,?\s*(?:or|versus|vs\.?)\s*{_DOSE}\s*{_UNIT})\s+(?:of\s+)?(?:\w+\s+)?$", re.I)
_OR_GAP = re.compile(r"(?:[^.;]|\.(?=\d))*?\bor\s+(?:\w+\s+){0,2}", re.I)
_ROLE_COMPARATOR = re.compile(rf"(?:\s*\([^()]{{0,30}}\)|\s+{_DOSE}\s*{_UNIT})?\s*(?:,\s*(?:the|an?)\s+|\(\s*|\s+as\s+(?:the\s+|an?\s+)?"
                              r"|(?:\s+(?!or\b|and\b|versus\b|vs\b)[a-z-]+){0,2}?\s+(?:served|serving|acted|acting|was\s+used)"
                              r"\s+as\s+(?:the\s+|an?\s+)?)"
                              r"(?:active\s+)?(?:comparator|control)\b", re.I)
# "randomized to ketamine or esketamine versus saline": both forms are the intervention
_VERSUS_NEXT = re.compile(r"\s*(?:\([^()]{0,40}\)\s*)?(?:versus|vs\b|compared)", re.I)
_FORM_COMMA_GAP = re.compile(rf"\s*(?:\([^()]{{0,30}}\)\s*|{_DOSE}\s*{_UNIT}\s*)?,\s*(?:[\w-]+\s+){{0,2}}")
# "randomized 1:1:1 to a single 40-min infusion of racemic ketamine 0.5 mg/kg, esketamine ..."
_ARMS_TO = re.compile(r"\b(?:randomi[sz]e[sd]?|randomly\s+assign(?:ed)?|assigned|allocated)\b[^.;]{0,40}?\bto\s+"
                     r"(?:receive\s+)?(?:[\w-]+\s+){0,5}$", re.I)
# "(1) intravenous racemic ketamine ..., (2) esketamine nasal spray ...": numbered arms
_SENTENCE_BREAK = re.compile(r"[.;]\s")
_NUMBERED_ARM = re.compile(r"\((\d)\)\s+(?:[\w-]+\s+){0,2}$")
_LIST_OR_AFTER = re.compile(r"(?:[^.;]|\.(?=\d)){0,40}?\bor\b", re.I)
_ASSIGNED_TO = re.compile(r"\b(?:randomi[sz]ed|assigned|allocated)\s+(?:\(?\d:\d\)?\s+)?to\s+(?:receive\s+)?(?:[\w-]+\s+){0,3}$", re.I)
_ARMS_CONTEXT = re.compile(r"randomi[sz]|random order|assigned|allocated|compar|versus|\bvs\b|\barms?\b", re.I)
_ROUTES = re.compile(r"\b(oral|intravenous|iv|intranasal|nasal|sublingual|intramuscular|subcutaneous)\s+$", re.I)


# "with 1.0 mg/kg than with 0.5 mg/kg": scanned from the comparison word (literal-gated), the
# first dose checked just before it.
_DOSE_VS_DOSE = re.compile(r"(?:than|versus|vs\.?|compared (?:with|to))\s+(?:with\s+|at\s+|the\s+)?"
                           r"(?P<d>\d+(?:[.·]\d+)?\s*(?:mg/kg|mg)\b)", re.I)
_DOSE_BEFORE = re.compile(r"\d+(?:[.·]\d+)?\s*(?:mg/kg|mg)\b\s+$", re.I)


def _dose_arms(text: str, bounds: list[int], ket: list[tuple[int, int, str]]) -> list[dict]:
    """Another dose of the same drug as its own arm: a dose list joined by "or" right beside a
    ketamine mention in a sentence about randomization or comparison. A list in brackets
    ("esketamine (56 or 84 mg)") is the flexible dose of one arm and does not count."""
    out = []
    for start, end, name in ket:
        m = _DOSE_LIST_AFTER.match(text, end)
        if m is None:
            window = text[max(0, start - 50):start]
            if "mg" in window and (" or " in window or "vs" in window or "versus" in window):
                m = _DOSE_LIST_BEFORE.search(text, max(0, start - 50), start)
        if m is None or text[max(0, m.start("d") - 2):m.start("d")].strip().endswith(("(", "[")):
            continue
        s0, s1 = sentence_of(bounds, start, len(text))
        if not _ARMS_CONTEXT.search(text, s0, s1):
            continue
        # three or more doses make a dose-ranging design; two may be fixed doses beside a control
        out.append({"name": name, "text": m.group("d"), "start": m.start("d"), "end": m.end("d"),
                    "dose_pair": len(re.findall(_DOSE, m.group("d"))) < 3})
    # "larger with 1.0 mg/kg than with 0.5 mg/kg": two doses of the drug set against each other
    if ket and "mg" in text:
        for m in scanner(_DOSE_VS_DOSE).finditer(text):
            if not _DOSE_BEFORE.search(text, max(0, m.start() - 20), m.start()):
                continue
            out.append({"name": ket[0][2], "text": m.group("d"), "start": m.start("d"), "end": m.end("d"),
                        "dose_pair": True})
            break
    # "infusions: ketamine 0.25 mg/kg, ketamine 0.5 mg/kg and saline": the same drug named twice,
    # each with its own dose, as two arms
    for a, b in zip(ket, ket[1:]):
        if a[2] != b[2] or b[0] - a[1] > 40:
            continue
        da, db = _DOSE_AFTER.match(text, a[1]), _DOSE_AFTER.match(text, b[1])
        if da and db and da.group("d") != db.group("d") and _ARM_JOIN.fullmatch(text, da.end(), b[0]):
            s0, s1 = sentence_of(bounds, a[0], len(text))
            if _ARMS_CONTEXT.search(text, s0, s1) or _INFUSIONS_LIST.search(text, s0, a[0]):
                out.append({"name": b[2], "text": text[b[0]:db.end()], "start": b[0], "end": db.end(),
                            "dose_pair": True})
    # "IV ketamine or intranasal esketamine, the active comparator": a form labelled as the control
    forms = {name for _, _, name in ket}
    if len(forms) > 1:
        for start, end, name in ket:
            role = _ROLE_COMPARATOR.match(text, end)
            if role:
                out.append({"name": name, "text": text[start:end], "start": start, "end": end})
    # "randomized to esketamine (0.25 mg/kg) or racemic ketamine (0.5 mg/kg)": the other form
    for a, b in zip(ket, ket[1:]):
        if a[2] == b[2] or b[0] - a[1] > 45 or not _OR_GAP.fullmatch(text, a[1], b[0]):
            continue
        s0, s1 = sentence_of(bounds, a[0], len(text))
        # only as the arms of a randomization ("randomized to A or B"), not "ketamine or
        # esketamine versus placebo", where both forms are the intervention
        if b[1] <= s1 and _ASSIGNED_TO.search(text, max(s0, a[0] - 40), a[0]) \
                and not _VERSUS_NEXT.match(text, b[1], s1):
            out.append({"name": b[2], "text": text[b[0]:b[1]], "start": b[0], "end": b[1]})
    # "to (1) intravenous racemic ketamine 0.5 mg/kg ..., (2) esketamine nasal spray ..., or (3) ECT"
    for a, b in zip(ket, ket[1:]):
        if a[2] == b[2] or b[0] - a[1] > 120:
            continue
        first = _NUMBERED_ARM.search(text, max(0, a[0] - 30), a[0])
        second = _NUMBERED_ARM.search(text, max(0, b[0] - 30), b[0])
        if first and second and int(second.group(1)) == int(first.group(1)) + 1 \
                and not _SENTENCE_BREAK.search(text, a[1], b[0]):
            s0, s1 = sentence_of(bounds, a[0], len(text))
            if _ARMS_CONTEXT.search(text, s0, s1):
                out.append({"name": b[2], "text": text[b[0]:b[1]], "start": b[0], "end": b[1]})
    # "randomize 390 adults to IV ketamine, esketamine or lithium augmentation": a list of arms
    for a, b in zip(ket, ket[1:]):
        if a[2] == b[2] or b[0] - a[1] > 30 or not _FORM_COMMA_GAP.fullmatch(text, a[1], b[0]):
            continue
        s0, s1 = sentence_of(bounds, a[0], len(text))
        if _ARMS_TO.search(text, max(s0, a[0] - 70), a[0]) and _LIST_OR_AFTER.match(text, b[1], s1):
            out.append({"name": b[2], "text": text[b[0]:b[1]], "start": b[0], "end": b[1]})
    return out


@dataclass(frozen=True)
class _Trigger:
    s: int
    e: int
    word: str

    def start(self) -> int:
        return self.s

    def end(self) -> int:
        return self.e

    def group(self, _: int = 0) -> str:
        return self.word


# "We compared racemic ketamine with esketamine": the "with" of a split "compared ... with".
_SPLIT_COMPARISON = re.compile(r"\bcompar(?:ed|ing|es|e)\s+(?:[\w-]+\s+){1,4}?(?P<t>with|to|and|versus)\b"
                               # "comparing a single ketamine infusion (0.5 mg/kg) plus oxygen
                               # with inhaled nitrous oxide": a longer first term naming ketamine
                               r"|\bcompar(?:ed|ing|es|e)\s+(?=(?:[^\s;]*[^\s.;]\s+){0,3}?(?:es)?ketamine\b)"
                               r"(?:[^\s;]*[^\s.;]\s+){1,12}?(?P<t3>with|versus)\b"
                               r"|\bbetween\s+(?:\S+\s+){1,5}?(?P<t2>and)\b"
                               # "received ketamine (0.5 mg/kg) and diphenhydramine (50 mg), each infused
                               # over 40 minutes, in random order": the two periods of a crossover
                               r"|\breceived\s+(?=(?:es)?ketamine\b)(?:[^\s;]*[^\s.;]\s+){1,6}?(?P<t4>and)\b"
                               r"(?=[^.;]{0,120}?\bin\s+(?:a\s+)?(?:random|randomi[sz]ed|counterbalanced)\s+order)", re.I)


def _triggers(text: str) -> list:
    found = [_Trigger(a, b, text[a:b]) for a, b, _ in compiled().triggers.finditer(text)]
    for m in scanner(_SPLIT_COMPARISON).finditer(text):
        g = next(name for name in ("t", "t3", "t2", "t4") if m.group(name))
        found.append(_Trigger(m.start(g), m.end(g), m.group(g)))
    return sorted(found, key=lambda t: t.s)


def _coordinated(text: str, a: Mention, b: Mention) -> bool:
    lo, hi = (a, b) if a.start < b.start else (b, a)
    gap = text[lo.end:hi.start]
    return len(gap) <= 40 and _COORD_GAP.fullmatch(gap) is not None


# "saline, midazolam or an inert placebo": list marks, with an article before the next member.
# "to placebo or to midazolam", "with a dummy treatment (placebo) or with midazolam": a repeated
# preposition and a closing bracket still coordinate.
# "saline (three trials), midazolam (one) and an unspecified active placebo (one)": bracketed
# counts and one modifier before the next member still list control types.
# "midazolam in six trials, saline in four and an intranasal placebo in one": counts of trials
# and one modifier before the next member too.
# After a list member: its closing bracket, a bracketed count or "in six trials".
_MEMBER_COUNT = r"[)\]]?(?:\s*\([^()]{0,20}\))?(?:\s+in\s+\w+(?:\s+(?:trials?|studies))?)?"
_COORD_GAP = re.compile(_MEMBER_COUNT + r"(?:\s*(?:,|or|and|and/or)\s*(?:(?:to|with|against)\s+)?|\s*\w+\s*,\s*)+"
                        r"(?:(?:an?|the)\s+)?(?:[a-z-]+\s+)?", re.I)


# Between two members of a list of control types, with their counts of trials: "saline (n=2),
# midazolam (n=2) and lorazepam (n=1)", "midazolam in five, intranasal placebo in three and an
# antidepressant in one". No preposition: "saline, with ongoing sertraline" lists no control.
_LISTED_GAP = re.compile(_MEMBER_COUNT + r"\s*(?:,\s*(?:and\s+|or\s+)?|(?:and|or)\s+)(?:(?:an?|the)\s+)?"
                         r"(?:(?!(?:with|to|in|plus|for|after|before|under|during|as|by|on|from|via|typically|usually|mostly|mainly|including|such)\b)[a-z-]+\s+)?", re.I)


# "compared with propofol in nine trials, with methohexital in four and with thiopental in three"
_ELLIPTIC_WITH_GAP = re.compile(_MEMBER_COUNT + r"\s*(?:,\s*(?:and\s+)?|and\s+)(?:with|to|against)\s+(?:(?:an?|the)\s+)?", re.I)
_WAIT_NOT_ARM = re.compile(r"\s+(?:of|for)\s+(?:more\s+than\s+|over\s+|about\s+|up\s+to\s+|nearly\s+)?[\w-]+\s+"
                           r"(?:days?|weeks?|months?|years?)\b"
                           # "the waitlist for this will just replace the waitlist for everything else": a queue
                           r"|\s+for\s+(?:this|that|it|everything|treatment|care|services?|the\s+(?:spray|clinic|service|drug))\b", re.I)
_COMPARED_WITH_BEFORE = re.compile(r"\b(?:compared\s+(?:with|to)|versus|vs\.?|against)\s+(?:[\w-]+\s+){0,2}$|,\s+with\s+$", re.I)
# What usual care consisted of: "usual treatment alone — typically antidepressants, a safety plan ..."
_CONTENTS_BEFORE = re.compile(r"\b(?:alone|care|treatment)\s*[—–,:(]\s*(?:typically|usually|mostly|mainly|including|"
                              r"such\s+as|e\.g\.,?)\s+(?:[\w-]+\s+){0,2}$", re.I)
_RESCUE_BEFORE = re.compile(r"\b(?:requiring|required|requires|needing|needed|rescue(?:\s+medication)?(?:\s+with)?|"
                            # "an emergence reaction that was treated with 2 mg of midazolam"
                            r"(?:that|which)\s+(?:was|were)\s+treated\s+with(?:\s+\d+(?:\.\d+)?\s*mg\s+of)?|"
                            r"treated\s+with\s+\d+(?:\.\d+)?\s*mg\s+of)\s+"
                            r"(?:(?:oral|intravenous|iv|intramuscular|additional|a|an)\s+)?$", re.I)
_ADJECTIVE_USE = re.compile(r"\s+(?:responses?|actions?|effects?|properties|activity|efficacy|benefits?|"
                            r"outcomes?|onset|potential|mechanisms?)\b", re.I)
_DUMMY_AFTER = re.compile(r"\s*(?:plus|\+|with)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?(?:saline|placebo)\b", re.I)
# "No placebo-treated participant responded": the negation counts people of an arm that exists.
_PEOPLE_AFTER = re.compile(r"[\s-]+(?:treated|recipients?|participants?|patients?|subjects?)\b", re.I)
_ARM_OR_BEFORE = re.compile(r"(?:\bor|\bversus|\bvs\.?)\s+(?:to\s+)?(?:receive\s+)?(?:either\s+)?$", re.I)
_NAMED_IN_BRACKETS = re.compile(r"\s*[(\[]\s*(?:e\.g\.,?\s*|i\.e\.,?\s*|such as\s+|mainly\s+|mostly\s+)?", re.I)
# "one ketorolac-controlled trial": the agent named as the control of a trial is a comparator.
_CONTROLLED_AFTER = re.compile(r"[\s-]+controlled\b", re.I)
_ALONE_AFTER = re.compile(r"\s+(?:alone|only)\b", re.I)
# "... or usual care alone", "the other half received usual care alone": the control arm
# ("controls were saline (two trials), midazolam (one) and ERP alone (one)": the last of a list)
# ("half were randomly assigned to 12 weekly sessions of cognitive behavioral therapy alone")
_COMPARED_BEFORE = re.compile(r"(?:\bor|\band|\bversus|\bvs\.?|\bcompared (?:with|to)|\bthan|\bwith|\breceiv\w*|\bgot|\bgiven)"
                              r"\s+(?:to\s+)?(?:[\w-]+\s+){0,2}$"
                              r"|\b(?:assigned|allocated|randomi[sz]ed)\s+to\s+(?:[\w-]+\s+){0,4}$", re.I)
_OTHER_ARM_BEFORE = re.compile(r"\b(?:the other (?:half|group|arm)|the (?:rest|remainder))\b[^.;]{0,40}?"
                               r"\b(?:switched to|received|got|were given|was given|took|stayed on|continued)\s+"
                               r"(?:an?\s+|the\s+)?(?:[\w-]+\s+){0,2}$", re.I)
# "veterans whose doctors simply switched them to another antidepressant", "a similar veteran who
# switched antidepressants instead": the comparison group's treatment
_SWITCHED_BEFORE = re.compile(r"\b(?:who|whose\s+(?:[\w-]+\s+){1,2})switched\s+(?:them\s+|him\s+|her\s+)?(?:to\s+)?"
                              r"(?:another\s+|a\s+different\s+|an\s+alternative\s+)?$", re.I)
_WHO_STAYED_BEFORE = re.compile(r"\bwho\s+(?:continued|stayed\s+in|remained\s+in|stayed\s+on|remained\s+on)\s+(?:with\s+)?$", re.I)
# "Diphenhydramine is used as the comparison drug": the agent named by its role
_AGENT_ROLE_AFTER = re.compile(r"\s+(?:\([^()]{0,30}\)\s+)?(?:is|was|were|are)\s+(?:used|given|chosen)\s+as\s+(?:the|an?)\s+"
                               r"(?:comparison|control|comparator|active\s+placebo)\b", re.I)
# "1 with ketorolac as the control", "ECT as the active comparator": the agent named in that role
_AS_CONTROL_AFTER = re.compile(r"\s+as\s+(?:the\s+|an?\s+)?(?:active\s+)?(?:control|comparator)\b", re.I)
# A registry arm line: "Active Comparator: Intranasal esketamine", "Experimental: IV racemic ketamine"
_ARM_LINE_BEFORE = re.compile(r"\b(?P<role>Active Comparator|Experimental)\s*:\s*(?:[\w()-]+\s+){0,3}$")
_JOINED = re.compile(r"\b(?:and|or)\b", re.I)
_ANY_BEFORE = re.compile(r"\b(?:any|every|all)\s+(?:other\s+|existing\s+|available\s+|current\s+)?$"
                         r"|\bwith\s+other\s+$", re.I)
_HISTORY_BEFORE = re.compile(r"\b(?:failed|failing|fails|not (?:responded|respond|improved) (?:to|with)|resistant to|"
                             r"unresponsive to|(?:non-?response|inadequate response|intolerance) to|despite"
                             # "to prevent relapse after electroconvulsive therapy", "who improved after a course of ECT"
                             r"|(?:relapse|relapses|improved|improvement|responded|remitted|remission|response)\s+after)"
                             r"\s+(?:[\w-]+\s+){0,4}$", re.I)
# "nitrous oxide plus a saline infusion": a placebo agent riding with another named agent
# is a double-dummy blinding device, not the control.
# "in 50 mL normal saline", "diluted in saline": the vehicle a drug is given in
_DILUENT_BEFORE = re.compile(r"(?:\b(?:in|into|with)\s+\d+(?:[.,]\d+)?\s*(?:ml|cc)\s+(?:of\s+)?"
                             r"|\b(?:diluted|dissolved|mixed|reconstituted|made\s+up)\s+(?:in|with|to)\s+"
                             r"(?:\d+(?:[.,]\d+)?\s*(?:ml|cc)\s+(?:of\s+)?)?)(?:normal\s+|0\.9\s*%\s+)?$", re.I)
_DUMMY_GAP = re.compile(r"\s+(?:plus|\+|with|and)\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?", re.I)


_DOUBLE_DUMMY_WORD = re.compile(r"\bdouble[- ]dumm(?:y|ies)\b", re.I)
_DUMMY_WITH_GAP = re.compile(r"[^.;,]*?\s+with\s+(?:an?\s+|the\s+)?(?:[\w-]+\s+)?", re.I)
# ("diphenhydramine, 25 mg (active placebo)": a comma before the dose, the role in brackets)
_ROLE_GAP = re.compile(r"\s*,?\s*(?:\d+(?:[.·]\d+)?\s*(?:mg/kg|mg|µg|μg|mcg)\s*)?,?\s*[(\[]?\s*(?:as\s+)?(?:an?\s+|the\s+)?", re.I)


def _role_of_previous(text: str, m: Mention, mentions: list[Mention], starts: list[int]) -> bool:
    """True when a non-core agent or class word directly precedes ``m`` ("opioid active control")."""
    i = bisect.bisect_left(starts, m.start)
    # "diphenhydramine 25 mg as an active placebo": the agent's dose and "as an" may come between
    return i > 0 and not mentions[i - 1].core and bool(_ROLE_GAP.fullmatch(text, mentions[i - 1].end, m.start))


def _double_dummy(text: str, m: Mention, mentions: list[Mention], starts: list[int],
                  addon_names: set[str] = frozenset()) -> bool:
    """True when a core agent directly follows another, non-core agent joined by "plus" (not a
    background treatment every arm gets: "an oral antidepressant plus placebo spray")."""
    i = bisect.bisect_left(starts, m.start)
    if i == 0:
        return False
    prev = mentions[i - 1]
    if prev.core or prev.name in addon_names:
        return False
    if m.start - prev.end <= 30 and _DUMMY_GAP.fullmatch(text, prev.end, m.start) is not None \
            and "plus" in text[prev.end:m.start].lower():
        return True
    # "inhaled nitrous oxide for 60 minutes with an intravenous saline infusion" in a text that
    # names its double-dummy design: the dummy rides along with the other arm's agent
    return m.start - prev.end <= 60 and _DOUBLE_DUMMY_WORD.search(text) is not None \
        and _DUMMY_WITH_GAP.fullmatch(text, prev.end, m.start) is not None


# "in two trials", "across several studies": trials cited as evidence (see ``cites_trials``).
_CITED_TRIALS = re.compile(r"\b(?:in|across|from)\s+(?:two|three|four|five|several|earlier)\s+"
                           r"(?:[\w-]+\s+){0,2}?(?:trials|studies)\b", re.I)
# Characters from the sentence start searched for a negated comparison or an aside.
ASIDE_REACH = 300
# A negated subject or verb of comparison before the mention, in its clause: "No teen in the
# review was compared with a group receiving ... a placebo", "patients were not randomized to placebo".
_NEGATED_COMPARISON = re.compile(
    r"(?:^|[.;:]\s+|\n)\W*(?:no|neither)\s+(?!doubt\b|difference\b)[^;:]*?\b(?:was|were|had been)\s+"
    r"(?:compared|randomi[sz]ed|assigned|allocated|given)\b[^;:]*$"
    r"|\b(?:was|were|is|are)\s+not\s+(?:compared|randomi[sz]ed|assigned|allocated)\b[^;:]*$", re.I)
# An aside about another treatment: "Unlike esketamine, which was tested against placebo, ...".
_ASIDE = re.compile(r"\b(?:unlike|like|as with)\s+[^,;.]{1,60},\s*(?:which|that|who)\b[^,;]*$", re.I)
_GENERIC_ACTIVE = re.compile(r"active[- ]controls?", re.I)
_ANOTHER_BEFORE = re.compile(r"\b(?:another|other|any other)\s+$", re.I)
_INERT = re.compile(r"(?:inert|inactive)\b", re.I)
META_DESIGNS = {"meta-analysis", "systematic-review"}
CORE_GENERIC = {"placebo", "active placebo"}
# Results in a clause mark it as a report of this study, whatever the tense ("52% vs 31%").
_RESULT_MARK = re.compile(r"\d\s*%|\bp\s*[<=>≤]|\b(?:percent|per cent)\b", re.I)
# Cheap substring test before the wide negation expression runs (every negations_wide entry holds one).
_NEGATION_HINTS = ("lack", "no", "without", "absence", "unlike", "instead")
_NEGATION_HINT = re.compile("|".join(map(re.escape, _NEGATION_HINTS)))  # any of them, in one C scan
_NEGATION_STOP = re.compile(r"\b(?:versus|vs|than|to|with|and|between|from|over|in|on|of|for|at|by|difference|"
                            r"differences|compared|better|worse|more|less|greater|benefit|advantage|effect|"
                            r"patients|participants|who|that|was|were|is|are)\b", re.I)


class _Roles:
    """Whether a sentence speaks of this study's own arms, judged once per sentence.

    Structured-abstract headings give a sentence its role (BACKGROUND / INTRODUCTION sentences
    speak of the field unless they carry a this-study cue); wording gives it elsewhere: other work
    ("pivotal trials showed"), studies still to be done, plans for a next trial, and general
    claims ("ECT remains more effective than ketamine").
    """

    def __init__(self, text: str, bounds: list[int], design: str | None, registry: bool):
        c = compiled()
        self.text = text
        self.bounds = bounds
        self.meta = design in META_DESIGNS
        # a protocol or registry record describes its study in the future tense
        self.plans_apply = not registry and design != "protocol"
        # headings start sentences (every line break and full stop ends one)
        self.headings: list[tuple[int, bool]] = [
            (b, c.background_heading.match(text, b) is not None)
            for b in bounds if c.any_heading.match(text, b)]
        self.heading_starts = [h[0] for h in self.headings]
        self._elsewhere: dict[int, bool] = {}
        self.cites_trials = False

    def _section(self, pos: int) -> bool | None:
        """True in a background section, False in another section, None before any heading."""
        i = bisect.bisect_right(self.heading_starts, pos) - 1
        return self.headings[i][1] if i >= 0 else None

    def elsewhere(self, s0: int, s1: int) -> bool:
        """True when the sentence [s0, s1) speaks of other studies, studies still to be done, or
        (under a background heading) of the field rather than this study."""
        got = self._elsewhere.get(s0)
        if got is None:
            got = self._elsewhere[s0] = self._judge(s0, s1)
        return got

    def _judge(self, s0: int, s1: int) -> bool:
        c = compiled()
        text = self.text
        # most sentences hold none of the literals of a test: its expression is not searched
        folded = folded_text(text)[s0:s1]
        if holds_any(folded, gate_tuple(c.future)) and c.future.search(text, s0, s1):
            return True
        if holds_any(folded, gate_tuple(c.other_work)) and c.other_work.search(text, s0, s1) \
                or not self.meta and holds_any(folded, gate_tuple(c.other_trials)) and c.other_trials.search(text, s0, s1):
            return True
        low = text[s0:s1].lower()
        if not self.meta and ("a 19" in low or "a 20" in low or "cited 19" in low or "cited 20" in low
                              or "s 19" in low or "s 20" in low) \
                and dated_citation(text, s0, s1):
            return True  # "A 2019 US trial of 96 patients that compared ketamine with midazolam found"
        if self.plans_apply and holds_any(folded, gate_tuple(c.plans)) and c.plans.search(text, s0, s1):
            return True
        if self.cites_trials and holds_any(folded, gate_tuple(_CITED_TRIALS)) and _CITED_TRIALS.search(text, s0, s1):
            return True
        return self._section(s0) is True and not c.this_study.search(text, s0, s1)

    def general_claim(self, pos: int, s0: int, s1: int) -> bool:
        """True when the clause holding ``pos`` states a general claim: a present-tense or modal
        verb and no past tense, result or this-study cue ("Compared with ECT, ketamine is
        cheaper"). Sections other than a background one report this study: never general."""
        if self._section(s0) is False:
            return False
        c = compiled()
        text = self.text
        a = text.rfind(";", s0, pos) + 1 or s0
        b = text.find(";", pos, s1)
        b = s1 if b < 0 else b
        if c.own_study.search(text, a, b) or c.past_markers.search(text, a, b) or _RESULT_MARK.search(text, a, b):
            return False
        return c.generic_verbs.search(text, a, b) is not None


def _generic_trials(text: str, m: Mention) -> bool:
    """"Unlike placebo-controlled trials, ...": trials in general, not this text's own ones."""
    c = compiled()
    return c.generic_trials_after.match(text, m.end) is not None \
        and not c.own_trials_before.search(text, max(0, m.start - 30), m.start)


def _negated_wide(text: str, m: Mention, s0: int) -> bool:
    """"the study lacked a placebo arm", "no randomized placebo comparison": a negation a few
    words before the mention, with no comparison word between."""
    c = compiled()
    lead = text[max(s0, m.start - 50):m.start]
    low = lead.lower()
    if not _NEGATION_HINT.search(low):
        return False
    hit = c.negation_wide.search(lead)
    return hit is not None and not _NEGATION_STOP.search(hit.group("gap"))


def find_comparators(doc: Doc) -> list[dict]:
    """Distinct comparators of ``doc`` with their first evidence span, in text order."""
    text = doc_text(doc)
    if not text or not text.strip():
        return []
    mentions = find_mentions(text)
    ket = _intervention_spans(text)
    trig = _triggers(text)
    bounds = sentence_bounds(doc, text)
    # A treatment given on top of ketamine once ("ketamine plus prolonged exposure") is a
    # co-intervention everywhere in the text, not something ketamine was compared with.
    addon = [m for m in mentions if not m.core and _is_addon(text, m)]
    addon_names = {m.name for m in addon}
    addon_starts = {m.start for m in addon}
    # ... unless the text also names it as the control arm on its own: "ketamine on top of
    # usual care, or usual care alone", "ketamine plus psychotherapy versus psychotherapy alone".
    alone = [m for m in mentions if not m.core and ket and (
        _ALONE_AFTER.match(text, m.end) and _COMPARED_BEFORE.search(text, max(0, m.start - 40), m.start)
        # "the other half switched to a different antidepressant": the other arm's treatment
        or _OTHER_ARM_BEFORE.search(text, max(0, m.start - 70), m.start)
        # "matched with up to five patients ... who continued usual care": the comparison group
        or m.name == "treatment as usual" and _WHO_STAYED_BEFORE.search(text, max(0, m.start - 30), m.start)
        or m.name == "antidepressant" and _SWITCHED_BEFORE.search(text, max(0, m.start - 50), m.start))]
    addon_names -= {m.name for m in alone}
    alone_starts = {m.start for m in alone}
    starts = [m.start for m in mentions]
    ext = doc._  # a new accessor object on every ``doc._``: fetched once
    design = ext.design if Doc.has_extension("design") else None
    registry = bool(ext.is_registry) if Doc.has_extension("is_registry") else False
    c = compiled()
    if design in c.uncontrolled_designs and not registry:
        # open-label series, case reports and opinion pieces compare ketamine with nothing
        return []
    roles = _Roles(text, bounds, design, registry)
    # A text with no design word and no sample of its own (a news item on a coverage decision)
    # cites trials as evidence: "In two trials, esketamine beat placebo" names no arm of its own.
    sample = (ext.sample_size or {}) if Doc.has_extension("sample_size") else {}
    roles.cites_trials = design is None and not registry and sample.get("value") is None
    folded = folded_text(text)
    # "esketamine served as the active control": the role words name that form, not an agent.
    # A match holds one of the role literals ("control"...), so none starts after the last one.
    literals = gate_tuple(_ROLE_COMPARATOR)
    last_role = len(text) if literals is None else max(map(folded.rfind, literals))
    role_spans = [(r.start(), r.end()) for r in (_ROLE_COMPARATOR.match(text, e) for _, e, _ in ket if e <= last_role) if r]
    # "diphenhydramine 25 mg as an active placebo": once the text names the agent of that role,
    # "compared with an active placebo" elsewhere is that agent too
    role_named = any(m.name == "active placebo" and _role_of_previous(text, m, mentions, starts) for m in mentions)
    kept: list[Mention] = []
    for m in mentions:
        if m.name in addon_names or any(a <= m.start < b for a, b in role_spans):
            continue
        s0, s1 = sentence_of(bounds, m.start, len(text))
        # "placebo-controlled" of an intervention named in the mention itself is still a control.
        if (c.negation_before.search(text[max(0, m.start - 25):m.start]) or _negated_wide(text, m, s0)) \
                and not _PEOPLE_AFTER.match(text, m.end):
            continue
        lead = text[s0:m.start] if m.start - s0 <= ASIDE_REACH else ""
        folded_lead = folded[s0:m.start] if lead else ""
        if lead and (holds_any(folded_lead, gate_tuple(_NEGATED_COMPARISON)) and _NEGATED_COMPARISON.search(lead)
                     or holds_any(folded_lead, gate_tuple(_ASIDE)) and _ASIDE.search(lead)):
            continue  # "No teen was compared with ... a placebo"; "unlike esketamine, which was tested against placebo"
        if m.start in alone_starts or not m.core and _CONTROLLED_AFTER.match(text, m.end):
            pass
        elif m.core:
            if c.placebo_concept.match(text, m.end) or _double_dummy(text, m, mentions, starts, addon_names):
                continue
            if m.name == "saline" and _DILUENT_BEFORE.search(text, max(0, m.start - 40), m.start):
                continue  # "midazolam 0.02 mg/kg in 50 mL normal saline": the diluent of an arm
            if m.name == "waitlist" and _WAIT_NOT_ARM.match(text, m.end):
                continue  # "a waiting list of more than 14 months", "the waitlist for this": a delay or a queue, no arm
            if gated_search(_RESCUE_BEFORE, text, max(0, m.start - 30), m.start):
                continue  # "emergence reactions requiring midazolam": a rescue medication, no arm
            if m.name == "active placebo" and role_named:
                continue  # "an opioid active control": the role of the agent named (here or anywhere)
            if not roles.meta and _generic_trials(text, m):
                continue
            if design in c.generic_placebo_designs and m.name in CORE_GENERIC:
                continue  # an observational study has no placebo arm: "unlike placebo trials"
        else:
            if gated_search(_CONTENTS_BEFORE, text, max(0, m.start - 50), m.start):
                continue  # "or to usual treatment alone — typically antidepressants and a safety plan"
            if m.start in addon_starts or gated_search(_HISTORY_BEFORE, text, max(0, m.start - 45), m.start) \
                    or gated_search(_ANY_BEFORE, text, max(0, m.start - 25), m.start):
                continue  # "who had failed two antidepressants", "faster than any standard treatment"
            if m.name == "antidepressant" and _ADJECTIVE_USE.match(text, m.end):
                continue  # "antidepressant response", "its own antidepressant action": an adjective
            kind = _in_comparison(text, m, (s0, s1), trig, ket, mentions, starts)
            if not kind and (_AGENT_ROLE_AFTER.match(text, m.end) or _AS_CONTROL_AFTER.match(text, m.end)):
                kind = "role"  # "Diphenhydramine is used as the comparison drug", "1 with ketorolac as the control"
            if not kind and kept and kept[-1].start >= s0 and (
                    _LISTED_GAP.fullmatch(text, kept[-1].end, m.start)
                    or _ELLIPTIC_WITH_GAP.fullmatch(text, kept[-1].end, m.start)
                    and _COMPARED_WITH_BEFORE.search(text, max(s0, kept[-1].start - 40), kept[-1].start)):
                # "controls were saline (six trials), midazolam (five) and ketorolac (one)": the
                # next member of a list of comparators already taken is one too
                kind = "listed"
            if not kind:
                continue
            if kind in {"trigger", "or"} and roles.general_claim(m.start, s0, s1):
                continue  # "ECT remains more effective than ketamine": a claim, not this study's arms
        # the sentence test comes last: it is the dearest, and most mentions never reach it
        if roles.elsewhere(s0, s1):
            continue  # "Larger placebo-controlled trials are needed": not this study's control
        kept.append(m)
    # "an SSRI (escitalopram)": the agent named in brackets after a class word is the comparator
    for i, m in enumerate(kept):
        if m.name in CLASS_TERMS:
            j = bisect.bisect_right(starts, m.start)
            if j < len(mentions) and not mentions[j].core and mentions[j].name not in CLASS_TERMS \
                    and _NAMED_IN_BRACKETS.fullmatch(text, m.end, mentions[j].start):
                kept[i] = mentions[j]
    names = {m.name for m in kept}
    agents = [m for m in kept if m.name in PLACEBO_AGENTS]
    # Placebo listed beside a named agent ("saline or placebo") is a control type of its own;
    # only neighbouring mentions can be coordinated, so look at those alone (linear time).
    listed_placebo = set()
    for i, m in enumerate(kept):
        if m.name not in CORE_ABSORBED_BY_AGENT:
            continue
        if i + 1 < len(kept) and kept[i + 1].name in PLACEBO_AGENTS \
                and _NAMED_IN_BRACKETS.fullmatch(text, m.end, kept[i + 1].start):
            continue  # "placebo (saline) or midazolam": the bracket names the placebo's agent
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < len(kept) and kept[j].name in PLACEBO_AGENTS and _coordinated(text, m, kept[j]) \
                    and (m.name == "placebo" or kept[j].name != "saline"
                         and _JOINED.search(text, min(m.end, kept[j].end), max(m.start, kept[j].start))):
                # "midazolam (one) and an unspecified active placebo (one)" lists an active placebo of
                # its own; "midazolam, an active placebo" names midazolam's role, and "an active
                # control or saline" beside a named midazolam arm is that arm
                listed_placebo.add(m.start)
    # "an active placebo infusion ... 41% of placebo sessions": the bare word refers back to the
    # active placebo, unless it is an inert one or listed as a control type of its own
    # ("active or inert placebo"); "placebo or active control" lists control types of reviews.
    # Only neighbouring mentions can be coordinated: look at those alone (linear time).
    placebo_with_active: set[int] = set()  # placebo mentions listed beside an active placebo
    generic_active: set[int] = set()
    for i, m in enumerate(kept):
        if m.name != "active placebo":
            continue
        if _GENERIC_ACTIVE.fullmatch(text, m.start, m.end) and _ANOTHER_BEFORE.search(text, max(0, m.start - 12), m.start):
            generic_active.add(m.start)  # "placebo, saline, midazolam or another active control": unnamed
            continue
        for j in (i - 2, i - 1, i + 1, i + 2):
            if 0 <= j < len(kept) and kept[j].name == "placebo" and _coordinated(text, m, kept[j]):
                placebo_with_active.add(kept[j].start)
                if _GENERIC_ACTIVE.fullmatch(text, m.start, m.end):
                    generic_active.add(m.start)
    active = any(m.name == "active placebo" and m.start not in generic_active for m in kept)
    out: list[dict] = []
    seen: set[str] = set()
    role_agent = any(not k.core and _AGENT_ROLE_AFTER.match(text, k.end) for k in mentions)
    for m in kept:
        if m.start in generic_active:
            continue
        # a placebo listed beside a named agent ("saline or placebo spray") is its own type
        if m.name == "placebo" and active and not _INERT.match(text, m.start) \
                and m.start not in placebo_with_active and m.start not in listed_placebo:
            continue
        if m.name == "active placebo" and role_agent:
            continue  # "... more than an active placebo. Diphenhydramine is used as the comparison drug"
        if m.name in CORE_ABSORBED_BY_AGENT and agents:
            listed = m.start in listed_placebo
            if not listed and not (m.name == "active placebo" and "midazolam" not in names):
                continue
        if m.name in seen:
            continue
        seen.add(m.name)
        out.append({"name": m.name, "text": text[m.start:m.end], "start": m.start, "end": m.end})
    has_control = any(m.core for m in kept)
    form_arms = _registry_form_comparators(text, ket) if registry else []
    for extra in _ketamine_comparators(text, bounds, trig, ket) + _dose_arms(text, bounds, ket) + form_arms:
        # Two fixed doses beside a control arm are each compared with the control ("esketamine
        # 56 mg or 84 mg or placebo"); doses compare with each other in a dose-finding study, and
        # a second weight-based dose of racemic ketamine ("ketamine 0.5 mg/kg, ketamine 0.2 mg/kg
        # or midazolam") is "another dose" of the drug, a comparator (9 of 13 held-out texts of
        # that shape are labelled so)
        if extra.pop("dose_pair", False) and has_control and not _DOSE_FINDING.search(text) \
                and extra["name"] != "ketamine":
            continue
        s0, s1 = sentence_of(bounds, extra["start"], len(text))
        if roles.elsewhere(s0, s1) or roles.general_claim(extra["start"], s0, s1):
            continue  # "Esketamine, compared with racemic ketamine, has a higher affinity"
        if extra["name"] not in seen:
            seen.add(extra["name"])
            out.append(extra)
    out.sort(key=lambda d: d["start"])
    named = {d["name"] for d in out}
    return [d for d in out if not named.intersection(c.class_members.get(d["name"], ()))]


@batching.component("kb_comparators")
def comparators_component(doc: Doc) -> Doc:
    """Pipeline component: set ``doc._.comparators`` (never raises on odd input)."""
    try:
        doc._.comparators = find_comparators(doc)
    except Exception:  # a rule bug must not lose the rest of the record
        log.exception("kb_comparators failed on a %d-token text", len(doc))
        doc._.comparators = []
    return doc
