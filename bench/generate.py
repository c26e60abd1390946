"""Deterministic generators of FICTIONAL benchmark input: abstract-like texts and records in the real formats.

Every sentence template below was written for the benchmarks; the studies, numbers, authors and
journals are invented. The same seed always gives the same output, so runs can be compared.

- :func:`abstracts` - structured abstract-like texts (~200-300 words) with varied figures;
- :func:`pubmed_article_xml` / :func:`pubmed_xml` - PubMed EFetch XML (``<PubmedArticleSet>``);
- :func:`europepmc_result` / :func:`europepmc_page` - Europe PMC REST search (core) JSON;
- :func:`ctgov_study` / :func:`ctgov_page` - ClinicalTrials.gov API v2 ``/studies`` JSON.
"""

from __future__ import annotations

import json
import random
from xml.sax.saxutils import escape

CONDITIONS = [
    ("treatment-resistant depression", "TRD", "Depressive Disorder, Treatment-Resistant"),
    ("major depressive disorder", "MDD", "Depressive Disorder, Major"),
    ("bipolar depression", "bipolar depression", "Bipolar Disorder"),
    ("posttraumatic stress disorder", "PTSD", "Stress Disorders, Post-Traumatic"),
    ("obsessive-compulsive disorder", "OCD", "Obsessive-Compulsive Disorder"),
    ("suicidal ideation", "suicidal ideation", "Suicidal Ideation"),
]
SCALES = {
    "TRD": ["MADRS", "HAM-D", "QIDS-SR"], "MDD": ["MADRS", "HAM-D", "BDI-II"],
    "bipolar depression": ["MADRS", "YMRS"], "PTSD": ["CAPS-5", "PCL-5"], "OCD": ["Y-BOCS"],
    "suicidal ideation": ["SSI", "C-SSRS"],
}
COMPARATORS = ["midazolam", "saline placebo", "placebo", "electroconvulsive therapy", "intranasal placebo",
               "treatment as usual", "a waitlist"]
DRUGS = [("ketamine", "intravenous", "0.5 mg/kg over 40 minutes"),
         ("ketamine", "intravenous", "0.5 mg/kg"),
         ("esketamine", "intranasal", "56 mg or 84 mg"),
         ("esketamine", "intranasal", "28 mg"),
         ("ketamine", "intramuscular", "0.5 mg/kg"),
         ("ketamine", "oral", "1 mg/kg")]
DESIGNS = ["randomized, double-blind, placebo-controlled trial", "randomized crossover trial",
           "open-label pilot study", "systematic review and meta-analysis", "retrospective cohort study",
           "randomized controlled trial"]
NUMBER_WORDS = ["Twenty", "Thirty", "Forty", "Fifty", "Sixty", "Seventy", "Eighty", "Ninety"]
SURNAMES = ["Abel", "Brandt", "Castell", "Dorn", "Eskola", "Fenwick", "Garrow", "Hallam", "Ivers", "Jansky",
            "Kestrel", "Lindqvist", "Moreau", "Nakashima", "Oduya", "Pellegrin", "Quarry", "Rasmus", "Sorel",
            "Tamsin", "Ulver", "Vance", "Wexley", "Yarrow", "Zeller"]
JOURNALS = ["Fictional Journal of Mood Research", "Invented Archives of Psychiatry",
            "Journal of Imaginary Psychopharmacology", "Made-up Trauma Review", "Benchmark Clinical Neuroscience"]
FILLER = [
    "Participants were recruited from outpatient clinics and followed for {weeks} weeks after the last session.",
    "Concomitant antidepressants were continued at stable doses throughout the study period.",
    "Adverse events were recorded at every visit; dissociation was rated with the CADSS.",
    "Raters assessing outcomes were unaware of group assignment.",
    "Blood pressure was monitored for two hours after each administration.",
    "Analyses followed the intention-to-treat principle with mixed models for repeated measures.",
    "Baseline severity, age and sex were similar across groups.",
    "Dropout was low and balanced between arms.",
    "Randomization was stratified by site and by the number of previous treatment failures.",
    "Sessions took place in a monitored clinical room with a psychiatrist present.",
    "Anxiety, sleep quality and daily functioning were recorded as secondary outcomes.",
    "An independent safety board reviewed unblinded data twice during enrolment.",
]


def _p(rng: random.Random) -> str:
    return rng.choice(["p<0.001", "p = 0.002", "p=0.01", "P = .03", "p < .05", "p=0.04", "P<.001"])


def _ci(rng: random.Random, center: float, spread: float, digits: int = 1) -> str:
    lo, hi = round(center - spread, digits), round(center + spread, digits)
    style = rng.randrange(3)
    if style == 0:
        return f"95% CI {lo} to {hi}"
    if style == 1:
        return f"95% CI, {lo}-{hi}" if lo >= 0 else f"95% CI {lo} to {hi}"
    return f"95% confidence interval [{lo}, {hi}]"


def _results(rng: random.Random, scale: str, comparator: str, drug: str) -> list[str]:
    out = []
    md = round(rng.uniform(-14, -2), 1)
    out.append(f"The {scale} total score fell more with {drug} than with {comparator} "
               f"(mean difference {md}, {_ci(rng, md, rng.uniform(1.5, 5))}; {_p(rng)}).")
    choice = rng.randrange(4)
    if choice == 0:
        rr, rc = rng.randint(30, 70), rng.randint(8, 30)
        out.append(f"Response occurred in {rr}% of the {drug} group and in {rc}% of the {comparator} group.")
    elif choice == 1:
        g = round(rng.uniform(0.2, 1.3), 2)
        out.append(f"The pooled standardized mean difference was {g} ({_ci(rng, g, rng.uniform(0.1, 0.4), 2)}), "
                   f"with moderate heterogeneity (I2 = {rng.randint(10, 80)}%).")
    elif choice == 2:
        odds = round(rng.uniform(1.2, 5.5), 2)
        out.append(f"Remission was more likely with {drug} (odds ratio {odds}, "
                   f"{_ci(rng, odds, rng.uniform(0.2, 1.0), 2)}).")
    else:
        pct = rng.randint(20, 55)
        out.append(f"Symptoms decreased by {pct}% from baseline at day {rng.choice([1, 7, 14, 28])} ({_p(rng)}).")
    if rng.random() < 0.7:
        out.append(f"Secondary outcomes favoured {drug} at week {rng.choice([1, 2, 4])}, "
                   f"with a {rng.randint(10, 40)}% larger improvement in anxiety ratings ({_p(rng)}), "
                   f"although sleep quality did not differ between the groups.")
    if rng.random() < 0.5:
        nnt = rng.randint(3, 9)
        out.append(f"The number needed to treat for response was {nnt}.")
    return out


def abstract(rng: random.Random) -> tuple[str, str, dict]:
    """(title, text, facts) for one fictional study: a structured abstract of about 200-300 words."""
    condition, short, mesh = rng.choice(CONDITIONS)
    drug, route, dose = rng.choice(DRUGS)
    comparator = rng.choice(COMPARATORS)
    design = rng.choice(DESIGNS)
    scale = rng.choice(SCALES[short])
    weeks = rng.choice([2, 4, 6, 8, 12, 24])
    if "meta-analysis" in design:
        n_trials, n = rng.randint(5, 40), rng.randint(300, 4000)
        methods = (f"We searched four databases for randomized trials of {drug} in {condition} and pooled "
                   f"{n_trials} trials with {n} participants using random-effects models.")
    else:
        n = rng.randint(12, 480)
        words = f"{rng.choice(NUMBER_WORDS)}-{rng.choice(['two', 'four', 'six', 'eight'])}" if rng.random() < 0.2 else str(n)
        methods = (f"In this {design}, {words} adults with {condition} were assigned to {route} {drug} "
                   f"({dose}) or {comparator} {rng.choice(['twice weekly', 'once', 'three times a week'])} "
                   f"for {weeks} weeks.")
    title = (f"{route.capitalize()} {drug} versus {comparator} for {condition}: "
             f"a {design} (fictional benchmark record)")
    background = (f"{condition.capitalize()} often fails to improve with standard treatment, and {drug} acts on "
                  f"glutamate signalling within hours. We tested whether {route} {drug} reduces symptoms of "
                  f"{short} more than {comparator}.")
    filler = rng.sample(FILLER, k=rng.randint(4, 7))
    method_text = " ".join([methods, f"The primary outcome was change in the {scale} score at week {weeks}."]
                           + [f.format(weeks=weeks) for f in filler])
    result_text = " ".join(_results(rng, scale, comparator, drug) + [
        f"Transient dissociation was reported by {rng.randint(5, 40)} participants "
        f"({rng.randint(5, 45)}%) and resolved within {rng.choice([60, 90, 120])} minutes."])
    conclusion = rng.choice([
        f"Limitations include the short follow-up, the difficulty of blinding {drug} and a sample drawn "
        f"from specialist centres. {drug.capitalize()} appeared safe and well tolerated over {weeks} weeks.",
        f"{drug.capitalize()} produced a rapid reduction in {short} symptoms that lasted about {weeks} weeks.",
        f"These fictional findings support larger trials of {drug} for {condition} with an active comparator.",
        f"Benefits of {drug} over {comparator} were modest and should be confirmed in longer studies.",
    ])
    sections = [("BACKGROUND", background), ("METHODS", method_text), ("RESULTS", result_text),
                ("CONCLUSIONS", conclusion)]
    if rng.random() < 0.3:
        nct = f"NCT0{rng.randint(1000000, 9999999)}"
        sections.append(("TRIAL REGISTRATION", f"ClinicalTrials.gov {nct}."))
    text = "\n\n".join(f"{label}\n{body}" for label, body in sections)
    return title, text, {"condition": condition, "mesh": mesh, "drug": drug, "comparator": comparator,
                         "design": design, "n": n, "sections": sections}


def abstracts(n: int, seed: int = 1) -> list[str]:
    """``n`` abstract-like texts (the text only), deterministic for a seed."""
    rng = random.Random(seed)
    return [abstract(rng)[1] for _ in range(n)]


# -- PubMed EFetch XML -----------------------------------------------------------

def _authors(rng: random.Random) -> list[tuple[str, str]]:
    return [(rng.choice(SURNAMES), rng.choice("ABCDEFGHJKLMNPRSTW") + rng.choice(["", "J", "M"]))
            for _ in range(rng.randint(2, 7))]


def pubmed_article_xml(rng: random.Random, pmid: int, *, year: int | None = None) -> str:
    """One fictional ``<PubmedArticle>`` in EFetch shape (structured abstract, DOI, MeSH, authors)."""
    title, _, facts = abstract(rng)
    year = year or rng.randint(2000, 2026)
    month = rng.choice(["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"])
    doi = f"10.5555/bench.{year}.{pmid}"
    sections = "".join(
        f'<AbstractText Label="{label}" NlmCategory="{label.split()[0]}">{escape(body)}</AbstractText>'
        for label, body in facts["sections"])
    authors = "".join(f'<Author ValidYN="Y"><LastName>{last}</LastName><ForeName>{initials}</ForeName>'
                      f'<Initials>{initials}</Initials></Author>' for last, initials in _authors(rng))
    pubtype = "Meta-Analysis" if "meta" in facts["design"] else (
        "Randomized Controlled Trial" if "randomized" in facts["design"] else "Journal Article")
    mesh = "".join(f'<MeshHeading><DescriptorName UI="D0{rng.randint(10000, 99999)}" MajorTopicYN="N">{m}'
                   f'</DescriptorName></MeshHeading>' for m in ("Ketamine", facts["mesh"], "Humans"))
    return (
        f'<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">{pmid}</PMID>'
        f'<Article PubModel="Print-Electronic"><Journal><JournalIssue CitedMedium="Internet">'
        f'<Volume>{rng.randint(1, 90)}</Volume><PubDate><Year>{year}</Year><Month>{month}</Month></PubDate>'
        f'</JournalIssue><Title>{rng.choice(JOURNALS)}</Title></Journal>'
        f'<ArticleTitle>{escape(title)}</ArticleTitle>'
        f'<ELocationID EIdType="doi" ValidYN="Y">{doi}</ELocationID>'
        f'<Abstract>{sections}</Abstract><AuthorList CompleteYN="Y">{authors}</AuthorList>'
        f'<Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article'
        f'</PublicationType><PublicationType UI="D016449">{pubtype}</PublicationType></PublicationTypeList>'
        f'</Article><MeshHeadingList>{mesh}</MeshHeadingList></MedlineCitation>'
        f'<PubmedData><ArticleIdList><ArticleId IdType="pubmed">{pmid}</ArticleId>'
        f'<ArticleId IdType="doi">{doi}</ArticleId></ArticleIdList></PubmedData></PubmedArticle>'
    )


def pubmed_xml(articles: list[str]) -> str:
    """An EFetch answer (or saved PubMed XML file) holding the given articles."""
    return ('<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January '
            '2024//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_240101.dtd">\n<PubmedArticleSet>'
            + "".join(articles) + "</PubmedArticleSet>\n")


def pubmed_files(directory, n: int, *, batch: int = 1000, seed: int = 1, first_pmid: int = 80_000_000) -> list:
    """Write ``n`` fictional articles as PubMed XML files of ``batch`` articles each; returns the paths."""
    from pathlib import Path

    rng = random.Random(seed)
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for start in range(0, n, batch):
        count = min(batch, n - start)
        path = directory / f"pubmed_{start // batch:05d}.xml"
        path.write_text(pubmed_xml([pubmed_article_xml(rng, first_pmid + start + i) for i in range(count)]),
                        encoding="utf-8")
        paths.append(path)
    return paths


# -- Europe PMC search (core) JSON ---------------------------------------------

def europepmc_result(rng: random.Random, i: int) -> dict:
    """One fictional Europe PMC core result: a MED article or (one in five) a PPR preprint."""
    title, _, facts = abstract(rng)
    year = rng.randint(2010, 2026)
    preprint = i % 5 == 4
    html = "".join(f"<h4>{label.title()}</h4>{escape(body)}" for label, body in facts["sections"])
    authors = _authors(rng)
    result = {
        "id": f"PPR{700000 + i}" if preprint else str(70_000_000 + i),
        "source": "PPR" if preprint else "MED",
        "doi": f"10.5555/bench-epmc.{i}",
        "title": title,
        "authorString": ", ".join(f"{a} {b}" for a, b in authors) + ".",
        "authorList": {"author": [{"fullName": f"{a} {b}", "lastName": a, "initials": b} for a, b in authors]},
        "pubYear": str(year),
        "abstractText": html,
        "language": "eng",
        "pubTypeList": {"pubType": ["Preprint"] if preprint else ["Journal Article"]},
        "isOpenAccess": rng.choice(["Y", "N"]),
        "firstIndexDate": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
        "firstPublicationDate": f"{year}-0{rng.randint(1, 9)}-1{rng.randint(0, 9)}",
    }
    if preprint:
        result["bookOrReportDetails"] = {"publisher": "Fictional Preprint Server"}
    else:
        result["pmid"] = result["id"]
        result["journalInfo"] = {"journal": {"title": rng.choice(JOURNALS)}, "printPublicationDate": f"{year}-01"}
    return result


def europepmc_page(results: list[dict], next_cursor: str | None, hit_count: int) -> bytes:
    """A Europe PMC ``/search`` answer (format=json, resultType=core)."""
    body = {"version": "6.9", "hitCount": hit_count, "request": {"resultType": "core", "pageSize": 1000},
            "resultList": {"result": results}}
    if next_cursor:
        body["nextCursorMark"] = next_cursor
    return json.dumps(body).encode()


# -- ClinicalTrials.gov v2 JSON ------------------------------------------------

def ctgov_study(rng: random.Random, i: int) -> dict:
    """One fictional ClinicalTrials.gov v2 study (protocol section; some with posted results)."""
    title, text, facts = abstract(rng)
    nct = f"NCT{90_000_000 + i:08d}"
    comparator = facts["comparator"]
    start = rng.randint(2008, 2024)
    study = {
        "protocolSection": {
            "identificationModule": {"nctId": nct, "briefTitle": title, "officialTitle": title,
                                     "organization": {"fullName": "Fictional Research Institute", "class": "OTHER"}},
            "statusModule": {
                "overallStatus": rng.choice(["COMPLETED", "RECRUITING", "TERMINATED", "ACTIVE_NOT_RECRUITING"]),
                "startDateStruct": {"date": f"{start}-0{rng.randint(1, 9)}", "type": "ACTUAL"},
                "primaryCompletionDateStruct": {"date": f"{start + 2}-0{rng.randint(1, 9)}-15", "type": "ACTUAL"},
                "completionDateStruct": {"date": f"{start + 2}-0{rng.randint(1, 9)}-28", "type": "ACTUAL"},
                "studyFirstPostDateStruct": {"date": f"{start}-0{rng.randint(1, 9)}-01", "type": "ACTUAL"},
                "lastUpdatePostDateStruct": {"date": f"{start + 3}-0{rng.randint(1, 9)}-02", "type": "ACTUAL"},
            },
            "descriptionModule": {"briefSummary": facts["sections"][1][1],
                                  "detailedDescription": facts["sections"][0][1]},
            "conditionsModule": {"conditions": [facts["mesh"]], "keywords": ["ketamine"]},
            "designModule": {
                "studyType": "INTERVENTIONAL", "phases": [rng.choice(["PHASE2", "PHASE3", "PHASE4"])],
                "designInfo": {"allocation": "RANDOMIZED", "interventionModel": rng.choice(["PARALLEL", "CROSSOVER"]),
                               "primaryPurpose": "TREATMENT", "maskingInfo": {"masking": "DOUBLE"}},
                "enrollmentInfo": {"count": facts["n"], "type": "ACTUAL"},
            },
            "armsInterventionsModule": {
                "armGroups": [
                    {"label": facts["drug"].capitalize(), "type": "EXPERIMENTAL",
                     "interventionNames": [f"Drug: {facts['drug'].capitalize()}"]},
                    {"label": comparator.capitalize(), "type": "PLACEBO_COMPARATOR",
                     "interventionNames": [f"Drug: {comparator.capitalize()}"]},
                ],
                "interventions": [{"type": "DRUG", "name": facts["drug"].capitalize()},
                                  {"type": "DRUG", "name": comparator.capitalize()}],
            },
        },
        "hasResults": rng.random() < 0.3,
    }
    if rng.random() < 0.3:
        study["protocolSection"]["referencesModule"] = {"references": [
            {"pmid": str(80_000_000 + rng.randint(0, 99_999)), "type": "RESULT", "citation": "Fictional citation."}]}
    if study["hasResults"]:
        md = round(rng.uniform(-12, -2), 1)
        study["resultsSection"] = {"outcomeMeasuresModule": {"outcomeMeasures": [{
            "type": "PRIMARY", "title": "Change in Total Score From Baseline",
            "groups": [{"id": "OG000", "title": "Ketamine"}, {"id": "OG001", "title": "Comparator"}],
            "analyses": [{"groupIds": ["OG000", "OG001"], "paramType": "Mean Difference (Final Values)",
                          "paramValue": str(md), "ciPctValue": "95", "ciLowerLimit": str(round(md - 3, 1)),
                          "ciUpperLimit": str(round(md + 3, 1)), "pValue": "0.01", "statisticalMethod": "ANCOVA"}],
        }]}}
    return study


def ctgov_page(studies: list[dict], next_token: str | None, total: int | None = None) -> bytes:
    """A ClinicalTrials.gov v2 ``/studies`` answer."""
    body: dict = {"studies": studies}
    if total is not None:
        body["totalCount"] = total
    if next_token:
        body["nextPageToken"] = next_token
    return json.dumps(body).encode()


if __name__ == "__main__":  # a quick look at what the generator makes
    rng = random.Random(1)
    title, text, _ = abstract(rng)
    print(title, "\n", text, "\n", len(text.split()), "words")
