"""Total sample size and pooled trial count of the study a text reports (``kb_sample_size``).

Every number followed by a participant noun ("41 patients", "Forty-one participants", "80
depressed adults"), written as ``N = 30`` or given in a registry "Enrollment" field is a
candidate. Context scores each one: "a total of", "were randomized", "enrolled 120 adults" count
for it; per-arm sizes ("200 patients were assigned to the ketamine group", "placebo (n=83)"),
subgroups ("16 patients (72.7%)"), screened counts, population statistics ("93 million
patients"), lower bounds, interim counts and planned sizes (outside protocols and registry
records) are rejected. Per-arm sizes are never summed. Vocabulary: ``patterns/sample_size.json``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.tokens import Doc, Span

from . import batching
from .design import AUTHORED_PROTOCOL_KEY
from .extensions import doc_text, lowers, sentence_of
from .numbers import number_values
from .scan import folded_text, scanner
from .vocab import dated_citation, load_patterns

# Candidate scores: a registry field beats everything; "N = 30" beats a bare "30 patients".
SCORE_REGISTRY = 100
SCORE_CAPITAL_N = 40
SCORE_LOWER_N = 25
SCORE_NOUN = 10
BONUS_TOTAL = 30
BONUS_ENROL_VERB = 20
BONUS_WEAK_VERB = 10
BONUS_ENROL_BEFORE = 10
BONUS_RANDOMIZED_MODIFIER = 20
BONUS_META_CLAUSE = 15
BONUS_POOLED = 20
PENALTY_OTHER_META = 60
# "214 participants are required; allowing for attrition, we will recruit 244": the power
# calculation's requirement yields to the number to be recruited
PENALTY_REQUIRED = 1
REJECTED = -100  # a candidate ruled out (per-arm, screened, subgroup, population, ...)
# Tokens after the participant noun searched for an enrolment verb / an arm or screening word.
VERB_WINDOW = 3
ARM_WINDOW = 8
PLANNED_WINDOW = 6
# Largest plausible participant count; anything larger is a population statistic or junk.
MAX_SAMPLE = 10_000_000
LOWER_BOUND_WORDS = (("more", "than"), ("at", "least"), ("up", "to"), ("over",), ("nearly",),
                     ("almost",), ("fewer", "than"), ("less", "than"), ("under",))
POPULATION_WORDS = {"population", "database", "network", "records", "nationwide", "worldwide",
                    "million", "billion", "affects", "affect", "affecting", "suffer", "suffers"}
POSSESSIVES = {"'s", "’s", "'", "’"}
RANGE_MARKS = {"-", "–", "—", "−", "to", "/", ":", "x", "×"}
# A word after a number that makes it no count (a percentage, a range), and one before it, after
# another number (a range, a ratio "one in five")
_NOT_COUNT_AFTER = {"%", "percent", "per", "percentage"} | RANGE_MARKS - {"to"}
_RANGE_OR_RATIO = RANGE_MARKS | {"in"}
# Words naming a part of the sample in the phrase before a bracketed "(n = 512)".
SUBGROUP_WORDS = {"subgroup", "subgroups", "subset", "subsample", "stratum", "older", "younger",
                  "those", "whom", "comorbid", "with", "without",
                  "defined",  # "high anhedonia was defined as a SHAPS score of 5 or more (n=67)"
                  "among", "taking"}  # "Among bipolar patients taking lithium (n = 41), remission reached 34%"
SUBGROUP_NOUNS = {"subgroup", "subgroups", "subset", "subsample", "stratum"}
SUBGROUP_REACH = 10
# "a previous trial of 20 patients": an earlier study named within a few tokens before a count.
EARLIER_WORDS = {"previous", "prior", "earlier", "past", "former", "preceding"}
EARLIER_REACH = 12
# Other work that an earlier-word may name besides trials: "an earlier claims analysis ... of 1,200 patients"
EARLIER_WORK_NOUNS = {"analysis", "analyses", "review", "reviews", "survey", "surveys", "audit", "cohort"}
ANALYSIS_SETS = {"itt", "mitt", "pooled", "intention-to-treat", "intent-to-treat", "analysis", "study",
                 "safety", "efficacy", "per-protocol", "full", "trial", "treated", "randomized",
                 "randomised"}
POOL_OPENERS = {"among", "of", "from"}
# "The 312-patient study": singular participant nouns in a size compound.
SINGULAR_NOUNS = {"patient", "participant", "person", "subject", "adult", "veteran", "woman", "man",
                  "adolescent", "child", "individual", "people", "member"}
# "Of 447 patients with a first consultation, 318 started induction": a part taken from a pool.
PART_VERBS = {"started", "began", "entered", "returned", "agreed", "consented", "initiated"}
# Analysis sets that are a part of the sample: "70 were included in the per-protocol analysis"
PER_PROTOCOL = {"per-protocol", "per", "pp", "completer", "completers", "completers'", "modified", "mitt"}
# "symptoms present in 21 participants", "occurred in 12 patients": people a finding applies to.
PRESENT_IN = {("present", "in"), ("occurred", "in"), ("observed", "in"), ("seen", "in"), ("reported", "in"),
              ("documented", "in"), ("found", "in")}
# Word pairs of a sentence announcing studies still to come (outside protocols no sample).
FUTURE_PLANS = {("plans", "to"), ("plan", "to"), ("planning", "to"), ("will", "start"), ("will", "enrol"),
                ("will", "enroll"), ("will", "recruit"), ("intends", "to"), ("planning", "a"), ("planning", "an"),
                ("now", "planning"), ("under", "way"), ("now", "underway"), ("is", "underway"),
                ("funding", "for")}  # "federal funding for a follow-up trial involving 240 participants"
# "412 respondents completed the questionnaire": answering a survey makes its sample
SURVEY_VERBS = {"completed", "returned", "answered", "filled", "submitted"}
SENT_VERBS = {"sent", "emailed", "e-mailed", "mailed", "distributed", "circulated", "posted", "sending",
              "emailing", "mailing", "distributing"}
SURVEY_REACH = 12
# Words that open a breakdown of the count before them: "2,947 patients, of whom 618 ..."
PARTS_FOLLOW = {("of", "whom"), ("of", "which"), (",", "including"), (",", "comprising")}
# A pool described as enrolled is the study's sample, whatever part of it follows.
ENROLLED_POOL = {"enrolled", "enroled", "randomized", "randomised", "included", "recruited"}
RANDOMIZED_VERBS = {"randomized", "randomised", "randomly", "assigned", "allocated"}
# Words before a number that make it a time point ("day 8"), never a count of people
TIME_POINT_WORDS = {"day", "week", "month", "hour", "visit", "session", "year", "days", "weeks", "months"}
# Tokens before a count searched for the plural study noun of a pooled count ("38 studies (27
# retrospective and 11 prospective) including 9,264 patients")
POOLED_REACH = 10
# ... and before a bracketed count ("Twenty-three studies from 11 countries ..., of which 19 (2,651")
BRACKETED_STUDY_REACH = 16
# Tokens after a pooled count searched for "contributed (to the primary analysis)"
SUBSET_REACH = 4
# "a national survey of 12,058 adults": a count named as a study's people
STUDY_OF = [["survey", "of"], ["study", "of"], ["analysis", "of"], ["review", "of"], ["sample", "of"],
            ["registry", "of"]]
# Section headings of structured abstracts that a study's count may open
SAMPLE_HEADINGS = {"participants", "patients", "subjects", "sample", "population"}
# Longest line naming the group a registry size label below it belongs to (ChiCTR layout)
REGISTRY_GROUP_LINE = 40
# "records of 11,624 adults, comparing 2,906 who began esketamine with 8,718 matched adults":
# counts this close after "comparing" are the compared groups
COMPARING_REACH = 8
# A number right after one of these is a threshold ("score >18 were randomised")
THRESHOLD_OPERATORS = {">", "<", "≥", "≤", ">=", "<=", "=>", "=<"}
# ... and after one of these words ("a MADRS total score above 28 were randomly assigned")
THRESHOLD_WORDS = {"above", "below", "exceeding"}
RANDOMIZED_DESIGNS = {"rct", "crossover-rct"}
# Words that say a count agreed to take part: "120 consented and were randomized".
CONSENT_WORDS = {"consented", "agreed"}
# Phases before randomization that a trial's earlier count "entered".
LEAD_IN_WORDS = {"lead", "run", "induction", "stabilization", "stabilisation", "titration", "open"}
# After "received": the treated part of a randomized sample ("received at least one infusion",
# "received the allocated intervention")
TREATED_PART = {("at", "least"), ("the", "allocated"), ("their", "allocated"), ("the", "assigned"),
                ("their", "assigned")}
# The stage before the last one of a screening chain ("36 were eligible and 34 enrolled").
SCREENING_STAGES = {"eligible", "screened", "assessed", "approached", "consented", "interested"}
# Tokens of a dose between an arm's name and its "(n = ...)": "ketamine 0.5 mg/kg (n = 49)"
DOSE_TOKENS = {"mg", "kg", "/", "mg/kg", "µg", "μg", "mcg", "ml", "g", "iu"}
DOSE_REACH = 6
# A dotted abbreviation among a count's modifiers: "U.S.", "U.K."
ABBREVIATION = re.compile(r"(?:[A-Z]\.){2,3}")
IDENTIFY_VERBS = {"identify", "identified", "select", "selected"}
# A pool of people asked to take part ("Of 2,870 people invited, 611 responded").
INVITED_WORDS = {"invited", "contacted", "approached", "surveyed", "emailed", "mailed"}
SURVEY_NOUNS = {"questionnaire", "questionnaires", "survey", "surveys", "interview", "interviews"}
# "these 263 form the analytic sample", "the final sample comprised 1,024 adults"
# Verbs right after a count of people ("653 had both ...", "503 received at least one infusion")
PEOPLE_VERBS = {"had", "were", "was", "formed", "completed", "received", "met", "entered", "started", "remained"}
# Units of a review's count besides the trial nouns, not of people: "(n = 4 reports)"
REPORT_NOUNS = {"reports", "articles", "papers", "cohorts"}
# A few of a review's studies: "Only two of the 30 trials directly compared the two drugs"
_STUDY_SUBSET = re.compile(r"\b(?:only\s+)?(?:\w+)\s+of\s+the\s+[\d,]+\s+(?:included\s+)?(?:trials|studies|RCTs)\b", re.I)
# A ChiCTR group's size field
_SIZE_FIELD = re.compile(r"(?im)^\s*Sample size\s*:")
# "matched each ketamine patient with four people": a matching ratio, not a count
_MATCH_RATIO_BEFORE = re.compile(r"\bmatched\s+(?:each|every)\s+[^.;]{0,50}?\b(?:with|to)\s+(?:up\s+to\s+)?$", re.I)
# "The new analysis focused on the 611 veterans ...": the part of a registry (or of records) a report analyses
_ANALYSIS_FOCUS = re.compile(r"\banalysis (?:focused|focuses|concentrated|was restricted|was limited) (?:on|to) (?:the |all )?[\d,]+ "
                             # "The analysis, published Tuesday in ..., drew on 8,432 patients who ..."
                             # (not "drew on records from 11,834 adults who began treatment": the pool)
                             r"|\bdrew on (?:the )?(?!(?:19|20)\d\d )[\d,]+ "
                             # "The final analysis included 23,855 people", "In all, the analysis included ..."
                             r"|\b(?:final|the) analysis included [\d,]+ ")
# Verbs that name a count as the sample: "these 263 form the analytic sample"
_NAMING_VERBS = {"form", "forms", "formed", "constitute", "constituted", "comprise", "comprised",
                 "made", "make", "makes"}  # ("and they made up the study sample")
ANALYTIC_SAMPLE = re.compile(r"\b(?:analytic(?:al)?|final|study|analysis) (?:sample|cohort)\b")
# "a matched cohort drawn from 214,806 adults": the population a sample was taken from.
POOL_SOURCES = (("drawn", "from"), ("selected", "from"), ("sampled", "from"), ("identified", "from"),
                ("recruited", "from", "a", "pool", "of"), ("out", "of"))
# Tokens after a pool count searched for its comma; tokens after the part taken from it searched
# for the enrolment verb ("96 (mean [SD] age ...) with chronic PTSD and ... were randomized").
POOL_REACH = 12
POOL_VERB_REACH = 45
# Tokens searched back from an "n =" for the bracket of an arm: "ketamine (0.5 mg/kg; N = 18)".
ARM_BRACKET_REACH = 12
# Tokens after a bare count searched for "form the analytic sample".
NAMED_SAMPLE_REACH = 28
# Tokens searched for the study noun after a trial count with a long modifier run.
LONG_TRIAL_REACH = 16
# "four Veterans Affairs medical centers": a place named after people, reached over at most
# SITE_REACH capitalised or modifier words after the participant noun.
SITE_NOUNS = {"centers", "centres", "center", "centre", "hospitals", "hospital", "clinics",
              "clinic", "sites", "facilities", "homes", "units", "practices", "systems", "services",
              "wards", "departments", "programs", "programmes"}
SITE_MODIFIERS = {"medical", "health", "care", "healthcare", "mental", "affairs", "treatment",
                  "general", "primary", "community", "service", "services"}
SITE_REACH = 4
# "84 adults with chronic PTSD were randomized": tokens searched past a "with" qualifier.
QUALIFIER_REACH = 8
RELATIVE_CLAUSE_REACH = 14  # tokens: "who had failed at least two antidepressants were randomly assigned"
# Tokens searched for the bracket that holds a demographic breakdown.
BRACKET_REACH = 30
# "two patients met the response threshold": an outcome count, not an enrolment.
OUTCOME_OBJECTS = {"response", "remission", "responder", "responders", "threshold"}
SUBGROUP_BEFORE = (("of", "whom"), ("of", "these"), ("of", "them"), ("among", "them"),
                   ("among", "these"))
# "... and 20 got placebo": how far to look for the second count and, after it, the treatment.
SECOND_ARM_REACH = 20
SECOND_ARM_TAIL = 5
# Words that join the second count to the first
_SECOND_ARM_JOINS = {"and", "while", "whereas", "vs", "versus"}
# Tokens after "were randomized" searched for the arm(s) named as its object.
SINGLE_ARM_REACH = 12
# "randomized to double-blind treatment": the whole sample entering a phase, not one arm.
GENERIC_ARMS = {"treatment", "intervention", "active", "comparator"}
# Clause search reach (tokens) around a candidate: keeps run-on "sentences" linear.
CLAUSE_REACH = 60
_SENT_CACHE_KEY = "kb_sample_size_sentences"
_SAMPLE_WORD_KEY = "kb_sample_size_sample_word"
META_DESIGNS = {"meta-analysis", "systematic-review"}


@dataclass
class Candidate:
    """One number that may be the total sample size, with its evidence span and score."""

    value: int
    start: int  # token offsets of the evidence span
    end: int
    num_start: int
    num_end: int
    score: int = 0
    planned: bool = False
    verb: str | None = None  # the enrolment verb after the count, if any
    reasons: list[str] = field(default_factory=list)


def _clause_text(doc: Doc, c: "Candidate", sent: Span) -> str:
    """Lower-cased text of the clause (between semicolons, at most CLAUSE_REACH tokens either
    side) holding the candidate."""
    words = lowers(doc)
    start, end = c.num_start, c.num_end
    low_bound = max(sent.start, start - CLAUSE_REACH)
    high_bound = min(sent.end, end + CLAUSE_REACH)
    # back to just past the last ";" before the count, else to low_bound; on to the first ";"
    # after it, else to high_bound (list searches rather than a walk token by token)
    before = words[low_bound:start]
    if ";" in before:
        start -= before[::-1].index(";")
    elif start > low_bound:
        start = low_bound
    after = words[end:high_bound]
    if ";" in after:
        end += after.index(";")
    elif end < high_bound:
        end = high_bound
    return " ".join(words[start:end])


def _sentence_facts(doc: Doc, sent: Span) -> tuple[set, bool]:
    """Word pairs and whether a meta-analysis is mentioned, computed once per sentence."""
    cache = doc.user_data.setdefault(_SENT_CACHE_KEY, {})
    facts = cache.get(sent.start)
    if facts is None:
        lows = lowers(doc)[sent.start:sent.end]
        text = " ".join(lows)
        facts = (set(zip(lows, lows[1:])), _mentions_meta(text))
        cache[sent.start] = facts
    return facts


def _mentions_meta(text: str) -> bool:
    """True when space-joined lower-cased tokens mention a meta-analysis ("meta - analysis")."""
    return "meta - analy" in text or "meta analy" in text or "meta-analy" in text


# The text calls itself a protocol ("study protocol", "Protocol for a randomised trial"), not a
# treatment or dosing protocol ("the trial's ketamine protocol cost about $3,400").
_PROTOCOL_WORD = re.compile(r"\b(?:study|trial|research)\s+protocol\b|\bprotocol\s+(?:for|of)\s+(?:a|an|the|this)\b"
                            r"|\bthis\s+protocol\b|\bprotocol\s+(?:paper|article|abstract)\b|^\s*protocol\b", re.I | re.M)


def _protocol_word(text: str) -> bool:
    """``_PROTOCOL_WORD`` found in ``text``; every match holds "protocol", which ``str.find`` rules
    out in microseconds (the pattern has no literal start for the engine to skip to)."""
    return "protocol" in folded_text(text) and bool(_PROTOCOL_WORD.search(text))


_PUBLISHED_EARLIER = re.compile(r"\bpublished\s+(?:last\s+(?:year|month)|earlier\s+this\s+(?:year|month)|in\s+(?:19|20)\d\d)\b"
                                r"[^.;]{0,80}?\b(?:found|showed|reported|suggested)\b", re.I)
# "a matched cohort of 844", "the final analytic sample of 1,200"; not the pool it came from
SAMPLE_OF_MODIFIERS = {"matched", "analytic", "analytical", "analysis", "final", "study", "total", "combined",
                       "overall", "weighted", "pooled", "propensity-matched"}
SAMPLE_OF_SOURCES = {"from", "of", "in", "among", "within", "to"}


ELIGIBILITY_REACH = 12  # tokens after a count searched for "assessed for eligibility"
RESPECTIVELY_REACH = 4  # tokens after a count: "6 and 2 patients, respectively"
# "Of those, 1,027 completed ... and filled out questionnaires", "742 had ... PHQ-9 data"
RECORDS_POOL_REACH = 24
RECORDS_DATA_REACH = 20
# Approximation words before a pool's count: "Of roughly 11,500 adults who began treatment, ..."
ROUGHLY = {"about", "roughly", "around", "approximately", "nearly", "almost", "some"}
RECORDS_PART_VERBS = {"completed", "had", "provided", "filled", "returned"}
RECORDS_DATA_WORDS = {"data", "scores", "score", "ratings", "assessment", "assessments", "measurements", "questionnaires",
                      "questionnaire", "checklist", "filled", "follow-up", "follow", "outcome", "outcomes",
                      "analysed", "analyzed"}  # ("follow-up" is split by the tokenizer)


def _lows(doc: Doc, start: int, end: int) -> list[str]:
    return lowers(doc)[max(0, start):max(0, end)]


def _ends_with(words: list[str], seq) -> bool:
    return len(words) >= len(seq) and tuple(words[-len(seq):]) == tuple(seq)


def _ends_with_any(words: list[str], seqs) -> bool:
    """True when ``words`` ends with one of ``seqs`` (the last word is checked first: most miss)."""
    last = _LAST_WORDS.get(seqs)
    if last is None:
        last = _LAST_WORDS[seqs] = {seq[-1] for seq in seqs}
    return bool(words) and words[-1] in last and any(_ends_with(words, seq) for seq in seqs)


_LAST_WORDS: dict[tuple, set[str]] = {}


class SampleSizeFinder:
    """Pipeline component: set ``doc._.sample_size`` (value, text, start, end, trials_count)."""

    def __init__(self, nlp: Language):
        p = load_patterns("sample_size")
        self.nouns = {w for w in p["participant_nouns"] if " " not in w}
        self.trial_nouns = set(p["trial_nouns"])
        self.study_counts = self.trial_nouns - {"trial", "study"}  # nouns of counted studies
        self.modifier_stop = set(p["modifier_stop"])
        self.max_modifiers = int(p["max_modifiers"])
        self.total_before = sorted((tuple(s) for s in p["total_before"]), key=len, reverse=True)
        # ... keyed by their last word, longest first as above
        self.total_before_by_last: dict[str, list[tuple]] = {}
        for seq in self.total_before:
            self.total_before_by_last.setdefault(seq[-1], []).append(seq)
        self.enrol_verbs = set(p["enrol_verbs"])
        # "completed", "analysed", "received": counts of people at a later stage than enrolment
        self.weak_enrol_verbs = set(p["weak_enrol_verbs"])
        self.enrol_before = set(p["enrol_before"]) - {"of"}
        self.registry_fields = {w for w in p["registry_fields"] if " " not in w}
        # multi-word labels, keyed by their last word: "number of participants"
        self.registry_phrases: dict[str, list[tuple]] = {}
        for w in p["registry_fields"]:
            if " " in w:
                words = tuple(w.split())
                self.registry_phrases.setdefault(words[-1], []).append(words)
        # "Target sample size: 200" holds the size only in a registry record
        self.registry_only_phrases: dict[str, list[tuple]] = {}
        for w in p["registry_only_fields"]:
            words = tuple(w.split())
            self.registry_only_phrases.setdefault(words[-1], []).append(words)
        self.registry_skip = set(p["registry_skip"])
        self.planned_before = {w for w in p["planned_before"] if " " not in w}
        self.planned_after = set(p["planned_after"])
        self.screened_after = set(p["screened_after"])
        self.interim = [tuple(s) for s in p["interim_phrases"]]  # word pairs
        self.arm_words = set(p["arm_words"])
        self.arm_agents = set(p["arm_agents"])
        self.arm_names = self.arm_agents | self.arm_words
        self.bare_verbs = set(p["bare_verbs"])
        # words right after "n = 30" that make it an arm size: "n = 30 per group", "n = 30 ketamine"
        self.arm_after_n = set(p["arm_after_n"])
        self.safety_words = {w for w in p["safety_words"] if " " not in w}
        self.safety_pairs = {tuple(w.split()) for w in p["safety_words"] if " " in w}
        self.own_records = set(p["own_records_before"])
        self.arm_distributive = set(p["arm_distributive"])
        self.part_nouns = self.arm_words | set(p["part_nouns"])
        self.completion = set(p["completion_verbs"])
        self.antecedents = [tuple(w.split()) for w in p["part_of_antecedents"]]
        self.planned_modifiers = set(p["planned_modifiers"])

    # -- candidate shapes ------------------------------------------------------------------
    def _noun_after(self, doc: Doc, words: list[str], end: int, nouns: set[str]) -> int | None:
        """Index just past a noun in ``nouns`` reached over at most a few modifier tokens
        (``words``: the doc's lower-cased words)."""
        j = end
        modifiers = 0
        joined = False  # the token after a hyphen belongs to the modifier before it ("active-duty")
        while j < len(words) and modifiers <= self.max_modifiers:
            low = words[j]
            if low in nouns:
                return j + 1
            if low == "-" and j > end and not doc[j].whitespace_ and not doc[j - 1].whitespace_:
                j += 1
                joined = True
                continue
            if low in {"or", "and"} and j > end and words[j - 1].endswith("ed") and j + 1 not in number_values(doc):
                j += 1  # "26 unmedicated or stably medicated adults": two modifiers joined
                joined = True
                continue
            # a stop word, white space or a number ends the phrase (tested before building the Token)
            if low in self.modifier_stop or low.isspace() or j in number_values(doc):
                return None
            # an ordinal word is a modifier ("84 first responders"), a numeral ends the phrase
            tok = doc[j]
            if tok.is_punct and low != "-" or tok.like_num and not tok.is_alpha:
                return None
            if not (tok.is_alpha or low == "-" or ABBREVIATION.fullmatch(tok.text)):
                return None  # "2,000 U.S. adults" keeps its dotted abbreviation
            # a capitalised name counts once: "132 former Australian Defence Force members"
            named = j > end and tok.text[:1].isupper() and doc[j - 1].text[:1].isupper()
            modifiers += 0 if joined or named else 1
            joined = False
            j += 1
        return None

    @staticmethod
    def _under_heading(doc: Doc, start: int) -> bool:
        """True when a count opens a structured abstract's "Participants" section ("Participants
        412 women aged 18-40 years", "Patients: 96 adults")."""
        words = lowers(doc)
        k = start - 1
        while k >= 0 and start - k <= 3 and (words[k] == ":" or words[k].isspace()):
            k -= 1
        return k >= 0 and words[k] in SAMPLE_HEADINGS and (k == 0 or "\n" in words[k - 1]) \
            and doc[k].text[:1].isupper()

    @staticmethod
    def _group_line_before(doc: Doc, label: int) -> bool:
        """True when the line before a size label names a group ("Group:\nControl group\nSample
        size:\n57", the ChiCTR layout): the size is that group's."""
        text = doc_text(doc)
        at = doc[label].idx
        line_start = text.rfind("\n", 0, max(0, at - 1)) + 1
        line = text[line_start:at].strip().lower()
        # ... unless it is the only group ("Group:\nEsketamine group\nSample size:\n45" in a
        # single-arm record): then its size is the study's
        return 0 < len(line) <= REGISTRY_GROUP_LINE and "group" in line and len(_SIZE_FIELD.findall(text)) > 1

    def _registry_phrase_start(self, doc: Doc, i: int, low: str) -> int | None:
        """Start of a multi-word field label ending at token ``i`` and at a line start, else None."""
        phrases = self.registry_phrases.get(low, [])
        if low in self.registry_only_phrases and doc._.is_registry:
            phrases = phrases + self.registry_only_phrases[low]
        lows = lowers(doc)
        for words in phrases:
            k = i - len(words) + 1
            if k >= 0 and tuple(lows[k:i + 1]) == words:
                while k > 0 and lows[k - 1] in {"target", "planned", "actual", "total"}:
                    k -= 1
                if k == 0 or "\n" in doc[k - 1].text or doc[k - 1].is_space:
                    return k
        return None

    def _registry_field_before(self, doc: Doc, words: list[str], start: int) -> int | None:
        """Token index of an "Enrollment" label just before the number (``words``: the doc's
        lower-cased words), else None."""
        i = start - 1
        skipped = 0
        while i >= 0 and skipped <= 4:
            low = words[i]
            # (only a label's last word can start a multi-word label)
            phrase_start = self._registry_phrase_start(doc, i, low) \
                if low in self.registry_phrases or low in self.registry_only_phrases else None
            if low in self.registry_fields or phrase_start is not None:
                j = i if phrase_start is None else phrase_start
                while j > 0 and words[j - 1] in {"actual", "target", "total", "estimated",
                                                 "anticipated"}:
                    j -= 1
                return j
            if low.isspace() or low in self.registry_skip:
                i -= 1
                skipped += 1
                continue
            return None
        return None

    def _is_range_or_compound(self, doc: Doc, words: list[str], start: int, end: int) -> bool:
        """Ranges (13–17), compounds (16-item, 6-month) and percentages are not counts
        (``words``: the doc's lower-cased words)."""
        nxt = words[end] if end < len(words) else ""
        if nxt in _NOT_COUNT_AFTER:
            return True
        if start < 2:
            return False  # (every test below reads the two tokens before the number)
        before = words[start - 1]
        if before in _RANGE_OR_RATIO and start - 2 in number_values(doc):
            return True  # ranges "13 to 17", ratios "one in five adults"
        if start >= 3 and before == "every" and words[start - 2] == "in" and start - 3 in number_values(doc):
            return True  # "one in every 75 American adults"
        if start >= 3 and before == "and" and start - 2 in number_values(doc) \
                and words[start - 3] == "between":
            return True  # "sample sizes between 20 and 158 participants": a range, not a count
        if before in {"-", "–", "·"} and doc[start - 2].is_alpha \
                and not doc[start - 1].whitespace_ and not doc[start - 2].whitespace_:
            return True  # DASS-21 style names split by the tokenizer
        return False

    def candidates(self, doc: Doc) -> list[Candidate]:
        """All candidate sample sizes in ``doc`` with their scores (unfiltered)."""
        found = []
        values = number_values(doc)
        words = lowers(doc)
        for span in doc._.numbers or []:
            value = values.get(span.start)
            if value is None or value != int(value) or not 1 <= value <= MAX_SAMPLE:
                continue
            start, end = span.start, span.end
            if end - start > 1 and any(low in {"million", "billion", "thousand"} for low in words[start:end]):
                continue
            if self._is_range_or_compound(doc, words, start, end):
                # "the 312-patient study" (its first test: a hyphen after the number)
                cand = self._compound_study(doc, start, end, int(value)) if words[end:end + 1] == ["-"] else None
            else:
                cand = self._shape(doc, words, start, end, int(value))
            if cand is not None:
                self._score(doc, cand)
                found.append(cand)
        return found

    def _shape(self, doc: Doc, words: list[str], start: int, end: int, value: int) -> Candidate | None:
        """The candidate the number at ``start:end`` makes, if any (``words``: the doc's
        lower-cased words)."""
        values = number_values(doc)
        label = self._registry_field_before(doc, words, start)
        if label is not None:
            noun_end = self._noun_after(doc, words, end, self.nouns)
            # "Total final enrolment 16" beats "Target number of participants 24": what happened
            happened = {"actual", "final"}.intersection(words[label:start])
            c = Candidate(value, label if noun_end is None else start, noun_end or end, start, end,
                          SCORE_REGISTRY + (BONUS_ENROL_BEFORE if happened else 0), reasons=["registry"])
            if self._group_line_before(doc, label):
                c.score = REJECTED  # "Group:\nControl group\nSample size:\n57": one group's size
                c.reasons.append("registry group")
            return c
        if start >= 2 and words[start - 2] == "n" and words[start - 1] in {"=", ":"}:
            capital = doc[start - 2].text == "N"
            noun_end = self._noun_after(doc, words, end, self.nouns)
            c = Candidate(value, start - 2, noun_end or end, start, end,
                          SCORE_CAPITAL_N if capital else SCORE_LOWER_N, reasons=["n="])
            nxt = words[end] if end < len(words) else ""
            if start >= 3 and words[start - 3] in {"median", "mean", "average", "typical"}:
                c.score = REJECTED
                c.reasons.append("summary n=")  # "most studies were small (median n = 17)"
            elif self._arm_context_before(doc, start - 2) or nxt in self.arm_after_n:
                c.score = REJECTED
                c.reasons.append("arm n=")
            elif _threshold_bracket(doc, start - 2):
                c.score = REJECTED
                c.reasons.append("subgroup n=")  # "the most severe anhedonia (SHAPS ≥12; n = 71)"
            elif _several_n_in_bracket(doc, start - 2) or _listed_n_brackets(doc, start - 2):
                c.score = REJECTED
                c.reasons.append("breakdown n=")  # "38 patients were identified (bipolar I, n=14; bipolar II, n=24)"
            elif nxt in self.trial_nouns or nxt in REPORT_NOUNS:
                c.score = REJECTED
                c.reasons.append("studies n=")  # "intravenous (n = 9 studies)": a count of studies
            elif start >= 3 and words[start - 3] in {"(", "["} and self._uncounted_trials_before(doc, start - 3):
                c.score = REJECTED
                c.reasons.append("studies n=")  # "Trials at low risk of bias (n = 8)": a count of trials
            elif start >= 4 and words[start - 3] in {"(", "["} and "follow" in words[max(0, start - 7):start - 3]:
                c.score = REJECTED
                c.reasons.append("follow-up n=")  # "At the 3-month follow-up (n = 66)": those still followed
            elif start >= 4 and words[start - 3] in {"(", "["} and words[start - 4] == "%":
                c.score = REJECTED
                c.reasons.append("subgroup n=")  # "71% (n = 10) of ketamine-treated patients"
            elif start >= 3 and words[start - 3] in {"(", "["} and self._subgroup_before(doc, start - 3) \
                    and not self._enters_after_bracket(doc, start - 3):
                c.score = REJECTED
                c.reasons.append("subgroup n=")  # "In patients aged 65 years and older (n = 512)"
            return c
        if value < 2:
            return None
        noun_end = self._noun_after(doc, words, end, self.nouns)
        if noun_end is None:
            # "120 were randomized": a bare number with an enrolment verb
            after = _bracket_end(words, end)  # "112 (mean [SD] age 41 [9] years) were randomized"
            follow = words[after:after + 4]
            prev = words[start - 1] if start else ""
            if prev in THRESHOLD_OPERATORS or prev in THRESHOLD_WORDS:
                return None  # "a HAMD-17 score >18 were randomised": the threshold, not a count
            if prev in {"or", "to"} and start >= 2 and start - 2 in values:
                return None  # "an ideation score of 4 or 5 were randomised": values, not a count
            nxt = words[end] if end < len(words) else ""
            if prev in {"randomized", "randomised", "enrolled", "recruited"} and nxt in {"(", ";", ",", "."}:
                # "We screened 297 patients and randomized 172 (ketamine 87, esketamine 85)"
                return Candidate(value, start - 1, end, start, end, SCORE_NOUN + BONUS_ENROL_VERB, reasons=["verb before"])
            if nxt in self.enrol_verbs and end + 1 < len(words) and words[end + 1] in self.study_counts:
                return None  # "12 randomised trials (n = 611 participants)": a count of trials
            if follow[:1] and follow[0] in {"were", "was"} and follow[1:] and (
                    follow[1] in self.bare_verbs or follow[1] == "randomly" and follow[2:]
                    and follow[2] in self.enrol_verbs
                    # "Of 37 veterans referred, 26 were eligible and enrolled"
                    or follow[1:3] == ["eligible", "and"] and follow[3:] and follow[3] in self.bare_verbs):
                if self.study_counts.intersection(words[after + 2:after + 5]):
                    return None  # "two were randomized withdrawal trials": a count of trials
                return Candidate(value, start, end, start, end, SCORE_NOUN, reasons=["bare verb"])
            if nxt in CONSENT_WORDS and self._consent_then_enrol(words, end + 1):
                # "187 were eligible, and 120 consented and were randomized (60 per arm)": those who
                # agreed and entered, their noun left out
                return Candidate(value, start, end, start, end, SCORE_NOUN, reasons=["bare verb"])
            if prev == "and" and nxt in self.bare_verbs and words[end + 1:end + 2] not in (["to"], ["into"]) \
                    and SCREENING_STAGES.intersection(words[max(0, start - 3):start - 1]):
                # "Of 61 referred, 36 were eligible and 34 enrolled (26 men; ...)": the last stage
                # of a screening chain, its noun left out
                return Candidate(value, start, end + 1, start, end, SCORE_NOUN, reasons=["bare verb"])
            # each rule below first tests the word before or after the count (its own first test,
            # repeated here so that most bare numbers call none of them); the first find wins
            cand = None
            if prev == ",":
                cand = self._pool_part(doc, start, end, value)
            if cand is None and nxt == "of":
                cand = self._part_of(doc, start, end, value)
            if cand is None:
                cand = self._named_sample(doc, start, end, value)
            if cand is None and prev == "the" and nxt == "who":
                cand = self._the_ones_who(doc, start, end, value)
            if cand is None and prev in {"cohort", "sample", "of"}:
                cand = self._sample_of(doc, start, end, value)
            if cand is None and prev in {",", "and"}:
                cand = self._records_part(doc, start, end, value)
            return cand
        # "67 (45 women)": a subgroup inside a count; "84 (mean [SD] age 39 [11] years; 30 women)": a
        # demographic part; but "of which 19 (2,651 patients)" after a count of studies is pooled
        if (start >= 2 and words[start - 1] in {"(", "["} and start - 2 in values
                or self._inside_count_bracket(doc, start)) \
                and not self._studies_before(doc, start, sentence_of(doc, start), BRACKETED_STUDY_REACH):
            return None
        if noun_end < len(words) and words[noun_end] in POSSESSIVES and doc[noun_end].text in POSSESSIVES:
            return None  # "three children's hospitals": the noun modifies what follows
        if self._site_after(doc, noun_end):
            return None  # "four Veterans Affairs medical centers": sites named after the people
        c = Candidate(value, start, noun_end, start, end, SCORE_NOUN, reasons=["noun"])
        modifiers = words[end:noun_end]
        if self.planned_modifiers.intersection(modifiers):
            c.planned = True  # "60 planned participants", "a target 200 adults"
            c.reasons.append("planned modifier")
        if "randomized" in modifiers or "randomised" in modifiers:
            c.score += BONUS_RANDOMIZED_MODIFIER
            c.reasons.append("randomized modifier")
        return c

    def _uncounted_trials_before(self, doc: Doc, bracket: int) -> bool:
        """True when a plural study noun with no count of its own heads the bracket at ``bracket``
        ("Trials at low risk of bias (n = 8)"), not "Fourteen trials (n = 892)", "12 randomised trials
        (n = 611 participants)", whose bracket gives the pooled participants."""
        values = number_values(doc)
        first = sentence_of(doc, bracket).start
        for k in range(bracket - 1, max(first - 1, bracket - 7), -1):
            if lowers(doc)[k] in self.study_counts:
                return not any(j in values for j in range(max(first, k - 3), k))
        return False

    def _site_after(self, doc: Doc, noun_end: int) -> bool:
        """True when the participant noun starts the name of a place ("Veterans Affairs medical
        centers", "veterans hospitals"): a site noun follows over capitalised or site-modifier
        words only."""
        words = lowers(doc)
        for k in range(noun_end, min(len(words), noun_end + SITE_REACH)):
            low = words[k]
            if low in SITE_NOUNS:
                return True
            tok = doc[k]
            if not tok.is_alpha or not (tok.is_title or tok.is_upper or low in SITE_MODIFIERS):
                return False
        return False

    def _part_of(self, doc: Doc, start: int, end: int, value: int) -> Candidate | None:
        """"364 of them were randomly assigned" (a count taken from an antecedent, with an
        enrolment verb) and "36 of a planned 60 participants" (the part of a plan that happened)."""
        lows = lowers(doc)
        if end >= len(lows) or lows[end] != "of":
            return None
        rest = lows[end + 1:end + 8]
        for seq in self.antecedents:
            if tuple(rest[:len(seq)]) != seq:
                continue
            verb = rest[len(seq):len(seq) + 2]
            if verb[:1] in (["were"], ["was"]):
                verb = verb[1:]
            if verb[:1] and verb[0] in self.enrol_verbs:
                return Candidate(value, start, end + 1 + len(seq), start, end, SCORE_NOUN,
                                 reasons=["part of"])
            return None
        k = end + 1 + (rest[:1] in (["a"], ["an"], ["the"]))
        if k in number_values(doc) and k == end + 1:
            # "97 of 163 screened women were enrolled and randomized": the part that entered
            verb = self._enrol_verb_follows(doc, k + 1, sentence_of(doc, start))
            if verb is not None:
                return Candidate(value, start, end, start, end, SCORE_NOUN + BONUS_ENROL_VERB, verb=verb,
                                 reasons=["part of pool"])
        # "of a planned 60" or "of 60 planned": a plan word beside the second number
        pair = doc[k:k + 2]
        if len(pair) == 2 and (pair[0].lower_ in self.planned_modifiers and pair[1].i in number_values(doc)
                               or pair[0].i in number_values(doc) and pair[1].lower_ in self.planned_modifiers):
            return Candidate(value, start, k + 2, start, end, SCORE_NOUN, reasons=["part of plan"])
        return None

    def _enters_after_bracket(self, doc: Doc, bracket: int) -> bool:
        """True when the people a bracket at ``bracket`` counts are enrolled by the verb after it,
        right away or past a place ("(N=54) from three Canadian provinces were randomly assigned")."""
        after = _bracket_end(lowers(doc), bracket)
        return self._enrol_verb_at(doc, after, weak=True) \
            or self._enrol_verb_follows(doc, after, sentence_of(doc, bracket)) is not None

    def _enrol_verb_at(self, doc: Doc, i: int, weak: bool = False) -> bool:
        """"72 patients (48%) were randomized": an enrolment verb right after a bracket."""
        verb = _passive_verb(_lows(doc, i, i + 3))
        return verb is not None and (verb in self.enrol_verbs or weak and verb in self.weak_enrol_verbs)

    def _inside_count_bracket(self, doc: Doc, start: int) -> bool:
        """True when ``start`` sits inside a bracket opened right after a count or a participant
        noun ("318 patients (mean age 45 years; 190 women)") or a bare count and its verb."""
        words = lowers(doc)
        # the bracket is searched back to the sentence start, so one found at or before it (or
        # none found at all) means none in the sentence: the sentence is looked up only for a find
        k = _open_bracket(words, start, max(0, start - BRACKET_REACH))
        if k is None or k <= sentence_of(doc, start).start:
            return False
        # ... or after a bare count and its verb: "34 enrolled (26 men; mean age 43 years)"
        return k - 1 in number_values(doc) or words[k - 1] in self.nouns \
            or words[k - 1] in self.bare_verbs and k - 2 in number_values(doc)

    def _studies_before(self, doc: Doc, start: int, sent: Span, reach: int = POOLED_REACH) -> bool:
        """True when a plural study noun comes shortly before ``start`` in its sentence: "ten trials
        with 705 patients", "Seven studies (731 participants)", "Twenty-three studies ..., of which
        19 (2,651 patients)"."""
        return bool(self.study_counts.intersection(_lows(doc, max(sent.start, start - reach), start)))

    def _earlier_study(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        """True when the count is the size of earlier work named just before it ("a previous
        trial of 20 patients", "two prior studies with 64 adults")."""
        lows = lowers(doc)
        opening = lows[sent.start:sent.start + 2]
        if opening[:1] == ["that"] and self.trial_nouns.intersection(opening[1:]) and c.start > sent.start + 1:
            return True  # "... published in 2022, found no difference. That trial enrolled 158 people."
        words = lows[max(sent.start, c.start - EARLIER_REACH):c.start]
        if ";" in words:
            words = words[len(words) - words[::-1].index(";"):]
        # "an earlier randomised crossover trial of intravenous ketamine in 21 patients": the
        # study noun may follow the earlier-word after a few design words
        if not EARLIER_WORDS.isdisjoint(words) and any(
                a in EARLIER_WORDS and (self.trial_nouns | EARLIER_WORK_NOUNS).intersection(words[k + 1:k + 4])
                for k, a in enumerate(words)):
            return True
        # "In an uncontrolled pilot at our centre, 24 women ...": a protocol's earlier pilot
        if "pilot" in words and doc._.design == "protocol" and any(
                a == "pilot" and {"a", "an", "our"} & set(words[max(0, k - 3):k]) for k, a in enumerate(words)):
            return True
        # "in a 2021 follow-up study of 512 patients, nearly half relapsed": a study named by its year
        # (after "a"/"an", so only when one is there)
        if ("a" in words or "an" in words) and any(
                len(a) == 4 and a.isdigit() and k and words[k - 1] in {"a", "an"} and 1950 <= int(a) <= 2100
                and self.trial_nouns.intersection([w for w in words[k + 1:k + 7] if w != "-"][:3])
                for k, a in enumerate(words)):
            return True
        # "An analysis of 2,900 prescriptions from four providers, published last year, found ..."
        text = doc_text(doc)
        sent_start, sent_end = sent.start_char, sent.end_char
        if folded_text(text).find("published", sent_start, sent_end) >= 0 \
                and scanner(_PUBLISHED_EARLIER).search(text, sent_start, sent_end):
            return True
        # "a 2024 retrospective review of 312 veterans ..., which found": a dated citation, which
        # starts at its year ("19.." or "20..") at or before the count
        at = doc[c.start].idx
        if text.find("19", sent_start, at + 2) < 0 and text.find("20", sent_start, at + 2) < 0:
            return False
        m = dated_citation(text, sent_start, sent_end)
        return m is not None and m.start() <= at < m.end()

    def _only_in_names(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        """True when every population word before the count is part of a capitalised name
        ("published in JAMA Network Open, involved 338 women")."""
        for k in range(max(sent.start, c.start - 4), c.start):
            tok = doc[k]
            if tok.lower_ not in POPULATION_WORDS:
                continue
            prev = doc[k - 1] if k > sent.start else None
            nxt = doc[k + 1] if k + 1 < len(doc) else None
            named = tok.is_title and (prev is not None and (prev.is_title or prev.is_upper) and k - 1 != sent.start
                                      or nxt is not None and nxt.is_title)
            if not named:
                return False
        return True

    def _analysis_population(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        """"The mITT population comprised 221 patients": a trial's analysis set, not a population
        statistic."""
        words = _lows(doc, max(sent.start, c.start - 6), c.start)
        return any(w == "population" and k > 0 and words[k - 1] in ANALYSIS_SETS
                   for k, w in enumerate(words))

    def _eligible_pool(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        """"Among 6,418 eligible adults, ..." / "Of 150 eligible patients, 120 were randomized" /
        "Of 1,312 patients treated at the service, 147 had bipolar depression and were included":
        a clause-opening pool of people from which the sample was drawn."""
        if not _clause_opener(doc, c.start - 1, sent):
            return False
        words = _lows(doc, c.num_end, min(sent.end, c.num_end + POOL_REACH))
        if "," not in words or ";" in words[:words.index(",")]:
            return False
        comma = c.num_end + words.index(",")
        part = doc[comma + 1] if comma + 1 < sent.end else None
        if part is not None and part.i in number_values(doc):
            # "..., 96 (...) were randomized": the part taken from the pool is the sample;
            # "Of 90 enrolled, 12 (13%) discontinued": a part of the sample, which is the pool
            nxt = _lows(doc, comma + 2, comma + 3)
            part_verb = self._enrol_verb_follows(doc, comma + 2, sent) or (nxt[0] if nxt else None)
            if "randomized modifier" in c.reasons or c.verb in {"randomized", "randomised", "randomly"} \
                    or ENROLLED_POOL.intersection(words[:words.index(",")]) and part_verb not in RANDOMIZED_VERBS:
                # "Of 75 randomized participants, 61 completed", "Of 642 enrolled patients, 437
                # entered optimization": the pool is the sample ("Of 120 enrolled, 100 were
                # randomized": the randomized part is)
                return False
            return self._enrol_verb_follows(doc, comma + 2, sent) is not None or bool(nxt) and (
                nxt[0] in self.enrol_verbs or nxt[0] in PART_VERBS) \
                or bool(ANALYTIC_SAMPLE.search(" ".join(_lows(doc, comma + 1, comma + 1 + NAMED_SAMPLE_REACH + 4)))) \
                or self._enrolled_part_follows(doc, comma + 2, sent) \
                or self._answered_survey(doc, comma + 2, sent) \
                or "eligible" in words[:words.index(",")]  # "Of 1,042 eligible patients, 388 matched patients ..."
        return "eligible" in words[:words.index(",")] and _lows(doc, comma + 1, comma + 2) != ["all"]

    def _pool_part(self, doc: Doc, start: int, end: int, value: int) -> Candidate | None:
        """"Of 318 adults screened, 96 (mean age ...) with chronic PTSD ... were randomized": the
        bare count right after a clause-opening pool is the part that entered the study when an
        enrolment verb follows in its clause (past brackets and a "with ..." qualifier)."""
        if start < 1 or lowers(doc)[start - 1] != ",":
            return None
        if lowers(doc)[end:end + 1] and lowers(doc)[end] in self.study_counts:
            return None  # "From 2,846 records screened, 17 trials (...) were included": a count of trials
        sent = sentence_of(doc, start)
        k = _pool_opener(doc, start, sent)
        if k is None or k + 1 not in number_values(doc):
            return None
        verb = self._enrol_verb_follows(doc, end, sent)
        if verb is None:
            # "Of 58 veterans screened, 27 enrolled (mean age 41.6 years)": the verb right after
            # ... or after a demographic bracket: "438 (mean age 51.6 years) met the inclusion criteria"
            after = _bracket_end(lowers(doc), end)
            nxt = lowers(doc)[after:after + 4]
            met_criteria = nxt[:1] == ["met"] and "criteria" in nxt
            # "Of 2,870 people invited, 611 responded": those who answered an invitation
            pool_words = set(lowers(doc)[k + 1:start - 1])
            answered = nxt[:1] in (["responded"], ["replied"]) and bool(INVITED_WORDS & pool_words) \
                or nxt[:1] != [] and nxt[0] in SURVEY_VERBS and bool(SURVEY_NOUNS & (pool_words | set(nxt[1:4])))
            # "Of 402 who attended an intake assessment, 318 started treatment": the part that
            # began the study (not when the pool itself was enrolled: "Of 40 randomized, 38 started")
            # ... and "Of 62 patients randomized in the parent trial, 45 entered the extension": the
            # extension's own sample
            started = nxt[:1] != [] and nxt[0] in PART_VERBS and (
                not (self.enrol_verbs & pool_words) or "extension" in nxt[1:4]) \
                and "matched" not in _lows(doc, after, after + 8)  # "1,127 initiated esketamine and were matched to 4,508"
            if not nxt or not (nxt[0] in self.enrol_verbs or met_criteria or answered or started) \
                    or self._later_count(doc, end, sent):
                return None
            verb = nxt[0]
        if verb not in RANDOMIZED_VERBS and ENROLLED_POOL.intersection(lowers(doc)[k + 1:start - 1]) \
                and "extension" not in _lows(doc, end, end + 5):
            return None  # "Of 642 enrolled patients, 437 entered optimization": a stage of the sample
        return Candidate(value, start, end, start, end, SCORE_NOUN + BONUS_ENROL_VERB, verb=verb,
                         reasons=["pool part"])

    def _survey_recipients(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        """True for the people a survey was sent to ("emailed an online questionnaire to 6,940
        adults"): an invited pool, of whom only the respondents are the sample."""
        words = _lows(doc, max(sent.start, c.start - SURVEY_REACH), c.start)
        while words and words[-1] in {"all", "the", "a", "an", "some", "about", "approximately"}:
            words.pop()
        return words[-1:] == ["to"] and bool(SENT_VERBS.intersection(words)) \
            and bool((SURVEY_NOUNS | {"invitation", "invitations", "link", "links"}).intersection(words))

    def _answered_survey(self, doc: Doc, end: int, sent: Span) -> bool:
        """True when the part after a pool answered the survey ("Of 1,130 people who opened the
        link, 412 respondents ... completed the questionnaire"): they are the sample."""
        words = _lows(doc, end, min(sent.end, end + POOL_REACH))
        if ";" in words:
            words = words[:words.index(";")]
        return any(w in SURVEY_VERBS and (SURVEY_NOUNS.intersection(words[k + 1:k + 4])
                                          or words[k + 1:k + 2] == ["it"] and self._survey_pool(doc, end))
                   for k, w in enumerate(words))

    @staticmethod
    def _survey_pool(doc: Doc, end: int) -> bool:
        """True when the clause before ``end`` names a survey ("Of the 702 psychiatrists who opened
        the questionnaire, 588 completed it")."""
        sent = sentence_of(doc, end)
        return bool(SURVEY_NOUNS.intersection(lowers(doc)[sent.start:end]))

    def _enrolled_part_follows(self, doc: Doc, end: int, sent: Span) -> bool:
        """True when a later count in the clause after ``end`` entered the study ("Of 263 who
        entered the open-label phase, 148 responded, and 141 were randomized")."""
        words = lowers(doc)
        for i in range(end, min(sent.end, end + POOL_VERB_REACH)):
            if words[i] == ";":
                return False
            if i in number_values(doc) and words[i - 1] == "and" and (
                    self._enrol_verb_follows(doc, i + 1, sent) is not None
                    or words[i + 1:i + 2] != [] and words[i + 1] in self.enrol_verbs):
                return True
        return False

    def _consent_then_enrol(self, words: list[str], k: int) -> bool:
        """True when ``words[k:]`` read "and (were) (randomly) <enrolment verb>" ("consented and were
        randomized"): the consent is the step into the study."""
        if words[k:k + 1] != ["and"]:
            return False
        verb = _passive_verb(words[k + 1:k + 4])
        return verb is not None and (verb in self.bare_verbs or verb in RANDOMIZED_VERBS)

    def _lead_in_stage(self, doc: Doc, verb_at: int, sent: Span) -> bool:
        """True when the count entered a trial's lead-in phase and a later count of the same
        sentence was randomized ("143 patients entered the lead-in; 49 responded, 8 withdrew, and
        86 non-responders were randomized"): the randomized stage holds the sample."""
        words = lowers(doc)
        phase = words[verb_at + 1:verb_at + 6]
        if not LEAD_IN_WORDS.intersection(phase) or "extension" in phase:
            return False
        values = number_values(doc)
        for i in range(verb_at + 1, min(sent.end, verb_at + POOL_VERB_REACH)):
            if i in values and words[i - 1] in {"and", ",", ";", "then"} \
                    and self._enrol_verb_follows(doc, i + 1, sent) in RANDOMIZED_VERBS:
                return True
        return False

    def _later_count(self, doc: Doc, end: int, sent: Span) -> bool:
        """True when another count that entered the study joins the clause after ``end`` ("231
        entered the open phase and 168 responders were randomized"): the later stage holds the sample."""
        words = lowers(doc)
        for i in range(end, min(sent.end, end + POOL_VERB_REACH)):
            if words[i] == ";":
                return False
            if i in number_values(doc) and words[i - 1] in {"and", ",", "then"}:
                # ... only when that count entered the study ("and 29 completed" is a later stage)
                return self._enrol_verb_follows(doc, i + 1, sent) is not None \
                    or words[i + 1:i + 2] != [] and words[i + 1] in self.enrol_verbs
        return False

    def _compound_study(self, doc: Doc, start: int, end: int, value: int) -> Candidate | None:
        """"The 312-patient study", "a 1,200-participant trial": the size written into the study's name."""
        words = _lows(doc, end, end + 3)
        if len(words) == 3 and words[0] == "-" and words[1] in SINGULAR_NOUNS and words[2] in {"study", "trial", "cohort"}:
            return Candidate(value, start, end + 3, start, end, SCORE_NOUN + BONUS_ENROL_VERB, reasons=["compound"])
        return None

    def _randomized_pool_before(self, doc: Doc, start: int) -> bool:
        """True when the count follows a clause-opening pool of randomized people ("Of the 287
        participants randomized in the parent trial, 271 ..."): that trial's total is the sample."""
        words = lowers(doc)
        if start < 2 or words[start - 1] != ",":
            return False
        k = _pool_opener(doc, start, sentence_of(doc, start))
        return k is not None and bool(RANDOMIZED_VERBS.intersection(words[k + 1:start - 1]))

    def _the_ones_who(self, doc: Doc, start: int, end: int, value: int) -> Candidate | None:
        """"The 97 who responded were then randomly assigned": a definite bare count whose
        clause says it entered the study."""
        words = lowers(doc)
        if start < 1 or words[start - 1] != "the" or words[end:end + 1] != ["who"]:
            return None
        verb = self._enrol_verb_follows(doc, end, sentence_of(doc, start))
        if verb is None:
            return None
        return Candidate(value, start - 1, end, start, end, SCORE_NOUN + BONUS_ENROL_VERB, verb=verb,
                         reasons=["the ones who"])

    def _records_part(self, doc: Doc, start: int, end: int, value: int) -> Candidate | None:
        """"reviewed the records of 2,318 veterans ... Of those, 1,027 completed a standard series and
        filled out questionnaires": in a records study, the part with outcome data is the sample."""
        words = lowers(doc)
        if start < 2 or not (words[start - 1] == "," or words[start - 1] == "and" and words[start - 2] == ","):
            return None
        if doc._.design != "observational":
            return None
        sent = sentence_of(doc, start)
        values = number_values(doc)
        # the sentence or clause opens with "Of those," or "Of 1,873 patients with a clinic record,"
        head = next((k for k in range(max(sent.start, start - RECORDS_POOL_REACH), start - 1) if words[k] == "of"
                     and (k == sent.start or words[k - 1] in {",", ";", ":", "and"})), None)
        if head is None:
            return None
        comma = words.index(",", head, start)
        pool = words[head + 1:comma]
        if not (pool[:1] and pool[0] in {"those", "them", "these", "the"} or head + 1 in values
                or pool[0] in ROUGHLY and head + 2 in values):  # "Of roughly 11,500 adults who began, ..."
            return None
        # up to the next count's clause ("... treatment and 131 provided 6-month data")
        stop = next((k for k in range(end, min(sent.end, end + RECORDS_DATA_REACH))
                     if k in values and words[k - 1] in {"and", ",", ";", "while", "whereas"}),
                    min(sent.end, end + RECORDS_DATA_REACH))
        after = words[end:stop]
        if not after or after[0] not in RECORDS_PART_VERBS:
            return None
        if after[0] in {"had", "completed"} and not RECORDS_DATA_WORDS.intersection(after):
            return None  # "Of those, 40 had a history of suicide attempts": a description
        if self.enrol_verbs.intersection(pool):
            return None  # "Of 219 first responders who enrolled, 176 completed": the enrolled are the sample
        return Candidate(value, start, end, start, end, SCORE_NOUN + BONUS_TOTAL, reasons=["records part"])

    def _named_sample(self, doc: Doc, start: int, end: int, value: int) -> Candidate | None:
        """"these 263 form the analytic sample", "214 had paired scores and form the analytic
        sample": a bare count named as the study's sample in its clause."""
        if not _mentions_sample(doc):
            return None  # cheap gate: most texts never name an analytic sample
        words = lowers(doc)[end:end + NAMED_SAMPLE_REACH]
        if _NAMING_VERBS.isdisjoint(words):
            return None  # no verb below can name the sample
        if start and lowers(doc)[start - 1] in TIME_POINT_WORDS:
            return None  # "ratings at baseline and day 8 formed the analysis sample"
        if self._randomized_pool_before(doc, start):
            return None  # "Of the 287 randomized in the parent trial, 271 ... formed the analysis sample"
        # the words up to the sentence end or the next count outside brackets ("811 had comorbid PTSD
        # and MDD, and 653 (80.5%) had ... and formed the analytic cohort" names 653); a scale's digit
        # ("post-induction PCL-5; these formed ...") is no count
        depth = 0
        values = number_values(doc)
        for k, low in enumerate(words):
            if low in {"(", "["}:
                depth += 1
            elif low in {")", "]"}:
                depth = max(0, depth - 1)
            if low == "." or depth == 0 and end + k in values and k and words[k - 1] != "-" \
                    and self._people_count_at(doc, end + k):
                words = words[:k]
                break
        if ";" in words:
            # "...; these formed the analytic sample": the next clause may name it
            semi = words.index(";")
            words = words[:semi] + (words[semi + 1:] if words[semi + 1:semi + 2] in (["these"], ["they"]) else [])
        for k, low in enumerate(words):
            if low in _NAMING_VERBS \
                    and (ANALYTIC_SAMPLE.search(" ".join(words[k:k + 5])) or "basis" in words[k + 1:k + 3]):
                # ("..., and they form the basis of the findings")
                return Candidate(value, start, end, start, end, SCORE_NOUN + BONUS_TOTAL, reasons=["named sample"])
        return None

    def _people_count_at(self, doc: Doc, i: int) -> bool:
        """True when the number at token ``i`` counts people: a participant noun or a verb of what
        people did follows it, past a bracket ("653 (80.5%) had both ..."), not "three sessions"."""
        words = lowers(doc)
        j = _bracket_end(words, i + 1)
        nxt = words[j] if j < len(words) else ""
        return nxt in self.nouns or nxt in PEOPLE_VERBS

    def _sample_of(self, doc: Doc, start: int, end: int, value: int) -> Candidate | None:
        """"giving a matched cohort of 844.", "an analytic sample of 1,200": a bare count named as
        the study's own cohort or sample just before it (not "drawn from a cohort of 214,806")."""
        words = lowers(doc)
        if start >= 2 and words[start - 1] in {"cohort", "sample"} and words[start - 2] in SAMPLE_OF_MODIFIERS:
            # "(total cohort 5,810; median age 34 years)": the noun and its modifier, no "of"
            return Candidate(value, start - 2, end, start, end, SCORE_NOUN + BONUS_TOTAL, reasons=["sample of"])
        if start < 3 or words[start - 1] != "of" or words[start - 2] not in {"cohort", "sample"}:
            return None
        k = start - 3
        while k >= 0 and words[k] in SAMPLE_OF_MODIFIERS:
            k -= 1
        if k < 0 or words[k] not in {"a", "an", "the"} or k and words[k - 1] in SAMPLE_OF_SOURCES:
            return None
        return Candidate(value, k + 1, end, start, end, SCORE_NOUN + BONUS_TOTAL, reasons=["sample of"])

    def _enrol_verb_follows(self, doc: Doc, end: int, sent: Span) -> str | None:
        """The enrolment verb of the first "were"/"was" after ``end`` in its clause (outside
        brackets, at most POOL_VERB_REACH tokens on), else None."""
        depth = 0
        words = lowers(doc)
        values = number_values(doc)
        for i in range(end, min(sent.end, end + POOL_VERB_REACH)):
            text = words[i]  # (brackets and ";" are their own lower case)
            if text in {"(", "["}:
                depth += 1
            elif text in {")", "]"}:
                depth -= 1
            elif depth == 0 and text == ";":
                return None
            elif depth == 0 and i in values and (
                    words[i - 1] in {"and", ",", "while", "whereas"}
                    or self._noun_after(doc, words, i + 1, self.nouns) is not None):
                return None  # "231 entered the open phase and 168 responders were randomized"
            elif depth == 0 and words[i] in {"were", "was"}:
                verb = words[i + 1:i + 4]
                if verb[:1] in (["then"], ["subsequently"], ["later"]):
                    verb = verb[1:]  # "were then randomly assigned"
                if verb[:1] == ["randomly"]:
                    verb = verb[1:]
                return verb[0] if verb[:1] and verb[0] in self.enrol_verbs else None
        return None

    def _subgroup_before(self, doc: Doc, bracket: int) -> bool:
        """True when the phrase a bracketed "(n = 512)" follows names a subgroup ("patients aged
        65 years and older", "the subgroup with psychotic features", "those on lithium")."""
        sent = sentence_of(doc, bracket)
        words = lowers(doc)
        for k in range(bracket - 1, max(sent.start, bracket - SUBGROUP_REACH) - 1, -1):
            low = words[k]
            if low in {",", ";", ":", ")", "]"}:
                return False
            if low in SUBGROUP_WORDS:
                return True
        return False

    def _arm_context_before(self, doc: Doc, n_index: int) -> bool:
        """True when an "n =" follows an arm name: "placebo (n=83)", "ECT group: n = 137",
        "ketamine (0.5 mg/kg; N = 18)"."""
        words = lowers(doc)
        for low in words[max(0, n_index - 4):n_index]:
            if low in self.arm_agents or low in self.arm_words or low == "[":
                return True
        k = _open_bracket(words, n_index, max(0, n_index - ARM_BRACKET_REACH + 1))
        if k is None or k == 0:
            return False
        # "ketamine 0.5 mg/kg (n = 49)": the arm's dose may stand between its name and the bracket
        values = number_values(doc)
        j = k - 1
        while j > max(0, k - 1 - DOSE_REACH) and (words[j] in DOSE_TOKENS or j in values):
            j -= 1
        return words[j] in self.arm_agents

    # -- scoring -----------------------------------------------------------------------------
    def _score(self, doc: Doc, c: Candidate) -> None:
        if "registry" in c.reasons:
            return
        sent = sentence_of(doc, c.num_start)
        words = lowers(doc)
        before = words[max(sent.start, c.start - 5):c.start]
        after = words[c.end:min(sent.end, c.end + ARM_WINDOW)]
        total = False
        for seq in self.total_before_by_last.get(before[-1], ()) if before else ():
            if _ends_with(before, seq):
                c.score += BONUS_TOTAL
                c.start -= len(seq)
                c.reasons.append("total")
                total = True
                break
        if not total and (after[:2] in (["in", "all"], ["in", "total"]) or after[:1] == ["altogether"]):
            c.score += BONUS_TOTAL
            c.reasons.append("total")  # after the count: "giving 11,420 patients in all"
            total = True
        if not total and before[-2:] in STUDY_OF:
            c.score += BONUS_ENROL_BEFORE
            c.reasons.append("study of")  # "a national survey of 12,058 adults"
        if not total and {"after", "matching"} <= set(words[sent.start:c.start]):
            c.score += BONUS_TOTAL
            c.reasons.append("after matching")  # "after propensity score matching, the analysis included 2,514"
        if not total and self._under_heading(doc, c.start):
            c.score += BONUS_TOTAL
            c.reasons.append("heading")  # "Participants 412 women aged 18-40 years ..."
        before = words[max(sent.start, c.start - PLANNED_WINDOW):c.start]
        if before[-1:] == ["screened"] or before[-2:] in (["assessed", "for"], ["approached", "for"]):
            c.score = REJECTED
            c.reasons.append("screened")  # "We screened 297 patients and randomized 172"
            return
        text = doc_text(doc)
        if text.find(" of the ", sent.start_char, doc[c.start].idx) >= 0 \
                and _STUDY_SUBSET.search(text, sent.start_char, doc[c.start].idx):
            c.score = REJECTED
            c.reasons.append("subset of studies")  # "Only two of the 30 trials ..., together enrolling just 186"
            return
        if before and before[-1] in self.enrol_before and before[-2:] not in (["compared", "with"], ["compared", "to"]):
            # ("2,317 began esketamine and were compared with 9,268 patients": the comparison group)
            c.score += BONUS_ENROL_BEFORE
            c.reasons.append("enrol before")
            if before[-1] in self.enrol_verbs:
                c.reasons.append("enrolled")  # "The trial randomly assigned 156 veterans ..."
        # enrolment verb right after the noun: "were randomized", "underwent randomization";
        # also after a demographic bracket ("112 (mean age 42 years) were randomized") or a
        # "with" qualifier ("84 first responders with chronic PTSD were randomly assigned"),
        # which the evidence span does not take in
        verb_from = self._verb_start(doc, c, sent)
        skipped = verb_from != c.end
        if skipped:
            after = words[verb_from:min(sent.end, verb_from + ARM_WINDOW)]
        for k, low in enumerate(after[:VERB_WINDOW]):
            if low in self.enrol_verbs or low in self.weak_enrol_verbs:
                c.score += BONUS_ENROL_VERB if low in self.enrol_verbs else BONUS_WEAK_VERB
                c.verb = low
                if skipped:
                    c.reasons.append("enrol verb")
                    break
                c.end += k + 1
                if low == "underwent" and k + 1 < len(after) and after[k + 1].startswith("random"):
                    c.end += 1
                if low == "randomly" and after[k + 1:k + 2] and after[k + 1] in self.enrol_verbs:
                    c.end += 1  # "were randomly assigned"
                if low == "recruited" and after[k + 1:k + 3] and after[k + 1] == "and" \
                        and len(after) > k + 2 and after[k + 2] in self.enrol_verbs:
                    c.end += 2
                c.reasons.append("enrol verb")
                if low == "included" and PER_PROTOCOL.intersection(after[k + 1:k + 6]):
                    c.verb = "analysed"  # "70 were included in the per-protocol analysis": a part of the sample
                elif low == "entered" and doc._.design in RANDOMIZED_DESIGNS \
                        and self._lead_in_stage(doc, verb_from + k, sent):
                    c.score = REJECTED
                    c.reasons.append("lead-in")
                    return
                elif low == "received" and tuple(after[k + 1:k + 3]) in TREATED_PART \
                        and doc._.design in RANDOMIZED_DESIGNS:
                    # "58 patients received at least four sessions", "87 received the allocated
                    # infusion": the treated part of a trial's randomized sample (in a cohort, "436
                    # received at least one session" is the cohort)
                    c.verb = "analysed"
                break
            if low in self.screened_after and not (low == "screened" and after[k + 1:k + 2] in (["as"], ["positive"])):
                # ("... women who were screened as having mild symptoms" describes the people)
                c.score = REJECTED
                c.reasons.append("screened")
                return
            if low not in {"were", "was", "had", "have", "been", "who", "then", "subsequently"}:
                break
        if not total and c.verb is None:
            # "Seven participants (ketamine 3, midazolam 4) stopped CPT early": past a breakdown
            past = _bracket_end(words, c.end)
            verb = words[past:past + 1]
            if past != c.end and verb and verb[0] in self.screened_after:
                c.score = REJECTED
                c.reasons.append("dropouts")
                return
        if not total and c.verb in self.enrol_verbs and c.start >= 2 and words[c.start - 1] == "of" \
                and c.start - 2 in number_values(doc):
            c.score = REJECTED
            c.reasons.append("whole of a part")  # the 163 of "97 of 163 screened women were enrolled"
            return
        if not total and c.start >= 2 and words[c.start - 2] == "matched" and words[c.start - 1] in {"with", "to"}:
            c.score = REJECTED
            c.reasons.append("matched ratio")  # "each case was matched with two controls"
            return
        before5 = words[max(sent.start, c.start - 5):c.start]
        if not total and ("from" in before5 or "of" in before5) and any(_ends_with(before5, seq) for seq in POOL_SOURCES):
            c.score = REJECTED
            c.reasons.append("source pool")  # "drawn from 214,806 adults"
            return
        if not total and self._survey_recipients(doc, c, sent):
            c.score = REJECTED
            c.reasons.append("invited")  # "we emailed a questionnaire to 6,940 adults"
            return
        if self._earlier_study(doc, c, sent):
            c.score = REJECTED
            c.reasons.append("earlier study")  # "Two prior trials of 20 patients showed benefit"
            return
        if self._eligible_pool(doc, c, sent):
            c.score = REJECTED
            c.reasons.append("eligible pool")  # "Among 6,418 eligible adults, the cohort held 2,871"
            return
        if c.verb == "met" and OUTCOME_OBJECTS.intersection(
                words[c.end:min(sent.end, c.end + ARM_WINDOW)]):
            c.score = REJECTED
            c.reasons.append("outcome count")  # "two patients met the response threshold"
            return
        # lower bounds and population statistics
        prev = words[max(sent.start, c.start - 3):c.start]
        if prev[-1:] in (["several"], ["many"], ["some"]) or prev[-2:] == ["a", "few"]:
            c.score = REJECTED
            c.reasons.append("vague")  # "a trial with at least several hundred patients"
            return
        if prev[-1:] == ["in"] and words[c.end - 1] == "cases":
            c.score = REJECTED
            c.reasons.append("instances")  # "compared either drug with a placebo or, in two cases, with each other"
            return
        if _ends_with_any(prev, LOWER_BOUND_WORDS) and not total:
            c.score = REJECTED
            c.reasons.append("lower bound")
            return
        near = words[max(sent.start, c.start - 4):c.start]
        # "Of 131 records screened, 83 patients": the pool's words describe the pool, not this count
        own_clause = near[len(near) - near[::-1].index(","):] if "," in near else near
        if not total and near[-1:] == ["in"] and tuple(near[-2:]) in PRESENT_IN:
            c.score = REJECTED
            c.reasons.append("present in")  # "comorbid depressive symptoms, present in 21 participants"
            return
        own_records = len(near) >= 2 and near[-1] in {"of", "from", "for"} and near[-2] in self.own_records \
            or near[-1:] != [] and near[-1] in IDENTIFY_VERBS  # "linked ... records to identify 1,412 adults"
        if POPULATION_WORDS & set(own_clause) and "study" not in near and not own_records \
                and not self._analysis_population(doc, c, sent) and not self._only_in_names(doc, c, sent):
            c.score = REJECTED
            c.reasons.append("population")
            return
        if prev[-1:] == ["every"] or prev[-2:] == ["for", "each"]:
            c.score = REJECTED
            c.reasons.append("rate")  # "one extra responder for every seven people treated"
            return
        if len(prev) >= 2 and prev[-1] == "of" and prev[-2] in {"group", "groups", "arm", "arms"}:
            c.score = REJECTED
            c.reasons.append("per-arm")  # "two groups of 20 patients"
            return
        if not total and not self.arm_distributive.isdisjoint(near) \
                and any(a in self.arm_distributive and b in self.part_nouns for a, b in zip(near, near[1:])) \
                or prev[-2:-1] in (["largest"], ["smallest"], ["biggest"]) and (prev[-1] in self.enrol_verbs or prev[-1] == "had"):
            c.score = REJECTED
            # "Each arm enrolled 25", "the largest trial had 227", "the largest enrolled 145 patients"
            c.reasons.append("per-arm")
            return
        # ("..., of whom 338 were randomised": the randomised part of a pool is the sample)
        if _ends_with_any(prev, SUBGROUP_BEFORE) and c.verb not in {"randomized", "randomised", "randomly"} \
                or SUBGROUP_NOUNS.intersection(near) and not total:
            c.score = REJECTED
            c.reasons.append("subgroup")
            return
        # subgroup: "16 patients (72.7%)"
        if c.end + 3 < len(words) and words[c.end] in {"(", "["} and c.end + 1 in number_values(doc) \
                and words[c.end + 2] == "%" and words[c.end + 3] in {")", "]"} \
                and not self._enrol_verb_at(doc, c.end + 4) and "named sample" not in c.reasons:
            c.score = REJECTED
            c.reasons.append("subgroup %")
            return
        clause_after = words[c.end:min(sent.end, c.end + ELIGIBILITY_REACH)]
        if "assessed" in clause_after:  # (the word the walk below looks for)
            for k, low in enumerate(clause_after):
                if low in {",", ";", "and"} or low in self.enrol_verbs:
                    break
                if low == "assessed" and clause_after[k + 1:k + 3] == ["for", "eligibility"]:
                    c.score = REJECTED
                    c.reasons.append("screened")  # "338 parturients aged 20–40 years were assessed for eligibility"
                    return
        if not total and "respectively" in words[c.end:min(sent.end, c.end + RESPECTIVELY_REACH)]:
            c.score = REJECTED
            c.reasons.append("respectively")  # "agitation occurred in 6 and 2 patients, respectively"
            return
        # per-arm: "200 patients were assigned to the ketamine group", "(group 1)"
        if not total and (self._per_arm_after(doc, c, sent) or self._single_arm_object(doc, c, sent)
                          or self._given_to_arms(doc, c, sent)
                          or "comparing" in words[max(sent.start, c.start - COMPARING_REACH):c.start]):
            c.score = REJECTED
            c.reasons.append("per-arm")
            return
        # planned: "aims to recruit 100 patients", "a planned sample size of 40 patients"
        window = set(words[max(sent.start, c.start - PLANNED_WINDOW):c.start])
        if window & self.planned_before:
            c.planned = True
            c.reasons.append("planned")
        elif c.verb is None and self._future_after(doc, c, sent):
            c.planned = True
            c.reasons.append("planned after")
        after = words[c.end:min(sent.end, c.end + 3)]
        if after[:1] in (["are"], ["is"], ["were"], ["was"]) and after[1:2] in (["required"], ["needed"], ["necessary"]):
            c.score -= PENALTY_REQUIRED
            c.reasons.append("required")
        bigrams, meta_sentence = _sentence_facts(doc, sent)
        if any(seq in bigrams for seq in self.interim):
            c.score = REJECTED
            c.reasons.append("interim")
            return
        if not c.planned and FUTURE_PLANS & bigrams:
            c.planned = True
            c.reasons.append("plans")  # "plans ... to start two late-stage trials enrolling about 900 patients"
        design = doc._.design
        clause = _clause_text(doc, c, sent)
        if ("sample" in clause or "cohort" in clause) and ANALYTIC_SAMPLE.search(clause) \
                or design == "observational" and _ANALYSIS_FOCUS.search(clause) is not None:
            c.score += BONUS_TOTAL
            c.reasons.append("analytic sample")  # "these 263 form the analytic sample"
        if "matched" in clause and _MATCH_RATIO_BEFORE.search(doc_text(doc), max(0, doc[c.num_start].idx - 80),
                                                              doc[c.num_start].idx):
            c.score = REJECTED
            c.reasons.append("matching ratio")  # "matched each ketamine patient with four people"
            return
        if self._safety_count(clause, c):
            c.score = REJECTED
            c.reasons.append("safety")  # "dizziness was reported by n = 3": bookkeeping
            return
        meta_clause = _mentions_meta(clause)
        if design in META_DESIGNS:
            if meta_clause:
                c.score += BONUS_META_CLAUSE
                c.reasons.append("meta clause")
            elif "systematic review" in clause and design == "meta-analysis":
                c.score -= PENALTY_OTHER_META
                c.reasons.append("review-only clause")
            if self._studies_before(doc, c.start, sent):
                c.score += BONUS_POOLED
                c.reasons.append("pooled")
                if {"contributed", "reported"} & set(words[c.end:min(sent.end, c.end + SUBSET_REACH)]):
                    c.score -= BONUS_POOLED
                    c.reasons.append("analysis subset")  # "16 trials with 1,954 participants contributed to ..."
        elif meta_sentence:
            c.score -= PENALTY_OTHER_META
            c.reasons.append("other meta")

    def _verb_start(self, doc: Doc, c: Candidate, sent: Span) -> int:
        """Where to look for the enrolment verb: past a demographic bracket after a bare count,
        or past a short "with ..." qualifier ending in "were"/"was", else right after the count."""
        lows = lowers(doc)
        if "bare verb" in c.reasons:
            return _bracket_end(lows, c.end)
        words = lows[c.end:min(sent.end, c.end + QUALIFIER_REACH)]
        if words[:1] == ["("]:
            # "Sixty-four veterans (mean age 41.8 years; 88% male) were randomized"
            past = _bracket_end(lows, c.end)
            return past if past != c.end and lows[past:past + 1] in (["were"], ["was"]) else c.end
        if words[:1] == ["who"]:
            # "412 adults who had failed at least two antidepressants were randomly assigned": past
            # a short relative clause to the main verb
            words = _lows(doc, c.end, min(sent.end, c.end + RELATIVE_CLAUSE_REACH))
            for k, low in enumerate(words[1:], 1):
                if low in {"were", "was"} and k > 1 and words[k - 1] not in {"who", "had", "have"} \
                        and words[k + 1:k + 2] and (words[k + 1] in self.enrol_verbs or words[k + 1] == "randomly"):
                    return c.end + k
                if low in {",", ";", "(", ")"}:
                    break
            return c.end
        if words[:1] != ["with"]:
            return c.end
        values = number_values(doc)
        for k, low in enumerate(words[1:], 1):
            if low in {"were", "was"}:
                return c.end + k
            if low in {"and", "or", "who"} or c.end + k in values:
                break
            # (a word of letters is no punctuation: the Token is built only for other words)
            if not low.isalpha() and low != "-" and doc[c.end + k].is_punct:
                break
        return c.end

    def _future_after(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        """"a follow-up trial with 1,000 patients is expected to start": a future verb soon after
        the count, before any clause break."""
        words = _lows(doc, c.end, min(sent.end, c.end + PLANNED_WINDOW + 3))
        for k, low in enumerate(words[:PLANNED_WINDOW + 2]):
            if low in {";", ",", "and", "but", "while"}:
                return False
            if low in self.planned_after:
                # "inpatients scheduled for ECT" describe the people; "expected to start" plans
                return low in {"will", "would"} or words[k + 1:k + 2] == ["to"]
            if low == "due" and k > 0 and words[k - 1] in {"is", "are"} and words[k + 1:k + 2] == ["to"]:
                return True  # "a 120-patient trial ... is due to begin" (not "due to nausea")
        return False

    def _safety_count(self, clause: str, c: Candidate) -> bool:
        """True for a count in a clause about adverse events, unless stated as the total or
        with an enrolment verb ("A total of 40 patients were randomized; nausea was common")."""
        if "total" in c.reasons or "enrolled" in c.reasons or c.verb in self.enrol_verbs or c.planned:
            return False  # (a planned size "allowing for 10% dropout" is still the plan)
        words = clause.split()
        if self.safety_words.intersection(words):
            return True
        return not self.safety_pairs.isdisjoint(zip(words, words[1:]))

    def _per_arm_after(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        stop = min(sent.end, c.end + ARM_WINDOW)
        words = lowers(doc)
        values = number_values(doc)
        if not self.arm_words.isdisjoint(words[c.end:stop]):  # (the walk below looks for an arm word)
            for i in range(c.end, stop):
                low = words[i]
                if low in {";", "."} or i in values:
                    break  # "60 adults (30 per group)": the arm words belong to the next count
                if low in self.arm_words:
                    prev = words[i - 1] if i > c.end else ""
                    if prev in self.arm_agents or prev in {"the", "each", "either", "this", "per"} \
                            or i + 1 < stop and i + 1 in values:
                        return True
        return self._second_arm_follows(doc, c, sent)

    def _given_to_arms(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        """"gave ketamine to 25 patients and a placebo to 24 others": each count receives a
        named treatment, so each is one arm's size."""
        words = lowers(doc)
        if c.start < 2 or words[c.start - 1] != "to" \
                or not self.arm_agents.intersection(words[max(sent.start, c.start - 4):c.start - 1]):
            return False
        stop = min(sent.end - 1, c.end + SECOND_ARM_REACH)
        return any(words[i] == "to" and i + 1 in number_values(doc)
                   and self.arm_agents.intersection(words[c.end:i]) for i in range(c.end, stop))

    def _single_arm_object(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        """"29 were randomized to ketamine." with no other arm named after it: one arm's size
        ("60 were randomized to ketamine or midazolam" names both and is the total)."""
        if c.verb not in self.enrol_verbs:
            return False
        words = _lows(doc, c.end, min(sent.end, c.end + SINGLE_ARM_REACH))
        if words[:1] == ["randomly"]:
            words = words[1:]
        if words[:1] != ["to"]:
            return False
        named = False
        for low in words[1:]:
            if low in {";", "."}:
                break
            if low in {"or", "and", "versus", "vs", "vs.", ",", "(", "either"}:
                return False
            named = named or low in self.arm_agents and low not in GENERIC_ARMS
        return named

    def _second_arm_follows(self, doc: Doc, c: Candidate, sent: Span) -> bool:
        """"20 participants got ketamine and 20 got placebo": a second count joined by "and"
        and tied to a treatment within a few tokens makes the first one an arm size."""
        values = number_values(doc)
        words = lowers(doc)
        stop = min(sent.end, c.end + SECOND_ARM_REACH)
        if _SECOND_ARM_JOINS.isdisjoint(words[c.end:stop - 1]):
            return False  # no word that could join a second count
        depth = 0
        for i in range(c.end, stop - 1):
            low = words[i]
            if low in {";", ":"}:
                break  # "We enrolled 64 veterans; 32 received ketamine and 32 midazolam"
            if low in {"(", "["}:
                depth += 1
            elif low in {")", "]"}:
                depth -= 1
            if low not in _SECOND_ARM_JOINS or values.get(i + 1) is None:
                continue
            if i - 1 in values and 1900 <= values[i + 1] <= 2100:
                continue  # "between 2019 and 2023": a span of years, not a second group
            if depth == 0 and i + 2 < len(doc) and (words[i + 2] in self.completion or words[i + 2] in {"(", "["}
                                                    or words[i + 2:i + 5] == ["received", "at", "least"]):
                # "96 were randomized (...) and 88 completed the treatment phase", "... and 131
                # received at least one treatment": a later stage;
                # "330 were randomized and 318 (162 esketamine, 156 saline) were included": its breakdown
                continue
            between = words[c.end:i]
            if depth > 0 or PARTS_FOLLOW.intersection(zip(between, between[1:])):
                # "2,871 patients (957 ketamine and 1,914 ECT)", "2,947 patients, of whom 618 ...
                # and 2,329 ...": a breakdown of this count, which is therefore the total
                return False
            following = set(words[i + 2:min(stop, i + 2 + SECOND_ARM_TAIL)])
            if following & self.arm_names:
                return True
        return False

    def _completers(self, doc: Doc, c: Candidate) -> bool:
        """True for a count of people who finished ("27 patients completed", "27 completers")."""
        return c.verb in self.completion or bool(self.completion.intersection(_lows(doc, c.num_end, c.end)))

    # -- trials count ----------------------------------------------------------------------
    def _long_trial_noun(self, doc: Doc, end: int) -> int | None:
        """"four double-blind, placebo-controlled, 4-week induction trials": a plural study noun
        after a longer run of design words, commas and duration compounds."""
        words, values = lowers(doc), number_values(doc)
        j = end
        while j < min(len(words), end + LONG_TRIAL_REACH):
            low = words[j]
            if low in self.trial_nouns:
                return j + 1 if low not in {"trial", "study"} else None
            compound = j in values and j + 1 < len(words) and words[j + 1] == "-"
            unit = j >= 2 and words[j - 1] == "-" and j - 2 in values  # "4-week"
            if not (low in {"-", ","} or compound or doc[j].is_alpha) or low in self.modifier_stop and not unit:
                return None
            if j > end and j in values and not compound:
                return None  # "From 1,087 records, eleven studies": another count's noun
            j += 1
        return None

    def _study_counts(self, doc: Doc) -> list[tuple[int, int]]:
        """(token index, value) of every count of studies ("11 RCTs", "seven trials"), in text order."""
        counts = []
        values = number_values(doc)
        words = lowers(doc)
        for span in doc._.numbers or []:
            value = values.get(span.start)  # (span._.num)
            if value is None or value != int(value) or not 1 < value < 10_000:
                continue
            if self._is_range_or_compound(doc, words, span.start, span.end):
                continue
            noun_end = self._noun_after(doc, words, span.end, self.trial_nouns) or self._long_trial_noun(doc, span.end)
            if noun_end is None or words[noun_end - 1] in {"trial", "study"}:
                continue
            counts.append((span.start, int(value)))
        return counts

    def _mark_study_subsets(self, doc: Doc, found: list[Candidate], counts: list[tuple[int, int]]) -> None:
        """"Response was more frequent (RR 1.84; 7 trials, 402 participants)" in a review of 11
        RCTs: patients pooled over fewer studies than the review counts are one analysis's subset."""
        pooled = [c for c in found if "pooled" in c.reasons and "analysis subset" not in c.reasons]
        if not pooled or len(counts) < 2:
            return
        most = max(v for _, v in counts)
        for c in pooled:
            sent = sentence_of(doc, c.num_start)
            own = [v for i, v in counts if sent.start <= i < c.num_start]
            if own and own[0] < most:  # (the first count of the sentence is its whole set)
                c.score -= BONUS_POOLED
                c.reasons.append("analysis subset")

    def trials_count(self, doc: Doc, chosen: Candidate | None,
                     counts: list[tuple[int, int]] | None = None) -> int | None:
        """Number of pooled trials for meta-analyses and systematic reviews, else None
        (``counts``: the doc's study counts, when the caller has them)."""
        if doc._.design not in META_DESIGNS:
            return None
        if counts is None:
            counts = self._study_counts(doc)
        words = lowers(doc)
        if not counts:
            return None
        if chosen is not None:
            sent = sentence_of(doc, chosen.num_start)
            clause_start = chosen.num_start
            while clause_start > sent.start and words[clause_start - 1] != ";":
                clause_start -= 1
            before = [(i, v) for i, v in counts if clause_start <= i < chosen.num_start]
            if before:
                # The first count of the clause holding the pooled sample is the whole set ("11
                # studies met inclusion criteria: three randomized trials, four open-label
                # studies ..., 196 patients"); later ones break it down.
                return before[0][1]
        return counts[0][1]

    pipe = batching.pipe  # nlp.pipe runs it over a batch of docs at a time

    def __call__(self, doc: Doc) -> Doc:
        registry = bool(doc._.is_registry)
        design = doc._.design
        protocol = registry or _protocol_word(doc_text(doc)) or \
            design == "protocol" and bool(doc.user_data.get(AUTHORED_PROTOCOL_KEY))
        best = None
        if design == "protocol" and not protocol:
            # news of a trial still recruiting: its target and interim counts are not a sample,
            # and other counts belong to the earlier studies it cites as background
            doc._.sample_size = {"value": None, "text": None, "start": None, "end": None,
                                 "trials_count": None}
            return doc
        found = self.candidates(doc)
        mark_arm_pairs(doc, found)
        mark_later_subgroups(doc, found)
        counts = self._study_counts(doc) if design in META_DESIGNS else []
        if counts:
            self._mark_study_subsets(doc, found, counts)
        usable = [c for c in found if c.score > 0 and not (c.planned and not protocol)]
        for c in usable:
            if best is None or c.score > best.score:
                best = c
        if best is not None and not {"records part", "named sample"} & set(best.reasons) and self._completers(doc, best):
            # completers are part of the sample: a larger count of the same study is the total
            larger = [c for c in usable if c.value > best.value and not self._completers(doc, c)]
            if larger:
                best = max(larger, key=lambda c: c.score)
        result = {"value": None, "text": None, "start": None, "end": None, "trials_count": None}
        if best is not None:
            # (doc[start:end] without the slice normalisation; its text cut from the doc's text
            # rather than joined from Tokens)
            evidence = Span(doc, best.start, best.end)
            start_char, end_char = evidence.start_char, evidence.end_char
            result.update(value=best.value, text=doc_text(doc)[start_char:end_char], start=start_char, end=end_char)
        # (only meta-analyses and systematic reviews count trials: tested here too, where the
        # design is at hand, which spares the Underscore look-up)
        result["trials_count"] = self.trials_count(doc, best, counts) if design in META_DESIGNS else None
        doc._.sample_size = result
        return doc


def _mentions_sample(doc: Doc) -> bool:
    """True when the text says "sample" or "cohort" anywhere (cached per doc)."""
    found = doc.user_data.get(_SAMPLE_WORD_KEY)
    if found is None:
        low = doc_text(doc).lower()
        found = doc.user_data[_SAMPLE_WORD_KEY] = "sample" in low or "cohort" in low or "the basis of" in low
    return found


# "lithium (n=15), valproate (n=9), lamotrigine (n=6) or an antipsychotic (n=4)": bracketed counts
# of the items of a list, one bracket per item
_LISTED_N_NEXT = re.compile(r"\s*[\d,]+\s*\)\s*(?:,|;|or\b|and\b)\s*[^().;]{1,40}?\(\s*n\s*[=:]", re.I)
_LISTED_N_PREV = re.compile(r"\(\s*n\s*[=:]\s*[\d,]+\s*\)\s*(?:,|;)?\s*(?:or\s+|and\s+)?[^().;]{1,40}?\(\s*n\s*[=:]\s*$", re.I)


def _listed_n_brackets(doc: Doc, n_index: int) -> bool:
    """True when the "(n = ...)" at ``n_index`` is one of several bracketed counts of a list's items."""
    text = doc_text(doc)
    after = doc[n_index + 2].idx if n_index + 2 < len(doc) else len(text)
    at = doc[n_index].idx
    return bool(_LISTED_N_NEXT.match(text, after) or _LISTED_N_PREV.search(text, max(0, at - 60), after))


def _threshold_bracket(doc: Doc, n_index: int) -> bool:
    """True when the "n =" at ``n_index`` shares its bracket with a cut-off ("(SHAPS ≥12; n = 71)"):
    the count of a subgroup defined by that cut-off."""
    words = lowers(doc)
    k = _open_bracket(words, n_index, max(0, n_index - BRACKET_REACH + 1))
    return k is not None and not THRESHOLD_OPERATORS.isdisjoint(words[k + 1:n_index])


def _several_n_in_bracket(doc: Doc, n_index: int) -> bool:
    """True when the "n =" at ``n_index`` sits in a bracket holding another "n =": a breakdown
    of a count into parts ("(bipolar I, n=14; bipolar II, n=24)")."""
    words = lowers(doc)
    k = _open_bracket(words, n_index, max(0, n_index - BRACKET_REACH + 1))
    if k is None:
        return False
    inner = words[k + 1:_bracket_end(words, k)]
    return sum(1 for a, b in zip(inner, inner[1:]) if a == "n" and b in {"=", ":"}) >= 2


def _open_bracket(words: list[str], i: int, lowest: int) -> int | None:
    """Index of the bracket enclosing token ``i`` (searched back to ``lowest``) in the lower-cased
    words of a doc (brackets are their own lower case), else None."""
    window = words[lowest:i]
    if "(" not in window and "[" not in window:
        return None  # (most windows hold no opening bracket: list searches rule that out first)
    depth = 0
    for k in range(i - 1, lowest - 1, -1):
        low = words[k]
        if low in {")", "]"}:
            depth += 1
        elif low in {"(", "["}:
            if depth == 0:
                return k
            depth -= 1
    return None


def _clause_opener(doc: Doc, k: int, sent: Span) -> bool:
    """True when token ``k`` is "of"/"among"/"from" opening its sentence or a clause after a
    colon or line break ("Results: Of 318 adults screened, ..."); "Of the 702 ..." too, from "the"."""
    words = lowers(doc)
    if k > sent.start and words[k] == "the":
        k -= 1
    if k < sent.start or words[k] not in POOL_OPENERS:
        return False
    # (a token is white space exactly when its lower case is)
    return k == sent.start or words[k - 1] in {":", "\n"} or words[k - 1].isspace()


def _pool_opener(doc: Doc, start: int, sent: Span) -> int | None:
    """Index of the clause-opening "Of"/"Among" whose pool ends at the comma before ``start``
    ("Of 318 adults screened, 96 ..."), else None."""
    words = lowers(doc)
    k = start - 2
    while k > sent.start and words[k] not in {",", ";", ":"} and not _clause_opener(doc, k, sent):
        k -= 1
    return k if _clause_opener(doc, k, sent) else None


def _passive_verb(words: list[str]) -> str | None:
    """The verb that ``words`` open with, past "were"/"was" and "randomly" ("were randomly
    assigned" -> "assigned"), or None when nothing is left."""
    if words[:1] in (["were"], ["was"]):
        words = words[1:]
    if words[:1] == ["randomly"]:
        words = words[1:]
    return words[0] if words else None


def _bracket_end(words: list[str], end: int) -> int:
    """Index just past a balanced bracket opening at ``end`` (at most BRACKET_REACH tokens) in
    the lower-cased words of a doc, else ``end``."""
    if end >= len(words) or words[end] not in {"(", "["}:
        return end
    depth = 0
    for k in range(end, min(len(words), end + BRACKET_REACH)):
        if words[k] in {"(", "["}:
            depth += 1
        elif words[k] in {")", "]"}:
            depth -= 1
            if depth == 0:
                return k + 1
    return end


def mark_later_subgroups(doc: Doc, found: list[Candidate]) -> None:
    """"Among 212 patients treated mainly for PTSD, scores fell ...": a clause opened by "among"
    after a larger count of an earlier sentence describes part of that sample."""
    words = lowers(doc)
    for c in found:
        if c.score <= 0 or "total" in c.reasons or c.start < 1:
            continue
        k = c.start - 1 - (words[c.start - 1] == "the")
        if k < 0 or words[k] != "among":
            continue
        sent = sentence_of(doc, c.start)
        if not _clause_opener(doc, k, sent):
            continue
        if any(e.value > c.value and e.score > 0 and e.end <= sent.start for e in found):
            c.score = REJECTED
            c.reasons.append("later subgroup")


def mark_arm_pairs(doc: Doc, found: list[Candidate]) -> None:
    """Two bare "N patients" in one sentence joined by "and"/"vs" are arm sizes, never a total."""
    # (pooled counts of a meta-analysis are never arms: "18 RCTs (2,410 participants) ..., and 13
    # trials with 1,620 participants ...")
    bare = [c for c in found if c.reasons and c.reasons[0] == "noun" and "total" not in c.reasons
            and "pooled" not in c.reasons and (c.score > 0 or "per-arm" in c.reasons)]
    for a, b in zip(bare, bare[1:]):
        if sentence_of(doc, a.num_start).start != sentence_of(doc, b.num_start).start:
            continue
        if a.verb != b.verb:
            continue  # "60 patients were enrolled and 54 patients completed": stages, not arms
        # words between the two, outside brackets: "6,915 patients (1,383 ketamine-treated and
        # 5,532 comparators) drawn from 214,806 adults" joins nothing with "and"
        between = set()
        depth = 0
        for t in doc[a.end:b.start]:
            if t.text in {"(", "["}:
                depth += 1
            elif t.text in {")", "]"}:
                depth = max(0, depth - 1)
            elif depth == 0:
                between.add(t.lower_)
        if ";" in between or ":" in between:
            continue  # "enrolled 402 adults across 60 sites ...; an earlier study of 110 patients"
        if depth > 0 or "whom" in between:
            # "randomized 99 participants, of whom 95 ... (mean age 46.1 years; 52 women)": a part
            # of the first count, or a demographic count in a bracket
            continue
        # "compared 2,104 people who started esketamine with 6,312 matched patients"
        compared = bool(between & {"with", "to"}) and bool(
            {"compared", "comparing"} & set(lowers(doc)[max(0, a.start - 3):a.start]))
        if compared or between & {"and", "versus", "vs", "vs.", "compared", "while", "whereas"}:
            for c in (a, b):
                c.score = REJECTED
                c.reasons.append("arm pair")


@Language.factory("kb_sample_size")
def make_sample_size(nlp: Language, name: str) -> SampleSizeFinder:
    """Factory for the sample-size finder."""
    return SampleSizeFinder(nlp)
