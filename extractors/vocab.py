"""Load pattern files (``patterns/*.json``) and build phrase matchers from labelled term lists."""
from __future__ import annotations

import functools
import json
import re
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher

from .scan import scanner

PATTERNS_DIR = Path(__file__).parent / "patterns"


@functools.cache
def load_patterns(name: str) -> dict:
    """The parsed ``patterns/<name>.json`` (cached; treat as read-only)."""
    with open(PATTERNS_DIR / f"{name}.json", encoding="utf-8") as fh:
        return json.load(fh)


def phrase_matcher(nlp: Language, groups: dict[str, list[str]], attr: str = "LOWER") -> PhraseMatcher:
    """A PhraseMatcher with one match label per group of terms, matched on ``attr``."""
    matcher = PhraseMatcher(nlp.vocab, attr=attr)
    for label, terms in groups.items():
        if label.startswith("_"):
            continue  # "_comment" keys document the file
        matcher.add(label, [nlp.make_doc(term) for term in terms])
    return matcher


# A dated citation of other work: "A 2023 analysis of 12 smaller studies found ...", "a 2019 US
# trial of 96 patients that compared ketamine with midazolam found ...", "her own group's 2022 trial
# randomized 90 patients ... and found ...". Its figures and arms
# belong to the cited study (used by the effect and comparator rules). The article sits in a
# look-behind so that a literal-gated scan can start at the year.
DATED_CITATION = (r"(?:(?<=\ba\s)|(?<=\bcited\s)|(?<=\w's\s)|(?<=\w’s\s))(?:19|20)\d\d\s+(?:[\w-]+\s+){0,2}?(?:analysis|meta-analysis|study|trial|review|survey|comparison)"
                  # (a full stop only after an initial: "a 2023 trial of 158 U.S. veterans found")
                  r"\b(?:[^.;]|(?<=\b[A-Z])\.){0,120}?\b(?:found|showed|reported|suggested|concluded)\b")
DATED_CITATION_RE = re.compile(DATED_CITATION, re.I)


def dated_citation(text: str, pos: int = 0, endpos: int | None = None) -> re.Match | None:
    """``DATED_CITATION_RE.search``, tried only where a year starts."""
    return scanner(DATED_CITATION_RE).search(text, pos, endpos)

# A quotation: what people said, in straight or curly quotes (a story's speech; a figure inside it
# restates or comments on the study's own).
QUOTED_RE = re.compile(r"\"[^\"]*\"|“[^”]*”")
