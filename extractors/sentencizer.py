"""spaCy's rule sentencizer without a Python Token per token (component ``kb_sentencizer``).

spaCy's ``Sentencizer`` makes a Python ``Token`` for every token of every text, which cost more
than the whole tokenizer. This one classes each token by its lower-cased text (the per-doc list
the extractors share anyway): sentence-final character, other punctuation or plain. Both tests
give the same answer on the lower-cased text as on the text itself (lower-casing never turns a
character into or out of punctuation; tests/test_sentencizer.py checks every character), so
the boundaries are those of spaCy's rule: a sentence starts at the first plain token after a
sentence-final character. ``SENT_START`` is written in one ``Doc.from_array`` and the sentence
starts are kept for :func:`extensions.sentence_of`.
"""
from __future__ import annotations

import re

import numpy
from spacy.attrs import IS_PUNCT, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from . import batching
from .extensions import keep_sentence_starts, lowers

_PLAIN, _FINAL, _OTHER = "p", "f", "o"
# A final character, then anything but a plain token, then the plain token that starts a sentence.
_NEXT_START = re.compile(r"f[fo]*(p)")
_NOT_SET = numpy.uint64(2**64 - 1)  # SENT_START -1 as from_array reads it
_MAX_KINDS = 50_000  # forget the per-string classes beyond this many


class _Kinds(dict):
    """word -> class for one sentencizer; a new word is classed inside the lookup that misses it."""

    def __init__(self, owner: "ArraySentencizer"):
        super().__init__()
        self.owner = owner
        self.punct = None  # the IS_PUNCT getter of the vocab being read, set per doc

    def __missing__(self, word: str) -> str:
        kind = self[word] = _FINAL if word in self.owner.punct_chars else _OTHER if self.punct(word) else _PLAIN
        return kind


class ArraySentencizer(Sentencizer):
    """``Sentencizer`` with the same rule, settings and serialisation, run on token texts."""

    def __init__(self, name: str = "sentencizer", **kwargs):
        super().__init__(name, **kwargs)
        self._kinds = _Kinds(self)
        self._kinds_for = None  # the punct_chars the classes were made with (from_bytes may swap them)
        self._lower_ok = True

    def starts(self, doc: Doc) -> list[int]:
        """Token indices where ``Sentencizer.predict`` starts a sentence."""
        if not len(doc):
            return []
        if self._kinds_for is not self.punct_chars:
            self._kinds.clear()
            self._kinds_for = self.punct_chars
            # Only the sentence-final characters checked to be caseless may be tested lower-cased.
            self._lower_ok = set(self.punct_chars) <= set(Sentencizer.default_punct_chars)
        words = lowers(doc) if self._lower_ok else [t.text for t in doc]
        kinds = self._kinds
        if len(kinds) > _MAX_KINDS:
            kinds.clear()
        kinds.punct = doc.vocab.lex_attr_getters[IS_PUNCT]
        classes = "".join(map(kinds.__getitem__, words))
        return [0] + [m.start(1) for m in _NEXT_START.finditer(classes)]

    def __call__(self, doc: Doc) -> Doc:
        starts = self.starts(doc)
        if not starts:
            return doc
        values = numpy.full(len(doc), _NOT_SET, dtype=numpy.uint64)
        values[starts] = 1
        if not self.overwrite and doc.has_annotation("SENT_START"):
            # Boundaries set before this component are kept, as spaCy's sentencizer keeps them.
            current = doc.to_array([SENT_START])
            values = numpy.where(current == 0, values, current)
            starts = numpy.flatnonzero(values == 1).tolist()
            if not starts or starts[0] != 0:
                starts.insert(0, 0)
        doc.from_array([SENT_START], values)
        keep_sentence_starts(doc, starts)
        return doc

    pipe = batching.pipe  # nlp.pipe runs it over a batch of docs at a time


@Language.factory(
    "kb_sentencizer",
    assigns=["token.is_sent_start", "doc.sents"],
    default_config={"punct_chars": None, "overwrite": False},
)
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str] | None, overwrite: bool) -> ArraySentencizer:
    """Factory for the array sentencizer (same settings as spaCy's ``sentencizer``)."""
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite)
