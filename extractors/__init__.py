"""Rule-based extractors: text -> sample size, design, conditions, comparators, effects, doses.

``extract(text)`` is the one entry point; ``extract_many(texts)`` streams many texts through the
same pipeline. See ``extractors/README.md`` for the contract of the returned dict.
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc

# Bump whenever a rule, a pattern file or a vocabulary changes what is extracted.
EXTRACTOR_VERSION = "0.9.49"

CONDITIONS = ("OCD", "PTSD", "depression")
DESIGNS = (
    "rct", "crossover-rct", "open-label", "meta-analysis", "systematic-review",
    "observational", "case-report", "protocol", "other",
)
ROUTES = ("intramuscular", "intranasal", "intravenous", "oral", "subcutaneous")

# Lone surrogates cannot be encoded and crash spaCy's string store; one-for-one replacement keeps
# every character offset valid for the original text.
_SURROGATES = re.compile("[\ud800-\udfff]")


def _clean(text: object) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    if text.isascii():
        return text
    try:
        text.encode("utf-8")  # fails exactly when the text holds a surrogate, at C speed
    except UnicodeEncodeError:
        return _SURROGATES.sub("\ufffd", text)
    return text


def _result(doc: Doc) -> dict:
    ext = doc._  # one extension accessor for all the reads
    sample = ext.sample_size or {}
    return {
        "conditions": list(ext.conditions or []),
        "design": ext.design,
        "sample_size": sample.get("value"),
        "sample_size_text": sample.get("text"),
        "sample_size_start": sample.get("start"),
        "sample_size_end": sample.get("end"),
        "trials_count": sample.get("trials_count"),
        "comparators": list(ext.comparators or []),
        "effects": list(ext.effects or []),
        "doses": list(ext.doses or []),
        "routes": list(ext.routes or []),
        "scales": list(ext.scales or []),
        "extractor_version": EXTRACTOR_VERSION,
    }


def _restore_evidence(result: dict, original: str) -> dict:
    """Re-cut evidence texts from the original when cleaning replaced characters in them."""
    if result["sample_size_text"] is not None:
        result["sample_size_text"] = original[result["sample_size_start"]:result["sample_size_end"]]
    for key in ("comparators", "effects", "doses"):
        for item in result[key]:
            if isinstance(item, dict) and "start" in item and "end" in item and "text" in item:
                item["text"] = original[item["start"]:item["end"]]
    return result


def _finish(doc: Doc, original: object, cleaned: str) -> dict:
    result = _result(doc)
    # The components keep Spans (which point back at the doc) in doc.user_data: forgetting them
    # breaks the cycle, so the doc is freed at once instead of by the garbage collector.
    doc.user_data.clear()
    if isinstance(original, str) and original is not cleaned and original != cleaned:
        _restore_evidence(result, original)
    return result


def extract(text: str) -> dict:
    """Extract every figure from one text; offsets in the result index into ``text``."""
    from .pipeline import get_nlp

    cleaned = _clean(text)
    return _finish(get_nlp()(cleaned), text, cleaned)


def extract_many(texts: Iterable[str], batch_size: int = 64) -> list[dict]:
    """Extract from many texts in one pass (single process; order preserved)."""
    from .pipeline import get_nlp

    nlp = get_nlp()
    originals = list(texts)
    cleaned = [_clean(t) for t in originals]
    docs = nlp.pipe(cleaned, batch_size=batch_size, n_process=1)
    return [_finish(doc, o, c) for doc, o, c in zip(docs, originals, cleaned)]


__all__ = ["EXTRACTOR_VERSION", "CONDITIONS", "DESIGNS", "ROUTES", "extract", "extract_many"]
