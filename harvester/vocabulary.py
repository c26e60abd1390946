"""The topic vocabulary, in one place: what counts as "ketamine for PTSD, OCD or depression".

Every source builds its query from these lists, so widening the topic is a one-line change.
"""

from __future__ import annotations

import re

DRUG_TERMS = ("ketamine", "esketamine", "arketamine", "Spravato", "Ketalar")
DRUG_MESH = ("Ketamine",)

CONDITION_TERMS = (
    "depression",
    "depressive disorder",
    "treatment-resistant depression",
    "major depressive disorder",
    "bipolar depression",
    "suicidal ideation",
    "suicidality",
    "PTSD",
    "posttraumatic stress disorder",
    "post-traumatic stress disorder",
    "OCD",
    "obsessive-compulsive disorder",
)
CONDITION_MESH = (
    "Depression",
    "Depressive Disorder",
    "Depressive Disorder, Major",
    "Depressive Disorder, Treatment-Resistant",
    "Bipolar Disorder",
    "Suicidal Ideation",
    "Stress Disorders, Post-Traumatic",
    "Obsessive-Compulsive Disorder",
)

# ClinicalTrials.gov searches conditions and interventions in separate fields.
CTGOV_CONDITIONS = (
    "depression",
    "treatment resistant depression",
    "major depressive disorder",
    "bipolar depression",
    "suicidal ideation",
    "PTSD",
    "obsessive-compulsive disorder",
)


def _or(terms: list[str]) -> str:
    return "(" + " OR ".join(terms) + ")"


def _quote(term: str) -> str:
    return f'"{term}"' if re.search(r"[\s\-,]", term) else term


def pubmed_query() -> str:
    """The PubMed query: drug (words or MeSH) AND condition (words or MeSH)."""
    drug = [f"{_quote(t)}[tiab]" for t in DRUG_TERMS] + [f'"{m}"[mh]' for m in DRUG_MESH]
    cond = [f"{_quote(t)}[tiab]" for t in CONDITION_TERMS] + [f'"{m}"[mh]' for m in CONDITION_MESH]
    return f"{_or(drug)} AND {_or(cond)}"


def europepmc_query() -> str:
    """The Europe PMC query over titles, abstracts and keywords (preprints included).

    Fielded (TITLE_ABS, KW) so that full texts merely citing ketamine stay out.
    """
    drug = [f"{field}:{_quote(t)}" for t in DRUG_TERMS for field in ("TITLE_ABS", "KW")]
    cond = [f"{field}:{_quote(t)}" for t in CONDITION_TERMS for field in ("TITLE_ABS", "KW")]
    return f"{_or(drug)} AND {_or(cond)}"


def ctgov_intervention_query() -> str:
    return " OR ".join(_quote(t) for t in DRUG_TERMS)


def ctgov_condition_query() -> str:
    return " OR ".join(_quote(t) for t in CTGOV_CONDITIONS)


_DRUG_RE = re.compile(r"\b(?:es|ar)?ketamine\b|\bspravato\b|\bketalar\b", re.IGNORECASE)


def mentions_drug(text: str | None) -> bool:
    """Whether a text (a news item, say) is about ketamine or esketamine."""
    return bool(text and _DRUG_RE.search(text))
