"""Design classification: the corpus labelling order between competing cues."""
import pytest

from extractors import extract

CASES = [
    # (text, expected design)
    ("In this randomized, double-blind, placebo-controlled trial, 60 adults received ketamine.", "rct"),
    ("We conducted an open-label, randomized, noninferiority trial of ketamine versus ECT.", "rct"),
    ("Patients were randomly assigned to ketamine or midazolam infusions.", "rct"),
    ("A randomized, double-blind crossover study compared ketamine with placebo.", "crossover-rct"),
    ("In a two-period cross-over design, participants received ketamine and midazolam in random order.",
     "crossover-rct"),
    ("A systematic review and meta-analysis of randomized controlled trials of esketamine.",
     "meta-analysis"),
    ("We performed a systematic search of databases; pooled odds ratio 2.1 (95% CI 1.3-3.4).",
     "meta-analysis"),
    ("The analysis of 17 studies including 1,200 patients found that ketamine worked.",
     "meta-analysis"),
    ("Researchers pooled data from five trials involving 700 patients.", "meta-analysis"),
    ("A review of 10 studies found ketamine relieved symptoms within hours.", "systematic-review"),
    ("A review of 10 studies found a pooled odds ratio of 2.5.", "meta-analysis"),
    ("This systematic review summarises 12 studies of ketamine for OCD without pooling.",
     "systematic-review"),
    ("We report a case of a 34-year-old woman with refractory OCD treated with ketamine.",
     "case-report"),
    ("A 52-year-old man with PTSD received six ketamine infusions; in this case the symptoms "
     "resolved.", "case-report"),
    ("In this randomized trial, 40 adults received ketamine; in the case of a relapse, rescue was "
     "allowed.", "rct"),
    ("An online survey of 1,500 people who used ketamine at home.", "observational"),
    ("A retrospective chart review of 45 outpatients given intramuscular ketamine.",
     "observational"),
    ("Data came from electronic health records of a nationwide cohort; randomized controlled "
     "trials are needed.", "observational"),
    ("In this non-randomized, open-label study, 20 patients received ketamine.", "open-label"),
    ("In this open-label, single-arm pilot study, 12 veterans received six infusions.", "open-label"),
    ("This study protocol describes a trial in which participants will be randomized to ketamine "
     "or placebo.", "protocol"),
    ("The team is recruiting participants and more volunteers are being sought for the trial.",
     "protocol"),
    ("Researchers at the university plan to enroll 80 veterans and are recruiting now.", "protocol"),
    ("In this randomized trial ketamine beat placebo (p<0.01); a second trial is recruiting.", "rct"),
    ("An individual participant data analysis of five esketamine trials found benefit.",
     "meta-analysis"),
    ("This narrative review discusses preclinical evidence on ketamine's mechanisms in rodents.",
     "other"),
    ("We evaluated weekly sublingual ketamine in 26 outpatients with refractory depression.",
     "observational"),
    ("A study of 36 people found ketamine eased their symptoms, the newspaper said.", None),
    ("The trial, which enrolled 120 patients at five hospitals, compared ketamine with "
     "midazolam.", "rct"),
    ("Twenty-four patients received ketamine and saline in random order, one week apart.",
     "crossover-rct"),
    ("The nasal spray is under review by the regulator, the company said.", None),
    ("Ketamine clinics are opening across the country, the report says.", None),
    ("", None),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_design(text, expected):
    assert extract(text)["design"] == expected


REGISTRY = [
    ("Study Type\nINTERVENTIONAL\nAllocation\nRANDOMIZED\nMasking\nDOUBLE\nEnrollment\n40\n", "rct"),
    ("Study Type\nINTERVENTIONAL\nAllocation\nNA\nMasking\nNONE\nEnrollment\n8\n", "open-label"),
    ("Recruitment Status\nNOT YET RECRUITING\nTarget Enrollment\n60 participants\n"
     "Ketamine versus placebo (midazolam) infusions.", "rct"),
    ("Study Type\nINTERVENTIONAL\nAllocation\nNON_RANDOMIZED\nIntervention Model\nSINGLE_GROUP\n"
     "Masking\nNONE\nEnrollment\n12", "open-label"),
    ("Allocation: | Randomized |\nIntervention Model: | Crossover Assignment |\n"
     "Enrollment : | 20 participants |", "crossover-rct"),
]


@pytest.mark.parametrize("text,expected", REGISTRY)
def test_registry_records(text, expected):
    result = extract(text)
    assert result["design"] == expected


def test_meta_analysis_beside_a_primary_trial_is_the_trial():
    text = ("Forty patients received oral ketamine or placebo in a double-blind trial. "
            "In 500 patients, a meta-analysis of randomized trials confirmed the effect.")
    assert extract(text)["design"] == "rct"


# Reviews named only by their methods: a literature search that pools estimates is a
# meta-analysis; a search synthesised narratively is a systematic review. Background sentences
# about earlier trials do not make the text a primary trial.
REVIEW_BY_METHOD = [
    ("Since the first placebo-controlled study in 2006, many trials have followed. We searched "
     "PubMed, Embase and CENTRAL to 2024 for randomised trials of ketamine. Random-effects models "
     "pooled standardised mean differences.", "meta-analysis"),
    ("Twelve randomized controlled trials representing 1,024 patients were included after we "
     "searched four databases. The pooled odds ratio for response was 2.1.", "meta-analysis"),
    ("Following PRISMA, two reviewers searched five databases from inception to May 2025. "
     "Results were synthesised narratively without pooling.", "systematic-review"),
    ("Electronic databases were searched for studies of esketamine in adolescents; 9 studies "
     "were included.", "systematic-review"),
    # distractors: primary trials that mention searching or earlier work
    ("Forty adults were randomized to ketamine or midazolam. Previous meta-analyses pooled "
     "fewer than 500 patients.", "rct"),
    ("We searched the clinic database and enrolled 30 patients in this randomised, double-blind "
     "trial of ketamine versus placebo.", "rct"),
]


@pytest.mark.parametrize("text,expected", REVIEW_BY_METHOD)
def test_reviews_by_method(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    ("Ketamine clinics have multiplied. We argue that regulators should require outcome "
     "registries before accrediting them.", "other"),
    ("In our view, esketamine's monitoring rules are out of step with the evidence.", "other"),
    ("Design: Randomized, parallel-group, open-label with blinded raters\nEnrollment\n300\n"
     "Allocation\nRandomized", "rct"),
    ("A randomised, parallel-group, open-label comparison of ketamine and ECT in 80 inpatients.",
     "rct"),
])
def test_opinion_and_parallel_group(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    ("Using a national prescription registry, we identified 4,210 patients who started "
     "esketamine.", "observational"),
    ("Medical charts of 73 adolescents treated with ketamine at our centre were reviewed.",
     "observational"),
    # distractor: a trial that checked records for eligibility is still a trial
    ("Eighty adults were randomly assigned to ketamine or placebo; medical charts were reviewed "
     "for eligibility.", "rct"),
])
def test_observational_by_data_source(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    ("Twenty participants were randomized to ketamine or midazolam and crossed over after a "
     "2-week washout.", "crossover-rct"),
    ("This single-blind pilot study enrolled 12 adolescents who received six ketamine infusions; "
     "there was no control group.", "open-label"),
    ("The pooled effect size across the 9 trials was g = 0.72 (95% CI 0.45-0.99).",
     "meta-analysis"),
    # distractors: sites are not studies; a washout alone is no crossover
    ("Ninety adults were randomized to ketamine or placebo across 12 sites after a 1-week "
     "washout of antidepressants.", "rct"),
])
def test_more_design_cues(text, expected):
    assert extract(text)["design"] == expected


# 0.4.0: reviews that count their studies without naming a search ("Nine studies were pooled",
# "Eleven RCTs met criteria", "12 randomized controlled trials"), and reviews that say they did
# not pool. Distractors: primary trials that pool doses or sites, or cite earlier trials.
COUNTED_REVIEWS = [
    ("We included 12 randomized controlled trials (n=733) of ketamine for depression. Ketamine "
     "reduced depressive symptoms (SMD -0.8).", "meta-analysis"),
    ("We included 12 randomized controlled trials (n=733) of ketamine for depression. Most trials "
     "found rapid benefit; results are summarized narratively.", "systematic-review"),
    ("Nine studies (k = 9; 412 participants) were pooled with a random-effects model. Ketamine "
     "outperformed control (g = 0.7).", "meta-analysis"),
    ("Data from three randomized trials (n = 1,021) were pooled to estimate remission with "
     "esketamine.", "meta-analysis"),
    ("Eleven RCTs (n = 620) met criteria. Ketamine reduced MADRS scores versus control (mean "
     "difference -7.1; 95% CI -9.0 to -5.2; I2 = 48%).", "meta-analysis"),
    ("Seven randomized controlled trials (RCTs) with 389 participants were analyzed. Ketamine was "
     "superior to control (SMD 0.85).", "meta-analysis"),
    ("Evidence from 9 randomized trials suggests ketamine reduces suicidal ideation within a day. "
     "Three of the nine trials used midazolam as control.", "systematic-review"),
    ("We reviewed 14 studies of ketamine for OCD; no meta-analysis was possible owing to "
     "heterogeneity.", "systematic-review"),
    ("A meta-analysis was not performed because the 8 included studies differed too much. We "
     "summarise evidence on ketamine in PTSD.", "systematic-review"),
    # distractors
    ("In a phase 2 trial, 80 patients were randomly assigned to oral ketamine or placebo. "
     "Response: odds ratio 2.1. The two esketamine dose groups were pooled.", "rct"),
    ("Two previous trials found benefit. We randomly assigned 100 adults to ketamine or "
     "midazolam; odds ratio for response 2.3.", "rct"),
    ("We conducted a randomized trial. Results were pooled across the three sites; heterogeneity "
     "between sites was low.", "rct"),
    ("Data on 5,000 esketamine users were drawn from an insurance database.", "observational"),
]


@pytest.mark.parametrize("text,expected", COUNTED_REVIEWS)
def test_counted_reviews(text, expected):
    assert extract(text)["design"] == expected


def test_records_review_in_news_is_observational():
    text = ("Researchers looked at the records of 537 patients who received ketamine at three "
            "clinics. Unlike a placebo-controlled trial, the analysis cannot show that ketamine "
            "caused the improvement.")
    assert extract(text)["design"] == "observational"


# 0.5.0: negated control cues, trials in general, records studies in news, authored protocols,
# small case series and opinion pieces. Own sentences; each table holds the distractor a naive
# rule takes.
@pytest.mark.parametrize("text,expected", [
    # a clinic's own data with a negated control and a general remark about randomized trials
    ("A chain of infusion clinics says its own records show that 61 percent of 2,400 patients "
     "improved. Without a placebo arm the figures are hard to read, an outside expert said. In "
     "randomized trials, about a third of patients improve on placebo.", "observational"),
    ("Researchers went through clinic records of 150 veterans given ketamine. There was no "
     "placebo group, and no one was compared with another treatment.", "observational"),
    ("Ketamine clinics treated 480 adolescents between 2020 and 2024, according to a review of "
     "their charts posted as a preprint.", "observational"),
    # distractors: a real control and a real randomization stay an rct
    ("Sixty adults were randomly assigned to ketamine or saline; there was no difference versus "
     "placebo at day 28.", "rct"),
    ("The double-blind trial enrolled 80 patients who received ketamine or midazolam.", "rct"),
])
def test_negated_controls_and_records_studies(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    ("Methods and analysis: This two-site trial will compare ketamine with midazolam before "
     "exposure therapy. We will randomise 90 veterans 1:1. Ethics and dissemination: Findings "
     "will be shared at conferences.", "protocol"),
    ("We will randomly allocate 64 adults with OCD to ketamine or saline; the primary outcome is "
     "Y-BOCS change at week 6.", "protocol"),
    ("We describe three patients with bipolar depression who received oral ketamine at home.",
     "case-report"),
    ("Here we report two cases of refractory OCD treated with intranasal esketamine.", "case-report"),
])
def test_authored_protocols_and_small_series(text, expected):
    assert extract(text)["design"] == expected


def test_authored_protocol_counts_its_planned_size():
    text = ("Methods and analysis: We will randomise 96 adults with PTSD to ketamine or midazolam; "
            "assuming a 5-point difference, 96 participants are needed.")
    result = extract(text)
    assert (result["design"], result["sample_size"]) == ("protocol", 96)
    # distractor: news of a trial still recruiting keeps its target out of the sample
    news = "The university team aims to recruit 120 patients for its ketamine study this year."
    assert extract(news)["sample_size"] is None


@pytest.mark.parametrize("text,expected", [
    ("Many of us expected ketamine clinics to bring evidence with them. They have not. We need "
     "registries that follow every patient, and we need them now.", "other"),
    ("It is time to stop calling esketamine a breakthrough. The data we have do not support it, "
     "and we should say so plainly.", "other"),
    # distractor: first-person words in a quote of a news story are no opinion piece
    ('"We need more trials," said Dr. Ruiz, whose clinic offers ketamine. "Many of us are '
     'waiting for better data."', None),
])
def test_opinion_pieces(text, expected):
    assert extract(text)["design"] == expected


# 0.6.0: a narrative review of the field is "other" whatever designs it discusses; crossover
# studies of other work do not make a parallel trial a crossover. Own sentences with distractors.
@pytest.mark.parametrize("text,expected", [
    ("In this narrative review we discuss randomized trials, open-label series and naturalistic "
     "cohorts of ketamine for OCD, and we outline research priorities.", "other"),
    ("This narrative review summarises retrospective cohort data on esketamine in bipolar "
     "depression and the first controlled trial.", "other"),
    # distractor: a systematic review that pools is still a meta-analysis
    ("In this review, we searched PubMed and pooled 12 trials with random-effects models "
     "(SMD 0.7).", "meta-analysis"),
    # distractor: a randomized study that cites a review keeps its own design
    ("We randomly assigned 60 adults to ketamine or saline; a recent narrative review had called "
     "for such trials.", "rct"),
    # crossover designs of other work
    ("Objective: Earlier crossover studies of ketamine in OCD were small. This trial randomized "
     "50 adults to ketamine or saline in a parallel-group design.", "rct"),
    ("Crossover trials risk carryover, so we randomly assigned 80 adults to ketamine or "
     "midazolam.", "rct"),
    ("Objective: Crossover designs are prone to unblinding, so this study used a parallel "
     "design. Methods: Eighty adults were randomly assigned to ketamine or saline.", "rct"),
    # distractor: the study's own crossover stays a crossover
    ("In this randomized crossover trial, 24 adults received ketamine and saline in random "
     "order.", "crossover-rct"),
    # a meta-analysis cited as background in a randomized trial's abstract
    ("Background: A recent meta-analysis of seven trials found rapid effects of ketamine. "
     "Methods: In this double-blind trial, we randomly assigned 90 adults with TRD to ketamine or "
     "midazolam.", "rct"),
    # distractor: news of a meta-analysis cites it in the same words
    ("A meta-analysis of six trials with about 340 patients has found ketamine slightly less "
     "effective than ECT.", "meta-analysis"),
])
def test_narrative_reviews_and_other_crossovers(text, expected):
    assert extract(text)["design"] == expected


# 0.8.0: classes from blind3-held. Own sentences; each distractor is the cue a naive rule takes.
@pytest.mark.parametrize("text,expected", [
    # a randomized trial recommended as future work is not the text's own design
    ("Methods: Fourteen adults with OCD took esketamine spray for four weeks in an open-label "
     "pilot. Conclusions: A randomized, double-blind trial is justified.", "open-label"),
    ("Twenty patients received open-label ketamine infusions. Randomized trials are warranted to "
     "confirm the effect.", "open-label"),
    # distractor: the own randomized trial in a sentence without a recommendation
    ("Methods: Sixty adults were randomized to ketamine or saline. Conclusions: Longer follow-up "
     "is planned.", "rct"),
    # a dated crossover study cited in news of a parallel randomized trial
    ("In the new study, 90 nurses were randomly assigned to ketamine or midazolam. An often "
     "quoted crossover study of 30 patients, published in 2016, found quick relief.", "rct"),
    # distractor: news of the own crossover trial
    ("In the new study, published this week, 30 adults received ketamine and saline in random "
     "order in a crossover trial.", "crossover-rct"),
    # a survey of questionnaires returned by a service's patients is a records study
    ("Researchers analysed questionnaires from 900 clients of an online ketamine service; the "
     "study had no comparison group.", "observational"),
    ("About 40 percent of the people treated answered the survey, which had no control "
     "group.", "observational"),
    # distractor: an uncontrolled trial without survey wording stays open-label
    ("Forty adults took oral ketamine weekly in a study with no comparison group.", "open-label"),
])
def test_blind3_held_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a trial announced for later is no design of this study
    ("In this single-arm pilot, 30 adults took oral ketamine for 8 weeks; a randomized trial "
     "is planned.", "open-label"),
    ("Clinicians gathered questionnaires from 1,900 clients of a home-ketamine service. A "
     "randomized trial against escitalopram is being designed.", "observational"),
    ("Twelve veterans received weekly infusions without a control group, and the team plans to "
     "randomize 80 more next year.", "open-label"),
    # distractor: the own trial described in the past tense with "as planned"
    ("As planned, 64 adults were randomized to ketamine or saline.", "rct"),
    # one person of a stated age presented by the authors, whatever the noun after the age
    ("We describe a 52-year-old teacher with refractory bipolar depression who received eight "
     "ketamine infusions; randomized trials are warranted.", "case-report"),
    ("Here we present a 19-year-old student with OCD treated with intranasal esketamine.",
     "case-report"),
    ("This is the case of a 61-year-old farmer with PTSD after a flood.", "case-report"),
    # distractor: ages of a study's people are not a case
    ("We randomized 48 adults (mean age 41 years) to ketamine or midazolam.", "rct"),
    # news of a controlled trial citing a dated pooled analysis after it
    ("The trial enrolled 410 adults; half used the spray and half a placebo spray. Remission "
     "came to 31% of spray users, against 19% in the placebo group. A 2022 analysis of 9 "
     "smaller studies found similar gains for infusions.", "rct"),
    # distractor: news of the pooled analysis itself keeps its design
    ("A new analysis of 14 placebo-controlled trials found that ketamine eased suicidal "
     "thoughts within a day.", "meta-analysis"),
])
def test_blind4_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # medication trials in a patient's history are no study counts
    ("Inclusion: no response to at least 2 antidepressant trials. Allocation: NA\nIntervention "
     "Model: SINGLE_GROUP\nEnrollment (Actual)\n11", "open-label"),
    ("This retrospective cohort included adults who had failed two adequate antidepressant "
     "trials and were eligible for esketamine.", "observational"),
    # placebo-controlled trials in general or still to come
    ("We treated 14 outpatients; there was no control condition, and the switch risk should be "
     "examined in a placebo-controlled trial.", "open-label"),
    ("We would argue for adequately powered, placebo-controlled trials. Most of us already give "
     "ketamine for pain.", "other"),
    # distractor: the own placebo-controlled trial
    ("In this placebo-controlled trial, 60 adults received ketamine or placebo.", "rct"),
    # an anonymous online questionnaire is a survey
    ("We sent an anonymous online questionnaire to 900 clinic patients; 300 replied.",
     "observational"),
    # a pooled analysis with a long run of trial descriptors
    ("Data from four double-blind, placebo-controlled, 4-week induction trials were pooled; "
     "the pooled population comprised 1,210 randomized participants.", "meta-analysis"),
])
def test_blind5_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    ("We analysed a clinic registry of adults with PTSD who completed six infusions.",
     "observational"),
    # distractor: a trial registry named in a trial abstract
    ("This randomized trial of 80 adults was registered in a public trial registry.", "rct"),
])
def test_registry_study_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a first-person essay citing open-label studies of others
    ("Let me be clear about the evidence. In my practice I have seen patients recover, but "
     "clinics sell ketamine for pain on the strength of small open-label studies.", "other"),
    # distractor: the own open-label study
    ("In this open-label study, 18 adults received ketamine twice weekly.", "open-label"),
])
def test_opinion_and_cited_open_label(text, expected):
    assert extract(text)["design"] == expected


def test_mendelian_randomization_is_observational():
    text = ("A two-sample Mendelian randomization analysis of genetic liability to depression used "
            "summary data from 500,000 adults.")
    assert extract(text)["design"] == "observational"


@pytest.mark.parametrize("text,expected", [
    # a hypothetical trial that "would" settle a question
    ("An analysis of insurance claims of 9,000 patients found fewer self-harm visits. A "
     "randomized trial would settle the question.", "observational"),
    # a first-person essay citing a survey of clinics
    ("I have seen patients recover after ketamine. A survey of 200 clinics found that most "
     "lacked tapering rules. In my practice, maintenance is the open question.", "other"),
])
def test_blind7_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a review that synthesised narratively did not pool, whatever it counted
    ("Following PRISMA we searched four databases. Findings were synthesised narratively. "
     "Seventeen studies with 812 participants were included.", "systematic-review"),
    # a registry study quoting that a registry cannot replace a randomised trial
    ("The Danish registry study used national patient registers; 1,900 patients were matched. "
     '"A registry can never replace a randomised trial," she said. A randomised trial is '
     "expected to report in 2028.", "observational"),
])
def test_blind8_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # the next trial of a news story about a finished one is no protocol
    ("The trial randomly assigned a total of 64 veterans to ketamine or midazolam. The VA has "
     "approved a follow-up trial that aims to enroll 250 veterans.", "rct"),
    ("In an analysis of patient records, the study tracked 480 adults who received ketamine at "
     "private clinics; there was no comparison group. The network is now planning a trial in which 200 patients will be "
     "randomly assigned to dosing schedules.", "observational"),
    # distractor: a recruitment story is a protocol
    ("A new trial aims to enroll 300 adults at eight hospitals; half will receive ketamine.",
     "protocol"),
])
def test_next_trial_of_a_finished_one(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # "time since trauma" is a duration, not a sentence about earlier studies
    ("We ran a randomized, placebo-controlled crossover study in which 20 adults with PTSD (median "
     "time since trauma 9 years) received ketamine and saline in random order.", "crossover-rct"),
    # distractor: "since" opening a history sentence still marks earlier work
    ("Since the first crossover study in 2006, interest has grown. In this trial, 60 adults were "
     "randomized to ketamine or placebo.", "rct"),
    # an earlier pilot without a comparison group says nothing about this trial's design
    ("Half of the 90 patients were given ketamine and half a placebo liquid. An earlier pilot by "
     "the same team involved 20 patients and had no comparison group.", "rct"),
    # a randomized trial the agency plans next year is not this records study's design
    ("The study reviewed the health records of 1,900 veterans who received ketamine. The agency "
     "plans a randomized trial comparing ketamine with usual care beginning next year.",
     "observational"),
    # a systematic review that pooled nothing
    ("We searched four databases for studies of ketamine in OCD. Nine studies met the inclusion "
     "criteria. Because designs differed widely, no quantitative synthesis was undertaken.",
     "systematic-review"),
    ("We searched three databases and included 12 trials; the data were not pooled because "
     "outcomes differed.", "systematic-review"),
])
def test_blind9_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # qualitative research on people's experience is non-interventional: observational
    ("We conducted semi-structured interviews with 14 veterans who had received ketamine for PTSD; "
     "transcripts were coded by two researchers.", "observational"),
    ("Data were collected through in-depth interviews with patients (n = 12) and analysed using "
     "thematic analysis.", "observational"),
    # distractor: a quoted interview in news is no study design
    ("In an interview, the lead author said 60 patients were randomized to ketamine or placebo.", "rct"),
])
def test_qualitative_designs(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a survey story whose authors are now recruiting for their next trial is no protocol
    ("The researchers surveyed 1,900 adults who took ketamine at home in an online survey of "
     "telehealth patients. The group is now recruiting 250 participants for a trial of home versus clinic dosing.",
     "observational"),
    # distractor: a recruitment story stays a protocol
    ("The team is now recruiting 250 participants for a trial of home versus clinic dosing; half "
     "will receive ketamine at home.", "protocol"),
])
def test_survey_story_with_next_trial(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # "uncontrolled hypertension" is an exclusion criterion, not an uncontrolled design
    ("Scientific title: A randomized, double-blind, controlled trial of esketamine anaesthesia for "
     "ECT\nExclusion criteria: uncontrolled hypertension; pregnancy.", "rct"),
    ("This uncontrolled pilot study gave ketamine to 12 adults with OCD.", "open-label"),
    # a national survey quoted for a background prevalence is not the text's own design
    ("Half of the 120 paramedics received ketamine and the other half midazolam. About one in ten "
     "paramedics is estimated to have PTSD, according to a national survey.", "rct"),
    # distractor: a story about a survey attributes its own study
    ("Most patients said home ketamine helped, according to a survey of 2,000 telehealth users.",
     "observational"),
])
def test_blind11_design_classes(text, expected):
    assert extract(text)["design"] == expected


def test_trial_called_the_only_way_to_settle_it_is_no_design():
    text = ("Researchers reviewed charts for 1,100 veterans treated at 17 VA facilities. A head-to-head "
            "randomized trial, she said, is the only way to settle the question.")
    assert extract(text)["design"] == "observational"


@pytest.mark.parametrize("text,expected", [
    # a post hoc pooled analysis of a sponsor's randomized trials keeps their design
    ("Methods: This post hoc analysis pooled individual patient data from three 4-week, randomized, "
     "double-blind, placebo-controlled trials of esketamine nasal spray.", "rct"),
    # distractor: a pooled participant-data analysis that is not called post hoc (labelled as a meta-analysis)
    ("Methods: We pooled individual participant data from four randomized, double-blind, placebo-"
     "controlled trials of esketamine nasal spray (n = 1,300).", "meta-analysis"),
    # an ISRCTN field label is no retrospective design
    ("ISRCTN ISRCTN12345678\nProspective/Retrospective\nProspectively registered\nOverall study status\n"
     "Completed\nStudy design\nSingle-centre open-label single-arm study", "open-label"),
    # a cohort followed prospectively
    ("We enrolled consecutive veterans with PTSD referred for ketamine and followed them "
     "prospectively for six months.", "observational"),
])
def test_blind16_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a negation before modifiers and a hyphenated compound still negates the design word
    ("Background: Racemic ketamine and esketamine are both used, but no adequately powered head-to-head "
     "randomized trial exists. Methods: We analysed electronic health records of 900 adults treated at "
     "three clinics. Results: The cohort comprised 900 patients.", "observational"),
    # distractor: the text's own randomization, with a negated control group after it
    ("Methods: In this double-blind trial, 60 patients were randomized to ketamine or midazolam. No "
     "placebo group was included.", "rct"),
])
def test_blind20_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a randomized trial recommended or imagined is not the text's own
    ("Researchers compared claims data for 4,812 adults who started esketamine with 18,960 who switched "
     "antidepressants. This is a reason to run a randomized trial, not a reason to doubt the drug, she "
     "said.", "observational"),
    # a structured abstract of patients who all received the drug, with no design word: open-label
    ("Background: OCD is common.\nMethods: Adults with OCD received three ketamine infusions, each "
     "followed by an ERP session.\nResults: Nineteen patients completed treatment; Y-BOCS fell by 9.1 "
     "points (p<0.001).\nConclusions: A randomized trial with an active infusion control is warranted.",
     "open-label"),
])
def test_blind20_21_recommended_trials_and_uncontrolled_abstracts(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # the news of a study released today is the story's own study, even "according to" it
    ("Patients who began esketamine were no more likely to attempt suicide than similar patients who "
     "switched antidepressants, according to a nationwide study of health records released on Monday.",
     "observational"),
    # pharmacovigilance: spontaneous reports and their disproportionality
    ("Methods: We extracted reports from the FDA Adverse Event Reporting System and measured "
     "disproportionality with the reporting odds ratio. Results: 4,907 reports named esketamine.",
     "observational"),
    # a randomized trial in preparation or seeking funding is not the text's own
    ("In this single-arm, open-label pilot, 20 first responders received ketamine with CPT. A randomized "
     "trial comparing this combination with CPT plus an active placebo is in preparation.", "open-label"),
    ("Researchers reviewed the records of 900 veterans treated at 20 clinics. The team is now seeking "
     "funding for a randomized trial.", "observational"),
])
def test_blind23_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a crossover named by randomizing the order of the infusions
    ("Methods: Twenty-four adults with OCD were randomized to the order of ketamine 0.5 mg/kg and placebo "
     "(0.9% saline) infusions given one week apart.", "crossover-rct"),
    # an uncontrolled audit or register is observational, though it "had no control group"
    ("About one in three patients given esketamine were in remission six months later, according to an "
     "audit published this week. However, the audit had no control group.", "observational"),
    # news of a trial that has begun recruiting
    ("A consortium has begun recruiting what it says will be the largest randomized trial of ketamine "
     "for PTSD, aiming to enroll 400 veterans; 37 participants have been enrolled so far.", "protocol"),
])
def test_blind24_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # news of an analysis pooling every randomized trial is a meta-analysis
    ("Ketamine eased suicidal thoughts within hours in young people, according to an analysis pooling every "
     "randomized trial of the drug in people under 25.", "meta-analysis"),
    # a randomization inside a quotation is what someone said, not this study's design
    ("The claims analysis matched 3,282 esketamine users with 6,564 patients who switched antidepressants. "
     "\"What we need is a pragmatic trial where patients are randomly assigned,\" he said.", "observational"),
    # findings that "support a randomized trial" recommend one
    ("In this single-arm, open-label pilot, 20 adults received ketamine with WET. These preliminary findings "
     "support a randomized trial comparing ketamine-enhanced WET with WET plus an active placebo.", "open-label"),
])
def test_blind25_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # the next trial announced over two sentences ("It aims to enroll ...") is no protocol of this text
    ("The study enrolled 140 veterans, who were randomly assigned to ketamine or midazolam. The team is now "
     "planning a follow-up trial with exposure therapy. It aims to enroll 260 veterans next year.", "rct"),
    # a dated review "concluded" in the background of a trial report is cited work
    ("Participants were randomly assigned to receive ketamine or midazolam. A 2021 review pooling nine small "
     "trials concluded that the benefits were modest.", "rct"),
    # a trial "under way" elsewhere does not make a claims cohort randomized
    ("Researchers examined insurance claims of 2,400 adults who started esketamine. A randomized trial "
     "comparing esketamine with oral treatment in 500 patients is under way in Norway.", "observational"),
])
def test_blind28_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a dated survey by other researchers makes no observational design of a policy story
    ("Lawmakers want stricter rules for ketamine clinics. A 2023 survey of 290 clinics by researchers at a "
     "state university found that many did not require a diagnosis. The bill goes to a vote next month.", None),
    # a dated trial of a quoted expert's group does not make a claims cohort randomized
    ("Researchers analysed insurance records of 20,000 people. Her own group's 2022 trial randomized 90 "
     "patients to ketamine or midazolam and found a benefit.", "observational"),
])
def test_blind29_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # the open-label extension of a randomized trial is the text's study
    ("Participants who completed the randomized phase of a trial comparing ketamine with midazolam were offered "
     "an open-label extension. Of 58 patients randomized in the parent trial, 41 entered the extension.",
     "open-label"),
    # distractor: a randomized withdrawal after an open-label phase stays randomized
    ("Of 150 patients who entered the open-label phase, 80 responders were randomized to ketamine or saline.",
     "rct"),
    # a counterbalanced three-period order is a crossover
    ("Adults with OCD received, in randomised, counterbalanced order, three infusions: ketamine 0.25 mg/kg, "
     "ketamine 0.5 mg/kg and saline. Twenty participants completed all three periods.", "crossover-rct"),
])
def test_blind30_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # "every published placebo-controlled trial" is trials in general; the news is of a meta-analysis
    ("Esketamine helps, according to a new analysis that pooled results from every published placebo-controlled "
     "trial of the drug. The review, published this week, combined nine randomized trials involving 2,174 "
     "adults.", "meta-analysis"),
    # distractor: "all 146 participants randomized" is the study's own randomization
    ("This is a secondary analysis of a randomized, open-label trial comparing ketamine with ECT. The analysis "
     "included all 146 participants randomized in the trial.", "rct"),
    # a company "in talks about a randomized trial" has none
    ("The company analysed questionnaire data from 6,842 adults; there was no comparison group. The company is "
     "in talks with an academic partner about a randomized trial.", "observational"),
    # a ChiCTR field label is no randomization
    ("Study design:\nSingle arm\nRandomization Procedure (please state who generates the random number "
     "sequence and by what method):\nNot applicable\nBlinding:\nOpen label\n", "open-label"),
])
def test_blind31_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a trial "published last year" is other work
    ("The company analysed records of 9,000 adults; there was no comparison group. In a randomised trial "
     "published last year, 120 patients given oral ketamine had higher response rates.", "observational"),
    # another trial that aims to enroll and is expected to report makes no protocol of a meta-analysis story
    ("The analysis pooled results from 17 randomized trials involving 3,000 women. A trial in Sweden that aims "
     "to enroll 600 women is expected to report in 2027.", "meta-analysis"),
])
def test_blind32_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # crossover samples of earlier work; randomized evidence that "is lacking"
    ("Whether a second infusion prolongs the response has mainly been examined in small crossover samples. "
     "Methods: In this double-blind, parallel-group trial, 118 adults were randomly assigned to a second "
     "ketamine or saline infusion.", "rct"),
    ("Objective: Randomized head-to-head evidence comparing IV ketamine with esketamine is lacking. Methods: "
     "We analysed electronic health records of 689 adults treated at two clinics.", "observational"),
])
def test_blind34_design_classes(text, expected):
    assert extract(text)["design"] == expected


def test_recruitment_opened_is_a_protocol_story():
    text = ("Researchers are testing whether ketamine before exposure therapy helps people with OCD. Half of the "
            "participants will receive saline. Since recruitment opened in September, 23 people have been enrolled. "
            "The team hopes to complete enrolment by the end of next year.")
    result = extract(text)
    assert (result["design"], result["sample_size"]) == ("protocol", None)


@pytest.mark.parametrize("text,expected", [
    # a review that did not pool: "across the three RCTs" summarises, it does not pool
    ("We systematically reviewed studies of ketamine for OCD following PRISMA 2020. Nine studies met the "
     "criteria. Across the three RCTs, response rates ranged from 12% to 45%. Because of heterogeneity, a "
     "quantitative synthesis was not performed.", "systematic-review"),
    # a structured abstract whose headings stand alone on their lines, all patients treated, no control
    ("Background\nKetamine may help veterans with PTSD.\nMethods\nVeterans with chronic PTSD received six "
     "ketamine injections over 3 weeks.\nResults\nTwenty-six veterans enrolled. PCL-5 scores fell by 18 points. "
     "A randomized comparison against an active placebo is now under way.", "open-label"),
    # an essay in the first person: no study of its own
    ("Opinion: clinics are ahead of the evidence\nI prescribe ketamine. I have watched patients improve after "
     "one infusion. I am not writing to argue that it does not work; most trials are small and the drug is "
     "hard to disguise as a placebo.", "other"),
    # distractor: a review that pooled them is a meta-analysis
    ("We systematically reviewed studies of ketamine for OCD following PRISMA 2020. Nine studies met the "
     "criteria. Across the three RCTs, the pooled response rate was 31% (random-effects meta-analysis).",
     "meta-analysis"),
])
def test_blind38_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # authors who enrolled their own patients and treated them, no control and no design word:
    # an uncontrolled treatment study
    ("We assessed the feasibility of supervised oral ketamine for chronic PTSD. Thirty-two veterans "
     "(27 men) were enrolled and 25 completed the 8-week course. Mean PCL-5 decreased from 55.3 to 35.9.",
     "open-label"),
    # distractor: authors describing patients they treated in routine care, nobody enrolled
    ("We describe the outcomes of 41 outpatients who received intramuscular ketamine at our clinic. "
     "Mean PHQ-9 fell from 19.2 to 11.4 after six sessions.", "observational"),
    # an analysis of records or routine care that says it had no comparison group is observational
    ("People who took ketamine lozenges at home through a telehealth company reported fewer depression "
     "symptoms, according to an analysis of company records. Because there was no comparison group, the "
     "researchers said some of the improvement could reflect expectation.", "observational"),
    # distractor: a treatment study without a control group is an open-label study
    ("Twelve adults with OCD received four ketamine infusions over two weeks. There was no control group; "
     "Y-BOCS scores fell by 28% on average.", "open-label"),
])
def test_blind42_design_classes(text, expected):
    assert extract(text)["design"] == expected


@pytest.mark.parametrize("text,expected", [
    # a target trial emulation on registers is observational, whatever "trial" it names
    ("We emulated a target trial using national patient and prescription registers to compare esketamine "
     "with ECT in 3,120 adults with treatment-resistant depression.", "observational"),
    # a randomized trial that a single-arm study "warrants" is still to come
    ("This 8-week, single-arm, open-label pilot study enrolled 24 adults with bipolar depression. MADRS "
     "fell by 13 points. The signal warrants careful monitoring in a randomized, placebo-controlled trial.",
     "open-label"),
    # distractor: a randomized trial of its own stays one
    ("In this randomized, placebo-controlled trial, 80 adults with bipolar depression received ketamine or "
     "saline. MADRS fell by 13 points more with ketamine.", "rct"),
])
def test_blind43_design_classes(text, expected):
    assert extract(text)["design"] == expected
