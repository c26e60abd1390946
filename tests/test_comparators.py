"""kb_comparators: what a ketamine study compared ketamine with, through the full pipeline."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from extractors import extract

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus"


def names(text: str) -> set[str]:
    return {c["name"] for c in extract(text)["comparators"]}


# (sentence, expected comparator names). Written for these tests; each row also carries the
# background mentions a naive rule would take (antidepressant history, add-on care, ECT referral).
CASES = [
    # versus / vs. / compared with, in both directions
    ("Adults with bipolar depression were given ketamine versus placebo in a double-blind design.",
     {"placebo"}),
    ("We report a trial of intravenous ketamine vs. electroconvulsive therapy in 120 inpatients.",
     {"ect"}),
    ("Electroconvulsive therapy was compared with ketamine anesthesia in 60 inpatients.", {"ect"}),
    ("Ketamine was compared to a waiting list in veterans with PTSD.", {"waitlist"}),
    ("ECT compared to ketamine produced larger gains at week 3.", {"ect"}),
    ("Ketamine was non-inferior to ECT on the QIDS-SR16 at the end of treatment.", {"ect"}),
    ("The infusion was superior to treatment as usual (TAU) at day 7.", set()),
    ("Oral ketamine was superior to treatment as usual (TAU) at day 7.", {"treatment as usual"}),
    # X-controlled
    ("A randomized, saline-controlled trial tested ketamine 0.5 mg/kg in 40 adults.", {"saline"}),
    ("In this placebo-controlled crossover study, 18 patients received two infusions.", {"placebo"}),
    ("This active-placebo-controlled pilot enrolled 24 adolescents aged 13-17 years.",
     {"active placebo"}),
    # the agent named beside the generic word wins
    ("Participants received ketamine or placebo (0.9% saline) over 40 minutes.", {"saline"}),
    ("Midazolam served as an active placebo so that blinding was preserved.", {"midazolam"}),
    ("Patients were randomized to ketamine or to an active placebo (midazolam 0.045 mg/kg).",
     {"midazolam"}),
    ("The control arm was given salt water by injection.", {"saline"}),
    ("Controls were listed as midazolam, remifentanil, saline or placebo in the pooled trials.",
     {"midazolam", "other:remifentanil", "saline", "placebo"}),
    # randomized to ketamine or X
    ("Subjects were randomized to ketamine (0.5 mg/kg) or ketorolac (15 mg) for pain.",
     {"ketorolac"}),
    ("Patients were randomly assigned to quetiapine or ketamine for agitation.", {"quetiapine"}),
    ("Veterans were randomized to receive either ketamine or diphenhydramine at week 0.",
     {"other:diphenhydramine"}),
    ("Groups: the ketamine group and the ECT group were similar at baseline.", {"ect"}),
    # esketamine / another dose
    ("This study compared intranasal esketamine versus intravenous racemic ketamine in TRD.",
     {"ketamine"}),
    ("Ketamine 0.5 mg/kg was compared with ketamine 0.2 mg/kg in 30 patients.", {"ketamine"}),
    ("We compared racemic ketamine with esketamine nasal spray in 50 outpatients.",
     {"esketamine"}),
    # background that is NOT a comparator
    ("All participants had failed at least two antidepressant medications before ketamine.", set()),
    ("Ketamine is a fast-acting antidepressant, but no head-to-head trial exists.", set()),
    ("Patients referred for ECT were treated with subcutaneous ketamine as an alternative.", set()),
    ("Esketamine was combined with a newly initiated oral antidepressant in every arm.", set()),
    ("Ketamine-assisted psychotherapy was delivered in six sessions over 8 weeks.", set()),
    ("This open-label study had no placebo group; 25 patients received ketamine.", set()),
    ("Lithium or valproate levels were kept stable while ketamine was infused twice weekly.",
     set()),
    ("Usual care continued in both arms; ketamine versus placebo infusions were blinded.",
     {"placebo"}),
    ("Esketamine plus an oral antidepressant vs. placebo plus an oral antidepressant was tested.",
     {"placebo"}),
    ("It worked faster than commonly prescribed antidepressant medications, the team said.", set()),
    ("Patients were treated at 0.5 mg/kg with ketamine for 2 weeks in an open-label design.", set()),
    ("In this open-label series of 12 patients, larger placebo-controlled trials are needed.", set()),
    ("Future studies should compare ketamine with ECT in older adults.", set()),
    ("Participants given a dummy pill improved less than those given ketamine.", {"placebo"}),
    ("Ketamine has been shown to outperform placebo; here 20 patients received it open-label.", set()),
    ("Patients who had previously failed ECT received six ketamine infusions.", set()),
    ("Ketamine versus propofol anaesthesia for ECT was tested in 50 inpatients.", {"other:propofol"}),
    ("Ketamine was compared with placebo, lithium or ECT in a three-arm design.", {"placebo", "other:lithium", "ect"}),
    ("Without a control group, placebo effects cannot be excluded in this 14-patient series.", set()),
    ("Each participant received ketamine and placebo/saline infusions one week apart.", {"saline"}),
    ("Ketamine 0.5 mg/kg versus 0.2 mg/kg was tested in 40 adults with TRD.", {"ketamine"}),
    ("Patients received ketamine at the standard dose compared with a lower dose in the second arm.",
     {"ketamine"}),
    ("", set()),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_comparator_names(text, expected):
    assert names(text) == expected


def test_one_entry_per_name_with_exact_evidence():
    text = ("Ketamine or placebo was given. Placebo infusions matched in volume. "
            "Responders to placebo were few.")
    comps = extract(text)["comparators"]
    assert [c["name"] for c in comps] == ["placebo"]
    c = comps[0]
    assert text[c["start"]:c["end"]] == c["text"] == "placebo"


def test_registry_intervention_field():
    text = "Condition | Intervention |\n---|---|\nMajor Depressive Disorder | Drug: Ketamine Drug: Sertraline |"
    assert names(text) == {"other:sertraline"}


@pytest.mark.parametrize("junk", ["versus", "vs. vs. vs.", "placebo" * 50, "9" * 40, "\x00\ud800 ketamine or"])
def test_never_raises(junk):
    assert isinstance(extract(junk)["comparators"], list)


def test_dev_corpus_comparator_f1():
    """Regression guard on the labelled corpus (skipped when the shared corpus is absent)."""
    paths = [CORPUS / "dev.jsonl", CORPUS / "dev2.jsonl"]
    if not all(p.exists() for p in paths):
        pytest.skip("shared corpus not available")
    tp = fp = fn = 0
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            got, want = names(record["text"]), set(record["comparators"])
            tp, fp, fn = tp + len(got & want), fp + len(got - want), fn + len(want - got)
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= 0.9


# Classes seen on unseen texts: a control arm named "alone" after an add-on design, a long
# "comparing <ketamine arm> with <agent>" phrase, double-dummy saline riding with the active
# comparator, and arm labels in a registry list. Own sentences, with distractors.
GENERAL_CASES = [
    ("Inpatients were allocated to ketamine infusions on top of usual care, or to usual care "
     "alone.", {"treatment as usual"}),
    ("Remission was 30% and 12% in the ketamine and usual-care groups.", {"treatment as usual"}),
    ("Ketamine plus prolonged exposure was compared with prolonged exposure alone in 40 veterans.",
     {"psychotherapy"}),
    # distractor: "alone" in a background sentence is no comparison
    ("Many patients do not respond to antidepressants alone, so 20 patients received ketamine.",
     set()),
    ("Ketamine was added to usual care in all 30 patients.", set()),
    ("We ran a double-blind trial comparing one 40-minute ketamine infusion (0.5 mg/kg) plus "
     "oxygen with inhaled nitrous oxide plus a saline infusion.", {"other:nitrous oxide"}),
    ("The trial compared a single esketamine dose given in the clinic with oral sertraline.",
     {"other:sertraline"}),
    # distractor: saline is the control when it is an arm of its own
    ("Patients received ketamine or a saline infusion, with propofol anaesthesia in both arms.",
     {"saline"}),
    ("Design: Randomized, parallel-group, open-label\nArms:\n- Esketamine: nasal spray twice "
     "weekly\n- ECT: right unilateral ECT three times weekly", {"ect"}),
    ("Arms:\n- Ketamine (0.5 mg/kg): six infusions\n- Midazolam: six infusions", {"midazolam"}),
    # distractor: a bulleted list of eligibility items names no arm
    ("Eligibility:\n- failure of two antidepressants in this episode\n- age 18-65", set()),
]


@pytest.mark.parametrize("text,expected", GENERAL_CASES)
def test_general_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("312 adults were randomised to esketamine nasal spray or quetiapine, each with an SSRI or "
     "SNRI.", {"quetiapine"}),
    ("Ketamine or ECT was given, both with continued antidepressants.", {"ect"}),
])
def test_background_given_to_every_arm(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    ("36 percent of those on the ketamine spray were in remission, compared with 22 percent on a "
     "dummy spray.", {"placebo"}),
    ("Participants took ketamine tablets or dummy tablets for four weeks.", {"placebo"}),
])
def test_dummy_forms(text, expected):
    assert names(text) == expected


# Ketamine against ketamine: another dose as its own arm, another form, another route. Dose
# options in brackets are one flexibly dosed arm, and repeated doses are no comparison.
KETAMINE_VS_KETAMINE = [
    ("Sixty adults were randomized to ketamine 0.5 mg/kg or 0.2 mg/kg.", {"ketamine"}),
    ("Participants were randomized to a single dose of 0.1, 0.2, 0.5 or 1.0 mg/kg ketamine or "
     "midazolam.", {"ketamine", "midazolam"}),
    ("Patients were randomized to intravenous esketamine (0.25 mg/kg) or racemic ketamine "
     "(0.5 mg/kg).", {"ketamine"}),
    ("Oral ketamine was compared with intravenous ketamine in 50 adults.", {"ketamine"}),
    ("Racemic ketamine was compared with esketamine in 60 patients.", {"esketamine"}),
    # distractors
    ("Esketamine nasal spray (56 or 84 mg) was compared with placebo.", {"placebo"}),
    ("Patients received ketamine 0.5 mg/kg on days 1 and 3.", set()),
    ("Whether esketamine or ketamine works better is unknown; we gave esketamine to 20 patients.",
     set()),
]


@pytest.mark.parametrize("text,expected", KETAMINE_VS_KETAMINE)
def test_ketamine_against_ketamine(text, expected):
    assert names(text) == expected


def test_both_forms_as_the_intervention_are_no_comparison():
    text = ("We searched databases for randomized controlled trials comparing ketamine or esketamine "
            "with placebo in major depression.")
    assert names(text) == {"placebo"}


# 0.4.0 classes. Every table mixes the wording a naive rule takes for a comparator with the
# study's own arms, which must survive. Sentences written for these tests.

# Antidepressants every arm takes (or took before the study) are background therapy.
BACKGROUND_THERAPY = [
    ("Participants on a stable SSRI or SNRI were randomized to esketamine or placebo.", {"placebo"}),
    ("Patients continued their SSRI throughout, and esketamine or placebo spray was given twice "
     "weekly.", {"placebo"}),
    ("Esketamine, used together with an SSRI or SNRI, was approved in 2019 for adults who have not "
     "responded to at least two antidepressants.", set()),
    ("In the phase 3 programme, esketamine plus a new oral antidepressant was compared with a new "
     "oral antidepressant plus placebo spray.", {"placebo"}),
    ("Esketamine nasal spray was given in conjunction with an oral antidepressant; the control "
     "group received placebo spray with an oral antidepressant.", {"placebo"}),
    ("Ketamine has a faster onset than SSRIs, which can take six to eight weeks to work.", set()),
    ("Esketamine must be given with an oral antidepressant such as an SSRI or SNRI.", set()),
    ("Most patients had previously received ECT or several antidepressants before ketamine.", set()),
    ("Treatment-resistant depression was defined as non-response to at least two antidepressants "
     "or ECT.", set()),
    ("Patients in both arms continued sertraline; ketamine or saline was infused weekly.", {"saline"}),
    # the study's own antidepressant arm
    ("Forty patients with TRD were randomised to ketamine or to continuing their current "
     "antidepressant.", {"antidepressant"}),
    ("In this retrospective cohort, 900 patients starting esketamine were compared with 1,800 "
     "patients starting another oral antidepressant.", {"antidepressant"}),
    ("Ketamine was compared with an SSRI (escitalopram) in 40 adults.", {"other:escitalopram"}),
    ("Participants were randomly allocated to receive oral ketamine or sertraline for 6 weeks.",
     {"other:sertraline"}),
]


@pytest.mark.parametrize("text,expected", BACKGROUND_THERAPY)
def test_background_antidepressants_are_no_comparator(text, expected):
    assert names(text) == expected


# "placebo" in news, opinion and discussion without a control arm in the study.
PLACEBO_WITHOUT_ARM = [
    ("Unlike placebo-controlled trials, this real-world study followed 300 patients receiving "
     "ketamine at clinics.", set()),
    ("Because ketamine's effects are obvious to patients, blinding in placebo-controlled studies "
     "is hard, critics say.", set()),
    ("Some experts worry that much of the improvement reflects expectation rather than the drug, "
     "a classic placebo problem.", set()),
    ("Dr. Smith noted that the study lacked a placebo arm, so the findings are preliminary.", set()),
    ("The absence of a placebo or sham group limits interpretation of these 30 open-label cases.",
     set()),
    ("Ketamine's benefit over placebo has been documented in several meta-analyses, but this chart "
     "review of 80 patients looked at real-world use.", set()),
    ("Esketamine was approved after trials showed it beat placebo, but clinics now offer generic "
     "ketamine off label.", set()),
    ("The team now plans a placebo-controlled trial with 200 participants.", set()),
    ("Several randomized trials compared ketamine with placebo; in this retrospective study of 60 "
     "patients, response was 45%.", set()),
    ("Ketamine clinics have spread across the US. Unlike esketamine, which was tested against "
     "placebo before approval, infusions of generic ketamine are offered off-label. In a new "
     "survey of 500 clinic patients, most reported improvement.", set()),
    # the study's own placebo arm, however it is worded
    ("Ketamine is superior to placebo for rapid reduction of suicidal ideation: a randomized "
     "trial in 120 adults.", {"placebo"}),
    ("There was no significant difference between ketamine and placebo at day 28.", {"placebo"}),
    ("No placebo-treated participant reached remission, whereas 6 ketamine-treated participants "
     "did.", {"placebo"}),
    ("In the study, people who got ketamine did better than those who got a placebo.", {"placebo"}),
    ("Both placebo-controlled trials enrolled adults with TRD and randomized them to esketamine.",
     {"placebo"}),
    ("Psilocybin and ketamine are both being tested for depression. In the new trial, 60 patients "
     "received ketamine or a placebo infusion.", {"placebo"}),
]


@pytest.mark.parametrize("text,expected", PLACEBO_WITHOUT_ARM)
def test_placebo_without_a_control_arm(text, expected):
    assert names(text) == expected


# General claims about ECT, antidepressants or the other ketamine form are no comparison of THIS
# study; past-tense reports, results and this-study cues are.
GENERAL_CLAIMS = [
    ("ECT remains more effective than ketamine for psychotic depression, experts say.", set()),
    ("Compared with ECT, ketamine is cheaper and does not require anaesthesia.", set()),
    ("Patients who do not respond to antidepressants are often offered ECT or ketamine.", set()),
    ("Clinicians can choose between ECT and ketamine for TRD; we report 12 patients given "
     "ketamine.", set()),
    ("Is ketamine better than ECT? Experts disagree.", set()),
    ("Esketamine, compared with racemic ketamine, has a higher affinity for the NMDA receptor.",
     set()),
    ("Esketamine may be less potent than racemic ketamine; in this trial, 200 adults received "
     "esketamine or placebo.", {"placebo"}),
    # own arms
    ("Ketamine versus ECT: which is better? A new trial of 400 patients answers the question.",
     {"ect"}),
    ("Conclusions: Ketamine is non-inferior to ECT for outpatients without psychosis.", {"ect"}),
    ("In conclusion, ketamine is as effective as ECT and acts faster.", {"ect"}),
    ("These findings suggest that esketamine is more effective than quetiapine extended release.",
     {"quetiapine"}),
    ("A meta-analysis of six trials has found ECT to be slightly better than ketamine.", {"ect"}),
    ("Intravenous ketamine was as effective as intranasal esketamine in a head-to-head trial of "
     "120 adults.", {"esketamine"}),
    ("Doctors often turn to ECT when antidepressants fail. The new study randomly assigned 400 "
     "patients to ketamine or ECT and found them similarly effective.", {"ect"}),
]


@pytest.mark.parametrize("text,expected", GENERAL_CLAIMS)
def test_general_claims_are_no_comparison(text, expected):
    assert names(text) == expected


# Structured abstracts: a BACKGROUND / INTRODUCTION / IMPORTANCE sentence speaks of the field
# unless it carries a this-study cue; the other sections report the study.
SENTENCE_ROLES = [
    ("BACKGROUND: Ketamine has been compared with ECT in several trials with mixed results. "
     "METHODS: We randomized 60 adults to ketamine or midazolam.", {"midazolam"}),
    ("BACKGROUND: Esketamine nasal spray is approved with an oral antidepressant after "
     "placebo-controlled trials. Whether it matches ECT is unknown.\nMETHODS: In this open-label "
     "randomized trial, 120 inpatients were assigned to esketamine or ECT.\nRESULTS: Remission "
     "was 40% with esketamine and 52% with ECT.", {"ect"}),
    ("IMPORTANCE Ketamine is as effective as ECT in some trials but not others. OBJECTIVE To "
     "assess ketamine vs placebo in older adults. DESIGN, SETTING, AND PARTICIPANTS Randomized "
     "clinical trial of 90 adults.", {"placebo"}),
    ("Introduction\nAntidepressants such as SSRIs take weeks to act, and ECT carries cognitive "
     "risks.\nMethods\nWe randomly assigned 70 adults to ketamine or saline infusions.", {"saline"}),
    ("Background: Here, ketamine is compared with electroconvulsive therapy in 200 inpatients.",
     {"ect"}),
    ("A single ketamine infusion eased suicidal thoughts within a day, researchers reported. The "
     "80 patients in the trial got either ketamine or midazolam. Ketamine is also sold as a nasal "
     "spray, esketamine, which must be taken with an antidepressant. ECT is still considered the "
     "most effective treatment for severe depression.", {"midazolam"}),
    ("Brief Summary: Ketamine has been shown to reduce depression faster than ECT. This "
     "single-arm study will give ketamine to 30 adults.\nAllocation: N/A\nEnrollment: 30", set()),
    ("We searched PubMed for randomized placebo-controlled trials of ketamine in PTSD. Seven trials "
     "(n = 334) were pooled; ketamine reduced symptoms versus control (SMD -0.6).", {"placebo"}),
]


@pytest.mark.parametrize("text,expected", SENTENCE_ROLES)
def test_sentence_roles(text, expected):
    assert names(text) == expected


def test_open_label_and_case_reports_compare_with_nothing():
    """The corpus rule: comparators are empty for open-label studies (and case reports)."""
    text = ("In this open-label study, 24 adults with TRD received six ketamine infusions; response "
            "rates resembled those of ECT in earlier work, and 10 patients who had failed ECT "
            "responded.")
    assert names(text) == set()
    assert names("We report a case of a 41-year-old man with OCD given ketamine versus his usual "
                 "SSRI regimen.") == set()


# Ketamine against ketamine, 0.4.0: two fixed doses beside a control arm are each compared with
# the control; three or more doses, or dose-finding wording, make the doses comparators. The
# other form counts only as the first thing after the trigger.
KETAMINE_FORMS_AND_DOSES = [
    ("Patients were randomized to esketamine 56 mg or 84 mg or placebo nasal spray.", {"placebo"}),
    ("To find the optimal dose, adults were randomized to ketamine 0.2 mg/kg or 0.5 mg/kg or "
     "saline.", {"ketamine", "saline"}),
    ("Adults were randomized 1:1:1 to esketamine 28 mg, 56 mg, or 84 mg.", {"esketamine"}),
    ("Participants received ketamine 0.5 mg/kg or 1.0 mg/kg in random order.", {"ketamine"}),
    ("The S-enantiomer esketamine was compared with placebo; racemic ketamine was not studied.",
     {"placebo"}),
    ("Spravato, a nasal spray derived from ketamine, costs more than generic infusions. In a new "
     "trial, 200 patients were randomly assigned to Spravato or to intravenous ketamine.",
     {"ketamine"}),
    ("Patients switching from intravenous ketamine to intranasal esketamine were followed for 6 "
     "months.", set()),
    ("Esketamine is the S-enantiomer of racemic ketamine with roughly twice its NMDA affinity. "
     "Methods: 64 adults were randomized to intranasal esketamine or placebo spray.", {"placebo"}),
]


@pytest.mark.parametrize("text,expected", KETAMINE_FORMS_AND_DOSES)
def test_ketamine_forms_and_doses(text, expected):
    assert names(text) == expected


# 0.5.0: the comparison object after a trigger, control types listed in reviews, an active
# placebo referred to as "placebo", an unnamed no-intervention control, future trials "under way",
# negated comparisons and asides about other products. Own sentences with their distractors.
ROUND5 = [
    # a ketamine form right after the trigger is the comparison; what follows it is the setting
    ("We compared intranasal esketamine with intravenous ketamine in routine care at nine clinics.",
     {"ketamine"}),
    ("Esketamine was compared with racemic ketamine in usual care, using matched health records.",
     {"ketamine"}),
    # distractor: a real list after the trigger keeps both members
    ("Ketamine was compared with ECT or usual care in a three-arm randomized trial.",
     {"ect", "treatment as usual"}),
    # placebo listed beside named agents, with an article
    ("Eligible trials compared ketamine with saline, midazolam or an inert placebo.",
     {"saline", "midazolam", "placebo"}),
    ("Included studies used normal saline or a placebo capsule as the control.", {"saline", "placebo"}),
    # an unnamed no-intervention control
    ("Trials comparing perioperative esketamine with saline or no intervention were pooled.",
     {"saline", "other:no intervention"}),
    ("Mothers were randomized to esketamine or a no-treatment control group.",
     {"other:no intervention"}),
    # distractor: "no intervention" as bookkeeping is no arm
    ("Ketamine was compared with placebo; transient hypertension needed no intervention.",
     {"placebo"}),
    # the bare word after an active placebo refers back to it
    ("Twenty adults received ketamine and an active placebo in random order; raters guessed the "
     "placebo session correctly 40% of the time.", {"active placebo"}),
    # distractor: an inert placebo beside an active one is a control type of its own
    ("The three-arm trial compared ketamine with an active placebo and an inert placebo.",
     {"active placebo", "placebo"}),
    # "placebo or active control" lists control types, not an active placebo
    ("We pooled trials comparing ketamine with placebo or an active control.", {"placebo"}),
    # a future trial "under way"
    ("Ketamine plus therapy was compared with a waitlist. An active-placebo-controlled trial is "
     "now under way.", {"waitlist"}),
    # negated comparisons and asides about another product
    ("The clinic data cover 900 patients. No patient in the analysis was compared with a group "
     "given a placebo or another drug.", set()),
    ("Unlike esketamine, which was tested against a placebo spray, the new lozenge was compared "
     "with midazolam in 80 adults.", {"midazolam"}),
    # trials cited as evidence in a text with no study of its own (coverage news)
    ("Insurers will now pay for esketamine in two provinces. In two trials the spray beat a "
     "placebo spray, the agency said; a course costs $6,000.", set()),
    # distractor: a news report of its own trials states their size
    ("In two trials of 560 adults, the spray beat a placebo spray.", {"placebo"}),
    # distractor: "none of the patients who received placebo" reports the placebo arm
    ("Adults were randomized to ketamine or placebo. None of the patients who received placebo "
     "remitted.", {"placebo"}),
]


@pytest.mark.parametrize("text,expected", ROUND5)
def test_round5_comparator_classes(text, expected):
    assert names(text) == expected


# 0.6.0: background medication held constant and controls named as "X-controlled" (blind3
# classes). Own sentences with distractors.
ROUND6 = [
    ("Adults were randomized to esketamine or placebo spray. Their antidepressants were kept "
     "stable during the trial.", {"placebo"}),
    ("Participants received arketamine and placebo in random order; mood stabilisers remained "
     "unchanged.", {"placebo"}),
    # distractor: an antidepressant arm is still a comparator
    ("Adults were randomized to ketamine or to switching their antidepressant.", {"antidepressant"}),
    # a non-core agent named as a trial's control
    ("Ten trials were pooled (six saline-controlled, three midazolam-controlled and one "
     "ketorolac-controlled).", {"saline", "midazolam", "ketorolac"}),
    ("One propofol-controlled trial in ECT anaesthesia was included in the meta-analysis.",
     {"other:propofol"}),
    # a ketamine form labelled as the control is the comparator
    ("In this randomized noninferiority trial, 180 adults received IV ketamine or intranasal "
     "esketamine, the active comparator, twice weekly.", {"esketamine"}),
    ("Racemic ketamine was given intravenously; esketamine spray served as the active control "
     "in 96 randomized adults.", {"esketamine"}),
    # distractor: "an active control" after a named agent is that agent
    ("Ketamine was compared with midazolam, an active control, in 70 adults.", {"midazolam"}),
    # an approval history names the controls of other trials
    ("Patients in the study were randomly assigned to ketamine infusions or ECT. Spravato was "
     "approved in 2019 after trials that compared it with a placebo spray.", {"ect"}),
    # distractor: both forms as the intervention of an uncontrolled cohort
    ("Patients received ketamine or esketamine in routine care; 300 patients were followed.",
     set()),
]


@pytest.mark.parametrize("text,expected", ROUND6)
def test_round6_comparator_classes(text, expected):
    assert names(text) == expected


# 0.8.0: classes from blind3-held (long abstracts and protocols). Own sentences with distractors.
ROUND8 = [
    # a placebo listed beside a named agent stays its own type even when an active control follows
    ("Eligible trials compared ketamine with a placebo (salt water or a placebo tablet) or an "
     "active control (midazolam).", {"saline", "placebo", "midazolam"}),
    # distractor: a bare placebo after an active placebo still refers back to it
    ("Veterans were randomized to ketamine or an active placebo (midazolam); 30% of placebo "
     "infusions were followed by drowsiness.", {"midazolam"}),
    # BMJ Open protocol headings report the study even after an Introduction heading
    ("Introduction: Many mothers wait months for help.\n\nMethods and analysis: Women will be "
     "randomised to esketamine 28 mg or a matched placebo spray.", {"placebo"}),
    ("Introduction: Nothing is licensed for this group. Ethics and dissemination: Adults "
     "assigned to ketamine or a saline infusion will be told their allocation after week 8.",
     {"saline"}),
    # distractor: an Introduction sentence about other work keeps its role
    ("Introduction: Earlier studies compared esketamine with placebo.\n\nMethods and analysis: "
     "All adults will receive open-label esketamine.", set()),
    # a trial recommended as justified is future work, not this study's control
    ("Adults with OCD took esketamine twice weekly without any control group. A larger "
     "placebo-controlled trial is justified.", set()),
    ("In this uncontrolled series, 12 adults received ketamine. A saline-controlled study now "
     "seems justified.", set()),
]


@pytest.mark.parametrize("text,expected", ROUND8)
def test_round8_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a repeated preposition or a bracketed name still coordinates placebo with a named agent
    ("In this randomized trial, 90 adults were assigned to ketamine, to placebo or to "
     "midazolam.", {"placebo", "midazolam"}),
    ("The review included randomized trials comparing esketamine with a dummy spray (placebo) "
     "or with midazolam.", {"placebo", "midazolam"}),
    # distractor: placebo named as the agent's role stays absorbed by the agent
    ("Adults were randomized to ketamine or midazolam, an active placebo.", {"midazolam"}),
])
def test_blind4_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the control arm given on its own after "received"
    ("Half of the adults received ketamine on top of usual care, while the other half received "
     "usual care alone.", {"treatment as usual"}),
    # distractor: usual care every arm gets is background
    ("All adults received usual care, and were randomized to ketamine or saline.", {"saline"}),
    # a dated citation of another trial names its arms, not ours
    ("A 2020 Canadian trial of 80 adults that compared ketamine with midazolam found faster "
     "relief. In the new study, 150 adults got ketamine plus usual care or usual care alone.",
     {"treatment as usual"}),
    # a vehicle spray is a placebo; a motor vehicle is not
    ("Trials compared esketamine with placebo (saline infusion or vehicle spray) or midazolam; "
     "eleven trials were pooled.", {"saline", "placebo", "midazolam"}),
    ("Survivors of a motor vehicle crash were randomized to ketamine or saline.", {"saline"}),
    # "saltwater" written as one word
    ("Each veteran was assigned by computer to ketamine or a saltwater drip.", {"saline"}),
    # every member of a listed background treatment is an add-on
    ("Adults were randomized to ketamine or placebo, added to lithium, valproate or lamotrigine.",
     {"placebo"}),
    # distractor: an arm line after a background drug on the previous line
    ("Arms:\n- Esketamine: 56 mg twice weekly, plus oral antidepressant\n- ECT: three times "
     "weekly, plus oral antidepressant\nThe trial compared esketamine with ECT.", {"ect"}),
])
def test_blind5_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a sham control with no agent named is a placebo
    ("Adults were randomized to ketamine or a sham infusion containing no active drug.",
     {"placebo"}),
    # comparisons stated as results: outperformed, did not differ from, comparable to
    ("In the network meta-analysis of 30 trials, intravenous ketamine outperformed esketamine "
     "and did not differ significantly from ECT.", {"esketamine", "ect"}),
    ("Ketamine was comparable to ECT in this randomized trial of 120 inpatients.", {"ect"}),
    # distractor: "comparable to" about something other than a treatment
    ("Ketamine doses were comparable to those used in anaesthesia in this open trial.", set()),
])
def test_result_comparison_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # treatments a patient failed before the study are history
    ("We tested arketamine against placebo in adults who had failed between two and four "
     "antidepressants. Fifty adults were randomized.", {"placebo"}),
    ("Adults who had not responded to two antidepressants were randomized to ketamine or ECT.",
     {"ect"}),
    # distractor: a named drug arm still counts
    ("Adults with TRD were randomized to ketamine or escitalopram.", {"other:escitalopram"}),
])
def test_treatment_history_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # "any standard treatment" speaks of treatments in general
    ("One dose of ketamine eases suicidal thoughts faster than any standard treatment, an "
     "analysis of 12 trials found; controls were mostly saline.", {"saline"}),
    # distractor: standard treatment as an arm
    ("Adults were randomized to ketamine or standard treatment.", {"treatment as usual"}),
    # an active placebo listed as a control type of its own beside a named agent
    ("Controls in the included trials were saline (four trials), midazolam (two) and an "
     "unspecified active placebo (one).", {"saline", "midazolam", "active placebo"}),
    # distractor: the active placebo is midazolam's role
    ("Adults were randomized to ketamine or midazolam, an active placebo.", {"midazolam"}),
])
def test_blind6_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # an "or" member after a longer dosing phrase
    ("Participants will be randomised to up to 10 ketamine infusions (0.5 mg/kg, twice weekly) "
     "or up to 10 sessions of bilateral ECT.", {"ect"}),
    # two doses of the drug set against each other with no control
    ("Thirty adults received ketamine at both doses in random order. Response was higher with "
     "1.0 mg/kg than with 0.5 mg/kg.", {"ketamine"}),
    # a second weight-based dose of racemic ketamine beside a placebo arm is another dose ...
    ("Adults were randomized to ketamine 0.5 mg/kg, ketamine 1.0 mg/kg or placebo; response was "
     "higher with 1.0 mg/kg than with 0.5 mg/kg.", {"ketamine", "placebo"}),
    # ... while fixed esketamine doses beside placebo are each compared with placebo
    ("Adults were randomized to esketamine 56 mg, esketamine 84 mg or placebo nasal spray twice weekly.",
     {"placebo"}),
    # controls of a meta-analysis listed with their trial counts
    ("Nine trials were pooled; controls were midazolam in five trials, saline in three and an "
     "intranasal placebo in one.", {"midazolam", "saline", "placebo"}),
])
def test_dose_and_listed_control_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a class word yields to its named member; "opioid active control" is that agent's role
    ("We compared ketamine with remifentanil, a short-acting opioid, in random order in 30 "
     "adults. The effect held against an opioid active control.", {"other:remifentanil"}),
    ("Adults were randomized to ketamine or sertraline, an antidepressant.", {"other:sertraline"}),
    # distractor: a class alone stays
    ("Adults were randomized to ketamine or an opioid.", {"other:opioid"}),
    ("Adults were randomized to ketamine or an active control.", {"active placebo"}),
])
def test_class_member_classes(text, expected):
    assert names(text) == expected


def test_placebo_named_by_its_agent_before_another_control():
    text = ("We searched for randomized trials comparing ketamine with placebo (saline) or midazolam; "
            "14 trials were pooled.")
    assert names(text) == {"saline", "midazolam"}


@pytest.mark.parametrize("text,expected", [
    # "an active control or saline" beside a named midazolam arm is that arm
    ("We tested whether ketamine reduces suicidal ideation more than an active control or saline. "
     "Adults were randomized to ketamine, midazolam or saline.", {"midazolam", "saline"}),
])
def test_active_control_beside_saline(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # an augmentation arm "added to" the antidepressant is an arm of its own
    ("Participants were randomly assigned to ketamine infusions or to aripiprazole (2-15 mg/day) "
     "added to their current antidepressant.", {"other:aripiprazole"}),
    # distractor: a drug added to every arm
    ("All patients took esketamine or placebo spray, and sertraline (50 mg) added to both arms.",
     {"placebo"}),
])
def test_augmentation_arm(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # saline as the vehicle a drug is given in is no comparator
    ("Participants were randomized to ketamine 0.2 mg/kg in 50 mL normal saline or midazolam "
     "0.02 mg/kg in 50 mL normal saline.", {"midazolam"}),
    ("Esketamine 0.25 mg/kg diluted in 50 ml normal saline was infused over 40 minutes; controls "
     "received midazolam.", {"midazolam"}),
    # distractors: saline as the control arm
    ("Patients were randomized to ketamine or normal saline infusions.", {"saline"}),
    ("Patients were randomized to ketamine (0.5 mg/kg in 100 mL) or 100 mL of normal saline.", {"saline"}),
])
def test_diluent_is_no_comparator(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # "another active control" beside named controls names no agent of its own
    ("Trials comparing ketamine with placebo, saline, midazolam or another active control were "
     "included. We searched four databases and pooled 12 trials.", {"placebo", "saline", "midazolam"}),
    # a therapy that ketamine is tested to augment is given to both arms
    ("Objective: To test whether ketamine infusions, compared with an active control, augment a brief "
     "exposure-based psychotherapy. Veterans were randomized to ketamine or midazolam.", {"midazolam"}),
    # distractor: therapy alone as the control arm
    ("Patients were randomized to ketamine or psychotherapy alone.", {"psychotherapy"}),
    # a "widely cited" dated comparison is other work
    ("Many patients improve within days, and a widely cited 2023 comparison with electroconvulsive "
     "therapy found ketamine at least as effective. Clinics now charge $500 per infusion.", set()),
])
def test_unnamed_and_augmented_controls(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the role of an agent named with its dose just before
    ("Participants were randomized, in random order, to ketamine 0.5 mg/kg or diphenhydramine 25 mg "
     "as an active placebo.", {"other:diphenhydramine"}),
    # an earlier trial's control is not this trial's
    ("In this trial, 120 adolescents were randomized to esketamine or placebo spray. An earlier, "
     "smaller trial of 54 adolescents had suggested that esketamine reduced suicidal thoughts faster "
     "than an active placebo.", {"placebo"}),
    # "other antidepressants" in a database are no arm
    ("In this pharmacovigilance study, esketamine was compared with other antidepressants in the "
     "database.", set()),
    # distractor: an unnamed active placebo arm
    ("Patients were randomized to ketamine or an active placebo.", {"active placebo"}),
])
def test_roles_earlier_trials_and_other_drugs(text, expected):
    assert names(text) == expected


REVIEW = ("Methods: We searched five databases for randomized trials of ketamine for depression. "
          "Results: Twelve trials (640 patients) were included. ")


@pytest.mark.parametrize("text,expected", [
    # the later members of a list of control types, with their counts of trials
    (REVIEW + "Control conditions in the randomized trials were saline (n=2), midazolam (n=2) and "
     "lorazepam (n=1).", {"saline", "midazolam", "other:lorazepam"}),
    (REVIEW + "Comparators were placebo or saline (four trials), midazolam (two), ECT (one) and "
     "lamotrigine (one).", {"placebo", "saline", "midazolam", "ect", "other:lamotrigine"}),
    (REVIEW + "Controls were saline in six trials, midazolam in five, intranasal placebo in three and an "
     "antidepressant in one.", {"saline", "midazolam", "placebo", "antidepressant"}),
    (REVIEW + "The control was midazolam in six trials, saline in four and ketorolac in one.",
     {"midazolam", "saline", "ketorolac"}),
    # the other ketamine form in a list of randomized arms
    ("Patients were randomly assigned to intravenous ketamine, intranasal esketamine, or ECT.",
     {"esketamine", "ect"}),
    # distractors: a co-treatment after a comma; a subgroup contrast between the two forms in a review
    ("Patients were randomized to ketamine or saline and lithium was continued.", {"saline"}),
    (REVIEW + "Controls were saline or midazolam. Effects were larger with racemic ketamine than with "
     "esketamine.", {"saline", "midazolam"}),
])
def test_listed_control_types_and_form_lists(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # once the text names the agent of the active-placebo role, the generic mention is that agent
    ("OBJECTIVE To determine whether ketamine improves PTSD outcomes compared with an active placebo. "
     "INTERVENTIONS Ketamine 0.5 mg/kg, or oral diphenhydramine 25 mg as an active placebo.",
     {"other:diphenhydramine"}),
    # a matched cohort's controls are the comparison
    ("Results: Among 41,877 eligible presentations, 1,162 patients received ketamine and were matched to "
     "4,648 usual-care patients (total cohort 5,810).", {"treatment as usual"}),
    ("In this retrospective cohort, 300 esketamine-treated patients were matched 1:4 with usual-care "
     "controls.", {"treatment as usual"}),
    # distractors: an unnamed active placebo; a placebo matched in appearance
    ("Patients were randomized to ketamine or an active placebo.", {"active placebo"}),
    ("The placebo was matched to ketamine in appearance; 60 patients were randomized.", {"placebo"}),
])
def test_named_active_placebo_and_matched_controls(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a trial of last year is other work
    ("In this trial, 120 adults were randomized to ketamine or aripiprazole. He noted that a Dutch trial "
     "last year had found ketamine roughly comparable to electroconvulsive therapy.", {"other:aripiprazole"}),
    # the treatment people improved after is their history
    ("ISRCTN48213907\nKetamine tablets to prevent relapse after electroconvulsive therapy\nParticipants who "
     "improved after a course of ECT will be randomly allocated to ketamine tablets or placebo.", {"placebo"}),
    # distractor: ECT as an arm
    ("Patients were randomized to ketamine or ECT; relapse after ECT was more frequent.", {"ect"}),
])
def test_blind24_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # "antidepressant" as an adjective is no arm
    ("Aims: To compare the speed and size of antidepressant response when ECT is delivered under ketamine or "
     "propofol anaesthesia.", {"other:propofol"}),
    # an antidepressant given with both arms ("plus a new oral antidepressant") is co-treatment
    ("Conclusions: Esketamine plus a new oral antidepressant improved anhedonia more than an oral "
     "antidepressant plus placebo.", {"placebo"}),
    # distractor: an antidepressant arm
    ("Patients were randomized to ketamine or a standard antidepressant.", {"antidepressant"}),
])
def test_blind25_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a co-treatment four words after "each combined with"
    ("Adults were randomized to esketamine nasal spray or placebo spray, each combined with a newly "
     "initiated oral SSRI or SNRI.", {"placebo"}),
    # a rescue medication is no arm
    ("In this open-label trial, 220 patients were randomized to ketamine or usual care alone. Emergence "
     "reactions requiring midazolam occurred in 4 patients.", {"treatment as usual"}),
    ("Patients were randomized to ketamine 0.2 mg/kg or saline placebo. One patient given ketamine had a "
     "brief emergence reaction that was treated with 2 mg of midazolam.", {"saline"}),
    # a dated citation of another trial, with an abbreviation before its verb ("U.S. veterans found")
    ("First responders were randomized to ketamine or saline. Earlier research has been mixed: a 2023 "
     "trial of 158 U.S. veterans found no advantage over midazolam.", {"saline"}),
    # a waiting list "for" something is a queue, no arm
    ("Patients were randomized to ketamine or saline. \"Without resourcing, the waitlist for this will just "
     "replace the waitlist for everything else,\" she said.", {"saline"}),
    # distractor: a waitlist arm
    ("Veterans were randomized to ketamine-assisted therapy or a waitlist control.", {"waitlist"}),
    # distractor: patients "treated with" an arm's drug in the design sentence
    ("Patients were randomized and treated with ketamine or midazolam for two weeks.", {"midazolam"}),
    # matched on a propensity score to the other treatment's patients
    ("Patients who started esketamine were matched 1:4 on a propensity score to patients starting "
     "aripiprazole or quetiapine augmentation.", {"other:aripiprazole", "quetiapine"}),
    # distractor: midazolam as an arm
    ("Patients were randomized to ketamine or midazolam.", {"midazolam"}),
])
def test_blind26_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the other ketamine form named the active comparator after its unbracketed dose
    ("Adults with TRD were randomized to a single infusion of esketamine 0.25 mg/kg or of racemic ketamine "
     "0.5 mg/kg, the active comparator.", {"ketamine"}),
    # distractor: both forms as the intervention against a named control
    ("Adults were randomized to ketamine or esketamine versus saline placebo.", {"saline"}),
    # an exclusion criterion "symptoms requiring urgent ECT" makes no add-on of the ECT arm
    ("Participants will be randomly allocated to ketamine infusions or ECT.\nKey exclusion criteria\n1. "
     "Current psychotic symptoms requiring urgent ECT", {"ect"}),
])
def test_blind28_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the other ketamine form in a list of arms with unbracketed doses
    ("Adults were randomized 1:1:1 to a single 40-min infusion of racemic ketamine 0.5 mg/kg, esketamine "
     "0.25 mg/kg or midazolam 0.045 mg/kg.", {"esketamine", "midazolam"}),
    # numbered arms
    ("We will randomise 300 participants in a 1:1:1 ratio to (1) intravenous racemic ketamine 0.5 mg/kg, "
     "(2) esketamine nasal spray 28-84 mg, or (3) right unilateral ECT.", {"esketamine", "ect"}),
    # a saline dummy riding with another arm's agent in a double-dummy design
    ("We compared ketamine with nitrous oxide and with midazolam. Participants received three sessions in "
     "randomized order: intravenous ketamine with inhaled oxygen; "
     "inhaled nitrous oxide for 60 minutes with an intravenous saline infusion; and intravenous midazolam with "
     "inhaled oxygen. This double-dummy design kept raters blind.", {"midazolam", "other:nitrous oxide"}),
    # the other half's treatment, after an add-on given with the drug
    ("Half were randomly assigned to esketamine alongside a new oral antidepressant; the other half switched to "
     "a different antidepressant.", {"antidepressant"}),
    # a matched group who continued usual care; distractor: the contents of usual care
    ("Patients who started esketamine were matched with up to five patients who continued usual care, "
     "typically psychotherapy and antidepressants.", {"treatment as usual"}),
    # the agent named by its role replaces the generic active placebo
    ("This study tests whether ketamine reduces PTSD symptoms more than an active placebo. Diphenhydramine is "
     "used as the comparison drug.", {"other:diphenhydramine"}),
])
def test_blind29_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a named drug beyond the common list; "rather than a placebo" names no arm
    ("They were randomly assigned to esketamine nasal spray or to daily infusions of clomipramine, a "
     "tricyclic antidepressant. \u201cIt is refreshing to see a real alternative rather than a placebo,\u201d he "
     "said.", {"other:clomipramine"}),
    # elliptic "with X in four" members of a comparison
    ("Ketamine was compared with propofol in nine trials, with methohexital in four and with thiopental in "
     "three.", {"other:propofol", "other:methohexital", "other:thiopental"}),
    # a waiting list of months is a delay, not an arm
    ("Patients will be randomized to ketamine or midazolam. The public service has a waiting list of more "
     "than 14 months.", {"midazolam"}),
    # another dose of the same drug listed as its own arm, where doses are compared
    ("Adults received, in random order, three infusions: ketamine 0.25 mg/kg, ketamine 0.5 mg/kg and saline. "
     "The higher dose was also superior to the lower dose.", {"ketamine", "saline"}),
    # exposure and response prevention alone as a control; a therapy that merits testing is no arm
    ("Control conditions in the trials were saline (two trials), midazolam (two) and exposure and response "
     "prevention alone (one).", {"saline", "midazolam", "psychotherapy"}),
    ("Ketamine was compared with aripiprazole augmentation. Adding concurrent exposure therapy merits "
     "testing.", {"other:aripiprazole"}),
])
def test_blind30_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # what usual care typically held is no comparator of its own
    ("Inpatients were randomly assigned to three ketamine infusions on top of usual treatment, or to usual "
     "treatment alone — typically antidepressants, a safety plan and daily contact.", {"treatment as usual"}),
    # a placebo arm of a trial still to begin
    ("Patients were randomized to ketamine-assisted therapy or to a waitlist. A larger trial, comparing the "
     "therapy with the same therapy plus a placebo infusion, is due to begin next year.", {"waitlist"}),
])
def test_blind34_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the role in brackets after the agent's dose names the agent: no separate active placebo
    ("Ketamine was compared with an active placebo. Patients received intravenous ketamine, 0.5 mg/kg, or "
     "diphenhydramine, 25 mg (active placebo), over 40 minutes.", {"other:diphenhydramine"}),
    # a control that future trials need is no arm of this one
    ("Veterans were randomized to ketamine plus therapy or to a waitlist. \u201cA waitlist is a weak comparison. "
     "We need trials with an active control,\u201d he said.", {"waitlist"}),
    # "previous admissions" is no previous study: the matched group's usual care is the comparator
    ("Of these, 1,210 began esketamine and were compared with 7,230 patients, matched on age, sex, previous "
     "admissions and the number of failed antidepressants, who continued treatment as usual.",
     {"treatment as usual"}),
    # ... while previous trials still mark a sentence about other work
    ("Patients were randomized to ketamine or midazolam. Previous trials compared ketamine with ECT.",
     {"midazolam"}),
    # a co-treatment with a long bracket before "plus" stays an add-on
    ("Intervention group: fluvoxamine (continued at the previous dose) plus two intravenous infusions of "
     "ketamine 0.5 mg/kg. Control group: fluvoxamine plus two infusions of normal saline.", {"saline"}),
])
def test_blind37_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the last control of a list, named "alone"
    ("Ketamine-augmented exposure therapy was tested in four trials. Control conditions were saline (two trials), "
     "midazolam (one) and exposure therapy alone (one).", {"saline", "midazolam", "psychotherapy"}),
    # the comparison group "switched to another antidepressant"
    ("Veterans started on esketamine were hospitalized less often than comparable veterans whose doctors simply "
     "switched them to another antidepressant.", {"antidepressant"}),
    # distractor: switching before the study is history, not an arm
    ("Adults with depression who had switched antidepressants at least twice received open-label ketamine "
     "infusions.", set()),
])
def test_blind38_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a named drug "as the control" in a review's list of controls
    ("We performed a meta-analysis of randomized trials of ketamine for PTSD. Nine trials were included (five with "
     "midazolam, three with saline and 1 with ketorolac as the control).", {"midazolam", "saline", "ketorolac"}),
    # the members of "either ... or" a clause apart
    ("In this randomised trial we will randomise 200 participants to either twice-weekly esketamine nasal spray "
     "(56 or 84 mg) for 4 weeks followed by weekly sessions, or a standard course of bitemporal ECT.", {"ect"}),
    # distractor: "either" with no ketamine member names no arm
    ("Ketamine was given to 40 patients who had either failed ECT, or a course of psychotherapy.", set()),
    # a registry's Active Comparator arm is the other ketamine form
    ("Study Type: Interventional\nArms and Interventions\nExperimental: IV racemic ketamine\nKetamine 0.5 mg/kg "
     "twice weekly.\nActive Comparator: Intranasal esketamine\nEsketamine 56 mg twice weekly.\n"
     "Enrollment: 120 (ESTIMATED)", {"esketamine"}),
    # distractor: two esketamine arms of one form compare no form
    ("Study Type: Interventional\nExperimental: Esketamine 84 mg\nEsketamine nasal spray.\nActive Comparator: "
     "Esketamine 56 mg\nEsketamine nasal spray.\nEnrollment: 90 (ESTIMATED)", set()),
    # a trial the team applied for funding for is not this study's comparison
    ("The registry study followed 2,400 patients given esketamine or a new antidepressant. The team has applied "
     "for funding for a randomized trial that would compare esketamine with electroconvulsive therapy.",
     {"antidepressant"}),
])
def test_blind43_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # the therapy one arm was "assigned to ... alone" is the control, though the other arm also had it
    ("Half were randomly assigned to 12 weekly sessions of cognitive behavioral therapy alone; the other half "
     "received the same therapy plus four ketamine infusions.", {"psychotherapy"}),
    # distractor: psychotherapy given on top of ketamine in every arm is no comparator
    ("All patients were randomly assigned to ketamine or saline infusions, each given with weekly cognitive "
     "behavioral therapy.", {"saline"}),
])
def test_blind44_comparator_classes(text, expected):
    assert names(text) == expected


@pytest.mark.parametrize("text,expected", [
    # a crossover's two periods: "received ketamine (...) and <agent> (...) ... in random order"
    ("In this randomized crossover study, adults with OCD received ketamine (0.5 mg/kg) and diphenhydramine "
     "(50 mg), each infused over 40 minutes, in random order.", {"other:diphenhydramine"}),
    # distractor: a co-medication received with ketamine, no order of periods
    ("In this open study, patients received ketamine and ondansetron before each session.", set()),
    # the "active control" named as an agent gives way to that agent
    ("In this randomized crossover trial we compared ketamine with an active control infusion. Participants "
     "received ketamine and diphenhydramine in random order.", {"other:diphenhydramine"}),
])
def test_blind45_comparator_classes(text, expected):
    assert names(text) == expected
