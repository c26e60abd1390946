"""Conditions: what the study targets, not every condition or scale the text names."""
import pytest

from extractors import extract

CASES = [
    ("Ketamine for treatment-resistant depression: a randomized trial in 60 adults with TRD.",
     ["depression"]),
    ("Adults with major depressive disorder (MDD) received esketamine; MDD severity fell.",
     ["depression"]),
    ("Ketamine in bipolar depression: patients with bipolar I depression received infusions.",
     ["depression"]),
    ("Repeated ketamine infusions for chronic PTSD. Veterans with posttraumatic stress disorder "
     "improved.", ["PTSD"]),
    ("Ketamine in obsessive-compulsive disorder: OCD symptoms fell within hours.", ["OCD"]),
    # a scale name is not a target condition
    ("Veterans with PTSD received ketamine; PTSD was rated with the CAPS-5 and the "
     "Montgomery-Asberg Depression Rating Scale.", ["PTSD"]),
    ("A patient with resistant OCD was rated on the Depression Anxiety and Stress Scale.", ["OCD"]),
    # a comorbidity descriptor is not a target
    ("Patients with PTSD (n=40) were treated; comorbid major depressive disorder was common. "
     "PTSD symptoms improved.", ["PTSD"]),
    # but a reported comorbid outcome is
    ("Ketamine reduced PTSD symptoms in patients with chronic PTSD and also reduced comorbid "
     "depressive symptoms more than midazolam.", ["PTSD", "depression"]),
    ("Ketamine reduced OCD symptoms; in patients with comorbid depression, depressive symptoms "
     "also improved.", ["OCD", "depression"]),
    # no condition of interest
    ("Recreational ketamine use can damage the bladder, doctors warn.", []),
    ("", []),
]


@pytest.mark.parametrize("text,expected", CASES)
def test_conditions(text, expected):
    assert extract(text)["conditions"] == expected


def test_conditions_sorted_and_known():
    result = extract("PTSD and depression and OCD. PTSD symptoms, OCD symptoms, depressive symptoms.")
    assert result["conditions"] == sorted(result["conditions"])
    assert set(result["conditions"]) <= {"PTSD", "OCD", "depression"}


# A result reported on a depression scale means the study reports on depression; a scale only
# listed among measures does not.
@pytest.mark.parametrize("text,expected", [
    ("Veterans with chronic PTSD received ketamine or midazolam. PTSD symptoms fell on the "
     "CAPS-5, and MADRS scores improved more with ketamine.", ["PTSD", "depression"]),
    ("A woman with severe OCD received ketamine. Her OCD rituals eased and her Beck Depression "
     "Inventory score dropped by 9 points.", ["OCD", "depression"]),
    ("Veterans with PTSD received ketamine. Measures:\n• CAPS-5\n• Montgomery-Asberg Depression "
     "Rating Scale (MADRS)\n• QIDS-SR\nPTSD severity was the primary outcome.", ["PTSD"]),
    ("Adults with OCD received ketamine; the HAM-D was given at baseline. OCD symptoms fell.",
     ["OCD"]),
])
def test_result_on_a_depression_scale(text, expected):
    assert extract(text)["conditions"] == expected


# 0.5.0: an outcome named as secondary with no figure is no reported result; one with a figure is.
@pytest.mark.parametrize("text,expected", [
    ("The company said its oral candidate eased PTSD in a phase 2 trial of 150 adults with PTSD. "
     "Secondary endpoints on depressive symptoms did not separate from placebo.", ["PTSD"]),
    ("Adults with OCD received ketamine or saline; OCD severity fell on the Y-BOCS. Exploratory "
     "analyses of depressive symptoms were not significant.", ["OCD"]),
    # distractor: a secondary outcome reported with a figure counts
    ("Veterans with PTSD received ketamine; PTSD severity fell. Depressive symptoms, a secondary "
     "outcome, fell by 5.1 points more with ketamine.", ["PTSD", "depression"]),
])
def test_secondary_outcomes_without_figures(text, expected):
    assert extract(text)["conditions"] == expected


# 0.6.0: an outcome stated as unchanged with no figure is no reported result.
@pytest.mark.parametrize("text,expected", [
    ("Adults with OCD received ketamine or saline; Y-BOCS scores fell by 26% with ketamine. "
     "Depressive symptoms did not change meaningfully in either group.", ["OCD"]),
    ("Veterans with PTSD were randomized to ketamine or midazolam; PTSD severity fell. Depressive "
     "symptoms were unchanged.", ["PTSD"]),
    # distractor: an unchanged outcome with a figure is still reported
    ("Adults with OCD received ketamine; OCD severity fell. Depressive symptoms did not differ "
     "between groups (difference 1.2 points).", ["OCD", "depression"]),
])
def test_unchanged_outcomes_without_figures(text, expected):
    assert extract(text)["conditions"] == expected


# 0.8.0: the drug's approval or off-label history names a condition as background only.
@pytest.mark.parametrize("text,expected", [
    ("Firefighters with PTSD were randomized to ketamine or midazolam and PTSD scores fell. "
     "Ketamine has been prescribed off-label for depression for years, and esketamine was "
     "approved for major depression in 2019.", ["PTSD"]),
    ("Adults with OCD took ketamine in this trial and OCD severity fell. Spravato is licensed "
     "for treatment-resistant depression; the OCD team used the infusion form.", ["OCD"]),
    # distractor: a trial of the approved use still reports depression
    ("Esketamine, approved for treatment-resistant depression, was tested in adults with "
     "treatment-resistant depression; depressive symptoms fell by 6 points.", ["depression"]),
    # distractor: depression reported as a result beside the history keeps its weight
    ("Veterans with PTSD received ketamine. Ketamine is used off-label for depression. PTSD "
     "severity fell, and depressive symptoms fell by 4.1 points more than with midazolam.",
     ["PTSD", "depression"]),
])
def test_drug_history_is_background(text, expected):
    assert extract(text)["conditions"] == expected


@pytest.mark.parametrize("text,expected", [
    # a condition named only in an exclusion criterion
    ("Twelve studies of ketamine for OCD were included; nine excluded patients with a current "
     "major depressive episode. OCD symptoms fell in most OCD studies.", ["OCD"]),
    # monitored for safety or recorded descriptively: no outcome of the study
    ("Adults with OCD will receive six ketamine infusions; OCD severity is the primary outcome; "
     "depressive symptoms will be monitored for safety.", ["OCD"]),
    # a depression result with a figure in a PTSD text
    ("Ketamine eased PTSD symptoms across 14 PTSD trials. Depression also eased more with "
     "ketamine, with a standardised effect of 0.42.", ["PTSD", "depression"]),
    # distractor: a depression statistic without a result word
    ("Ketamine eased PTSD symptoms across 14 PTSD trials. Depression affects 5% of adults.",
     ["PTSD"]),
])
def test_blind5_condition_classes(text, expected):
    assert extract(text)["conditions"] == expected


@pytest.mark.parametrize("text,expected", [
    # a secondary outcome listed with a time point reports nothing yet
    ("Adults with PTSD will be randomised to ketamine or placebo; the primary outcome is the "
     "CAPS-5 total. Secondary outcomes include depressive symptoms (PHQ-9) and sleep at 6 "
     "months. PTSD is common.", ["PTSD"]),
])
def test_listed_secondary_outcome(text, expected):
    assert extract(text)["conditions"] == expected


@pytest.mark.parametrize("text,expected", [
    # a depression scale in an exclusion criterion, even beside a result word
    ("Adults with OCD were eligible; those in a major depressive episode (Hamilton Depression "
     "Rating Scale above 17) were excluded so that mood improvement could not explain OCD "
     "change. OCD symptoms fell after ketamine.", ["OCD"]),
    # depression as a baseline covariate
    ("Y-BOCS scores in OCD fell by 9 points. Depressive symptoms were mild at entry (mean HAM-D "
     "8.9) and entered the models only as a covariate.", ["OCD"]),
])
def test_blind6_condition_classes(text, expected):
    assert extract(text)["conditions"] == expected


def test_not_enrolled_is_an_exclusion():
    text = ("Adults with OCD will receive ketamine or midazolam before ERP. People with a current "
            "major depressive episode with suicidal ideation will not be enrolled. OCD severity is "
            "the primary outcome.")
    assert extract(text)["conditions"] == ["OCD"]


@pytest.mark.parametrize("text,expected", [
    # thresholds and time points in a planned-outcome list are no result figures
    ("Adults with OCD will receive ketamine or saline before ERP. The primary outcome is the Y-BOCS "
     "change. Secondary outcomes include response (≥35% Y-BOCS reduction), remission (Y-BOCS ≤12), "
     "depressive symptoms (MADRS) and quality of life at 1 week and 3 months. OCD symptoms are "
     "rated by blinded raters.", ["OCD"]),
    # a registry's list of secondary outcomes, numbered
    ("Condition\nPost-traumatic stress disorder\nPrimary outcome measure\nCAPS-5 total score at 12 "
     "weeks\nSecondary outcome measures\n1. PCL-5 at 12 weeks\n2. Depressive symptoms measured using "
     "the PHQ-9 at 12 weeks\nIntervention\nKetamine plus exposure therapy for PTSD", ["PTSD"]),
    # an organisation's name, and a dated citation's result, are background
    ("Ketamine eased OCD symptoms in 14 adults with OCD, according to a pilot presented at the Anxiety "
     "and Depression Association of America meeting. A 2012 open-label study of 10 patients found no "
     "effect on OCD, although some patients' depression improved by 20%.", ["OCD"]),
    # a condition the researchers set aside
    ("The cohort study followed 3,000 veterans with treatment-resistant depression who received "
     "esketamine; depression scores fell by 30%. About 40% also had a PTSD diagnosis. The researchers "
     "did not analyze PTSD symptoms separately.", ["depression"]),
    # distractor: a depression result of the study itself still counts in an OCD trial
    ("In 30 adults with OCD, ketamine reduced Y-BOCS scores by 25%; depressive symptoms fell by 8 "
     "MADRS points (p = 0.01). OCD response was seen in 40%.", ["OCD", "depression"]),
])
def test_background_condition_mentions(text, expected):
    assert extract(text)["conditions"] == expected


@pytest.mark.parametrize("text,expected", [
    # a baseline level of depressive symptoms that did not change is no depression result
    ("In this crossover trial, 28 adults with OCD received ketamine and saline. Y-BOCS scores fell by 8.1 "
     "points with ketamine. Depressive symptoms were mild at baseline (mean MADRS 11.9) and did not change "
     "meaningfully.", ["OCD"]),
    # time points after their unit in a registry's outcome list are no figures
    ("ISRCTN12345678\nKetamine for OCD\nSecondary outcome measures\n1. Y-BOCS at week 4 2. Response rate "
     "3. Number of ERP sessions attended 4. Depressive symptoms measured using the PHQ-9 at weeks 4, 12 and "
     "24\nCondition\nObsessive-compulsive disorder (OCD)", ["OCD"]),
    # distractor: a depression result in an OCD trial still counts
    ("In 30 adults with OCD, ketamine reduced Y-BOCS scores by 25%. OCD response was seen in 40% of "
     "patients with OCD. Depressive symptoms also improved (MADRS change −6.2 vs −2.1; p = 0.01).",
     ["OCD", "depression"]),
])
def test_blind23_condition_classes(text, expected):
    assert extract(text)["conditions"] == expected


@pytest.mark.parametrize("text,expected", [
    # a between-group result in words names depression as an outcome of a PTSD trial
    ("Veterans with PTSD were randomized to ketamine or midazolam. PTSD symptoms fell by 14 points with "
     "ketamine and 8 points with midazolam. Depression and sleep also improved more in the ketamine group.",
     ["PTSD", "depression"]),
    # distractor: one background mention of depression stays out
    ("Veterans with PTSD were randomized to ketamine or midazolam. PTSD symptoms fell by 14 points with "
     "ketamine and 8 points with midazolam. Many veterans also live with depression.", ["PTSD"]),
])
def test_blind28_condition_classes(text, expected):
    assert extract(text)["conditions"] == expected


@pytest.mark.parametrize("text,expected", [
    # a result on a PTSD scale names PTSD even when the condition word is rare
    ("Participants who completed the randomized phase were offered an open-label extension. Mean CAPS-5 total "
     "score fell from 38.6 at extension baseline to 27.9 at week 24. MADRS scores improved by a mean of 8.3 "
     "points.", ["PTSD", "depression"]),
    # distractor: a PTSD scale only named as an exclusion is no result
    ("Adults with TRD received ketamine. MADRS scores improved by 12 points. Patients with a PCL-5 score "
     "above 33 were excluded.", ["depression"]),
])
def test_blind30_condition_classes(text, expected):
    assert extract(text)["conditions"] == expected


@pytest.mark.parametrize("text,expected", [
    # a listed secondary outcome whose only numbers are time points before their unit is no result
    ("ISRCTN40417763\nKetamine-assisted ERP for obsessive-compulsive disorder\nCondition\nObsessive-compulsive "
     "disorder\nPrimary outcome measure\nY-BOCS total score at 12 weeks\nSecondary outcome measures\n1. Y-BOCS "
     "total score at 2 and 6 weeks\n2. Depressive symptoms (MADRS) at 4 and 8 weeks\n3. Sleep quality at 8 weeks",
     ["OCD"]),
    # distractor: the same outcome with a result figure counts
    ("Adults with obsessive-compulsive disorder received ketamine before ERP. Y-BOCS scores fell by 9 points. "
     "Secondary outcomes: depressive symptoms (MADRS) fell by 6.2 points at 4 and 8 weeks.", ["OCD", "depression"]),
])
def test_blind37_condition_classes(text, expected):
    assert extract(text)["conditions"] == expected


@pytest.mark.parametrize("text,expected", [
    # a depression level at entry that "changed little" is no result of an OCD trial
    ("Adults with OCD were randomized to ketamine or saline. Y-BOCS scores fell by 8 points with ketamine. "
     "Depressive symptoms were mild at entry (mean HAM-D 10.4) and changed little.", ["OCD"]),
    # a PTSD subgroup's checklist scores that "fall by" points are a PTSD result
    ("Most clients with depression improved on the PHQ-9. A subgroup of 180 patients who also screened "
     "positive for post-traumatic stress disorder saw their PTSD Checklist scores fall by 12 points.",
     ["PTSD", "depression"]),
    # a matching variable and a subgroup not reported separately are no target
    ("Veterans with treatment-resistant depression who began esketamine were matched on age, prior "
     "admissions, PTSD diagnosis and other factors. A quarter also had a PTSD diagnosis. The authors did "
     "not report separate results for veterans with PTSD. Depression-related admissions fell by 20%.",
     ["depression"]),
])
def test_blind38_condition_classes(text, expected):
    assert extract(text)["conditions"] == expected


@pytest.mark.parametrize("text,expected", [
    # a condition the people did not have ("without current depression") is no target
    ("Adults with OCD were randomized to ketamine or saline; people with a current major depressive episode "
     "were excluded. Y-BOCS scores fell by 7 points more with ketamine in adults without current "
     "depression.", ["OCD"]),
    # distractor: a condition named beside its own results stays a target
    ("Ketamine for PTSD with depression: PCL-5 scores fell by 14 points, and depression improved as well, "
     "with MADRS scores falling by 9 points.", ["PTSD", "depression"]),
])
def test_blind43_condition_classes(text, expected):
    assert extract(text)["conditions"] == expected
