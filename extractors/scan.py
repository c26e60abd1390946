"""Faster scans of a text with a regular expression that must start with one of a few literals.

Python's regex engine tries a pattern at every offset of the text. When the pattern opens with a
look-behind, a word boundary or a case-insensitive alternation ("(?<![\\w-])(?:half|a third|...)"),
it cannot skip ahead, and one scan of an abstract costs about a tenth of a millisecond. Every
match of such a pattern starts with one of the literal words it opens with, and ``str.find``
locates those in microseconds: :class:`Scanner` tries the pattern only where one of them occurs.

The matches are the very ones ``pattern.finditer`` / ``pattern.search`` return (same spans,
groups and order): the literals are read from the parsed pattern, a pattern whose opening is not
made of literals is scanned the ordinary way, and case-insensitive literals are looked up in a
lower-cased copy of the text that keeps every offset (the four non-ASCII letters that the regex
engine folds onto ASCII letters, "İ", "ı", "ſ" and the Kelvin sign, are folded the same way).
"""
from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from re import _constants as sre
from re import _parser as sre_parse

__all__ = ["Scanner", "end_chars", "folded_text", "gate_literals", "gate_tuple", "gated_search", "holds_any",
           "literal_heads", "matches_at", "may_match", "scanner", "trie_pattern"]

# Non-ASCII characters that match an ASCII letter under re.IGNORECASE (checked over all of
# Unicode in tests/test_scan.py), mapped to that letter. "İ" is also the only character whose
# str.lower() is longer than one character.
_FOLDED = "\u0130\u0131\u017f\u212a"
_FOLD = str.maketrans(dict(zip(_FOLDED, "iisk")))
_ZERO_WIDTH = {sre.AT, sre.ASSERT, sre.ASSERT_NOT}
# Most literals a factored alternation is expanded into.
MAX_EXPANSION = 32


def _zero_width(item: tuple) -> bool:
    """True for a look-around or anchor, or a group or alternation made only of them
    ("(?:(?<=\\ba\\s)|(?<=\\bcited\\s))")."""
    op, av = item
    if op in _ZERO_WIDTH:
        return True
    if op == sre.SUBPATTERN:
        return bool(av[3]) and all(_zero_width(sub) for sub in av[3])
    if op == sre.BRANCH:
        return all(alternative and all(_zero_width(sub) for sub in alternative) for alternative in av[1])
    return False


def _heads(items: list, ignorecase: bool) -> set[tuple[str, bool]] | None:
    """(literal, case-insensitive) pairs one of which starts every match of ``items``, or None."""
    i = 0
    while i < len(items) and _zero_width(items[i]):
        i += 1  # look-arounds and anchors consume nothing
    if i == len(items):
        return None
    op, av = items[i]
    if op == sre.LITERAL:
        chars = []
        while i < len(items) and items[i][0] == sre.LITERAL:
            chars.append(chr(items[i][1]))
            i += 1
        prefix = "".join(chars)
        # The parser factors common starts out of alternatives ("re(?:spon|mi)"): a following
        # group of literals lengthens the literal, which makes far fewer places to try.
        if i < len(items) and items[i][0] in (sre.BRANCH, sre.SUBPATTERN, sre.IN):
            rest = _heads([items[i]], ignorecase)
            if rest and len(rest) <= MAX_EXPANSION and all(case == ignorecase for _, case in rest):
                return {(prefix + text, ignorecase) for text, _ in rest}
        return {(prefix, ignorecase)}
    if op == sre.BRANCH:
        out: set[tuple[str, bool]] = set()
        for alternative in av[1]:
            heads = _heads(list(alternative), ignorecase)
            if heads is None:
                return None
            out |= heads
        return out
    if op == sre.SUBPATTERN:
        _, add_flags, del_flags, body = av
        if add_flags & re.IGNORECASE:
            ignorecase = True
        if del_flags & re.IGNORECASE:
            ignorecase = False
        return _heads(list(body), ignorecase)
    if op in (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None)):
        low, _, body = av
        return _heads(list(body), ignorecase) if low >= 1 else None
    if op == sre.IN and av and all(kind == sre.LITERAL for kind, _ in av):
        return {(chr(code), ignorecase) for _, code in av}
    return None


def literal_heads(pattern: re.Pattern) -> tuple[tuple[str, ...], tuple[str, ...]] | None:
    """(exact literals, lower-cased literals) one of which starts every match, or None."""
    if not isinstance(pattern.pattern, str):
        return None
    heads = _heads(list(sre_parse.parse(pattern.pattern, pattern.flags)), bool(pattern.flags & re.IGNORECASE))
    if not heads:
        return None
    exact, folded = set(), set()
    for text, ignorecase in heads:
        if not ignorecase:
            exact.add(text)
            continue
        # Only the ASCII start of a case-insensitive literal is looked up: non-ASCII letters
        # have case partners that str.lower() does not give (µ and μ, for example).
        ascii_start = ""
        for ch in text:
            if not ch.isascii():
                break
            ascii_start += ch
        if not ascii_start:
            return None
        folded.add(ascii_start.lower())
    # A literal that starts with another is redundant: the shorter one finds all its places.
    exact = {h for h in exact if not any(o != h and h.startswith(o) for o in exact)}
    folded = {h for h in folded if not any(o != h and h.startswith(o) for o in folded)}
    return tuple(sorted(exact)), tuple(sorted(folded))


_WORD = (sre.CATEGORY, sre.CATEGORY_WORD)
_HYPHEN = (sre.LITERAL, ord("-"))


def word_start_guard(pattern: re.Pattern, heads: tuple[tuple[str, ...], tuple[str, ...]]) -> str | None:
    """The characters that must not come before a match, when the pattern opens with a word-start
    test: "(?<![\\w-])" gives "\\w-", "(?<![\\w])" and "\\b" before a word character give "\\w"."""
    if pattern.flags & re.ASCII:
        return None
    op, av = sre_parse.parse(pattern.pattern, pattern.flags)[0]
    if op == sre.ASSERT_NOT and av[0] == -1 and len(av[1]) == 1 and av[1][0][0] == sre.IN:
        members = set(av[1][0][1])
        if members == {_WORD, _HYPHEN}:
            return "\\w-"
        if members == {_WORD}:
            return "\\w"
    if (op, av) == (sre.AT, sre.AT_BOUNDARY) and all(h[:1].isalnum() or h[:1] == "_" for h in heads[0] + heads[1]):
        return "\\w"
    return None


# Every component folds the same texts, and nlp.pipe runs each component over a batch of 64 texts
# (batching.BATCH_SIZE) before the next starts: the cache holds two batches.
@functools.lru_cache(maxsize=128)
def folded_text(text: str) -> str:
    """``text`` lower-cased so that every offset stays valid (see the module docstring)."""
    if not text.isascii() and any(ch in text for ch in _FOLDED):
        text = text.translate(_FOLD)
    return text.lower()


def trie_pattern(words) -> str:
    """A regular expression (source) matching any of ``words`` (plain strings), shaped as a prefix
    tree: the engine then follows one branch per character instead of trying every word."""
    root: dict = {}
    for word in words:
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict) -> str:
        alternatives = [re.escape(ch) + emit(sub) for ch, sub in sorted(node.items()) if ch]
        if not alternatives:
            return ""
        body = "(?:" + "|".join(alternatives) + ")"
        return body + "?" if "" in node else body

    return emit(root)


def _trie(words: tuple[str, ...], before: str = "") -> re.Pattern | None:
    """:func:`trie_pattern` of ``words``, compiled after the zero-width test ``before``."""
    return re.compile(before + trie_pattern(words)) if words else None


class Scanner:
    """``finditer`` and ``search`` of ``pattern`` that try it only where it can start."""

    # Beyond one candidate per this many characters, the plain scan is cheaper: about 12 for a
    # pattern the engine must try at every offset (an opening look-around or word boundary, or
    # case-insensitive), 64 for one whose first characters it can skip to by itself.
    MIN_CHARS_PER_CANDIDATE = 12
    MIN_CHARS_PER_CANDIDATE_FAST_PLAIN = 64
    # Below this many characters per literal, one prefix-tree expression finds the candidates
    # faster than a str.find per literal.
    FIND_CHARS_PER_LITERAL = 48

    def __init__(self, pattern: re.Pattern):
        self.pattern = pattern
        self.heads = literal_heads(pattern)
        self.guard = word_start_guard(pattern, self.heads) if self.heads is not None else None
        if self.heads is not None and not self.guard \
                and any(len(h) == 1 and h.isalnum() for h in self.heads[0] + self.heads[1]):
            self.heads = None  # a single letter or digit is everywhere: nothing to skip
        self.chars_per_candidate = self.MIN_CHARS_PER_CANDIDATE
        if self.heads is not None and not pattern.flags & re.IGNORECASE:
            first = sre_parse.parse(pattern.pattern, pattern.flags)[0][0]
            if first not in _ZERO_WIDTH:
                self.chars_per_candidate = self.MIN_CHARS_PER_CANDIDATE_FAST_PLAIN
        if self.heads is not None:
            self.n_heads = len(self.heads[0]) + len(self.heads[1])
            # A word-start test that opens the pattern is applied to the candidates as well:
            # "age" then counts at "aged 40" but not inside "dosage". Word characters and the
            # hyphen stay what they are when folded (tests/test_scan.py checks every character),
            # so the test reads the same on the folded text.
            before = f"(?<![{self.guard}])" if self.guard else ""
            self.tries = tuple(_trie(h, before) for h in self.heads)

    def _starts(self, text: str, pos: int, endpos: int) -> list[int] | None:
        """Sorted offsets in [pos, endpos) where a literal starts, or None when there are so
        many that the plain scan is cheaper."""
        exact, folded = self.heads
        budget = (endpos - pos) // self.chars_per_candidate
        starts: list[int] = []
        if endpos - pos < self.n_heads * self.FIND_CHARS_PER_LITERAL:
            for tree, haystack in ((self.tries[0], text), (self.tries[1], folded and folded_text(text))):
                if tree is None:
                    continue
                search = tree.search
                m = search(haystack, pos, endpos)
                while m is not None:
                    starts.append(m.start())
                    if len(starts) > budget:
                        return None
                    m = search(haystack, m.start() + 1, endpos)
        else:
            guard = self.guard
            stops = "_-" if guard == "\\w-" else "_"  # besides letters and digits (\w)
            for heads, haystack in ((exact, text), (folded, folded and folded_text(text))):
                find = haystack.find if heads else None
                for head in heads:
                    i = find(head, pos, endpos)
                    while i >= 0:
                        if not (guard and i and (text[i - 1].isalnum() or text[i - 1] in stops)):
                            starts.append(i)
                            if len(starts) > budget:
                                return None
                        i = find(head, i + 1, endpos)
        if self.n_heads > 1:
            starts.sort()
        return starts

    def finditer(self, text: str, pos: int = 0, endpos: int | None = None) -> Iterator[re.Match]:
        """Exactly ``pattern.finditer(text, pos, endpos)``."""
        pos = max(pos, 0)
        endpos = len(text) if endpos is None else min(endpos, len(text))
        starts = self._starts(text, pos, endpos) if self.heads is not None and pos < endpos else None
        if starts is None:
            return self.pattern.finditer(text, pos, endpos)
        return self._matches(text, starts, endpos)

    def _matches(self, text: str, starts: list[int], endpos: int) -> Iterator[re.Match]:
        return matches_at(self.pattern, text, starts, endpos)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
        """Exactly ``pattern.search(text, pos, endpos)``."""
        pos = max(pos, 0)
        endpos = len(text) if endpos is None else min(endpos, len(text))
        starts = self._starts(text, pos, endpos) if self.heads is not None and pos < endpos else None
        if starts is None:
            return self.pattern.search(text, pos, endpos)
        match = self.pattern.match
        for start in starts:
            m = match(text, start, endpos)
            if m is not None:
                return m
        return None


def matches_at(pattern: re.Pattern, text: str, starts: list[int], endpos: int | None = None) -> Iterator[re.Match]:
    """``pattern.finditer(text, 0, endpos)`` when every match starts at one of ``starts`` (sorted)
    and none is empty."""
    match = pattern.match
    endpos = len(text) if endpos is None else endpos
    resume = 0
    for start in starts:
        if start < resume:
            continue  # inside the previous match: finditer resumes after it
        m = match(text, start, endpos)
        if m is not None:
            resume = m.end()
            yield m


# id(pattern) -> Scanner (which holds the pattern, so the id stays its own)
_SCANNERS: dict[int, Scanner] = {}


def scanner(pattern: re.Pattern) -> Scanner:
    """The shared :class:`Scanner` of a compiled pattern (built on first use)."""
    found = _SCANNERS.get(id(pattern))
    if found is None or found.pattern is not pattern:
        found = _SCANNERS[id(pattern)] = Scanner(pattern)
    return found


# Things derived from a compiled pattern, kept by id(pattern) -> (pattern, thing): a Pattern
# hashes its whole compiled code on every dict lookup, an id does not (the pattern is kept, so
# its id stays its own).
_GATES: dict[int, tuple[re.Pattern, re.Pattern | None]] = {}
_GATE_TUPLES: dict[int, tuple[re.Pattern, tuple[str, ...] | None]] = {}


def _per_pattern(cache: dict, pattern: re.Pattern, build):
    entry = cache.get(id(pattern))
    if entry is None or entry[0] is not pattern:
        entry = cache[id(pattern)] = (pattern, build(pattern))
    return entry[1]


# Literal gates: a cheap test that a range of a text holds one of the literals every match of a
# pattern needs, wherever in the match they stand (the scanner above needs them at its start).

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", None))


def _required_literals(items: list) -> set[str] | None:
    """Lower-cased ASCII strings one of which every match of the parsed pattern ``items`` holds
    (for each alternative the longest run of literal characters it cannot do without), or None.

    Look-arounds hold nothing of the match and are skipped; a run of literals ends at any other
    item, so each string is a contiguous piece of the match.
    """
    best: set[str] | None = None

    def consider(found: set[str] | None) -> None:
        nonlocal best
        if not found:
            return
        if best is None or min(map(len, found)) > min(map(len, best)) \
                or min(map(len, found)) == min(map(len, best)) and len(found) < len(best):
            best = found

    run: list[str] = []
    for op, av in items:
        if op == sre.LITERAL and chr(av).isascii():
            run.append(chr(av).lower())
            continue
        consider({"".join(run)} if run else None)
        run = []
        found: set[str] | None = None
        if op == sre.SUBPATTERN:
            found = _required_literals(list(av[3]))
        elif op == sre.BRANCH:
            found = set()
            for alternative in av[1]:
                sub = _required_literals(list(alternative))
                if sub is None:
                    found = None
                    break
                found |= sub
        elif op in _REPEATS and av[0] >= 1:
            found = _required_literals(list(av[2]))
        consider(found)
    consider({"".join(run)} if run else None)
    return best


# Shortest required literal worth a gate: shorter words ("we", "is") are in almost every sentence;
# a symbol such as "+" is rare, whatever its length.
MIN_GATE_LITERAL = 3
_COMMON_CHARS = frozenset(" \t\n.,;:-()/'\"")


def _selective(literal: str) -> bool:
    return len(literal) >= MIN_GATE_LITERAL \
        or not any(ch.isalnum() or ch in _COMMON_CHARS for ch in literal)


def gate_literals(pattern: re.Pattern) -> set[str] | None:
    """The literals one of which every match of ``pattern`` holds, when they rule much out."""
    required = _required_literals(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    return required if required and all(map(_selective, required)) else None


def _gate(pattern: re.Pattern) -> re.Pattern | None:
    """A plain expression that finds, in :func:`folded_text` of a text, one of the literals every
    match of ``pattern`` holds (None when they are too short to rule much out). Built on first use.

    The folded text keeps every offset and holds a literal's lower-cased form wherever the text
    holds something the (case-insensitive or not) pattern matches it with (module docstring).
    """
    return _per_pattern(_GATES, pattern, lambda p: _trie(gate_tuple(p) or ()))


def may_match(pattern: re.Pattern, text: str, pos: int, endpos: int) -> bool:
    """False when ``text[pos:endpos]`` lacks every literal a match of ``pattern`` needs (then
    neither a search of that range nor one of that slice finds anything): a gate in C is several
    times cheaper than a case-insensitive word-list expression."""
    gate = _gate(pattern)
    return gate is None or gate.search(folded_text(text), pos, endpos) is not None


def gated_search(pattern: re.Pattern, text: str, pos: int, endpos: int) -> re.Match | None:
    """Exactly ``pattern.search(text, pos, endpos)``, skipped when :func:`may_match` rules it out."""
    return pattern.search(text, pos, endpos) if may_match(pattern, text, pos, endpos) else None


def gate_tuple(pattern: re.Pattern) -> tuple[str, ...] | None:
    """:func:`gate_literals` of ``pattern`` as a sorted tuple (None when it has no gate), found once."""
    return _per_pattern(_GATE_TUPLES, pattern, lambda p: tuple(sorted(gate_literals(p) or ())) or None)


def holds_any(piece: str, literals: tuple[str, ...] | None) -> bool:
    """True when ``piece``, cut from :func:`folded_text`, holds one of ``literals`` (or there are
    none): :func:`may_match` over the range it was cut from. For literals that open with common
    letters the prefix tree of :func:`may_match` is tried at almost every character, and a
    substring test per literal is several times cheaper."""
    return literals is None or any(map(piece.__contains__, literals))


# The characters a match ends with: a cheap test on the end of a window a "...\s*$" pattern is
# searched in.

def _last_chars(items: list) -> tuple[set[str], bool] | None:
    """(characters one of which ends every match of the parsed pattern ``items`` once trailing
    whitespace is dropped, True when a match may hold no such character), or None when unknown."""
    out: set[str] = set()
    for op, av in reversed(items):
        if op in (sre.AT, sre.ASSERT, sre.ASSERT_NOT):
            continue  # zero-width
        if op == sre.LITERAL:
            found = (set() if chr(av).isspace() else {chr(av)}, chr(av).isspace())
        elif op == sre.IN:
            if av == [(sre.CATEGORY, sre.CATEGORY_SPACE)]:
                found = (set(), True)
            elif all(kind == sre.LITERAL for kind, _ in av):
                chars = {chr(code) for _, code in av}
                found = ({ch for ch in chars if not ch.isspace()}, any(ch.isspace() for ch in chars))
            else:
                return None
        elif op == sre.SUBPATTERN:
            if av[1] & re.IGNORECASE:
                return None  # "(?i:...)": its letters stand for their other cases as well
            found = _last_chars(list(av[3]))
        elif op == sre.BRANCH:
            found = (set(), False)
            for alternative in av[1]:
                sub = _last_chars(list(alternative))
                if sub is None:
                    return None
                found = (found[0] | sub[0], found[1] or sub[1])
        elif op in _REPEATS:
            sub = _last_chars(list(av[2]))
            found = None if sub is None else (sub[0], sub[1] or av[0] == 0)
        else:
            return None
        if found is None:
            return None
        out |= found[0]
        if not found[1]:
            return out, False
    return out, True


def end_chars(pattern: re.Pattern) -> frozenset[str] | None:
    """The characters one of which is the last non-space character of every match of a
    case-sensitive ``pattern``, or None when they are not known."""
    if pattern.flags & re.IGNORECASE:
        return None
    found = _last_chars(list(sre_parse.parse(pattern.pattern, pattern.flags)))
    return frozenset(found[0]) if found is not None and not found[1] else None
