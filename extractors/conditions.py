"""Which of PTSD, OCD and depression a text's study targets (component ``kb_conditions``).

A condition counts when the text keeps talking about it: mentions inside a scale name
("Montgomery-Åsberg Depression Rating Scale", "PTSD Checklist") do not count, and a single
background mention next to a well-covered main condition is not enough. TRD, MDD and bipolar
depression are depression.
"""
from __future__ import annotations

import bisect

from spacy.language import Language
from spacy.tokens import Doc

from . import batching, extensions  # noqa: F401  (importing extensions registers the Doc extensions)
from .extensions import doc_text, lowers, sentence_of
from .numbers import number_values
from .vocab import dated_citation, load_patterns, phrase_matcher

CONDITION_LABELS = ("PTSD", "OCD", "depression")
# Rating-scale match labels (their terms under the plural key in patterns/conditions.json,
# "depression_scales") and the condition each scale measures
SCALE_CONDITION = {"depression_scale": "depression", "ptsd_scale": "PTSD", "ocd_scale": "OCD"}
# Tokens after a mention searched for a scale word ("Depression Anxiety Stress Scales").
SCALE_LOOKAHEAD = 4
# A condition other than the main one needs this many (weighted) mentions.
SECONDARY_MIN = 2.0
# "antidepressant", "suicidal ideation": evidence of depression, but weaker than the word itself.
WEAK_WEIGHT = 0.5
# "depressive symptoms", "PTSD severity": the condition is an outcome the study measures.
OUTCOME_WEIGHT = 2.0
OUTCOME_WORDS = {"symptoms", "symptom", "severity", "symptomatology"}
# "comorbid MDD", "MDD comorbidity": a population descriptor, not a target.
# A result word this close (tokens) to a depression scale reports a result on it.
RESULT_REACH = 12
SECONDARY_WORDS = {"secondary", "exploratory", "tertiary", "will", "monitored", "descriptive"}
# "Depressive symptoms were mild at entry and entered the models only as a covariate"
DESCRIPTOR_WORDS = {"covariate", "covariates", "confounder", "confounders"}
# "matching on age, prior hospitalizations, PTSD diagnosis and a dozen other factors": a
# matching variable, not a target
MATCHED_ON = {("matching", "on"), ("matched", "on")}
_MATCHED_FIRSTS = {first for first, _ in MATCHED_ON}
# "People with a current major depressive episode ... will not be enrolled"
NOT_ENROLLED = {("not", "be", "enrolled"), ("not", "be", "included"), ("not", "be", "eligible"),
                ("were", "not", "eligible"), ("are", "not", "eligible"), ("were", "not", "enrolled")}
TIME_UNITS = {"minutes", "hours", "days", "weeks", "months", "years", "minute", "hour", "day", "week",
              "month", "year"}
# "Nine studies excluded patients with a current major depressive episode": an exclusion
# criterion names a condition the study keeps out.
EXCLUSION_WORDS = {"excluded", "exclusion", "excluding", "exclude", "excludes", "exclusions", "ineligible"}
# "did not change", "neither group": a null verdict on an outcome with no figure.
NULL_WORDS = {"not", "neither", "unchanged", "nor", "little", "barely", "minimally"}  # "... and changed little"
BASELINE_WORDS = {"baseline", "entry", "intake", "enrolment", "enrollment"}
COMORBID_WORDS = {"comorbid", "comorbidity", "co-morbid", "comorbidities"}
# "in adults without current depression": a condition the people did not have
ABSENT_BEFORE = {"without"}
ABSENT_SKIP = {"current", "comorbid", "concurrent", "active", "any", "a", "clinical", "major"}
# "esketamine was approved for treatment-resistant depression in 2019", "used off-label for
# depression": the drug's history names a condition as background, a half-weight mention.
HISTORY_WORDS = {"approved", "approval", "off-label", "licensed", "licence", "license"}
# "Depression and sleep also improved more in the ketamine group": a between-group result in words
COMPARATIVE_RESULT = {(verb, adverb) for verb in ("improved", "eased", "lifted", "fell", "declined", "decreased")
                      for adverb in ("more", "significantly", "further")} | \
    {("greater", noun) for noun in ("improvement", "improvements", "reduction", "reductions")}
_COMPARATIVE_FIRSTS = {first for first, _ in COMPARATIVE_RESULT}
# Characters before a mention searched for the outcome heading it is listed under
HEADING_REACH = 400
# A number right after these is a scale digit ("PHQ-9") or a threshold ("≤12"), not a result
NOT_FIGURE_BEFORE = {"-", "≤", "≥", "<", ">", "<=", ">="}
# "Anxiety and Depression Association of America": a condition word inside an organisation's name
ORGANISATION_WORDS = {"association", "society", "alliance", "foundation", "institute", "center",
                      "centre", "network", "coalition", "awareness", "council", "federation"}
# "The researchers did not analyze PTSD symptoms separately": a condition set aside
NOT_ANALYSED = {("not", "analyze"), ("not", "analyse"), ("not", "analyzed"), ("not", "analysed"),
                ("not", "assessed"), ("not", "examined"), ("not", "reported"), ("not", "report")}
# Tokens that end the look-ahead for a scale word after a mention.
_SCALE_STOP = {".", ";", "(", ")", "symptoms", "severity"}


def _under_secondary_heading(doc: Doc, i: int) -> bool:
    """True when token ``i`` sits in a registry's list of secondary outcomes ("Secondary outcome
    measures\n1. ...\n2. Depressive symptoms measured using the PHQ-9"): the nearest outcome
    heading above it, within a few lines, names secondary outcomes."""
    text = doc_text(doc)
    pos = doc[i].idx
    low = text[max(0, pos - HEADING_REACH):pos].lower()
    secondary, primary = low.rfind("secondary outcome"), low.rfind("primary outcome")
    return secondary > primary and secondary >= 0 and low.count("\n", secondary) >= 1


def _time_point(words: list[str], start: int, end: int) -> bool:
    """True for a number in a list of time points, after or before their unit ("at weeks 4, 12
    and 24", "day 28", "at 6 and 12 weeks")."""
    def listed(word: str) -> bool:
        return word in {",", "and", "or"} or word.replace(".", "").isdigit()

    k = start - 1
    while k >= 0 and listed(words[k]):
        k -= 1
    if k >= 0 and words[k] in TIME_UNITS:
        return True
    k = end
    while k < len(words) and listed(words[k]):
        k += 1
    return k < len(words) and words[k] in TIME_UNITS


def _list_marker(doc: Doc, start: int, end: int) -> bool:
    """True for a numbered list item's marker: "2." at the start of a line."""
    words = lowers(doc)
    at_line_start = start == 0 or "\n" in words[start - 1] or words[start - 1].isspace()
    return at_line_start and end < len(doc) and words[end] in {".", ")"}


class ConditionDetector:
    """Pipeline component: set ``doc._.conditions`` (sorted list)."""

    def __init__(self, nlp: Language):
        patterns = load_patterns("conditions")
        groups = {label: patterns[label] for label in CONDITION_LABELS}
        groups["weak"] = patterns["weak"]
        for label in SCALE_CONDITION:
            groups[label] = patterns[label + "s"]
        self.result_words = set(patterns["result_words"])
        self.matcher = phrase_matcher(nlp, groups)
        self.labels = {nlp.vocab.strings[label]: label for label in groups}  # match id -> label
        self.scale_after = {t.lower() for t in patterns["scale_after"]}
        self.scale_before = [t.lower().split() for t in patterns["scale_before"]]
        # The last word of every scale_before entry (None when one is empty and matches anything).
        self.scale_before_last = None if not all(self.scale_before) else {seq[-1] for seq in self.scale_before}

    def _in_scale_name(self, words: list[str], start: int, end: int) -> bool:
        """True when the mention at tokens [start, end) is part of a scale name (``words``:
        lower-cased token texts; a whitespace token's text is whitespace whatever its case)."""
        for low in words[end:end + SCALE_LOOKAHEAD]:
            if low in self.scale_after:
                return True
            if low in _SCALE_STOP or low.isspace():
                break
        before = [w for w in words[max(0, start - 3):start] if not w.isspace()]
        if self.scale_before_last is not None and (not before or before[-1] not in self.scale_before_last):
            return False  # (cheap gate: every entry ends with the word just before the mention)
        for seq in self.scale_before:
            if before[-len(seq):] == seq:
                return True
        return False

    def _secondary_without_figure(self, doc: Doc, i: int) -> bool:
        """"Secondary endpoints on depressive symptoms did not reach significance", "Depressive
        symptoms did not change in either group": an outcome named as secondary, or stated as
        unchanged, with no figure in its sentence is not a reported result."""
        sent = sentence_of(doc, i)
        words = lowers(doc)
        start, end = i, i
        while start > sent.start and words[start - 1] != ";":  # the clause, not the sentence
            start -= 1
        while end < sent.end and words[end] != ";":
            end += 1
        clause = words[start:end]
        if not SECONDARY_WORDS.intersection(clause) and not NULL_WORDS.intersection(clause) \
                and not _under_secondary_heading(doc, i):
            return False
        if NULL_WORDS.intersection(clause) and BASELINE_WORDS.intersection(clause):
            return True  # "mild at baseline (mean MADRS 11.9) and did not change": a level, no result
        # scale names carry digits ("PHQ-9"), and time points, thresholds ("Y-BOCS ≤12", "≥35%") and
        # list markers ("2. Depressive symptoms") are no results: only other figures count
        return not any(start <= span.start < end and not (span.start and words[span.start - 1] in NOT_FIGURE_BEFORE)
                       and not _time_point(words, span.start, span.end)
                       and not _list_marker(doc, span.start, span.end)
                       for span in doc._.numbers or [])

    def _result_sentence(self, doc: Doc, sent, cache: dict[int, bool], starts: list[int] | None = None) -> bool:
        """True when a sentence states a result: a result word and a figure (cached per sentence;
        ``starts``: the number starts in text order, when the caller has them)."""
        found = cache.get(sent.start)
        if found is None:
            if starts is None:
                starts = [span.start for span in doc._.numbers or []]
            i = bisect.bisect_left(starts, sent.start)
            found = cache[sent.start] = i < len(starts) and starts[i] < sent.end \
                and bool(self.result_words.intersection(lowers(doc)[sent.start:sent.end]))
        return found

    def _history_sentence(self, doc: Doc, i: int, lows: list[str] | None = None) -> bool:
        """True when token ``i`` sits in a sentence about the drug's approval or off-label use
        (``lows``: that sentence's lower-cased words, when the caller has them)."""
        if lows is None:
            sent = sentence_of(doc, i)
            lows = lowers(doc)[sent.start:sent.end]
        return bool(HISTORY_WORDS.intersection(lows))

    pipe = batching.pipe  # nlp.pipe runs it over a batch of docs at a time

    def __call__(self, doc: Doc) -> Doc:
        weights = dict.fromkeys(CONDITION_LABELS, 0.0)
        words = lowers(doc)
        seen_end = -1
        result_sentences: set[int] = set()
        silent: dict[int, bool] = {}  # sentence start -> names an exclusion or a covariate
        results: dict[int, bool] = {}  # sentence start -> states a result with a figure
        matches = sorted(self.matcher(doc), key=lambda m: (m[1], -m[2]))
        # number starts in text order, for the result test (once per doc, not per sentence): the
        # keys of number_values, which kb_numbers fills in text order with doc._.numbers
        number_starts = list(number_values(doc)) if matches else None
        labels = self.labels
        sent = None
        lows: list[str] = []
        for match_id, start, end in matches:
            if start < seen_end:
                continue  # nested in a longer match ("major depressive disorder" > "depressive")
            seen_end = end
            label = labels.get(match_id) or doc.vocab.strings[match_id]
            if sent is None or start >= sent.end:
                # (matches come in text order: a match before the sentence's end is in it)
                sent = sentence_of(doc, start)
                lows = words[sent.start:sent.end]
            silenced = silent.get(sent.start)
            if silenced is None:
                silenced = silent[sent.start] = bool(
                    EXCLUSION_WORDS.intersection(lows) or DESCRIPTOR_WORDS.intersection(lows)
                    or "not" in lows and NOT_ENROLLED & set(zip(lows, lows[1:], lows[2:]))
                    or "on" in lows and not _MATCHED_FIRSTS.isdisjoint(lows)
                    and MATCHED_ON & set(zip(lows, lows[1:])))
            if silenced:
                continue  # an exclusion criterion or a baseline covariate: no target of the study
            in_scale = label not in SCALE_CONDITION and self._in_scale_name(words, start, end)
            if label in SCALE_CONDITION or label in CONDITION_LABELS and in_scale:
                # a result on a condition's scale ("MADRS total scores improved more with ketamine",
                # "CAPS-5 total score fell from 38.6 to 27.9") reports on that condition
                condition = SCALE_CONDITION.get(label, label)
                near = words[max(sent.start, start - RESULT_REACH):min(sent.end, end + RESULT_REACH)]
                # ("mild at entry (mean HAM-D 11.2) and changed little": a level, no result)
                if (sent.start, condition) not in result_sentences and self.result_words.intersection(near) \
                        and not (NULL_WORDS.intersection(near) and BASELINE_WORDS.intersection(near)):
                    result_sentences.add((sent.start, condition))  # one result per sentence, however many scales
                    weights[condition] += OUTCOME_WEIGHT
                continue
            if in_scale:
                continue
            after = words[end] if end < len(words) else ""
            before = words[start - 1] if start > 0 else ""
            if after in ORGANISATION_WORDS and doc[start].text[:1].isupper():
                continue  # "Anxiety and Depression Association of America"
            if "not" in lows and NOT_ANALYSED & set(zip(lows, lows[1:])):
                continue  # "did not analyze PTSD symptoms separately"
            if label == "weak":
                weights["depression"] += WEAK_WEIGHT
            elif after in OUTCOME_WORDS:
                weights[label] += 1.0 if self._secondary_without_figure(doc, start) else OUTCOME_WEIGHT
            elif after in COMORBID_WORDS or before in COMORBID_WORDS or _absent(words, start, sent.start):
                continue
            elif label == "depression" and (self._result_sentence(doc, sent, results, number_starts)
                                            or not _COMPARATIVE_FIRSTS.isdisjoint(lows)
                                            and COMPARATIVE_RESULT & set(zip(lows, lows[1:]))):
                # "Depression also eased more with ketamine (standardised effect 0.42)"; a dated
                # citation's result ("a 2012 study ... although depression improved") is background
                cited = dated_citation(doc_text(doc), sent.start_char, sent.end_char)
                weights[label] += WEAK_WEIGHT if cited else OUTCOME_WEIGHT
            else:
                weights[label] += WEAK_WEIGHT if self._history_sentence(doc, start, lows) else 1.0
        doc._.conditions = select_conditions(weights)
        return doc


def _absent(words: list[str], start: int, first: int) -> bool:
    """True when "without" stands before the mention at ``start``, past a word or two such as
    "current" ("without current depression")."""
    k = start - 1
    while k >= first and k >= start - 3 and words[k] in ABSENT_SKIP:
        k -= 1
    return k >= first and words[k] in ABSENT_BEFORE


def select_conditions(weights: dict[str, float]) -> list[str]:
    """The main condition plus every other condition with enough mentions, sorted."""
    main = max(weights, key=weights.get)
    if weights[main] < 1.0:
        return []
    chosen = {main} | {k for k, w in weights.items() if w >= SECONDARY_MIN}
    return sorted(chosen)


@Language.factory("kb_conditions")
def make_conditions(nlp: Language, name: str) -> ConditionDetector:
    """Factory for the condition detector."""
    return ConditionDetector(nlp)
