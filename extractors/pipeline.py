"""Build the extraction pipeline once per process: blank English plus rule components."""
from __future__ import annotations

import functools
import importlib
import sys

import spacy
from spacy.language import Language

from . import sentencizer  # noqa: F401  (registers the kb_sentencizer factory)
from .extensions import register_extensions
from .tokenizer import customise_tokenizer

# One component per concern, in pipeline order: (component name, module that registers it).
# Later components may read what earlier ones wrote (effects read comparators, for example).
COMPONENTS: list[tuple[str, str]] = [
    ("kb_numbers", "extractors.numbers"),
    ("kb_conditions", "extractors.conditions"),
    ("kb_design", "extractors.design"),
    ("kb_sample_size", "extractors.sample_size"),
    ("kb_dosing", "extractors.dosing"),
    ("kb_comparators", "extractors.comparators"),
    ("kb_effects", "extractors.effects"),
    # needs sample size and comparators, so it runs last
    ("kb_design_fallback", "extractors.design"),
]

# No length limit (spaCy's default refuses texts over 1,000,000 chars): every component is
# linear in the text length and the blank pipeline keeps no parser state, so extract() takes
# any string.
MAX_LENGTH = sys.maxsize


def build_nlp() -> Language:
    """Return a freshly built pipeline (use :func:`get_nlp` for the shared instance)."""
    register_extensions()
    nlp = spacy.blank("en")
    nlp.max_length = MAX_LENGTH
    customise_tokenizer(nlp)
    # spaCy's sentencizer rule without a Python Token per token, under the usual name
    nlp.add_pipe("kb_sentencizer", name="sentencizer")
    for name, module in COMPONENTS:
        importlib.import_module(module)  # registers the component factory
        nlp.add_pipe(name)
    return nlp


@functools.cache
def get_nlp() -> Language:
    """The process-wide pipeline, built on first use."""
    return build_nlp()
