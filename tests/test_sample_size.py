"""Sample size and trial count: totals, pooled counts, and the numbers that are not a total."""
import pytest

from extractors import extract

TOTALS = [
    # (text, expected total)
    ("Methods: A total of 259 patients with chronic PTSD were randomized.", 259),
    ("Participants (n = 41) received two infusions of ketamine.", 41),
    ("Adults with treatment-resistant depression (N=30) were randomly assigned 1:1.", 30),
    ("In total, 67 of 68 randomized patients received at least one dose.", 68),
    ("Forty-one participants completed the crossover phase.", 41),
    ("We enrolled 120 adults aged 18-65 years with major depression.", 120),
    ("Results: Thirty-two veterans with PTSD were included in the analysis.", 32),
    ("The trial involved 80 depressed adults with suicidal thoughts.", 80),
    ("Of the 96 patients randomised, 90 completed the study.", 96),
    ("A total of 1,234 participants were recruited across 12 sites.", 1234),
    ("Twenty one outpatients received sublingual ketamine weekly.", 21),
    ("Between 2019 and 2021, 57 adult patients met inclusion criteria.", 57),
    ("In all, 150 subjects underwent randomization to ketamine or placebo.", 150),
    ("The sample comprised 73 inpatients with bipolar depression.", 73),
    ("A dozen patients received repeated infusions.", 12),
    # news phrasing
    ("In a trial of 365 patients, the nasal spray cut symptoms faster.", 365),
    ("The researchers recruited 52 people with severe OCD for the study.", 52),
    ("The trial, which enrolled 227 participants at 30 centres, ended in 2023.", 227),
    ("Of the 60 participants, 30 received ketamine and the rest saline.", 60),
    ("Of 1,000 patients assessed for eligibility, 120 were randomized.", 120),
    ("Sixty patients were enrolled and 54 patients completed the 4-week study.", 60),
    ("48 participants completed the study; 52 participants were randomized.", 52),
    ("Participants: 60 adults (30 per group) with bipolar depression.", 60),
    ("The researchers randomly assigned 100 volunteers to ketamine or a placebo.", 100),
    ("We studied a cohort of 1,000 patients treated with esketamine.", 1000),
    ("Sixty women with PTSD after sexual assault took part.", 60),
    ("Participants (N = 52; 31 women) received six infusions.", 52),
]


@pytest.mark.parametrize("text,expected", TOTALS)
def test_totals(text, expected):
    result = extract(text)
    assert result["sample_size"] == expected
    start, end = result["sample_size_start"], result["sample_size_end"]
    assert text[start:end] == result["sample_size_text"]
    assert str(expected) in result["sample_size_text"].replace(",", "") or \
        not any(c.isdigit() for c in result["sample_size_text"])


NOT_A_TOTAL = [
    # Per-arm sizes are never summed and never reported as the total.
    "200 patients were assigned to the ketamine group and 203 to the ECT group.",
    "Patients were randomized to placebo (n=83) or ketamine (n=73).",
    "The study was conducted on 25 patients receiving ketamine and 25 patients receiving ECT.",
    "Ketamine group: n = 40; saline group: n = 38.",
    "Participants were allocated to two groups of 20 patients each.",
    "Ketamine (n = 30 per group) or midazolam was infused.",
    "In total (n = 30 ketamine, n = 28 placebo) the groups were similar.",
    "There were 45 women and 22 men in the sample.",
    "In the study, 20 participants got ketamine and 20 got a placebo infusion.",
    "Twelve subjects were randomized to ketamine, and 10 to placebo.",
    # doses, ages, durations, years, money, prevalence
    "Ketamine 0.5 mg/kg was infused over 40 minutes in adults aged 18-65 years.",
    "The 2019 guideline recommends 84 mg twice weekly for 4 weeks.",
    "Depression affects 280 million people worldwide and costs $210 billion a year.",
    "About 13 million Americans experience PTSD in a given year.",
    "Depression affects one in five adults at some point in life.",
    "The database holds records of 93 million patients.",
    # screened, subgroups, lower bounds, interim and planned counts outside protocols
    "Of 412 patients screened for eligibility, none were randomized yet.",
    "In twelve patients (46.2%) symptoms remitted within a week.",
    "More than 400 patients have now received the nasal spray in clinics.",
    "So far 28 participants have taken part in the trial.",
    "The investigators aim to recruit 100 patients from three hospitals.",
    "A planned sample size of 40 patients was estimated from pilot data.",
    # scales, items and ratios
    "The 16-item QIDS-SR and the 10-item MADRS were given; allocation was 1:1.",
    "Seventy-one percent of subjects responded to ketamine.",
]


@pytest.mark.parametrize("text", NOT_A_TOTAL)
def test_not_a_total(text):
    assert extract(text)["sample_size"] is None


def test_total_beats_arm_sizes():
    text = ("A total of 403 patients underwent randomization; 200 patients were assigned to "
            "ketamine and 203 to ECT.")
    result = extract(text)
    assert result["sample_size"] == 403
    assert result["sample_size_text"].startswith("A total of 403 patients")


def test_screened_then_randomized():
    text = ("Overall, 329 individuals were screened for eligibility, 231 entered the open-label "
            "phase and 168 responders were randomized to double-blind treatment.")
    assert extract(text)["sample_size"] == 168


def test_registry_enrollment_field_beats_description():
    text = ("Study Type\nINTERVENTIONAL\nAllocation\nRANDOMIZED\nEnrollment\n48\n"
            "We will include 24 participants with OCD and 24 healthy controls.")
    result = extract(text)
    assert result["sample_size"] == 48
    assert result["sample_size_text"] == "Enrollment\n48"


def test_planned_size_counts_in_protocols():
    text = ("This study protocol describes a randomized, placebo-controlled trial. "
            "We aim to recruit 100 participants with treatment-resistant depression.")
    result = extract(text)
    assert result["design"] == "protocol"
    assert result["sample_size"] == 100


META = [
    # (text, pooled patients, trials)
    ("We conducted a meta-analysis. Six randomized controlled trials representing 259 patients "
     "with PTSD were included.", 259, 6),
    ("A systematic review and meta-analysis: 14 studies (n = 1,234) met inclusion criteria; "
     "pooled SMD was 0.6.", 1234, 14),
    ("Meta-analysis results: nine trials were identified, including 201 patients (52% female). "
     "In 3 trials with 90 patients the effect was larger.", 201, 9),
    ("The analysis of 17 studies including 1,200 patients found that ketamine worked.", 1200, 17),
    ("Meta-analysis. We screened 1,220 articles and included 7 studies with ketamine arms.", None, 7),
    ("Meta-analysis of ECT versus ketamine. Five trials (ketamine group: n = 141; ECT group: "
     "n = 137) were meta-analyzed.", None, 5),
]


@pytest.mark.parametrize("text,pooled,trials", META)
def test_meta_analysis_pooled_patients_and_trials(text, pooled, trials):
    result = extract(text)
    assert result["design"] == "meta-analysis"
    assert result["sample_size"] == pooled
    assert result["trials_count"] == trials


def test_trials_count_only_for_reviews():
    result = extract("Two trials of ketamine were published before 2010; we randomized 40 patients.")
    assert result["trials_count"] is None


# Safety bookkeeping counts ("reported by n = 3", "nausea in 4 patients") are never the total;
# the enrolled sample elsewhere in the text is.
SAFETY = [
    ("Twenty-two adults with bipolar depression received arketamine. "
     "Mild dizziness was reported by n = 3.", 22),
    ("Eighteen veterans received six infusions. Transient nausea occurred in 5 patients.", 18),
    ("We treated 35 outpatients with oral ketamine. Headache (n = 6) and sedation (n = 4) "
     "were the most common adverse events.", 35),
    ("A total of 40 patients were randomized; nausea was the most common side effect.", 40),
    ("Fourteen participants discontinued because of adverse events.", None),
]


@pytest.mark.parametrize("text,expected", SAFETY)
def test_safety_counts_are_not_the_sample(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    ("We reviewed the records of 62 patients with bipolar depression given ketamine.", 62),
    ("This chart review covers the files of 118 adults treated at one clinic.", 118),
    ("Health records of 2 million people were searched; 480 patients received ketamine.", 480),
])
def test_own_records_are_the_sample(text, expected):
    assert extract(text)["sample_size"] == expected


# A review's trial count is the first count of the clause that holds the pooled sample.
@pytest.mark.parametrize("text,trials", [
    ("Systematic review. Two reviewers searched six databases from inception. Nine studies met "
     "the inclusion criteria: two randomized trials, three open-label studies and four case "
     "series, together enrolling 210 patients.", 9),
    ("We searched MEDLINE and Embase. We included k = 15 trials with 980 participants. The "
     "pooled SMD was -0.7.", 15),
    ("Meta-analysis. Of 400 records, 8 studies with 300 patients were included in the systematic "
     "review; 4 randomized trials (150 patients) were included in the meta-analysis.", 4),
    # the records count before a number word does not take the studies' noun
    ("Systematic review without meta-analysis. Results: From 942 records, nine studies with a combined 214 "
     "participants met the inclusion criteria.", 9),
])
def test_review_trial_count(text, trials):
    assert extract(text)["trials_count"] == trials


@pytest.mark.parametrize("text,expected", [
    ("Thirty adults were randomized. At 4 hours, 71% (n = 10) of ketamine-treated patients "
     "responded.", 30),
    ("At day 1, 40% (n=8) of participants had remitted.", None),
])
def test_count_behind_a_percentage_is_a_subgroup(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    ("We enrolled 64 veterans; 32 received ketamine and 32 received midazolam.", 64),
    ("Of these, 64 veterans were studied: 32 received ketamine and 32 received midazolam.", 64),
    ("In the study, 32 veterans received ketamine and 32 received midazolam.", None),
])
def test_arm_split_after_a_clause_break(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    ("ISRCTN10000001\nCondition: PTSD\nTarget number of participants: 120\nStudy design: "
     "Randomised double-blind parallel-group trial", 120),
    ("Overall trial status\nCompleted\nTotal final enrolment\n46", 46),
    # distractor: the phrase in running text is not a field
    ("Ninety adults were randomized. The total number of participants in the region was 4000 "
     "adults.", 90),
])
def test_registry_field_labels(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    ("A follow-up trial with 1,000 patients is expected to start next year, the company said. "
     "The original study involved 35 veterans.", 35),
    ("A larger study of 400 adults will begin in 2027. The pilot enrolled 30 adults.", 30),
    # a protocol's planned size still counts, and a past count with a later future clause stays
    ("Study protocol: 240 adults with PTSD will be randomised to ketamine or midazolam.", 240),
    ("We randomized 90 adults, and a second trial will follow.", 90),
])
def test_future_sizes_outside_protocols(text, expected):
    assert extract(text)["sample_size"] == expected


# 0.4.0: sizes of one part (an arm, a site, the largest trial), registry-only labels, and
# review sizes in the review's own clause. Own sentences, with distractors.
@pytest.mark.parametrize("text,expected", [
    ("Each arm enrolled 25 participants.", None),
    ("In each group, 30 patients received four infusions.", None),
    ("In a meta-analysis of 24 trials, ketamine beat control (SMD 0.6); the largest trial had 227 "
     "patients.", None),
    ("Each site recruited 20 adults, for a total of 80 adults across four sites.", 80),
    ("Patients (N = 52; 31 women) were randomized.", 52),
    ("Of 312 people screened, 120 were randomized (80 ketamine, 40 midazolam).", 120),
    ("The sample included 210 veterans, 85% of whom were men.", 210),
])
def test_part_sizes_are_not_the_total(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    ("Target sample size: 200\nRecruitment status: Recruiting\nStudy design: Randomised "
     "controlled trial", 200),
    ("Sample size: 90\nStudy type: Interventional\nAllocation: Randomized", 90),
    ("Enrollment (Estimated): 64 participants\nStudy Type: Interventional", 64),
    # distractor: in an abstract, a "Sample size" line is a planning statement
    ("Background\nKetamine works fast.\nSample size: 90 patients were needed.\nResults: A total "
     "of 85 adults were randomized.", 85),
])
def test_registry_only_size_labels(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,pooled,trials", [
    ("Our systematic review identified 8 trials including 344 patients with PTSD; the trials were "
     "too heterogeneous to pool.", 344, 8),
    ("Systematic review and meta-analysis. Nine RCTs, N = 412. Ketamine reduced suicidal ideation "
     "(g = 0.8).", 412, 9),
    ("A total of 2,130 records were screened; 14 studies (n = 856) met inclusion criteria. Pooled "
     "response OR 3.1.", 856, 14),
    ("We pooled 5 trials (ketamine n = 141; ECT n = 137).", None, 5),
])
def test_review_sizes(text, pooled, trials):
    result = extract(text)
    assert (result["sample_size"], result["trials_count"]) == (pooled, trials)


@pytest.mark.parametrize("text,expected", [
    # a participle describing the people is no plan
    ("Sixty-two inpatients scheduled for ECT were randomized to ketamine or methohexital "
     "anaesthesia.", 62),
    ("Forty adults planned for surgery received ketamine.", 40),
    # distractor: a plan
    ("Ketamine helped 30 patients in a pilot; a trial with 400 patients is scheduled to begin in "
     "May.", 30),
])
def test_participles_are_no_plans(text, expected):
    assert extract(text)["sample_size"] == expected


# 0.5.0: completers are part of the sample, counts taken from an antecedent or a plan, registry
# field labels in brackets, more participant nouns. Own sentences; each holds the distractor a
# naive rule takes.
@pytest.mark.parametrize("text,expected", [
    # completers vs the randomized sample, in either order
    ("Forty adults with bipolar depression received both infusions in random order. Thirty-six "
     "adults completed both periods.", 40),
    ("Thirty-three participants completed the trial. In all, 38 participants had been enrolled.", 38),
    ("Of 52 veterans randomized, 47 veterans finished treatment.", 52),
    ("Twenty-two completers were analysed; 25 patients had been randomized.", 25),
    # only completers stated: they are still the best count the text gives
    ("Eighteen patients completed the six-week open phase.", 18),
    # a count taken from an antecedent, with an enrolment verb
    ("The clinic screened 900 mothers; 412 of them were randomly assigned to esketamine or saline.", 412),
    ("Of the volunteers who applied, 64 of them were enrolled.", 64),
    # distractor: a subgroup of an antecedent without an enrolment verb
    ("A total of 90 adults took part; 30 of them reported nausea.", 90),
    # the part of a plan that happened
    ("Recruitment stopped early, with results from 36 of a planned 60 participants.", 36),
    ("The pilot enrolled 12 of the intended 40 patients before funding ended.", 12),
    # a plan word inside the noun phrase marks a planned size
    ("Why stopped: low accrual (9 of 80 planned participants enrolled).", 9),
    # registry fields with bracketed qualifiers
    ("Study Type: Interventional\nEnrollment (Estimated): 150\nAllocation: Randomized", 150),
    ("Overall Status: Terminated\nEnrollment (Actual): 11\nAllocation: Randomized\nWhy Stopped: "
     "funding (11 of 90 planned participants enrolled)", 11),
    # participant nouns seen in perinatal, youth and occupational studies
    ("Twelve trials with 2,044 parturients were included in the meta-analysis.", 2044),
    ("Clinics in three states treated 118 teens with ketamine between 2021 and 2023.", 118),
    ("The cohort comprised 260 healthcare workers exposed to pandemic trauma.", 260),
])
def test_stages_antecedents_and_plans(text, expected):
    assert extract(text)["sample_size"] == expected


# 0.6.0: long abstracts with many competing counts (blind3 classes). Own sentences; each holds
# the distractor a naive rule takes.
@pytest.mark.parametrize("text,expected", [
    # a bracketed breakdown by arm or by control type belongs to the count before it
    ("Results: The propensity-matched sample held 1,530 adults (510 esketamine and 1,020 "
     "ECT; median age 51 years).", 1530),
    ("Results: Seven trials with 388 participants were pooled (four saline-controlled and three "
     "midazolam-controlled; sizes 18 to 96). Ketamine helped (SMD 0.61, 95% CI 0.3 to 0.9).", 388),
    # distractor: arm sizes stated on their own are still no total
    ("In the study, 40 adults received ketamine and 38 adults received midazolam.", None),
    # a clause-opening pool of eligible people is where the sample came from
    ("Among 3,912 eligible veterans, the matched cohort included 1,204 veterans treated between "
     "2018 and 2022.", 1204),
    ("Of 210 eligible patients, 96 were randomized to ketamine or saline.", 96),
    ("Of 64 eligible veterans, all were randomized to ketamine or midazolam.", 64),
    # distractor: "eligible" inside the enrolment sentence itself is the sample
    ("We randomized 74 eligible adults with bipolar depression.", 74),
    # a bracketed n after a subgroup phrase is a subgroup
    ("Methods: We enrolled 300 outpatients. In participants aged 60 years and older (n = 88), the "
     "effect was larger (OR 2.1).", 300),
    ("A total of 146 adults were randomized; among those with psychotic features (n = 21) no "
     "benefit was seen.", 146),
    # distractor: an age-defined study population with its enrolment verb is the total
    ("Adults aged 60 years or older with TRD (N = 90) were randomized to ketamine or midazolam.", 90),
    ("Adults aged 65 years and older with bipolar depression (N = 42) received four infusions.", 42),
    # distractor: a bracketed N after the study population is the total
    ("Adults with treatment-resistant depression (N = 64) were randomly assigned to two arms.", 64),
])
def test_breakdowns_pools_and_subgroups(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # a case series: responders met a threshold, they were not enrolled
    ("Case presentation: We describe five patients with refractory PTSD. Three patients met the "
     "response criterion of a 30% CAPS-5 reduction.", 5),
    ("We describe three adults with chronic OCD; two adults met remission criteria by week 4.", 3),
    # distractor: meeting inclusion criteria is enrolment
    ("Between 2020 and 2023, 47 patients met inclusion criteria and received ketamine.", 47),
    # a range of trial sizes in a review is no count
    ("This narrative review covers trials with samples between 12 and 240 participants.", None),
    # a possessive noun modifies what follows
    ("Two children's hospitals and four veterans' clinics took part; 58 adolescents were "
     "randomized.", 58),
])
def test_outcome_counts_ranges_and_possessives(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text", [
    # news of a trial still recruiting: target, interim count and cited earlier studies
    "The hospital network is recruiting adults for a new trial comparing ketamine with midazolam. "
    "The team hopes to enroll 250 people over two years. An earlier study of 24 adults found a "
    "rapid benefit.",
    "Doctors in Leeds are now recruiting new mothers for a trial of esketamine after delivery. A "
    "pilot with 30 women suggested the drug was safe, and researchers plan to enroll 400 women.",
])
def test_recruitment_news_has_no_sample(text):
    result = extract(text)
    assert result["design"] == "protocol"
    assert result["sample_size"] is None


@pytest.mark.parametrize("text,expected", [
    # a bare count with a demographic bracket before its enrolment verb; the counts inside the
    # bracket describe it
    ("Among 198 adults screened, 84 (mean [SD] age 39 [11] years; 30 women) were randomized.", 84),
    ("Of 447 patients screened, a total of 318 patients (mean [SD] age, 45.1 [12.0] years; 190 "
     "women [59.7%]) were randomized and 291 completed the 8-week visit.", 318),
    # a percentage bracket before the enrolment verb is no subgroup
    ("Of 150 people assessed, 72 (48%) were randomly assigned to ketamine or midazolam.", 72),
    ("Of 150 people assessed, 72 patients (48%) were randomized to ketamine or midazolam.", 72),
    # distractor: a percentage bracket before an outcome is a subgroup
    ("Eighty adults were randomized; 16 patients (20%) responded by day 7.", 80),
    # one arm named as the object of the enrolment verb
    ("Participants were 57 adults (mean age 41.2 years) with treatment-resistant depression; 29 "
     "were randomized to ketamine.", 57),
    # distractor: both arms named, or a phase entered by the whole sample
    ("Of 140 screened, 96 were randomized to ketamine 0.5 mg/kg or midazolam.", 96),
    ("Of 329 screened, 231 entered the open phase and 168 responders were randomized to "
     "double-blind treatment.", 168),
    # a subgroup analysis names part of the sample
    ("We analysed 2,406 patients from 23 trials. Subgroup analyses in 612 patients with bipolar "
     "depression showed similar effects (SMD 0.5).", 2406),
    # the size of earlier work named just before a count
    ("Case presentation: A 34-year-old woman with PTSD received six ketamine infusions. Two prior "
     "trials of 20 patients had shown benefit.", None),
    ("A previous study of 18 adults was small; here we randomized 120 adults to ketamine or "
     "saline.", 120),
    # distractor: "prior" describing the participants is no earlier study
    ("Forty adults with prior ECT were enrolled in the study.", 40),
    # a trial's analysis population is no population statistic
    ("The mITT population comprised 221 patients (ketamine, n = 110; placebo, n = 111).", 221),
    # distractor: a population statistic
    ("Depression affects a population of 21 million adults; the trial enrolled 75 adults.", 75),
    # counts of one study and of an earlier one in clauses split by a semicolon are no arm pair
    ("The company said the phase 3 trial enrolled 402 adults across 60 sites in the US and "
     "Canada; an earlier phase 2 study of 110 patients had shown a benefit.", 402),
])
def test_long_abstract_competing_counts(text, expected):
    assert extract(text)["sample_size"] == expected


# 0.8.0: classes from blind3-held. Own sentences; each case has the count a naive rule takes.
@pytest.mark.parametrize("text,expected", [
    # an ordinal word is a modifier of the participant noun, not a number
    ("In the trial, 62 first responders with PTSD were randomly assigned to ketamine or "
     "midazolam; 14 patients had taken part in a pilot.", 62),
    ("Ninety first-time users were enrolled at two clinics, where 12 patients had been treated "
     "before.", 90),
    # a place named after people ("Veterans Affairs medical centers") counts sites, not people
    ("The trial ran at five Veterans Affairs medical centers; 140 (mean age 44 years; 120 men) "
     "were randomized.", 140),
    ("Across three veterans hospitals, 58 adults were enrolled.", 58),
    # distractor: people at a named place are still people
    ("Seventy veterans at two VA clinics were enrolled.", 70),
    # a bare count before a demographic bracket takes the enrolment verb after the bracket
    ("Three veterans hospitals took part. Of 300 screened, 96 (mean [SD] age 40.2 [8.1] years; "
     "80 [83%] men) were randomized and 85 completed.", 96),
    # a "with" qualifier between the people and the enrolment verb
    ("A pilot of 12 patients came first. Here, 75 adults with chronic PTSD were randomized to "
     "ketamine or midazolam.", 75),
    # distractor: a "with" qualifier before a screening verb is still a screened count
    ("In all, 210 adults with PTSD were screened and 64 patients were enrolled.", 64),
])
def test_blind3_held_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # the bare part taken from a clause-opening pool, with a long qualifier before its verb
    ("Of 412 veterans screened, 120 (mean [SD] age, 44.0 [9.6] years; 98 men [82%]) with "
     "chronic PTSD and a PCL-5 score of at least 40 were randomized 1:1; 3 participants had "
     "blood pressure above 180/110 mm Hg.", 120),
    ("Results: Of 2,040 patients seen at the clinic, 212 had treatment-resistant bipolar "
     "depression and were included (mean age 38 years).", 212),
    # distractor: a part of the sample after the pool is no enrolment
    ("Of 90 patients enrolled, 12 (13%) discontinued because of adverse events.", 90),
    ("Of 75 randomized participants, 61 completed week 8.", 75),
    # distractor: two stages after the pool; the randomized one is the sample
    ("Of 329 screened, 231 entered the open phase and 168 responders were randomized.", 168),
])
def test_blind4_pool_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # an earlier study named a few design words before its count
    ("An earlier randomised crossover trial of intravenous ketamine in 18 patients found quick "
     "relief. Thirty patients started treatment and 25 completed.", 30),
    # matching ratios and a stated cohort total
    ("Each ketamine patient was matched with three ECT-treated patients, giving a cohort of 840 "
     "patients.", 840),
    # invited people are a pool
    ("Of 3,100 people invited, 640 took part.", None),
    # a pooled analysis population is the sample
    ("Data from three placebo-controlled trials were pooled. The pooled population comprised "
     "1,210 randomized participants (esketamine, n = 700; placebo, n = 510).", 1210),
])
def test_blind5_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


def test_long_trial_count():
    result = extract("Data from four double-blind, placebo-controlled, 4-week induction trials "
                     "were pooled; the pooled population comprised 1,210 randomized participants.")
    assert result["trials_count"] == 4


@pytest.mark.parametrize("text,expected", [
    # "n =" parts inside a bracket that breaks a count down
    ("Forty-two patients were identified (bipolar I, n=15; bipolar II, n=27).", 42),
    ("We included 52 eligible patients (women, n = 30; men, n = 22).", 52),
    # distractor: one "n =" in a bracket is the count itself
    ("The analytic sample (N = 215) had a mean age of 41 years.", 215),
])
def test_breakdown_n_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # a summary statistic of included studies is no sample; "totalling" states the total
    ("Most trials were small (median n = 14). Nine studies met the criteria, totalling 301 "
     "participants.", 301),
    # a breakdown in brackets joins nothing; the source population is no sample
    ("The matched cohort comprised 4,200 patients (1,050 ketamine-treated and 3,150 controls) "
     "drawn from 98,310 adults with MDD.", 4200),
    # a journal name is no population
    ("The study, published in JAMA Network Open, involved 212 women having a caesarean section.",
     212),
    # distractor: a real network population
    ("The network holds records of 93,000 patients; the trial enrolled 64 adults.", 64),
    # the part taken from a pool with its verb right after it
    ("Of 71 veterans screened, 33 enrolled (mean age 40 years) and 29 completed.", 33),
    # a bare count named as the analytic sample
    ("Of 512 patients seen, 390 started treatment and 301 had complete ratings; these 301 form "
     "the analytic sample.", 301),
    # the size written into the study's name, beside a future programme's size
    ("The 284-patient study tested two doses. The company plans to start two trials enrolling "
     "about 800 patients later this year.", 284),
])
def test_blind6_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # a lead-in phase pool with an enrolment verb of its own
    ("Of 150 patients who entered the open-label phase, 80 responders were randomized "
     "(ketamine, 40; saline, 40).", 80),
    # people who stopped, counted with an arm breakdown
    ("Sixty veterans were screened and those eligible were randomized (ketamine n = 25; "
     "midazolam n = 24). Six participants (ketamine 2, midazolam 4) stopped therapy early.", None),
    # a subgroup with a condition in brackets
    ("Records of 91 veterans met inclusion criteria. Veterans with comorbid insomnia (n = 30) "
     "improved as much as those without.", 91),
    # a total before a colon breakdown
    ("The study included 12,400 patients: 3,100 who began esketamine and 9,300 matched patients "
     "who switched antidepressants.", 12400),
])
def test_blind7_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # people a finding applies to are no sample
    ("Comorbid insomnia, present in 17 participants, improved too. Thirty adults entered the "
     "crossover trial.", 30),
    # the pool's words describe the pool, not the count after its comma
    ("Results: Of 140 records screened, 77 patients met inclusion criteria (bipolar II, 58%).", 77),
    # a bare count that forms the analytic sample
    ("Of 300 veterans referred, 220 began treatment; 190 had paired scores and form the analytic "
     "sample (mean age 46 years).", 190),
    # clinicians surveyed are the sample
    ("A total of 540 psychiatrists responded (response rate 11.0%).", 540),
    # a study being planned is no sample
    ("The study enrolled 88 veterans. The team is now planning a 300-person study.", 88),
    # recruitment news quoting people reports a plan, not a sample
    ('The LATE study aims to recruit 200 patients over 60. Participants will be randomly allocated '
     'to ketamine or ECT. "We need answers," said Dr. Ann Bell.', None),
])
def test_blind8_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # the part of a pool that formed the analytic sample
    ("Of 610 patients identified, 455 patients with a follow-up rating formed the analytic sample "
     "(mean age 48 years).", 455),
    # a bare part after a demographic bracket that met the criteria
    ("Results: Of 300 patients who started treatment, 251 (mean age 50 years, 60% women) met the "
     "inclusion criteria. Scores fell.", 251),
    # "N =" inside an arm's dose bracket is that arm's size
    ("In this randomized trial, 40 adults were assigned to ketamine (0.5 mg/kg; N = 20) or "
     "midazolam (0.045 mg/kg; N = 20).", 40),
    # an ISRCTN record's final enrolment beats its target
    ("Study type\nInterventional\nAllocation\nNA\nTarget number of participants\n30\nTotal final "
     "enrolment\n19\nRecruitment start date\n01/02/2022", 19),
])
def test_blind9_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


def test_records_from_are_own_records():
    text = "Researchers examined records from 1,150 patients treated by a telehealth provider."
    assert extract(text)["sample_size"] == 1150


@pytest.mark.parametrize("text,expected", [
    # a bracketed arm breakdown, then completers: the count before the bracket is the total
    ("Of 180 adults screened, 72 were randomized (37 ketamine, 35 placebo) and 66 completed the "
     "follow-up visit.", 72),
    # an enrichment design: the randomized count beats the open-label entrants and responders
    ("Of 210 patients who entered the open-label lead-in, 120 responded, and 104 were randomized "
     "to continue or to switch to placebo.", 104),
    # a trial that is due to begin is no sample; "due to" a cause is no plan
    ("In the crossover study, 18 veterans received both infusions. A 400-patient trial is due to "
     "begin next year.", 18),
    ("Nineteen adults enrolled in the pilot; one withdrew due to nausea.", 19),
    # people a survey was sent to are an invited pool; those who answered are the sample
    ("We mailed a questionnaire to 2,400 members of a patient charity. Of 2,400 people contacted, "
     "615 respondents completed the questionnaire.", 615),
    ("Investigators emailed an online survey link to 5,120 adults who had used a ketamine clinic; "
     "1,210 adults replied.", 1210),
    # a count that forms the analytic sample after a long qualifier
    ("Responses came from 980 patients; 802 reported a diagnosis of bipolar or treatment-resistant "
     "major depression and form the analytic sample.", 802),
    # those who answered an invitation are the sample; a clinical response is not
    ("Of 1,500 clinic patients invited, 402 responded (response rate 26.8%), and 377 with "
     "complete data were analysed.", 402),
    ("Of 40 patients treated with ketamine, 22 responded.", 40),
    # less common participant nouns
    ("Thirty-one civilians with chronic PTSD received ketamine and midazolam in random order.", 31),
])
def test_blind10_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text", [
    # a whole feature story with no study of its own: its counts are a cited survey's
    "Ketamine clinics keep opening across the country, and few of them accept insurance. In a "
    "2023 survey she co-authored of 2,900 adults who had paid for infusions, a fifth said no "
    "psychiatrist had seen them before the first session. Prices run from $400 to $700 a session, "
    "and most patients start with six infusions over two or three weeks. \"People are desperate,\" "
    "said one clinic owner, who runs three sites in Ohio and plans a fourth. Regulators in several "
    "states are weighing rules that would require a psychiatric evaluation before treatment, and "
    "insurers say they are watching the evidence closely. The nasal spray approved in 2019 remains "
    "the only version of the drug cleared for depression.",
])
def test_no_study_no_sample(text):
    result = extract(text)
    assert result["design"] is None
    assert result["sample_size"] is None


# How abstracts, records and news commonly state who was studied (arm sizes are never summed).
COMMON_FORMATS = [
    ("This retrospective study included 152 consecutive patients with treatment-resistant "
     "depression who received at least one ketamine infusion.", 152),
    ("A cohort of 1,024 adults receiving esketamine nasal spray was followed for 12 months.", 1024),
    ("We analysed data from 347 patients treated with intravenous ketamine at a tertiary centre.", 347),
    ("The sample comprised 88 adolescents aged 13 to 17 years.", 88),
    ("Participants (N = 64; 38 women) were randomized to ketamine or midazolam.", 64),
    ("Sixty patients were randomly assigned to receive ketamine (n = 30) or ECT (n = 30).", 60),
    ("In 41 patients with bipolar depression, a single infusion of ketamine reduced MADRS scores.", 41),
    ("Eighteen subjects with treatment-resistant major depression received a single "
     "intravenous infusion of ketamine hydrochloride (0.5 mg/kg) or placebo on 2 test days, a "
     "week apart.", 18),
    ("Methods: Medical records of 235 inpatients who received ketamine between 2018 and 2022 "
     "were reviewed.", 235),
    ("The trial randomized 227 patients across 39 sites in 5 countries.", 227),
    ("A total of 54 participants with OCD were enrolled; 49 completed the study.", 54),
    ("Of the 112 randomized patients, 104 (92.9%) completed week 4.", 112),
    ("Using a nationwide claims database, we identified 4,512 patients who initiated "
     "esketamine and 18,048 matched controls.", None),
    ("Ninety-nine veterans with PTSD enrolled in the trial.", 99),
    ("Twenty-four patients (12 per group) completed the protocol.", 24),
    ("We conducted a double-blind trial in 120 outpatients with major depressive disorder.", 120),
    ("Participants: 73 adults with chronic PTSD.", 73),
    ("The study population consisted of 310 patients admitted for suicidal ideation.", 310),
    ("Data on 96 women with postpartum depression were analysed.", 96),
    ("Among the 2,163 patients who started esketamine, 1,402 reached the induction endpoint.", 2163),
    ("We recruited 45 individuals with treatment-resistant depression and randomly assigned "
     "them to three groups.", 45),
    ("The analysis included 11 RCTs with 786 participants.", 786),
    ("In this phase 2 study, 67 patients received ketamine at one of three doses.", 67),
    ("A total of 3,290 patients from 10 trials were included in the meta-analysis.", 3290),
    ("One hundred and twenty patients undergoing ECT were randomized to ketamine or propofol "
     "anaesthesia.", 120),
    ("Fifty-two participants were allocated to esketamine and 51 to placebo.", None),
    ("The researchers followed 403 people who were prescribed the nasal spray at 20 clinics.", 403),
    ("The study, which involved 365 adults with severe depression, found that ketamine was as "
     "effective as ECT.", 365),
    ("More than 400 patients took part in the study, which ran at five hospitals.", None),
    ("The team gave ketamine to 25 patients and a placebo to 24 others.", None),
    ("Researchers at Yale tracked 1,100 people who received ketamine at home through a "
     "telehealth company.", 1100),
    ("In the trial, published Wednesday in the New England Journal of Medicine, 403 patients "
     "were assigned to ketamine or ECT.", 403),
    ("The findings come from a survey of 2,000 U.S. adults conducted in May.", 2000),
    ("About 1 in 3 of the 8 million Americans with depression do not respond to treatment. The "
     "new study enrolled 60 volunteers.", 60),
    ("Participants: Twenty-eight adults aged 18-65 with OCD.", 28),
    ("Enrollment: 40 (Actual)", 40),
    ("Patients and methods: Two hundred patients scheduled for caesarean delivery were "
     "randomly allocated to receive esketamine or saline.", 200),
    ("Results: 276 patients (mean age 45.2 years; 61.2% female) were included in the analysis.", 276),
    ("The meta-analysis pooled data from 24 studies (n = 1,877).", 1877),
    ("The study included 20 patients in the ketamine group and 20 in the control group.", None),
]


@pytest.mark.parametrize("text,expected", COMMON_FORMATS)
def test_common_report_formats(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # the part of an intake pool that started treatment
    ("Results: Of 390 patients who attended an intake visit, 301 started treatment and 260 (86.4%) "
     "received all infusions.", 301),
    # distractor: a randomized pool stays the sample when a part of it starts
    ("Of 40 randomized patients, 38 started treatment.", 40),
    # an arm's dose between its name and its "(n = ...)"
    ("In this trial, 90 adults were randomized to ketamine 0.5 mg/kg (n = 46) or midazolam "
     "0.045 mg/kg (n = 44).", 90),
    # a threshold before "were randomised" is not a count
    ("Adults with a HAMD-17 score >20 were randomised to ketamine or ECT. Fifty-eight patients took "
     "part.", 58),
    # a breakdown after "of whom" makes the count before it the total
    ("The cohort comprised 3,105 patients, of whom 702 initiated esketamine and 2,403 initiated "
     "ECT. Deaths were too few to compare (n = 19).", 3105),
    # an enrolled pool is the sample; a randomized part of it is the sample
    ("Of 610 enrolled patients, 402 entered the optimization phase.", 610),
    ("Of 120 enrolled patients, 100 were randomized to ketamine or placebo.", 100),
])
def test_blind11_12_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # ChiCTR layout: sizes listed under each group are group sizes, never summed
    ("Registration number:\nChiCTR2400012345\nStudy type:\nInterventional study\nStudy design:\n"
     "Parallel\nInterventions:\nGroup:\nExperimental group\nSample size:\n40\nIntervention:\n"
     "Ketamine\nGroup:\nControl group\nSample size:\n40\nIntervention:\nSaline", None),
    # IRCT layout: the target sample size counts for a registry record
    ("IRCT registration number: IRCT20220101000000N1\nRecruitment status\nRecruitment complete\n"
     "Scientific title\nKetamine for OCD: a randomized trial\nSample size\nTarget sample size: 52\n"
     "Randomization (investigator's opinion)\nRandomized", 52),
])
def test_more_registry_layouts(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # authors reporting their own single-arm study keep their count without design words
    ("Background: Many patients with OCD do not respond to serotonin reuptake inhibitors, and single "
     "infusions of ketamine have given mixed results in small studies of this group. Methods: We enrolled "
     "16 adults with OCD who had failed two serotonin reuptake inhibitors. Participants received three "
     "infusions of ketamine 0.5 mg/kg over 40 minutes on days 1, 3 and 5 while continuing their "
     "medication. Results: All 16 completed the infusions. Mean Y-BOCS fell from 27.0 to 21.4 at day "
     "7 (p < 0.001), and five participants met response criteria. Blood pressure rose above 160/100 "
     "mm Hg during two infusions, and no serious adverse events occurred during the study period.", 16),
    # "screened as having" describes the people, it is no screening pool
    ("The trial followed 340 women who were screened as having mild depressive symptoms; they were "
     "randomly assigned to esketamine or placebo. A larger study of about 1,000 women is now under "
     "way.", 340),
    # groups after "comparing" are parts of the total
    ("Researchers analyzed records of 9,120 adults, comparing 2,280 who began esketamine with 6,840 "
     "matched adults who switched antidepressants.", 9120),
    # "Among N ..." after a larger sample describes part of it
    ("Researchers pooled questionnaires from 1,150 adults at 20 clinics. Among 190 patients treated "
     "mainly for PTSD, checklist scores fell by 15 points.", 1150),
])
def test_blind13_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # "M of N screened ... were enrolled": the part entered; a plain "M of N responded" keeps N
    ("Between 2022 and 2024, 88 of 140 screened women were enrolled and randomized; 85 were included "
     "in the analysis.", 88),
    ("Response occurred in 22 of 40 patients with OCD after ketamine.", 40),
    # a meta-analysis subset that "contributed to the primary analysis" is not the pooled total
    ("We searched five databases. Eighteen RCTs (2,410 participants) met inclusion criteria, and 13 "
     "trials with 1,620 participants contributed to the primary meta-analysis.", 2410),
    # a span of years is no second group
    ("The observational study followed 2,950 veterans discharged between 2019 and 2023 with "
     "treatment-resistant depression.", 2950),
    # a structured abstract's Participants section opens with the sample
    ("Design\nRandomised, double-blind trial.\nParticipants\n380 women aged 18-40 years scheduled for "
     "caesarean delivery.\nResults\n371 women were included in the modified intention-to-treat "
     "analysis.", 380),
    # the responders of a lead-in who were then randomized
    ("In the phase 2 study, 190 patients first took the tablet openly for five weeks. The 84 who "
     "responded were then randomly assigned to continue or to switch to placebo.", 84),
    # a secondary analysis keeps the parent trial's randomized total; a day is no count
    ("Of the 260 participants randomized in the parent trial, 244 with ratings at baseline and day 8 "
     "formed the analysis sample.", 260),
])
def test_blind14_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # after propensity score matching, the analysis set is the sample
    ("Of 8,900 eligible episodes, 3,050 met all criteria; after 1:2 propensity score matching, the "
     "analysis included 2,310 patients (770 esketamine and 1,540 ECT initiators).", 2310),
    # clinicians who completed a questionnaire they opened
    ("Of the 650 psychiatrists who opened the questionnaire, 540 completed it (response rate 13.5%).", 540),
    # a meta-analysis subset that reported an outcome; studies named before a bracket
    ("Of 4,100 records screened, 35 studies (25 retrospective and 10 prospective) including 8,900 "
     "patients met the inclusion criteria; 27 studies with 6,400 patients reported response.", 8900),
    # "in all" after the count makes it the total
    ("The team identified 2,700 adults who began esketamine and matched each with up to three who "
     "switched antidepressants, giving 10,400 patients in all.", 10400),
    # "Among the N ..." after a larger cohort is a subgroup; "covered" names the cohort
    ("The registry covered 4,100 patients who began ketamine at 40 clinics. Among the 590 patients "
     "treated mainly for PTSD, checklist scores fell by 14 points.", 4100),
    # "one in every 75 adults" is a ratio; "a survey of N adults" names the study's people
    ("About one in every 75 adults used ketamine last year, according to a national survey of 11,900 "
     "adults conducted in 2024.", 11900),
    # records reviewed "for" the study's people are its own
    ("Researchers at the health network reviewed charts for 1,150 veterans treated at 17 VA "
     "facilities.", 1150),
])
def test_blind15_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # a dated citation's count is other work
    ("The study enrolled 60 veterans with PTSD. The findings follow a 2024 retrospective review of "
     "300 veterans treated in VA ketamine programs, which found fewer admissions.", 60),
    # the enrolment verb after a demographic bracket; a follow-up n= is no sample
    ("Results: Sixty-two veterans (mean age 40.1 years; 85% male) were randomized. At the 3-month "
     "follow-up (n=41), the difference was no longer significant.", 62),
    # records linked "to identify" the study's people
    ("Researchers linked national prescribing and hospital records to identify 1,390 adults who began "
     "esketamine between 2020 and 2024.", 1390),
    # "the cohort included" states the total; the matched set is a part of it
    ("The cohort included 6,100 women, of whom 1,480 received esketamine. After matching, 2,800 "
     "women (1,400 per group) were analysed.", 6100),
    # a pooled count in brackets after a count of studies
    ("Twenty studies met the inclusion criteria, of which 17 (2,400 patients) contributed to the "
     "pooled analyses.", 2400),
])
def test_blind16_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # a bare count named as the study's own cohort or sample just before it
    ("Results: Of 3,120 eligible visits, 180 patients received ketamine and were matched to 540 "
     "usual-care patients, giving a matched cohort of 720. Median age was 35 years.", 720),
    ("Of 5,120 eligible adults, 300 received ketamine and were matched to 900 controls, giving an "
     "analytic sample of 1,200.", 1200),
    # distractor: the pool a sample came from
    ("Participants were drawn from a cohort of 214,806; 412 patients were enrolled.", 412),
    # a subgroup defined by a score cut-off is no sample
    ("In this secondary analysis, 122 adults with suicidal ideation were randomized to ketamine or "
     "midazolam. High anhedonia was defined as a SHAPS score of 5 or more (n=67).", 122),
    # a study named by its year is other work, even with a compound word before its noun
    ("The new trial enrolled 96 adults. Earlier work has shown that benefits fade: in a 2021 follow-up "
     "study of 512 patients, nearly half relapsed.", 96),
    ("In this 2023 trial of 80 patients, ketamine was compared with placebo.", 80),
    # a power calculation's requirement yields to the number to be recruited
    ("Methods: This protocol describes a randomized trial. Assuming 80% power, 214 participants are "
     "required; allowing for 12% attrition, we will recruit 244 participants.", 244),
    ("Methods: This protocol describes a randomized trial. Assuming 80% power, 120 participants are "
     "required.", 120),
])
def test_blind20_21_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # bracketed counts of a list's items are a breakdown, not the sample
    ("Thirty-four patients maintained on therapeutic lithium (n=15), valproate (n=9), lamotrigine (n=6) or "
     "a second-generation antipsychotic (n=4) received six open-label ketamine infusions.", 34),
    # a total cohort named without "of"
    ("Results: Among 41,877 eligible presentations, 1,162 patients received ketamine and were matched to "
     "4,648 usual-care patients (total cohort 5,810; median age 34 years).", 5810),
    # a protocol's earlier pilot is other work; this study's own pilot is not
    ("Background: Postpartum depression is common. In an uncontrolled pilot at our centre, 24 women given "
     "intranasal ketamine improved. Methods and analysis: This multicentre randomised trial will recruit "
     "180 women.", 180),
    ("Methods: In this pilot trial, 24 women were randomized to ketamine or placebo.", 24),
    # distractors: one "n =" for the whole sample; per-arm brackets with no total
    ("Participants (n = 41) received ketamine.", 41),
    ("Patients received ketamine (n = 20) or placebo (n = 21).", None),
])
def test_blind22_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # in a records study, the part with outcome data is the sample
    ("In this retrospective analysis, researchers reviewed the records of 2,318 veterans treated at 41 "
     "clinics. Of those, 1,027 completed a standard induction series of six infusions and filled out "
     "symptom questionnaires.", 1027),
    ("Methods: Retrospective chart review. Results: Of 1,873 patients with a clinic record, 742 had a "
     "depressive disorder, completed the induction series and had PHQ-9 data at baseline.", 742),
    ("Methods: Retrospective chart review. Of 612 patients referred, 438 had a primary diagnosis of TRD, "
     "and 371 had a PHQ-9 score recorded both before and after the series.", 371),
    # distractors: the enrolled of a prospective cohort; a description of part of a cohort; a trial's completers
    ("Methods: A prospective cohort. Results: Of 219 first responders who enrolled, 176 completed "
     "treatment and 131 provided 6-month data.", 219),
    ("In this retrospective cohort of 500 patients, of those, 40 had a history of suicide attempts.", 500),
    ("In this randomized trial, 120 patients were randomized. Of those, 100 completed the study and "
     "provided data.", 120),
])
def test_blind23_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # a subgroup named with "among" and "taking" before its "(n = 41)"
    ("Results: The registry included 383 patients. Among bipolar patients taking lithium (n = 41), "
     "remission reached 34.1%.", 383),
    # a survey's returned questionnaires are its sample
    ("Methods: An online survey of patients of a telehealth provider. Results: Of the patients invited, "
     "2,204 returned complete questionnaires (response rate 22.3%).", 2204),
])
def test_blind24_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # arm sizes after another named agent's dose; counts "respectively" are per arm
    ("Inpatients referred for ECT were randomly allocated to anaesthesia with ketamine 1.0 mg/kg (n = 33) or "
     "propofol 1.0 mg/kg (n = 31). Post-ictal agitation occurred in 6 and 2 patients, respectively.", None),
    # a pool assessed for eligibility before the randomized count
    ("A total of 338 parturients aged 20–40 years were assessed for eligibility, and 300 were randomly "
     "assigned (1:1) to esketamine or saline.", 300),
    # a protocol's planned size "allowing for 10% dropout" is still the plan
    ("Study protocol. Assuming relapse rates of 45% with placebo and 25% with ketamine and 90% power, the "
     "trial will recruit 232 participants, allowing for 10% dropout.", 232),
    # a study "published last year" is other work; a "ketamine protocol" does not make a protocol
    ("The trial randomly assigned 268 patients aged 60 and over to ketamine or ECT, and the trial's ketamine "
     "protocol cost $3,400. A Canadian study of 240 adults, published last year, found ECT ahead. The team "
     "is seeking funding for a study of 400 participants.", 268),
    # a records cohort's part that completed the baseline assessment
    ("Methods: A prospective uncontrolled clinic cohort. Results: Of 512 referred patients, 403 completed the "
     "baseline assessment and received at least one infusion.", 403),
])
def test_blind25_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # the enrolment verb after a short relative clause
    ("In the Phase 3 trial, called HORIZON-1, 412 adults who had failed at least two antidepressants were "
     "randomly assigned to AUR-212 or placebo. A smaller Phase 2 study of AUR-212 in 2023, involving 96 "
     "patients, had missed its primary goal.", 412),
    # a follow-up trial with funding is a plan, not this study
    ("The study followed 96 first responders who had lived with PTSD for nine years. The team has received "
     "$3 million in federal funding for a follow-up trial involving 240 participants.", 96),
    # a hyphenated modifier counts once before the participant noun
    ("Methods: In this double-blind trial, 162 active-duty service members and veterans with chronic PTSD "
     "were randomly assigned in a 1:1:1 ratio to ketamine or saline.", 162),
    # distractor: the screened pool of a relative clause
    ("Of the 300 patients who were screened, 120 were randomized.", 120),
])
def test_blind26_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


def test_records_part_with_a_split_follow_up_word():
    text = ("Methods: Retrospective chart review at three clinics. Results: Of 352 patients identified, 317 had "
            "a baseline and at least one follow-up MADRS and were analysed (mean age 52.7 years).")
    assert extract(text)["sample_size"] == 317


@pytest.mark.parametrize("text,expected", [
    # people who consented, out of a pool approached (distractor: the later subset at month 6)
    ("Results: Of 310 patients approached, 248 consented and received at least one dose. Among the 161 "
     "patients still on treatment at month 6, 49% were responders.", 248),
    # the per-protocol set is a part of the randomized sample
    ("We randomized 84 participants (ketamine, n = 42; esketamine, n = 42); 79 were included in the "
     "per-protocol analysis.", 84),
    # an earlier analysis (not a trial) named by an earlier-word is other work
    ("The insurers examined records of 2,104 adults who started esketamine and compared them with 6,312 "
     "matched patients. An earlier "
     "claims analysis from 2021, covering about 900 patients, found no difference.", None),
])
def test_blind28_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # the matched analytic cohort beats a pool that "met TRD criteria"
    ("Results: Of 1,204,118 adults with MDD, 88,302 met TRD criteria; 2,950 esketamine initiators and 38,114 "
     "augmentation initiators were eligible. After matching, the analytic cohort comprised 14,760 patients "
     "(2,952 esketamine; 11,808 augmentation).", 14760),
    # a matching ratio is no count; a dated trial of someone's group is other work
    ("Researchers studied insurance claims. They matched each ketamine patient with four people of similar "
     "age who started a new antidepressant. The final analysis included 21,400 people. Her own group's 2021 "
     "trial randomized 80 patients to ketamine or midazolam and found a benefit.", 21400),
    # the part a registry report analyses
    ("The findings come from a treatment registry, which has gathered data on 2,040 patients treated at 12 "
     "clinics since 2019. The new analysis focused on the 588 veterans with PTSD who completed six infusions.",
     588),
    # "That trial" after a cited trial is the cited one; "the median trial" is one trial
    ("The trial randomly assigned 180 people with PTSD to ketamine or placebo. A smaller trial, published in "
     "2021, found no difference. That trial enrolled 150 people.", 180),
    ("The review combined data from 2,980 patients in 22 placebo-controlled trials. The intravenous trials were "
     "small: the median trial had 38 participants.", 2980),
])
def test_blind29_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # an eligible pool before a matched analysed part
    ("Results: Of 1,180 eligible patients, 402 matched patients (201 per group) were analysed.", 402),
    # the patients a records analysis drew on, not those who started treatment (distractor: a year)
    ("The retrospective analysis of company records, published Tuesday, drew on 7,910 patients who filled in "
     "questionnaires before and after treatment. In total, 19,400 people started treatment between 2021 and "
     "2024; the rest did not complete the follow-up.", 7910),
    # an open-label extension's own sample
    ("Results: Of 58 patients randomized in the parent trial, 41 entered the extension and 30 completed week "
     "24.", 41),
])
def test_blind30_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


def test_single_group_registry_size():
    text = ("Registration number:\nChiCTR2300071234\nStudy type:\nInterventional study\nStudy design:\nSingle arm\n"
            "Interventions:\nGroup:\nEsketamine group\nSample size:\n45\nIntervention:\nEsketamine 0.25 mg/kg\n")
    assert extract(text)["sample_size"] == 45


@pytest.mark.parametrize("text,expected", [
    # scale values joined by "or" before "were randomised" are no count
    ("Adults with a C-SSRS ideation score of 4 or 5 were randomised 1:1. Results: 402 patients were screened "
     "and 263 were randomised.", 263),
    # the analytic cohort named after a long clause and a scale's digit
    ("Methods: Retrospective chart review. Results: Of 2,417 patients who started induction, 688 had PTSD "
     "recorded as an indication and both a baseline and a post-induction PCL-5; these formed the analytic "
     "cohort.", 688),
    # the next count of people, not the earlier one, forms the cohort (its share in brackets)
    ("Methods: Retrospective cohort. Results: Of 2,044 veterans who received IV ketamine, 811 had comorbid PTSD "
     "and MDD, and 653 (80.5%) had both baseline and end-of-series scores and formed the analytic cohort.", 653),
    # "for every seven people treated" is a rate; "randomly assigned N" enrols them
    ("The study randomly assigned 174 adults to a ketamine lozenge or a placebo lozenge. \u201cOne extra "
     "responder for every seven people treated is modest,\u201d he said.", 174),
    # those who "form the basis of the findings", not the pool they came from
    ("The retrospective analysis drew on records from 11,834 adults who began treatment. Of those, 7,291 "
     "completed questionnaires before and after treatment, and they form the basis of the findings.", 7291),
    # an enrolment verb before the count outweighs a side effect named in its clause
    ("The trial randomly assigned 150 veterans to ketamine or midazolam, a sedative chosen because it causes "
     "similar drowsiness.", 150),
])
def test_blind32_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # the part of a registry that initiated either treatment
    ("Methods: Register-based cohort. Results: Of 5,640 patients with registered TRD, 4,120 initiated one of "
     "the two treatments (esketamine 1,090; ECT 3,030).", 4120),
    # distractor: a part that initiated a drug and was matched to another group is one group
    ("Methods: Matched cohort. Results: Of 51,800 individuals with TRD, 1,090 initiated esketamine and were "
     "matched to 4,360 augmentation initiators, giving a study cohort of 5,450 patients.", 5450),
])
def test_blind33_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # a later count with its own breakdown is a stage, not the second arm; the mITT set is a part
    ("Results: Among 402 women assessed for eligibility, 330 were randomized and 318 (162 esketamine, 156 "
     "saline) were included in the modified intention-to-treat analysis.", 330),
    # "12 randomised trials (n = 611 participants)" counts trials, then pools participants
    ("Meta-analysis. Results: Of 2,317 records screened, 12 randomised trials (n = 611 participants; mean age "
     "39.6 years) met the inclusion criteria.", 611),
    # "(n = 8)" after trials with no count of their own counts trials
    ("Meta-analysis of 21 trials with 1,137 participants. Trials at low risk of bias (n = 8) yielded a smaller "
     "pooled estimate (g = −0.52).", 1137),
])
def test_blind34_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # "screened N" is the pool; "randomized N (...)" without a noun is the sample
    ("Results: We screened 301 patients and randomized 168 (ketamine 85, esketamine 83); 160 received all "
     "four infusions.", 168),
    # a few of a review's trials, "in two cases", and "several hundred" are no pooled total
    ("The researchers combined data on 2,870 patients from trials that compared either drug with a placebo or, "
     "in two cases, with each other. Only two of the 29 trials directly compared the two drugs, together "
     "enrolling just 180 patients. \u201cWe need a trial with at least several hundred patients,\u201d she "
     "said.", 2870),
    # "n =" in a bracket with a cut-off counts a subgroup
    ("In this trial, 250 inpatients were randomized to ketamine or ECT. Participants with the most severe "
     "anhedonia (SHAPS ≥12; n = 70) showed the largest early advantage.", 250),
])
def test_blind35_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # "of whom N were randomised" after a screened pool: the randomised part is the sample ...
    ("Overall, 512 women were assessed for eligibility, of whom 290 were randomised (145 per group) and 276 "
     "were analysed.", 290),
    # ... while "of whom N" with any other verb stays a subgroup
    ("We enrolled 88 adults with bipolar depression, of whom 31 were taking lithium.", 88),
    # "N were eligible and enrolled": the enrolled part of a referred pool
    ("Of 52 patients referred to the clinic, 34 were eligible and enrolled, and 29 completed all infusions.", 34),
    # a count of trials opening a review's included set is no sample; its bracketed participants are
    ("From 1,904 records screened, 14 trials (1,206 participants; 8 with intravenous ketamine) were included.",
     1206),
    # a capitalised name counts as one modifier before the noun
    ("The study enrolled 118 former Royal Canadian Air Force personnel with chronic PTSD. A smaller study had "
     "found benefit in 40 people.", 118),
    # the largest trial's size is no pooled total
    ("The review pooled data from 402 patients in seven trials. Most were small: the largest enrolled 120 "
     "patients.", 402),
    # the comparison group after "compared with" gets no enrolment bonus over the stated cohort
    ("Investigators linked national registers for 8,440 adults with depression. Of these, 1,210 began "
     "esketamine and were compared with 7,230 patients who continued usual care.", 8440),
])
def test_blind37_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # a part that "made up the study sample" / "the analysis cohort" is the sample, not its pool
    ("Of about 6,100 clients who began the programme in that period, 940 completed both questionnaires, and "
     "they made up the study sample.", 940),
    # distractor: "made" without naming the sample names nothing
    ("We enrolled 64 adults with bipolar depression; 12 made a full recovery.", 64),
    # "N were randomized withdrawal trials" counts trials, not people
    ("Seven trials including 1,960 patients (1,102 esketamine, 858 placebo) met the inclusion criteria; three "
     "were short-term induction trials, two were randomized withdrawal trials and two were run in Japan.", 1960),
])
def test_blind38_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # a count right after a threshold word is the threshold ("score above 28 were randomly assigned")
    ("Adults aged 19 to 64 years with a MADRS total score above 28 were randomly assigned to esketamine or "
     "placebo twice weekly. Of 341 patients screened, 252 were randomised (esketamine 127, placebo 125).", 252),
    ("Outpatients with a HAM-D score below 30 were randomly assigned to ketamine or midazolam; in all, 74 were "
     "randomized.", 74),
    # distractor: the count before the threshold is the sample
    ("Sixty patients with a MADRS score above 28 were randomized to ketamine or midazolam.", 60),
    # in a trial, those who "received at least" some treatment are a later stage than the randomized
    ("In a randomized trial at three centres, 64 adults with bipolar depression who were starting a course "
     "of ECT were allocated to ketamine or methohexital anaesthesia. Fifty-eight patients received at least "
     "four sessions.", 64),
    ("Between 2019 and 2023, 142 patients were randomized (71 per group), and 131 received at least one "
     "treatment.", 142),
    # distractor: in a cohort, "received at least one session" defines the cohort
    ("In this retrospective cohort study, of 2,187 patients with TRD in the register, 436 patients received at "
     "least one esketamine session and formed the cohort.", 436),
    # "(n = N)" at a follow-up visit counts those still followed, not the sample
    ("Eighty adults with chronic PTSD (CAPS-5 total ≥ 30) were randomly assigned to ketamine (n = 40) or saline "
     "(n = 40). At the 6-month follow-up (n = 61), the difference was 3.2 points.", 80),
    # news of a meta-analysis that mentions a national trial planned for next year is no protocol
    ("Researchers pooled the results of 11 randomised trials involving 1,940 women, most of them run in China. "
     "The reviewers found that most trials were small. The authors said a national trial planned to start "
     "next year would aim to recruit 900 women at 15 maternity units.", 1940),
    # a recruitment story quoting the team ('," she said'): its target is not a sample
    ("A Halifax team has begun a trial comparing psilocybin with ketamine. The study hopes to enrol 150 people "
     "aged 21 to 65 over the next three years. Participants will be randomly assigned to receive either drug. "
     "\"Nobody has compared them directly,\" she said.", None),
])
def test_blind39_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # the last stage of a screening chain, its noun left out ("36 were eligible and 34 enrolled")
    ("Of 61 veterans referred, 36 were eligible and 34 enrolled (26 men; mean age 43 years).", 34),
    ("Of 88 mothers approached, 52 were screened, and 47 randomized (mean age 31 years).", 47),
    # distractor: a demographic count inside the bracket after "N enrolled" is a part
    ("In this open-label study, of 40 adults referred, 30 were eligible and 22 enrolled (15 women; mean age "
     "38 years).", 22),
    # distractor: counts allocated "to" an arm are arm sizes, not the last stage
    ("Of 120 patients screened, 80 were eligible and 40 randomized to ketamine, while the rest chose "
     "usual care.", None),
    # in a randomized trial, those who "received the allocated" treatment are a later stage
    ("Ninety adults with bipolar depression and suicidal ideation, maintained on lithium, were randomized "
     "1:1:1 to ketamine 0.5 mg/kg, ketamine 0.2 mg/kg or midazolam. Eighty-seven participants received the "
     "allocated infusion.", 90),
    # distractor: in a cohort, those who received a treatment are the cohort
    ("In this retrospective cohort, 212 veterans received their assigned course of intravenous ketamine "
     "at two clinics.", 212),
    # two modifiers joined by "or"/"and" before the noun
    ("We ran a randomized, saline-controlled crossover trial. Twenty-six unmedicated or stably medicated "
     "adults with OCD received ketamine and saline in random order. Twenty-three participants completed "
     "both periods.", 26),
    # distractor: "and" before another count ends the phrase
    ("We randomized 64 adults with bipolar depression to ketamine or midazolam. At week 4, 12 improved and "
     "9 unchanged patients were interviewed.", 64),
    # a network that "plans to" begin a trial names its next study: that trial's target is no sample
    ("The analysis looked at 1,142 veterans with PTSD treated at eleven clinics between 2020 and "
     "2024. The researchers found that scores fell by 12 points. The network plans to begin a randomized trial comparing ketamine with an active "
     "placebo next spring, Okafor said. It aims to recruit 240 veterans across six sites.", 1142),
])
def test_blind41_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected,trials", [
    # in a review, patients pooled over fewer studies than it includes are one analysis's subset
    ("We performed a systematic review and meta-analysis of randomized trials of ketamine for suicidal "
     "ideation. From 2,318 records, 11 RCTs enrolling 694 participants met inclusion criteria. Response was "
     "more frequent with ketamine (risk ratio 1.84, 95% CI 1.27 to 2.66; 7 trials, 402 participants).",
     694, 11),
    # distractor: the first count of the sentence is its whole set, the later ones break it down
    ("We systematically reviewed studies of ketamine in OCD and pooled response rates in a meta-analysis. "
     "From 946 records, 13 studies met the inclusion criteria: 4 randomized controlled trials, 5 open-label "
     "trials and 4 case series, together enrolling 231 participants.", 231, 13),
])
def test_blind42_meta_subsets(text, expected, trials):
    result = extract(text)
    assert (result["sample_size"], result["trials_count"]) == (expected, trials)


@pytest.mark.parametrize("text,expected", [
    # a part of the first count ("of whom") or a demographic count in a bracket is no second arm
    ("The parent trial randomized 99 participants, of whom 95 had at least one rating and were included "
     "here (mean age 46.1 years; 52 women).", 99),
    # a count of services is no arm: "six youth mental health services"
    ("The trial, run at six youth mental health services in Australia and New Zealand, enrolled 148 young "
     "people aged 14 to 18. They were randomly assigned to ketamine or midazolam.", 148),
    # distractor: two arm sizes joined by "and" are still arms, never the total
    ("The trial randomly assigned 30 patients to ketamine and 28 patients to midazolam.", None),
])
def test_blind42_arm_pair_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # those who consented and entered, their noun left out, at the end of a screening chain
    ("Over two years, 812 adults were screened, 140 were eligible, and 96 consented and were randomized "
     "(48 per arm).", 96),
    ("Of 75 eligible patients, 52 consented and were randomly assigned to ketamine or saline.", 52),
    # distractor: consenting to something after the study began is no entry into it
    ("We randomized 60 patients to ketamine or midazolam; 50 consented and were followed for one year.", 60),
    # a trial's lead-in phase is an earlier stage than randomization
    ("In this randomized, placebo-controlled withdrawal trial, a total of 310 patients entered the open-label "
     "run-in; 120 responded, 15 withdrew, and 175 non-responders were randomized (88 vs 87).", 175),
    ("In this randomized trial, a total of 402 patients entered induction, and 150 stable remitters were "
     "randomly assigned to continue ketamine or switch to saline.", 150),
    # distractor: a lead-in with no randomized count after it keeps its total
    ("In this randomized trial, a total of 120 patients entered the lead-in and were then randomized to "
     "ketamine or placebo.", 120),
    # occupations as participants: "paramedics", "dispatchers"
    ("The randomized trial enrolled 84 paramedics, firefighters and emergency dispatchers with PTSD.", 84),
])
def test_blind43_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # "(n = 9 studies)" counts studies, not people
    ("We systematically reviewed 14 studies, which together enrolled 356 participants. Routes were intravenous "
     "(n = 9 studies), intranasal (n = 3) and oral (n = 2).", 356),
    # distractor: an n= of people stays a sample size
    ("In this randomized trial (n = 48 patients), ketamine was better than placebo.", 48),
    # a records study's analysed part after "Of roughly N who began"
    ("We retrospectively analysed records of a telehealth provider. Of roughly 9,200 adults who began treatment, "
     "3,410 completed a depression questionnaire before and after treatment, and only they were included.", 3410),
    # distractor: the enrolled pool of a trial keeps its count when some "completed"
    ("Of 219 first responders who enrolled in the randomized trial, 176 completed the follow-up questionnaire.", 219),
])
def test_blind44_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected


@pytest.mark.parametrize("text,expected", [
    # "(N=54) from three provinces were randomly assigned": the bracket names the randomized total
    ("Paramedics and police officers with PTSD (N=54) from three Canadian provinces were randomly assigned to "
     "ketamine or midazolam.", 54),
    # distractor: a subgroup's bracket with a place but no enrolment verb
    ("We randomized 120 patients to ketamine or saline. Those with psychotic features (n = 14) from two sites "
     "were older.", 120),
])
def test_blind45_sample_classes(text, expected):
    assert extract(text)["sample_size"] == expected
