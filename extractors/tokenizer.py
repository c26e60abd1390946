"""Tokenizer rules for clinical abstracts: split numbers from units, operators and ranges.

spaCy's default English rules keep ``n=30``, ``p<0.001``, ``20ml`` and ``10–20`` as single
tokens, which hides the number from every matcher. The extra rules here split them while keeping
a signed number (``−0.5``), a thousands-grouped number (``1,234``) and a middle-dot decimal
(``0·019``) whole.
"""
from __future__ import annotations

from spacy.language import Language
from spacy.util import compile_infix_regex, compile_prefix_regex, compile_suffix_regex

from .extensions import keep_text

# Comparison and statistics operators are always their own token, wherever they appear.
OPERATORS = r"=<>≤≥±≈×"
# Dashes used for ranges between numbers: hyphen, en dash, em dash, unicode minus.
RANGE_DASHES = r"\-–—−"

EXTRA_INFIXES = [
    rf"[{OPERATORS}]",
    # number directly followed by a unit or word: 20ml, 3.5mg (ordinals 1st/2nd/3rd/4th stay).
    r"(?<=[0-9])(?!(?:st|nd|rd|th)\b)(?=[A-Za-zµμ])",
    # range between numbers: 10–20, 0.2-0.8, .61-1.16, 2−4
    rf"(?<=[0-9])[{RANGE_DASHES}](?=[0-9.·])",
    # slash between number and word or word and number: 5/kg, mg/70kg
    r"(?<=[0-9])/(?=[A-Za-zµμ])|(?<=[A-Za-zµμ])/(?=[0-9])",
]
EXTRA_PREFIXES = [rf"[{OPERATORS}~]"]
EXTRA_SUFFIXES = [rf"[{OPERATORS}]"]

# spaCy stops caching a text's chunks for the rest of the text once it meets a special case, and
# its rules make " ", "\t" and "\n" special cases that map each to itself, so every abstract with
# a line break was tokenized by regex, chunk by chunk (40% of all extraction time). Without those
# three rules the same single whitespace token comes out of the ordinary path (no prefix, suffix
# or infix rule matches whitespace; "\xa0" keeps its rule, which sets a norm).
PLAIN_WHITESPACE_RULES = (" ", "\t", "\n")
# Chunks (whitespace-separated strings) remembered with their tokens; spaCy's default of 10,000
# is soon full of one-off numbers on a stream of abstracts. About 200 bytes a chunk.
CACHE_SIZE = 50_000


class TextKeepingTokenizer:
    """Wrap a tokenizer so each doc remembers its text (``extensions.doc_text`` reads it)."""

    def __init__(self, tokenizer):
        self.tokenizer = tokenizer

    def __call__(self, text: str):
        return keep_text(self.tokenizer(text), text)

    def __getattr__(self, name):
        return getattr(self.tokenizer, name)


def customise_tokenizer(nlp: Language) -> Language:
    """Install the extra prefix, infix and suffix rules on ``nlp.tokenizer`` (in place)."""
    if isinstance(nlp.tokenizer, TextKeepingTokenizer):
        nlp.tokenizer = nlp.tokenizer.tokenizer
    defaults = nlp.Defaults
    prefixes = list(EXTRA_PREFIXES) + list(defaults.prefixes)
    suffixes = list(EXTRA_SUFFIXES) + list(defaults.suffixes)
    infixes = list(EXTRA_INFIXES) + list(defaults.infixes)
    nlp.tokenizer.prefix_search = compile_prefix_regex(prefixes).search
    nlp.tokenizer.suffix_search = compile_suffix_regex(suffixes).search
    nlp.tokenizer.infix_finditer = compile_infix_regex(infixes).finditer
    nlp.tokenizer.rules = {k: v for k, v in nlp.tokenizer.rules.items()
                           if not _emoticon_like(k) and k not in PLAIN_WHITESPACE_RULES}
    nlp.tokenizer.max_cache_size = max(nlp.tokenizer.max_cache_size, CACHE_SIZE)
    nlp.tokenizer = TextKeepingTokenizer(nlp.tokenizer)
    return nlp


def _emoticon_like(key: str) -> bool:
    """Special cases such as "=3", "8)" or "<3" that would swallow "n=3" or "(n=8)"."""
    if any(c in OPERATORS for c in key):
        return True
    if any(c.isdigit() for c in key):
        return not key.lower().rstrip(".").endswith(("am", "pm", "a.m", "p.m"))
    return False
