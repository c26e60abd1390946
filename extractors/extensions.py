"""Doc extension attributes every extractor component writes: registered once, in one place."""
from __future__ import annotations

import bisect

from spacy.tokens import Doc, Span

# name -> default. Mutable defaults are never shared: components always assign a fresh value.
DOC_EXTENSIONS: dict[str, object] = {
    "conditions": None,    # list[str]: sorted subset of "PTSD", "OCD", "depression"
    "design": None,        # str | None: one of DESIGNS
    "is_registry": False,  # bool: the text is a trial-registry record
    "sample_size": None,   # dict: value, text, start, end, trials_count (value/text may be None)
    "comparators": None,   # list[dict]: name, text, start, end                       (E2)
    "effects": None,       # list[dict]: measure, value, ci_low, ci_high, p, p_op, outcome, arm,
                           #             text, start, end                              (E2)
    "scales": None,        # list                                                      (E2)
    "doses": None,         # list[dict]: value, unit, text, start, end
    "routes": None,        # list[str]: sorted subset of ROUTES
}


def register_extensions() -> None:
    """Register the Doc extensions if not already registered (safe to call many times)."""
    for name, default in DOC_EXTENSIONS.items():
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=default)


register_extensions()


_TEXT_KEY = "kb_text"


def keep_text(doc: Doc, text: str) -> Doc:
    """Remember the text a doc was made from (the tokenizer keeps it exactly)."""
    doc.user_data[_TEXT_KEY] = text
    return doc


def doc_text(doc: Doc) -> str:
    """``doc.text``, computed once per doc: spaCy rebuilds it from every token on each access."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.text
        doc.user_data[_TEXT_KEY] = text
    return text


_SENT_STARTS_KEY = "kb_sent_starts"


def keep_sentence_starts(doc: Doc, starts: list[int]) -> None:
    """Remember the sentence starts the sentencizer just set (read by :func:`sentence_of`)."""
    doc.user_data[_SENT_STARTS_KEY] = starts


def sentence_of(doc: Doc, i: int) -> Span:
    """The sentence holding token ``i``; sentence starts are found once per doc.

    ``Token.sent`` re-checks the whole doc's annotation on every call, which makes a loop over
    many tokens quadratic on long texts.
    """
    starts = doc.user_data.get(_SENT_STARTS_KEY)
    if starts is None:
        flags = doc.to_array("SENT_START").tolist() if len(doc) else []
        starts = [k for k, flag in enumerate(flags) if flag == 1]
        if not starts or starts[0] != 0:
            starts.insert(0, 0)
        doc.user_data[_SENT_STARTS_KEY] = starts
    k = bisect.bisect_right(starts, i) - 1
    start = starts[max(k, 0)]
    end = starts[k + 1] if k + 1 < len(starts) else len(doc)
    return Span(doc, start, end)  # doc[start:end] without the slice normalisation


_LOWERS_KEY = "kb_lowers"
# Forget the cached strings beyond this many (the StringStore keeps them all anyway).
MAX_CACHED_STRINGS = 50_000


class _StringCache(dict):
    """hash -> str of one StringStore; a miss is filled from the store inside the same lookup, so
    a text with a few new strings costs no second pass over its hashes."""

    def __init__(self, store):
        super().__init__()
        self.store = store

    def __missing__(self, key: int) -> str:
        value = self[key] = self.store[key]
        return value


# id(StringStore) -> (store, cache): a dict lookup is ten times cheaper than the store's.
_STRING_CACHES: dict[int, tuple[object, _StringCache]] = {}


def strings_of(doc: Doc, hashes: list[int]) -> list[str]:
    """The strings behind ``hashes`` (from ``doc.to_array``) in ``doc``'s StringStore."""
    store = doc.vocab.strings
    entry = _STRING_CACHES.get(id(store))
    if entry is None or entry[0] is not store:
        if len(_STRING_CACHES) >= 4:
            _STRING_CACHES.clear()  # pipelines built and dropped (tests): let their stores go
        entry = _STRING_CACHES[id(store)] = (store, _StringCache(store))
    cache = entry[1]
    if len(cache) > MAX_CACHED_STRINGS:
        cache.clear()
    return list(map(cache.__getitem__, hashes))


def lowers(doc: Doc) -> list[str]:
    """Lower-cased token texts, built once per doc: list slices are far cheaper than Spans."""
    words = doc.user_data.get(_LOWERS_KEY)
    if words is None or len(words) != len(doc):
        words = strings_of(doc, doc.to_array("LOWER").tolist()) if len(doc) else []
        doc.user_data[_LOWERS_KEY] = words
    return words
