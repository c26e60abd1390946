"""Classify a text's study design with the corpus labelling rules (component ``kb_design``).

Cue phrases live in ``patterns/design.json``; this module only decides between them, in the order
the corpus labellers used: a pooled analysis is a meta-analysis even though it talks about
randomized trials; "open-label, randomized" is an rct; a crossover that is randomized is a
crossover-rct; a retrospective "open-label" chart review is observational; a news story takes the
design of the trial it reports; a planned study (protocol, recruitment news) is a protocol unless
the text is a registry record, whose design comes from its fields.
"""
from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import batching
from .extensions import doc_text, lowers, sentence_of
from .numbers import number_values
from .vocab import QUOTED_RE, dated_citation, load_patterns, phrase_matcher

# Registry-record field labels that must start a line (two distinct ones mark a registry record).
MIN_REGISTRY_FIELDS = 2
# "analysis of 17 studies": cue word at most COUNT_CUE_REACH tokens before the number, study
# noun at most COUNT_NOUN_REACH tokens after it.
COUNT_CUE_REACH = 4
COUNT_NOUN_REACH = 3  # "12 randomized controlled trials"
# "failed two adequate antidepressant trials": trials of treatment in a patient's history.
TREATMENT_TRIAL_WORDS = {"antidepressant", "antidepressants", "medication", "medications", "adequate", "drug",
                         "failed", "treatment", "pharmacological", "pharmacotherapy"}
NEGATIONS = {"non", "not", "quasi", "without", "no", "nonrandomized", "mendelian"}
FIELD_QUALIFIERS = {"target", "actual", "total", "estimated", "anticipated"}
# A randomization cue this close (in tokens) before a singular trial noun describes the primary
# study ("a randomized, double-blind trial") rather than the trials a meta-analysis pools.
PRIMARY_TRIAL_WINDOW = 6
# Word lists in design.json that are not cue phrases for the matcher.
NOT_CUES = {"design_negations", "dated_treatment_verbs", "open_label_absent_control"}
# Distinct first-person argument cues (outside quoted speech) that make an opinion piece.
MIN_OPINION_CUES = 2
# "treated 480 adolescents between 2020 and 2024": tokens allowed between the verb and "between".
DATED_GAP = 4
PLURAL_STUDIES = {"trials", "studies", "rcts", "evidence"}
# A meta-analysis cited as other work ("a recent meta-analysis found"), unless the sentence
# speaks of the text's own analysis ("we", "this", "our").
OTHER_WORK_WORDS = {"recent", "recently", "published", "found", "showed", "shown", "suggested"}
OWN_WORK_WORDS = {"we", "our", "this", "present", "current", "here"}
# Words marking a sentence about earlier studies: its design words describe other work.
BACKGROUND_WORDS = {"since", "previous", "previously", "prior", "earlier", "dozens", "literature"}
# Words of a sentence giving a figure for a population rather than a study's result
NEWS_RELEASE_WORDS = {"released", "published", "presented", "publishes", "releases"}
POPULATION_FIGURE = {"estimated", "prevalence", "population", "community", "nationwide", "national"}
# "Uncontrolled hypertension" (an exclusion criterion) describes an illness, not the design
UNCONTROLLED_ILLNESS = {"hypertension", "blood", "diabetes", "epilepsy", "seizures", "seizure", "asthma",
                        "hyperthyroidism", "medical", "cardiovascular", "cardiac", "heart", "psychosis",
                        "glaucoma", "pain", "bleeding", "infection", "illness", "disease"}
# A pooled analysis of individual data from a sponsor's trials, not a literature synthesis
POOLED_TRIAL_PHRASES = ("post hoc", "post-hoc")
# "time since trauma": "since" after a duration word starts no history
DURATION_WORDS = {"time", "years", "months", "weeks", "days", "hours", "duration", "interval", "year", "month"}
# Words of a sentence recommending studies still to be done ("a randomized trial is justified").
# Words that may stand between a negation and the design word it negates.
NEGATED_MODIFIERS = {"a", "an", "any", "the", "adequately", "sufficiently", "properly", "well", "large",
                     "powered", "designed", "direct", "definitive", "rigorous", "formal", "published", "single"}
NEGATED_REACH = 9  # tokens, hyphens included ("no adequately powered head - to - head randomized")
FUTURE_WORDS = {"needed", "warranted", "warrants", "justified", "necessary", "would", "lacking"}
# Word pairs of a sentence announcing a study still to come ("a randomized trial is planned",
# "a trial ... is being designed", "the team plans to randomize").
FUTURE_PAIRS = {("support", "a"), ("supports", "a"), ("justify", "a"), ("justifies", "a"), ("warrant", "a"),
                ("in", "preparation"), ("being", "prepared"), ("to", "run"), ("seeking", "funding"), ("seeks", "funding"), ("hopes", "to"), ("hope", "to"), ("now", "planning"), ("planning", "a"), ("expected", "to"), ("never", "replace"), ("cannot", "replace"), ("should", "be"), ("is", "planned"), ("are", "planned"), ("being", "planned"), ("being", "designed"),
                ("is", "planning"), ("are", "planning"), ("plan", "to"), ("plans", "to"),
                ("planning", "to"), ("now", "planned"), ("next", "step"), ("plans", "a"), ("plans", "an"),
                ("next", "year"), ("only", "way"), ("to", "settle"),
                # "a randomized trial ... is under way in Canada, with results expected in 2027"
                ("under", "way"), ("is", "underway"), ("are", "underway"), ("results", "expected"),
                # "is in talks with an academic partner about a randomized trial"
                ("in", "talks"), ("planned", "to")}
# "future trials", "further research": studies still to be done
_FURTHER_STUDIES = {(a, b) for a in ("future", "further") for b in PLURAL_STUDIES | {"research", "work"}}
_FUTURE_CACHE_KEY = "kb_design_future"
# ('," said Dr. Roe', '," she said', '," Brennan-Roy added', 'said Prof')
_REPORTED_SPEECH = re.compile(r"[\"”’'],?\s+(?:[\w.-]+\s+){0,3}?(?:said|says|added|explained)\b|\b(?:said|says) (?:Dr|Prof)",
                              re.I)
# The next study of a text that reports a finished one, and the words of a finished study.
NEXT_TRIAL_PAIRS = {("follow-up", "trial"), ("follow", "-"), ("planning", "a"), ("plans", "a"),
                    ("larger", "trial"), ("next", "trial"), ("now", "planning"), ("now", "recruiting"),
                    ("trial", "planned"), ("study", "planned"), ("planned", "to"), ("plans", "to")}  # "a trial planned to start next year"
# Design cues that a dated citation of other work ("A 2024 survey of 312 clinics ... found") carries
CITABLE_LABELS = ("observational", "open_label")
# Another trial still running: "... is expected to report in 2027"
OTHER_TRIAL_REPORT = {("expected", "to"), ("to", "report"), ("results", "expected")}
# A sentence opening with these continues the study of the sentence before.
ANAPHORIC_STARTS = {"it", "that", "this", "the", "they"}
DONE_WORDS = {"enrolled", "assigned", "randomized", "randomised", "tracked", "analysed", "analyzed",
              "examined", "included", "found", "showed", "surveyed", "followed"}
# "We describe a 46-year-old firefighter": authors presenting one person of a stated age.
CASE_VERBS = {"describe", "report", "present", "discuss", "detail"}


def _next_trial_words(lows: list[str]) -> bool:
    """True when the words name a next trial ("now planning a follow-up trial")."""
    return bool(NEXT_TRIAL_PAIRS & set(zip(lows, lows[1:])))


_SENTENCES_KEY = "kb_design_sentences"


def _sentence(doc: Doc, i: int) -> tuple[Span, list[str]]:
    """The sentence holding token ``i`` and its lower-cased words (treat as read-only), kept per
    doc by token: the rules ask about the same cue several times."""
    found = doc.user_data.get(_SENTENCES_KEY)
    if found is None:
        found = doc.user_data[_SENTENCES_KEY] = {}
    hit = found.get(i)
    if hit is None:
        sent = sentence_of(doc, i)
        hit = found[i] = (sent, lowers(doc)[sent.start:sent.end])
    return hit


def _line_start(doc: Doc, start_char: int) -> bool:
    """True when only spaces, '|' or nothing separate ``start_char`` from the previous newline."""
    i = start_char - 1
    text = doc_text(doc)
    while i >= 0 and text[i] in " \t|":
        i -= 1
    return i < 0 or text[i] == "\n"


def is_registry_record(doc: Doc, cues: dict[str, list]) -> bool:
    """A registry record shows at least two field labels ("Enrollment", "Allocation") at line starts."""
    labels = set()
    words = lowers(doc)
    for s, e in cues.get("registry", []):
        first = s - 1 if s and words[s - 1] in FIELD_QUALIFIERS else s
        if _line_start(doc, doc[first].idx):
            labels.add(doc[s:e].text.lower())
    return len(labels) >= MIN_REGISTRY_FIELDS


def _registry_allocation(doc: Doc, cues: dict[str, list]) -> str | None:
    """The value after a registry "Allocation" field: "randomized", "na" or None."""
    words = lowers(doc)
    for s, e in cues.get("registry", []):
        if words[s] != "allocation":
            continue
        for low in words[e:e + 4]:
            if low.startswith("random"):
                return "randomized"
            if low in {"na", "n/a", "non", "nonrandomized"} or low.startswith("non_"):
                return "na"
    return None


def _background_sentence(doc: Doc, i: int) -> bool:
    """True when token ``i`` sits in a sentence about earlier work ("Since the first
    placebo-controlled study in 2000, ...", "previous randomized trials showed ...")."""
    lows = _sentence(doc, i)[1]
    found = BACKGROUND_WORDS.intersection(lows)
    if not found and "last" in lows and OTHER_WORK_WORDS.intersection(lows) \
            and ("last", "year") in set(zip(lows, lows[1:])):
        return True  # "In a randomised trial published last year, 120 patients ..."
    if found == {"since"}:
        # "median time since index trauma 11 years", "weeks since onset": a duration, not history
        return any(w == "since" and (k == 0 or lows[k - 1] not in DURATION_WORDS) for k, w in enumerate(lows))
    return bool(found)


def _future_sentence(doc: Doc, i: int) -> bool:
    """True when token ``i`` sits in a sentence recommending studies still to be done ("A
    randomized, placebo-controlled trial is justified", "larger randomized trials are needed")."""
    sent, lows = _sentence(doc, i)
    cache = doc.user_data.setdefault(_FUTURE_CACHE_KEY, {})
    found = cache.get(sent.start)
    if found is None:
        found = bool(FUTURE_WORDS.intersection(lows))
        if not found:  # (the word pairs only when no single word decides)
            pairs = set(zip(lows, lows[1:]))
            found = bool(FUTURE_PAIRS & pairs or _FURTHER_STUDIES & pairs)
        cache[sent.start] = found
    return found


def _words_after(words: list[str], end: int, n: int) -> list[str]:
    """The ``n`` words after token ``end``, hyphens skipped ("14 placebo-controlled trials")."""
    return [w for w in words[end:end + 2 * n] if w != "-"][:n]


def _plural_study_after(words: list[str], end: int, n: int) -> bool:
    """True when a plural study noun is among the ``n`` words after ``end``: trials in general."""
    return bool(PLURAL_STUDIES.intersection(_words_after(words, end, n)))


def _cited_study(doc: Doc, i: int) -> bool:
    """True when token ``i`` sits in a sentence citing a dated earlier study ("A widely cited
    crossover study of 41 patients, published in 2014, found ..."): a publication year and a
    verb of other work, with no this-study word."""
    sent, lows = _sentence(doc, i)
    if OWN_WORK_WORDS.intersection(lows) or "new" in lows or not OTHER_WORK_WORDS.intersection(lows):
        return False
    # a year: a four-character number start (a number's text is as long as its lower-cased text)
    values = number_values(doc)
    return any(1950 <= values[k] <= 2100 and len(lows[k - sent.start]) == 4
               for k in range(sent.start, sent.end) if k in values)


_QUOTES_KEY = "kb_quote_spans"


def _in_quote(doc: Doc, i: int) -> bool:
    """True when token ``i`` sits inside a quotation (what people said, in a story); the quotations
    are found once per doc."""
    spans = doc.user_data.get(_QUOTES_KEY)
    if spans is None:
        text = doc_text(doc)
        # every quotation opens with one of its two quote marks: a text without them has none
        quoted = '"' in text or "“" in text
        spans = doc.user_data[_QUOTES_KEY] = [m.span() for m in QUOTED_RE.finditer(text)] if quoted else []
    if not spans:
        return False
    idx = doc[i].idx
    return any(a <= idx < b for a, b in spans)


def _in_dated_citation(doc: Doc, i: int) -> bool:
    """True when token ``i`` sits inside a dated citation of other work ("Her own group's 2022 trial
    randomized 90 patients ... and found ...")."""
    sent = _sentence(doc, i)[0]
    m = dated_citation(doc_text(doc), sent.start_char, sent.end_char)
    return m is not None and m.start() <= doc[i].idx < m.end()


def _primary_randomization(doc: Doc, cues: dict[str, list], labels=("randomized",)) -> int | None:
    """Token index of the first cue saying the text's own study was randomized, or None."""
    hits = sorted(span for label in labels for span in cues.get(label, []))
    # Several rules ask, with different cue lists: each cue is judged once per doc.
    judged = doc.user_data.setdefault(_OWN_RANDOMIZATION_KEY, {})
    for s, e in hits:
        own = judged.get((s, e))
        if own is None:
            own = judged[(s, e)] = _own_randomization_at(doc, s, e)
        if own:
            return s
    return None


_OWN_RANDOMIZATION_KEY = "kb_own_randomization"


def _own_randomization_at(doc: Doc, s: int, e: int) -> bool:
    """True when the randomization cue at tokens ``s:e`` is about the text's own study."""
    words = lowers(doc)
    if _in_quote(doc, s):
        return False  # '"... a pragmatic trial where patients are randomly assigned," he said': speech
    if NEGATIONS.intersection(words[max(0, s - 2):s]):
        return False  # "non-randomized", "not randomized", "quasi-randomized"
    if {"every", "all", "each"}.intersection(words[max(0, s - 3):s]) \
            and not any(t.like_num for t in doc[max(0, s - 3):s]):
        return False  # "pooled results from every published placebo-controlled trial": trials in general
    if e < len(doc) and words[e] == "procedure":
        return False  # the ChiCTR field "Randomization Procedure (...): Not applicable"
    if _background_sentence(doc, s) or _future_sentence(doc, s) or _in_dated_citation(doc, s):
        return False
    lows = words[e:e + PRIMARY_TRIAL_WINDOW]
    if any(w in {"were", "was", "are", "patients", "participants", "subjects"} for w in words[max(0, s - 2):s]):
        return True
    if words[s] in {"randomly"} and lows[:1] and lows[0] in {"assigned", "allocated", "divided"}:
        return True
    for low in lows:
        if low in {"trials", "studies", "rcts", "trial(s", "evidence"}:
            break
        if low in {"trial", "study", "design", "to", "into", "one-to-one", "(", "1:1",
                   "parallel", "parallel-group"}:
            return True
    return False


def classify(doc: Doc, cues: dict[str, list], registry: bool, absent_control: set[str] = frozenset()) -> str | None:
    """Pick one design label from the cue matches (see the module docstring for the order);
    ``absent_control``: the open-label cue phrases that only say a control was missing."""
    has = {label: bool(spans) for label, spans in cues.items()}

    if not registry and (has.get("protocol") or has.get("recruiting") and not has.get("p_value")):
        return "protocol"
    # A systematic search that reports pooled estimates is a meta-analysis in all but name.
    # "no meta-analysis was possible owing to heterogeneity": pooling words then name what
    # stopped the pooling.
    pooled = has.get("meta") or ((has.get("search") or has.get("systematic")) and has.get("pooled")
                                 and not has.get("meta_negated"))
    if pooled:
        primary = _primary_randomization(doc, cues, ("randomized", "controlled"))
        first_meta = min((min(s for s, _ in cues[k]) if cues.get(k) else len(doc))
                         for k in ("meta", "search", "systematic"))
        if primary is None or primary > first_meta:
            return "meta-analysis"
    elif has.get("systematic") or has.get("search") and _primary_randomization(doc, cues) is None:
        return "systematic-review"  # a literature search with no pooled estimate
    allocation = _registry_allocation(doc, cues) if registry else None
    primary = _primary_randomization(doc, cues) is not None or allocation == "randomized"
    if has.get("own_review") and not registry and not primary:
        return "other"  # "In this narrative review we summarise ...": no study of its own
    if has.get("crossover") and (has.get("randomized") or has.get("controlled") or allocation):
        return "crossover-rct"
    if has.get("extension") and not registry:
        return "open-label"  # "Of 62 patients randomized in the parent trial, 45 entered the extension"
    if primary:
        return "rct"
    if has.get("opinion") and not has.get("own_study") and not has.get("case_report"):
        return "other"  # a first-person essay citing surveys and open-label studies of others
    if has.get("case_report"):
        return "case-report"
    if has.get("observational"):
        return "observational"
    if has.get("open_label") or allocation == "na":
        if has.get("open_label") and _absence_only(doc, cues["open_label"], absent_control) \
                and REAL_WORLD.search(doc_text(doc)):
            # "There was no comparison group" in an analysis of company records or routine care:
            # uncontrolled because observed, not an open-label trial
            return "observational"
        return "open-label"
    if has.get("crossover"):
        return "crossover-rct"
    if has.get("controlled") or _own_randomized(doc, cues):
        return "rct"
    if has.get("other") or has.get("opinion"):
        return "other"
    return None


def _absence_only(doc: Doc, spans: list[tuple[int, int]], absent_control: set[str]) -> bool:
    """True when every open-label cue only says a control was missing ("no comparison group")."""
    words = lowers(doc)
    return all(" ".join(words[s:e]) in absent_control for s, e in spans)


def _own_randomized(doc: Doc, cues: dict[str, list]) -> bool:
    """A randomization cue that is not about trials in general ("In randomized trials, 30 to 40
    percent improve on placebo"): not followed by a plural study noun."""
    words = lowers(doc)
    # ... nor one recommended or imagined ("A randomized trial with an active control is warranted",
    # "a reason to run a randomized trial")
    return any(not PLURAL_STUDIES.intersection(words[e:e + 2]) and not _future_sentence(doc, s)
               and not _in_quote(doc, s) for s, e in cues.get("randomized", []))


def find_cues(doc: Doc, matcher, labels: dict[int, str] | None = None) -> dict[str, list[tuple[int, int]]]:
    """Group the phrase-matcher hits by label as (start, end) token offsets (``labels``: match id
    -> label of the matcher's labels, which spares a StringStore lookup per hit)."""
    cues: dict[str, list[tuple[int, int]]] = {}
    strings = doc.vocab.strings
    for match_id, start, end in matcher(doc):
        label = labels.get(match_id) if labels else None
        if label is None:
            label = strings[match_id]
        cues.setdefault(label, []).append((start, end))
    return cues


_OWN_STUDY_KEY = "kb_own_study"
# user_data key: the text is a protocol written by its authors ("We will randomise 100 adults"),
# not news of a trial still recruiting; its planned size is the sample (read by kb_sample_size).
AUTHORED_PROTOCOL_KEY = "kb_authored_protocol"


class DesignClassifier:
    """Pipeline component: set ``doc._.design`` and ``doc._.is_registry``."""

    def __init__(self, nlp: Language):
        patterns = load_patterns("design")
        groups = {k: v for k, v in patterns.items() if isinstance(v, list) and k not in NOT_CUES}
        self.absent_control = set(patterns["open_label_absent_control"])
        groups["open_label"] = groups["open_label"] + patterns["open_label_absent_control"]
        small = patterns["small_series"]
        groups["case_report"] = groups["case_report"] + [
            f"we {verb} {count} {noun}" for verb in small["verbs"] for count in small["counts"]
            for noun in small["nouns"]]
        self.matcher = phrase_matcher(nlp, groups)
        self.labels = {nlp.vocab.strings[label]: label for label in groups}  # match id -> label
        self.negations = set(patterns["design_negations"])
        self.dated_verbs = set(patterns["dated_treatment_verbs"])
        count_cues = patterns["count_cues"]
        self.study_nouns = set(count_cues["study_nouns"])
        self.count_labels = {word: label for label in ("meta", "systematic", "search")
                             for word in count_cues[label]}
        self.pooling = re.compile(r"\b(?:" + "|".join(
            re.escape(w).replace(r"\-", "[- ]?") for w in count_cues["pooling_words"]) + r")\b", re.I)
        self.inclusion_words = set(count_cues["inclusion_words"])
        negation = patterns["meta_negation"]
        self.meta_neg_before = set(negation["before"])
        self.meta_neg_after = set(negation["after"])

    def count_cues(self, doc: Doc) -> dict[str, list[tuple[int, int]]]:
        """"analysis of 17 studies", "review of 10 trials": cues that involve a count."""
        words = lowers(doc)
        found: dict[str, list[tuple[int, int]]] = {}
        nouns = self.study_nouns
        if nouns.isdisjoint(words):
            return found  # cheap gate: no study noun anywhere, so none after a number
        for span in doc._.numbers or []:
            if nouns.isdisjoint(words[span.end:span.end + 2 * COUNT_NOUN_REACH]):
                continue  # cheap gate: the words _words_after picks from hold no study noun
            after = _words_after(words, span.end, COUNT_NOUN_REACH)
            if nouns.isdisjoint(after):
                continue
            if TREATMENT_TRIAL_WORDS.intersection(after) or words[span.start - 1:span.start] in (["least"], ["≥"], [">"]):
                continue  # "at least 2 adequate antidepressant trials": treatment attempts, not studies
            for k in range(max(0, span.start - COUNT_CUE_REACH), span.start):
                label = self.count_labels.get(words[k])
                if label is not None:
                    found.setdefault(label, []).append((k, span.end))
                    break
            else:
                label = self._sentence_count_cue(doc, span)
                if label is not None:
                    found.setdefault(label, []).append((span.start, span.end))
        return found

    def _sentence_count_cue(self, doc: Doc, span) -> str | None:
        """"Nine studies (412 participants) were pooled" -> meta; "Eleven RCTs met inclusion
        criteria" -> search: a count of studies and a pooling or inclusion word in one sentence
        that is not about earlier work."""
        if _background_sentence(doc, span.start):
            return None
        sent, lows = _sentence(doc, span.start)
        if self.pooling.search(doc_text(doc), sent.start_char, sent.end_char):
            return "meta"
        if self.inclusion_words.intersection(lows):
            return "search"
        return None

    def drop_negated_meta(self, doc: Doc, cues: dict[str, list]) -> None:
        """"no meta-analysis was possible", "a meta-analysis was not performed", "findings were
        synthesised narratively": not pooled."""
        words = lowers(doc)
        narrative = cues.pop("narrative", [])
        if narrative:
            cues["systematic"] = cues.get("systematic", []) + narrative
            cues["meta_negated"] = cues.get("meta_negated", []) + narrative
        kept = [(s, e) for s, e in cues.get("meta", [])
                if not self.meta_neg_before.intersection(words[max(0, s - 2):s])
                and not self.meta_neg_after.intersection(words[e:e + 3])]
        if len(kept) < len(cues.get("meta", [])):
            cues["meta_negated"] = cues.get("meta_negated", []) + [span for span in cues["meta"] if span not in kept]
            cues["meta"] = kept

    def drop_negated_controls(self, doc: Doc, cues: dict[str, list]) -> None:
        """"without a placebo arm", "no placebo group": a negated control cue is no control."""
        words = lowers(doc)

        def negated(s: int) -> bool:
            # "no placebo group", "without a control arm", "no adequately powered head-to-head
            # randomized trial": the negation may stand before an article and a few modifiers
            k = s - 1
            while k >= 0 and s - k <= NEGATED_REACH and (words[k] in NEGATED_MODIFIERS or words[k] == "-"
                                                        or words[k + 1] == "-" or k and words[k - 1] == "-"):
                k -= 1
            return k >= 0 and words[k] in self.negations

        for label in ("controlled", "randomized"):
            if label in cues:
                cues[label] = [span for span in cues[label] if not negated(span[0])]

    def drop_general_designs(self, doc: Doc, cues: dict[str, list]) -> None:
        """"adequately powered, placebo-controlled trials", "should be examined in a placebo-
        controlled trial", "a handful of small open-label studies": controls and designs of trials
        in general, of other work or still to come."""
        words = lowers(doc)
        cues["controlled"] = [(s, e) for s, e in cues.get("controlled", [])
                              if not _plural_study_after(words, e, 3) and not _future_sentence(doc, s)]
        cues["open_label"] = [(s, e) for s, e in cues.get("open_label", [])
                              if not _plural_study_after(words, e, 2) and not self._other_work(doc, s)
                              and not (words[s] == "uncontrolled" and words[e:e + 1] != []
                                       and words[e] in UNCONTROLLED_ILLNESS)]
        # "about one in ten ... has PTSD, according to a national survey of 2,000 workers": a
        # source quoted for a background figure is not the text's own study
        cues["observational"] = [(s, e) for s, e in cues.get("observational", [])
                                 if not self._attributed(doc, s)
                                 and not (s >= 2 and words[s - 1] == "/" and words[s - 2] == "prospective")]
        # ("Prospective/Retrospective: Prospectively registered" is an ISRCTN field label)

    @staticmethod
    def _attributed(doc: Doc, i: int) -> bool:
        """True when token ``i`` sits in a sentence that attributes a population figure to a
        source ("is estimated to have probable PTSD, according to a national survey")."""
        lows = _sentence(doc, i)[1]
        # ("..., according to a nationwide study of health records released on Monday": the news)
        return ("according", "to") in set(zip(lows, lows[1:])) and bool(POPULATION_FIGURE.intersection(lows)) \
            and not NEWS_RELEASE_WORDS.intersection(lows)

    @staticmethod
    def _other_work(doc: Doc, i: int) -> bool:
        """"An earlier pilot by the same group ... had no comparison group": a design word in a
        sentence about earlier work that never speaks of the text's own study."""
        return _background_sentence(doc, i) and not OWN_WORK_WORDS.intersection(_sentence(doc, i)[1])

    def drop_next_trials(self, doc: Doc, cues: dict[str, list]) -> None:
        """"The VA has approved a follow-up trial that aims to enroll 260 veterans", "the network is
        now planning a trial in which 200 patients will be randomly assigned": the next study of a
        text that reports one already done (past enrolment words elsewhere) is no protocol."""
        spans = cues.get("protocol", []) + cues.get("recruiting", [])
        if not spans:
            return
        words = lowers(doc)
        for label in ("protocol", "recruiting"):
            kept = []
            for s, e in cues.get(label, []):
                sent = sentence_of(doc, s)
                begin = sent.start
                if not _next_trial_words(words[begin:sent.end]) and begin and words[begin] in ANAPHORIC_STARTS:
                    begin = sentence_of(doc, begin - 1).start  # "... planning a follow-up trial. It aims to enroll 240"
                lows = words[begin:sent.end]
                # (or "A trial in Sweden that aims to enroll 600 women ... is expected to report in 2027")
                other_trial = _next_trial_words(lows) or bool(OTHER_TRIAL_REPORT & set(zip(lows, lows[1:])))
                if other_trial and DONE_WORDS.intersection(words[:begin] + words[sent.end:]):
                    continue
                kept.append((s, e))
            cues[label] = kept

    def keep_unquoted_opinion(self, doc: Doc, cues: dict[str, list]) -> None:
        """Opinion cues count outside quoted speech and only when MIN_OPINION_CUES distinct ones remain."""
        text = doc_text(doc)
        kept = {}
        for s, e in cues.get("opinion", []):
            sent = sentence_of(doc, s)
            chunk = text[sent.start_char:sent.end_char]
            if any(q in chunk for q in '"“”') or " said" in chunk:
                continue
            kept.setdefault(doc[s:e].text.lower(), (s, e))
        cues["opinion"] = list(kept.values()) if len(kept) >= MIN_OPINION_CUES else []

    def dated_treatment(self, doc: Doc) -> list[tuple[int, int]]:
        """"patients treated between 2021 and 2024": people treated over past calendar years."""
        words = lowers(doc)
        found: list[tuple[int, int]] = []
        if self.dated_verbs.isdisjoint(words):
            return found  # cheap gate: most texts have none of the verbs
        values = number_values(doc)
        for i, low in enumerate(words[:-2]):
            if low not in self.dated_verbs:
                continue
            # "treated between 2021 and 2024", "treated 480 adolescents from 2019": a few words between
            for k in range(i + 1, min(len(doc) - 1, i + 1 + DATED_GAP)):
                if words[k] in {"between", "from", "during", "since"}:
                    # (a number's text is as long as its lower-cased text)
                    year = values.get(k + 1)
                    if year is not None and 1950 <= year <= 2100 and len(words[k + 1]) == 4:
                        found.append((i, k + 2))
                    break
                if doc[k].is_punct:
                    break
        return found

    def single_person(self, doc: Doc) -> list[tuple[int, int]]:
        """"We describe a 46-year-old firefighter", "the case of a 29-year-old": one person of a
        stated age presented by the authors (the noun after the age is open-ended)."""
        words = lowers(doc)
        found = []
        if "old" not in words and "year-old" not in words:
            return found  # cheap gate: most texts state no age this way
        if CASE_VERBS.isdisjoint(words) and "case" not in words:
            return found  # nor a verb or "case of" to start the rule
        values = number_values(doc)
        for i, low in enumerate(words[:-4]):
            if low not in CASE_VERBS and not (low == "of" and i and words[i - 1] == "case"):
                continue
            k = i + 1
            if words[k] not in {"a", "an"} or values.get(k + 1) is None:
                continue
            age = [w for w in words[k + 2:k + 6] if w != "-"]
            if age[:2] == ["year", "old"] or age[:1] == ["year-old"]:
                found.append((i, k + 2))
        return found

    def drop_other_crossovers(self, doc: Doc, cues: dict[str, list]) -> None:
        """"Earlier crossover studies were small", "crossover trials carry over": crossover
        designs of other work (plural study noun or a sentence about earlier studies). A text
        with a randomized study of its own also drops a dated citation ("A widely cited
        crossover study of 41 patients, published in 2014, found ...")."""
        words = lowers(doc)
        kept = [(s, e) for s, e in cues.get("crossover", [])
                if not (PLURAL_STUDIES | {"designs", "samples"}).intersection(words[e:e + 1])
                and not _background_sentence(doc, s)]
        if any(_cited_study(doc, s) for s, _ in kept):
            own = _primary_randomization(doc, cues)
            if own is not None and not _cited_study(doc, own):
                kept = [(s, e) for s, e in kept if not _cited_study(doc, s)]
        cues["crossover"] = kept

    def drop_pooled_trials(self, doc: Doc, cues: dict[str, list]) -> None:
        """"This post hoc analysis pooled individual patient data from three randomized trials":
        a pooled analysis of a sponsor's trials without a literature search keeps their randomized
        comparison, so its design is the trials' (no meta-analysis)."""
        if not cues.get("meta") or cues.get("search") or cues.get("systematic") or not cues.get("randomized"):
            return
        text = doc_text(doc).lower()
        if any(phrase in text for phrase in POOLED_TRIAL_PHRASES):
            cues["meta"] = []

    def drop_other_meta(self, doc: Doc, cues: dict[str, list]) -> None:
        """"A recent meta-analysis of seven trials found ...": a pooled analysis of other work,
        cited in a sentence about earlier studies, is not the text's own design. Only a text
        with a randomized study of its own drops it: news of a meta-analysis cites it in the
        same words ("A meta-analysis of five trials has found ...")."""
        if not (cues.get("meta") or cues.get("systematic") or cues.get("search")):
            return  # nothing to drop (the rules below only filter these lists)
        if _primary_randomization(doc, cues, ("randomized", "controlled")) is None:
            # News of a controlled trial citing a dated pooled analysis after it ("... against 6%
            # in the placebo group. A 2023 analysis of 12 smaller studies found ..."): the
            # citation is background, the trial is the text's study.
            first_control = min((s for s, _ in cues.get("controlled", [])), default=None)
            if first_control is not None:
                cues["meta"] = [(s, e) for s, e in cues.get("meta", [])
                                if s < first_control or not _cited_study(doc, s)]
            return
        text = doc_text(doc)
        for label in ("meta", "systematic", "search"):
            kept = []
            for s, e in cues.get(label, []):
                sent, lows = _sentence(doc, s)
                if (BACKGROUND_WORDS | OTHER_WORK_WORDS).intersection(lows) \
                        and not OWN_WORK_WORDS.intersection(lows):
                    continue
                if label != "meta" and dated_citation(text, sent.start_char, sent.end_char):
                    continue  # "A 2023 review pooling seven small trials concluded ...": cited work
                kept.append((s, e))
            cues[label] = kept

    pipe = batching.pipe  # nlp.pipe runs it over a batch of docs at a time

    def __call__(self, doc: Doc) -> Doc:
        cues = find_cues(doc, self.matcher, self.labels)
        self.drop_other_crossovers(doc, cues)
        self.drop_negated_meta(doc, cues)
        self.drop_negated_controls(doc, cues)
        self.drop_general_designs(doc, cues)
        self.drop_next_trials(doc, cues)
        for label in CITABLE_LABELS:  # "A 2024 survey of 312 clinics by researchers at ... found"
            if cues.get(label):
                cues[label] = [(s, e) for s, e in cues[label] if not _in_dated_citation(doc, s)]
        self.keep_unquoted_opinion(doc, cues)
        person = self.single_person(doc)
        if person:
            cues.setdefault("case_report", []).extend(person)
        dated = self.dated_treatment(doc)
        if dated:
            cues.setdefault("observational", []).extend(dated)
        narrative = bool(cues.get("meta_negated"))
        for label, spans in self.count_cues(doc).items():
            if label == "meta" and narrative:
                label = "search"  # counted studies of a review that says it did not pool
            cues.setdefault(label, []).extend(spans)
        self.drop_other_meta(doc, cues)
        self.drop_pooled_trials(doc, cues)
        registry = is_registry_record(doc, cues)
        underscore = doc._  # (each access builds a new accessor)
        underscore.is_registry = registry
        underscore.design = classify(doc, cues, registry, self.absent_control)
        doc.user_data[_OWN_STUDY_KEY] = bool(cues.get("own_study"))
        recruitment = set(cues.get("protocol_recruitment", []))
        # a story quoting people ("..., said Dr. X") reports a protocol; it is not the protocol itself
        text = doc_text(doc)
        reported = ("said" in text or "says" in text or "added" in text or "explained" in text) \
            and bool(_REPORTED_SPEECH.search(text))
        doc.user_data[AUTHORED_PROTOCOL_KEY] = not reported and any(
            span not in recruitment for span in cues.get("protocol", []))
        return doc


# Words of data observed in routine care: with open-label cues that only say a control was missing
# ("open_label_absent_control" in design.json) they describe an observational study ("records of a
# telehealth company ... there was no comparison group"), not an open-label trial.
REAL_WORLD = re.compile(r"\b(?:records?|real[- ]world|naturalistic|routine (?:care|practice)|questionnaires?|"
                        r"telehealth|programs?|programmes?|retrospective(?:ly)?|registry|database)\b", re.I)
# Participants taken into a study by its authors ("Thirty-two veterans ... were enrolled").
ENROLLED = re.compile(r"\benroll?ed\b", re.I)
# Authors speaking of their own work (outside quoted speech): their text reports a study even
# without design words.
AUTHORS_VOICE = re.compile(r"\b(?:we|our)\b", re.I)
# (a heading ends with a colon, a full stop or the line: "Methods\nVeterans with ...")
STRUCTURED_RESULTS = re.compile(r"(?m)^[ \t]*(?:Methods?|Design|Patients and methods)[ \t]*(?:[:.]|$)"
                                r"(?:.|\n)*?^[ \t]*Results?[ \t]*(?:[:.]|$)", re.I)
# Tokens from which a text is a whole document (a story or an abstract) rather than a fragment.
WHOLE_TEXT_TOKENS = 120


@batching.component("kb_design_fallback")
def design_fallback(doc: Doc) -> Doc:
    """When no design word was found, use what the later components know: a named control agent
    means a controlled trial (news: "compared ketamine with midazolam") -> rct; authors reporting
    on their own patients ("We evaluated ... in 26 out-patients") describe an uncontrolled
    series -> observational, or an uncontrolled treatment study when they "enrolled" them -> open-label."""
    underscore = doc._  # (each access builds a new accessor)
    if underscore.design is not None or underscore.is_registry:
        return doc
    sample = underscore.sample_size or {}
    if underscore.comparators:
        underscore.design = "rct"
    elif sample.get("value") and doc.user_data.get(_OWN_STUDY_KEY):
        # ... but patients "enrolled" by the authors and then treated are a prospective,
        # uncontrolled treatment study, not records or a naturalistic series
        underscore.design = "open-label" if ENROLLED.search(doc_text(doc)) else "observational"
    elif sample.get("value") and STRUCTURED_RESULTS.search(doc_text(doc)):
        # A structured abstract reporting results of patients who all "received" the drug, with no
        # control named and no design word: an uncontrolled, open-label treatment study.
        underscore.design = "open-label"
    elif len(doc) >= WHOLE_TEXT_TOKENS and not AUTHORS_VOICE.search(QUOTED_RE.sub(" ", doc_text(doc))):
        # A whole story with no study of its own (a feature, market news): its counts belong to
        # cited surveys, clinics or markets ("a 2024 survey of 3,200 adults"), not to a sample.
        # A fragment without design words ("Participants (n = 41) received ketamine") and authors
        # reporting their own study ("We enrolled 18 adults") keep their count.
        underscore.sample_size = None
    return doc


@Language.factory("kb_design")
def make_design(nlp: Language, name: str) -> DesignClassifier:
    """Factory for the design classifier."""
    return DesignClassifier(nlp)
