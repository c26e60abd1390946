"""Load pattern files (``patterns/*.json``) and build phrase matchers from labelled term lists."""
from __future__ import annotations

import functools
import json
from pathlib import Path

from spacy.language import Language
from spacy.matcher import PhraseMatcher

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
