"""Doses ("0.5 mg/kg", "84 mg", "0.5 mg per kilogram") and administration routes (``kb_dosing``).

A dose is a number directly followed by a mass unit, optionally per kilogram or per hour; the
first number of a range ("0.1–0.5 mg/kg") shares the unit of the second. Routes come from a
vocabulary ("intravenous", "nasal spray", "IV") in ``patterns/dosing.json``; the case-sensitive
abbreviations skip roman numerals ("DSM-IV", "phase IV").
"""
from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from . import batching, extensions  # noqa: F401  (importing extensions registers the Doc extensions)
from .extensions import lowers
from .numbers import number_values  # (importing numbers registers Token._.num and Doc._.numbers)
from .vocab import load_patterns, phrase_matcher

RANGE_DASHES = {"-", "–", "—", "−", "to"}


class DosingFinder:
    """Pipeline component: set ``doc._.doses`` and ``doc._.routes``."""

    def __init__(self, nlp: Language):
        p = load_patterns("dosing")
        self.units = p["units"]
        self.per_weight = [tuple(s) for s in p["per_weight"]]
        self.per_time = [tuple(s) for s in p["per_time"]]
        self.route_matcher = phrase_matcher(nlp, p["routes"])
        self.exact_matcher = phrase_matcher(nlp, p["routes_exact"], attr="ORTH")
        # Lower-cased first words of the case-sensitive terms: a text whose lower-cased words hold
        # none of them has no exact match either.
        self.exact_firsts = {nlp.make_doc(term)[0].lower_ for label, terms in p["routes_exact"].items()
                             if not label.startswith("_") for term in terms}
        self.route_labels = {nlp.vocab.strings[label]: label  # match id -> route name
                             for groups in (p["routes"], p["routes_exact"]) for label in groups}
        self.roman_context = set(p["roman_numeral_context"])

    def _unit_at(self, words: list[str], i: int) -> tuple[str, int] | None:
        """Normalised unit starting at token ``i`` and the index just past it, or None."""
        if i >= len(words):
            return None
        unit = self.units.get(words[i])
        if unit is None:
            return None
        end = i + 1
        lows = tuple(words[end:end + 2])
        for seq in self.per_weight:
            if lows[:len(seq)] == seq:
                unit += "/kg"
                end += len(seq)
                break
        lows = tuple(words[end:end + 2])
        for seq in self.per_time:
            if lows[:len(seq)] == seq:
                unit += "/h"
                end += len(seq)
                break
        return unit, end

    def doses(self, doc: Doc) -> list[dict]:
        """Every dose in ``doc`` with character offsets."""
        found = []
        # Lower-cased token texts and number values come from the shared per-doc tables:
        # a Token or an extension lookup per number costs more than the rule itself.
        words = lowers(doc)
        values = number_values(doc)
        n = len(words)
        for span in doc._.numbers or []:
            start, stop = span.start, span.end
            value = values.get(start)
            if value is None or value < 0:
                continue
            unit_end = None
            # (a unit word must follow: most numbers are no dose)
            hit = self._unit_at(words, stop) if stop < n and words[stop] in self.units else None
            if hit is None and stop + 2 < n and words[stop] in RANGE_DASHES \
                    and values.get(stop + 1) is not None:
                shared = self._unit_at(words, stop + 2)
                if shared is not None:
                    hit = (shared[0], stop + 1)  # evidence is the number itself
                    unit_end = stop
            if hit is None:
                continue
            unit, end = hit
            end = unit_end if unit_end is not None else end
            evidence = doc[start:end]
            found.append({"value": value, "unit": unit, "text": evidence.text,
                          "start": evidence.start_char, "end": evidence.end_char})
        return found

    def routes(self, doc: Doc) -> list[str]:
        """Sorted administration routes named in ``doc``."""
        labels = self.route_labels
        names = {labels.get(m) or doc.vocab.strings[m] for m, _, _ in self.route_matcher(doc)}
        if self.exact_firsts.isdisjoint(lowers(doc)):
            return sorted(names)  # cheap gate: no abbreviation anywhere
        for match_id, start, _ in self.exact_matcher(doc):
            prev = doc[start - 1].lower_ if start else ""
            if prev in self.roman_context or (start and not doc[start - 1].whitespace_
                                              and doc[start - 1].is_alpha):
                continue
            names.add(labels.get(match_id) or doc.vocab.strings[match_id])
        return sorted(names)

    pipe = batching.pipe  # nlp.pipe runs it over a batch of docs at a time

    def __call__(self, doc: Doc) -> Doc:
        doc._.doses = self.doses(doc)
        doc._.routes = self.routes(doc)
        return doc


@Language.factory("kb_dosing")
def make_dosing(nlp: Language, name: str) -> DosingFinder:
    """Factory for the dose and route finder."""
    return DosingFinder(nlp)
