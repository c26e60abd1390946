"""ClinicalTrials.gov (API v2): registered ketamine/esketamine studies, with design and posted results.

A registry record knows things better than any text extraction can: the enrollment, the
arms and their comparators, the masking, and (when results are posted) the analysed
effect estimates. Those go into ``Record.structured``. Studies are selected by condition and
intervention and windowed by their last-update date, so a re-run over a window picks up
edits (new status, posted results) as well as new registrations.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import sys
from typing import Any, Iterator

from harvester import sources, vocabulary
from harvester.errors import ParseError
from harvester.http import PoliteSession
from harvester.identifiers import normalise_nct, normalise_pmid
from harvester.markup import unescape_markdown
from harvester.records import Link, Page, Record, RecordError

log = logging.getLogger(__name__)

NAME = "clinicaltrials"
BASE_URL_ENV = "KB_CLINICALTRIALS_URL"
DEFAULT_BASE_URL = "https://clinicaltrials.gov/api/v2"
RATE = 2.0  # the API asks for about 50 requests a minute at most
PAGE_SIZE = 1000  # the API's maximum
STUDY_URL = "https://clinicaltrials.gov/study/{nct}"

COMPARATOR_ARM_TYPES = ("PLACEBO_COMPARATOR", "SHAM_COMPARATOR", "ACTIVE_COMPARATOR")

# Normalised comparator names (the corpus labelling scheme), checked in this order so that
# the named agent wins: "placebo (saline)" is saline, midazolam as active placebo is midazolam.
COMPARATOR_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern, re.IGNORECASE))
    for name, pattern in (
        ("midazolam", r"\bmidazolam\b"),
        ("saline", r"\bsaline\b|\bsodium chloride\b|\bnacl\b|\bsalt water\b"),
        ("ect", r"\bect\b|electroconvulsive|electro-convulsive"),
        ("esketamine", r"\besketamine\b|\bspravato\b"),
        ("ketamine", r"\bketamine\b|\bketalar\b"),
        ("ketorolac", r"\bketorolac\b"),
        ("quetiapine", r"\bquetiapine\b"),
        ("waitlist", r"\bwait[- ]?list"),
        ("treatment as usual", r"\btreatment as usual\b|\busual care\b|\bTAU\b|standard of care"),
        ("active placebo", r"\bactive placebo\b"),
        ("placebo", r"\bplacebo\b|\bsham\b"),
        ("psychotherapy", r"psychotherap|\bcbt\b|cognitive behavio"),
        ("antidepressant", r"\bantidepressants?\b|\bssri\b|\bsnri\b"),
    )
)

_MEASURES = (
    ("hazard_ratio", r"hazard ratio|\bhr\b"),
    ("odds_ratio", r"odds ratio|\bor\b"),
    ("risk_ratio", r"risk ratio|relative risk|\brr\b"),
    ("smd", r"standardi[sz]ed mean difference|\bsmd\b|cohen|hedges"),
    ("mean_difference", r"mean difference|difference in (?:ls |least squares )?means|\bmd\b"),
)


def window_term(start: dt.date | str, end: dt.date | str) -> str:
    """The Essie expression selecting studies whose last update was posted in the window."""
    return f"AREA[LastUpdatePostDate]RANGE[{sources.iso_day(start)},{sources.iso_day(end)}]"


def harvest(
    session: PoliteSession,
    start: dt.date | str,
    end: dt.date | str,
    *,
    base_url: str | None = None,
) -> Iterator[Page]:
    """Every on-topic study updated in the window, one page per ``pageToken`` step."""
    url = sources.base_url(sys.modules[__name__], base_url) + "/studies"
    window = (sources.iso_day(start), sources.iso_day(end))
    params: dict[str, Any] = {
        "query.cond": vocabulary.ctgov_condition_query(),
        "query.intr": vocabulary.ctgov_intervention_query(),
        "query.term": window_term(start, end),
        "pageSize": PAGE_SIZE,
        "format": "json",
        "countTotal": "true",
    }
    seen: set[str] = set()
    while True:
        before = session.n_requests
        response = session.get(url, params=params, expect="json")
        try:
            page = parse_studies(response.content)
        except ParseError as exc:
            yield Page(errors=[RecordError(NAME, None, f"page {params.get('pageToken', 1)}: {exc}")],
                       window=window, n_requests=session.n_requests - before)
            return
        page.window = window
        page.n_requests = session.n_requests - before
        if not page.records and not page.errors:
            return
        yield page
        token = page.cursor
        if not token or token in seen:
            return
        seen.add(token)
        params = {**params, "pageToken": token}
        params.pop("countTotal", None)  # the total only comes with the first page anyway


def detect(payload: bytes) -> bool:
    """A ClinicalTrials.gov v2 response: a ``studies`` page or a single study object."""
    head = payload[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head.startswith(b"{") or (b'"protocolSection"' not in payload and b'"studies"' not in payload):
        return False
    try:
        data = json.loads(payload)
    except ValueError:
        return False
    if not isinstance(data, dict):
        return False
    return isinstance(data.get("studies"), list) or isinstance(data.get("protocolSection"), dict)


def parse(payload: bytes) -> Page:
    """A saved /studies page or single /studies/NCT... response -> a page of records."""
    return parse_studies(payload)


def parse_studies(payload: bytes) -> Page:
    """A /studies page (or one study object) -> records; a bad study becomes a RecordError."""
    try:
        data = json.loads(payload)
    except ValueError as exc:
        raise ParseError(f"ClinicalTrials.gov response is not JSON: {exc}") from None
    if not isinstance(data, dict):
        raise ParseError("ClinicalTrials.gov response is not a JSON object")
    if isinstance(data.get("protocolSection"), dict):
        studies = [data]
    elif isinstance(data.get("studies"), list):
        studies = data["studies"]
    else:
        raise ParseError("ClinicalTrials.gov response has neither studies nor protocolSection")
    page = Page(cursor=data.get("nextPageToken") or None)
    for study in studies:
        nct = _nct(study)
        try:
            page.records.append(parse_study(study))
        except Exception as exc:  # one bad study never sinks the page
            log.warning("clinicaltrials: skipping %s: %s", nct, exc)
            page.errors.append(RecordError(NAME, nct, f"{type(exc).__name__}: {exc}"))
    return page


def _get(data: Any, *path: str) -> Any:
    for key in path:
        if not isinstance(data, dict):
            return None
        data = data.get(key)
    return data


def _nct(study: Any) -> str | None:
    return normalise_nct(_get(study, "protocolSection", "identificationModule", "nctId"))


def _text(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return None
    return unescape_markdown(value.strip())


def parse_study(study: dict[str, Any]) -> Record:
    """One v2 study object -> a registry Record with the design and results in ``structured``."""
    protocol = study.get("protocolSection") if isinstance(study, dict) else None
    if not isinstance(protocol, dict):
        raise ValueError("study has no protocolSection")
    nct = _nct(study)
    if not nct:
        raise ValueError("study has no NCT id")
    ident = protocol.get("identificationModule") or {}
    status = protocol.get("statusModule") or {}
    description = protocol.get("descriptionModule") or {}

    parts = [_text(description.get("briefSummary")), _text(description.get("detailedDescription"))]
    text = "\n\n".join(p for p in parts if p) or None
    title = _text(ident.get("officialTitle")) or _text(ident.get("briefTitle"))

    authors = []
    for official in _get(protocol, "contactsLocationsModule", "overallOfficials") or []:
        if isinstance(official, dict) and official.get("name"):
            authors.append(str(official["name"]))

    return Record(
        source=NAME,
        source_id=nct,
        kind="registry",
        title=title,
        text=text,
        journal="ClinicalTrials.gov",
        published=_get(status, "studyFirstPostDateStruct", "date"),
        url=STUDY_URL.format(nct=nct),
        nct_id=nct,
        pmid=None,
        authors=authors,
        links=_reference_links(protocol),
        structured=structured_fields(study),
    )


def _reference_links(protocol: dict[str, Any]) -> list[Link]:
    links: list[Link] = []
    seen: set[str] = set()
    for ref in _get(protocol, "referencesModule", "references") or []:
        pmid = normalise_pmid(ref.get("pmid")) if isinstance(ref, dict) else None
        if not pmid or pmid in seen:
            continue
        seen.add(pmid)
        # RESULT: the sponsor lists it as a results paper; DERIVED: PubMed found the NCT id in
        # the paper; BACKGROUND: cited as background only, so it is not a publication of this trial.
        ref_type = str(ref.get("type") or "UNSPECIFIED").upper()
        relation = "cites" if ref_type == "BACKGROUND" else "results_publication"
        links.append(Link(relation, "pmid", pmid, f"pmid in registry references ({ref_type})"))
    return links


def _intervention_name(label: str) -> str:
    """"Drug: Midazolam" -> "Midazolam" (arm groups prefix the intervention type)."""
    prefix, sep, rest = label.partition(":")
    return rest.strip() if sep and prefix.strip().replace(" ", "").replace("/", "").isalpha() else label.strip()


GENERIC_COMPARATORS = ("placebo", "active placebo")
# Agents a description may name to refine a generic "Placebo" ("0.9% sodium chloride").
# Study drugs (ketamine...) are excluded: "placebo matched to ketamine" is still placebo.
REFINING_AGENTS = ("midazolam", "saline", "active placebo", "ketorolac", "quetiapine")


def _first_match(text: str) -> str | None:
    return next((name for name, pattern in COMPARATOR_PATTERNS if pattern.search(text)), None)


def normalise_comparator(name: str | None, *details: str | None) -> str:
    """The normalised comparator name of an intervention: its own name first; its other names
    and description only to name the agent behind a generic placebo."""
    found = _first_match(name or "")
    if found and found not in GENERIC_COMPARATORS:
        return found
    for detail in details:
        refined = _first_match(detail or "")
        if refined in REFINING_AGENTS:
            return refined
    if found:
        return found
    if not name:
        refined = next((_first_match(d) for d in details if d and _first_match(d)), None)
        if refined:
            return refined
    label = (name or next((d for d in details if d), None) or "unknown").strip().lower()
    return f"other:{label}"


def _arms(protocol: dict[str, Any]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    module = protocol.get("armsInterventionsModule") or {}
    interventions = {
        str(i.get("name", "")).strip().lower(): i
        for i in module.get("interventions") or []
        if isinstance(i, dict) and i.get("name")
    }
    arms, comparators = [], []
    for group in module.get("armGroups") or []:
        if not isinstance(group, dict):
            continue
        names = [_intervention_name(str(n)) for n in group.get("interventionNames") or []]
        arms.append({"label": group.get("label"), "type": group.get("type"), "interventions": names})
        if group.get("type") not in COMPARATOR_ARM_TYPES:
            continue
        found = []
        for raw, name in zip(group.get("interventionNames") or [], names):
            detail = interventions.get(name.lower(), {})
            other = " ".join(detail.get("otherNames") or [])
            found.append((normalise_comparator(name, other, detail.get("description")), str(raw)))
        if not found:  # an arm with no listed intervention: read its label and description
            found = [(normalise_comparator(group.get("label"), group.get("description")),
                      str(group.get("label")))]
        # Prefer a named control agent over co-interventions given to every arm.
        rank = {name: i for i, (name, _) in enumerate(COMPARATOR_PATTERNS)}
        found.sort(key=lambda item: rank.get(item[0], len(rank)))
        name, raw = found[0]
        if all(c["name"] != name for c in comparators):
            comparators.append({"name": name, "text": raw, "arm": group.get("label")})
    return arms, comparators


def design_label(protocol: dict[str, Any], n_arms: int) -> str | None:
    """The corpus design label a registry record supports: rct, crossover-rct, open-label, observational..."""
    design = protocol.get("designModule") or {}
    info = design.get("designInfo") or {}
    study_type = str(design.get("studyType") or "").upper()
    if study_type == "OBSERVATIONAL":
        return "observational"
    if study_type and study_type != "INTERVENTIONAL":
        return "other"
    allocation = str(info.get("allocation") or "").upper()
    model = str(info.get("interventionModel") or "").upper()
    masking = str(_get(info, "maskingInfo", "masking") or "").upper()
    if not (allocation or model or masking):
        return None  # a fields-limited response: the design is unknown, not open-label
    if allocation == "RANDOMIZED" and model == "CROSSOVER":
        return "crossover-rct"
    if allocation == "RANDOMIZED" and (n_arms > 1 or n_arms == 0):
        return "rct"
    if masking in ("NONE", "") and (model == "SINGLE_GROUP" or n_arms <= 1 or allocation == "NON_RANDOMIZED"):
        return "open-label"
    return "other"


def structured_fields(study: dict[str, Any]) -> dict[str, Any]:
    """The registry facts a study states outright (design, enrollment, comparators, effects)."""
    protocol = study["protocolSection"]
    status = protocol.get("statusModule") or {}
    design = protocol.get("designModule") or {}
    info = design.get("designInfo") or {}
    enrollment = design.get("enrollmentInfo") or {}
    arms, comparators = _arms(protocol)
    count = enrollment.get("count")
    interventions = [
        {"type": i.get("type"), "name": i.get("name")}
        for i in _get(protocol, "armsInterventionsModule", "interventions") or []
        if isinstance(i, dict)
    ]
    return {
        "status": status.get("overallStatus"),
        "study_type": design.get("studyType"),
        "phases": list(design.get("phases") or []),
        "allocation": info.get("allocation"),
        "intervention_model": info.get("interventionModel"),
        "masking": _get(info, "maskingInfo", "masking"),
        "design": design_label(protocol, len(arms)),
        "enrollment": int(count) if isinstance(count, (int, float)) or str(count).isdigit() else None,
        "enrollment_type": enrollment.get("type"),
        "arms": arms,
        "interventions": interventions,
        "comparators": comparators,
        "conditions": [str(c) for c in _get(protocol, "conditionsModule", "conditions") or []],
        "start_date": _get(status, "startDateStruct", "date"),
        "primary_completion_date": _get(status, "primaryCompletionDateStruct", "date"),
        "completion_date": _get(status, "completionDateStruct", "date"),
        "first_posted": _get(status, "studyFirstPostDateStruct", "date"),
        "last_update": _get(status, "lastUpdatePostDateStruct", "date"),
        "has_results": bool(study.get("hasResults")),
        "effects": effects(study),
    }


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        return float(str(value).replace(",", "").replace("\u2212", "-").strip())
    except ValueError:
        return None


_P_RE = re.compile(r"^\s*(<=|>=|≤|≥|<|>|=)?\s*([0-9]*\.?[0-9]+(?:[eE]-?\d+)?)\s*$")


def parse_p_value(value: Any) -> tuple[float | None, str | None]:
    """A registry pValue string ("<0.001", "0.03", "≤.05") -> (number, operator "<"/"="/">")."""
    if value is None:
        return None, None
    match = _P_RE.match(str(value))
    if not match:
        return None, None
    op = {"<=": "<", "≤": "<", ">=": ">", "≥": ">"}.get(match.group(1) or "=", match.group(1) or "=")
    return float(match.group(2)), op


def _measure(param_type: str | None, method: str | None) -> str:
    for text in (param_type, method):
        folded = (text or "").lower()
        for name, pattern in _MEASURES:
            if re.search(pattern, folded):
                return name
    return "other"


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def effects(study: dict[str, Any]) -> list[dict[str, Any]]:
    """Posted statistical analyses of outcome measures, as effect figures with a readable summary."""
    measures = _get(study, "resultsSection", "outcomeMeasuresModule", "outcomeMeasures") or []
    out = []
    for om in measures:
        if not isinstance(om, dict):
            continue
        groups = {g.get("id"): g.get("title") for g in om.get("groups") or [] if isinstance(g, dict)}
        outcome = om.get("title")
        for analysis in om.get("analyses") or []:
            if not isinstance(analysis, dict):
                continue
            value = _number(analysis.get("paramValue"))
            p, p_op = parse_p_value(analysis.get("pValue"))
            if value is None and p is None:
                continue
            arm_titles = [groups.get(g, g) for g in analysis.get("groupIds") or []]
            arm = " vs ".join(str(a) for a in arm_titles if a) or None
            measure = _measure(analysis.get("paramType"), analysis.get("statisticalMethod"))
            ci_low, ci_high = _number(analysis.get("ciLowerLimit")), _number(analysis.get("ciUpperLimit"))
            summary = f"{outcome}: {analysis.get('paramType') or analysis.get('statisticalMethod') or 'analysis'}"
            if value is not None:
                summary += f" {_fmt(value)}"
            if ci_low is not None and ci_high is not None:
                summary += f" ({analysis.get('ciPctValue') or 95}% CI {_fmt(ci_low)} to {_fmt(ci_high)})"
            if p is not None:
                summary += f", p {p_op} {_fmt(p)}"
            if arm:
                summary += f"; {arm}"
            out.append({
                "measure": measure,
                "value": value,
                "ci_low": ci_low,
                "ci_high": ci_high,
                "p": p,
                "p_op": p_op,
                "outcome": outcome,
                "arm": arm,
                "text": summary,
                "param_type": analysis.get("paramType"),
                "method": analysis.get("statisticalMethod"),
            })
    return out
