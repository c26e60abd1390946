"""spaCy's rule sentencizer, decided on token arrays (component ``kb_sentencizer``).

spaCy's ``Sentencizer`` makes a Python ``Token`` for every token of every text, which cost more
than the whole tokenizer. This one reads two attribute arrays and writes ``SENT_START`` with
``Doc.from_array``: the same boundaries by the same rule (a sentence starts at the first token
that is neither punctuation nor a sentence-final character after a sentence-final character),
and the sentence starts are kept for :func:`extensions.sentence_of`.
"""
from __future__ import annotations

import numpy
from spacy.attrs import IS_PUNCT, SENT_START
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from .extensions import keep_sentence_starts


class ArraySentencizer(Sentencizer):
    """``Sentencizer`` with the same rule, settings and serialisation, run on token arrays."""

    def __init__(self, name: str = "sentencizer", **kwargs):
        super().__init__(name, **kwargs)
        # id(vocab) -> (vocab, flag id); the vocab is kept so that its id cannot be reused
        self._flags: dict[int, tuple[object, int]] = {}

    def _final_flag(self, vocab) -> int:
        """Id of a lexeme flag marking sentence-final characters (computed once per lexeme)."""
        entry = self._flags.get(id(vocab))
        if entry is None or entry[0] is not vocab:
            punct = frozenset(self.punct_chars)
            entry = self._flags[id(vocab)] = (vocab, vocab.add_flag(lambda text: text in punct))
        return entry[1]

    def starts(self, doc: Doc) -> list[int]:
        """Token indices where ``Sentencizer.predict`` starts a sentence."""
        n = len(doc)
        if not n:
            return []
        arr = doc.to_array([self._final_flag(doc.vocab), IS_PUNCT])
        final = arr[:, 0].astype(bool)
        plain = ~final & (arr[:, 1] == 0)
        # A plain token starts a sentence when a sentence-final character stands between it and
        # the previous plain token (or the text start): what the sentencizer's loop decides.
        finals_before = numpy.cumsum(final) - final
        idx = numpy.flatnonzero(plain)
        seen = finals_before[idx]
        previous = numpy.concatenate(([0], seen[:-1]))
        starts = idx[seen > previous].tolist()
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        return starts

    def __call__(self, doc: Doc) -> Doc:
        starts = self.starts(doc)
        if starts:
            current = doc.to_array([SENT_START]).astype(numpy.int64)
            guess = numpy.full(len(doc), -1, dtype=numpy.int64)
            guess[starts] = 1
            values = guess if self.overwrite else numpy.where(current == 0, guess, current)
            doc.from_array([SENT_START], values.astype(numpy.uint64))
            if values is not guess:  # earlier boundaries were kept: read what the doc now holds
                starts = numpy.flatnonzero(values == 1).tolist()
                if not starts or starts[0] != 0:
                    starts.insert(0, 0)
            keep_sentence_starts(doc, starts)
        return doc

    def pipe(self, stream, batch_size: int = 128):
        for doc in stream:
            yield self(doc)


@Language.factory(
    "kb_sentencizer",
    assigns=["token.is_sent_start", "doc.sents"],
    default_config={"punct_chars": None, "overwrite": False},
)
def make_sentencizer(nlp: Language, name: str, punct_chars: list[str] | None, overwrite: bool) -> ArraySentencizer:
    """Factory for the array sentencizer (same settings as spaCy's ``sentencizer``)."""
    return ArraySentencizer(name, punct_chars=punct_chars, overwrite=overwrite)
