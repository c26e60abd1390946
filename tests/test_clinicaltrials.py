"""ClinicalTrials.gov source: study mapping, design/comparators/effects, pageToken paging, retries."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from werkzeug.wrappers import Response

from harvester import clinicaltrials
from harvester.errors import HarvestError, ParseError
from harvester.http import PoliteSession
from tests import conftest
from tests.conftest import shared_files

FIXTURES = Path(__file__).parent / "fixtures" / "clinicaltrials"
SHARED = conftest.SHARED / "formats" / "clinicaltrials"
SHARED_SAMPLES = shared_files("clinicaltrials", "*.json")


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@pytest.fixture
def session(session: PoliteSession) -> PoliteSession:
    session.max_retries = 2  # the shared test session, with fewer retries
    return session


def records(name: str):
    return {r.source_id: r for r in clinicaltrials.parse(fixture(name)).records}


# -- parsing -------------------------------------------------------------

def test_rct_with_results_maps_to_registry_record():
    rec = records("studies_page1.json")["NCT09100001"]
    assert rec.kind == "registry" and rec.source == "clinicaltrials"
    assert rec.nct_id == "NCT09100001" and rec.pmid is None
    assert rec.title == "Ketamine Versus Midazolam for Treatment-Resistant Depression (official title, fictional example)"
    assert rec.text.startswith("This randomized trial compares")
    assert "\n\nParticipants are randomized 1:1." in rec.text
    assert "fasting glucose <126 mg/dl" in rec.text and "age >= 18 years" in rec.text  # \< unescaped
    assert "\\" not in rec.text
    assert rec.published == "2022-01-10" and rec.year == 2022
    assert rec.url == "https://clinicaltrials.gov/study/NCT09100001"
    s = rec.structured
    assert s["status"] == "COMPLETED" and s["phases"] == ["PHASE2", "PHASE3"]
    assert (s["allocation"], s["masking"], s["design"]) == ("RANDOMIZED", "QUADRUPLE", "rct")
    assert (s["enrollment"], s["enrollment_type"]) == (40, "ACTUAL")
    assert s["arms"] == [
        {"label": "Ketamine", "type": "EXPERIMENTAL", "interventions": ["Ketamine hydrochloride"]},
        {"label": "Midazolam", "type": "ACTIVE_COMPARATOR", "interventions": ["Midazolam"]},
    ]
    assert s["comparators"] == [{"name": "midazolam", "text": "Drug: Midazolam", "arm": "Midazolam"}]
    assert s["conditions"] == ["Treatment-resistant Depression"]
    assert (s["start_date"], s["completion_date"], s["last_update"]) == ("2022-02", "2023-11-30", "2024-03-15")
    assert s["has_results"] is True


def test_reference_links_distinguish_result_and_background():
    rec = records("studies_page1.json")["NCT09100001"]
    assert [(l.relation, l.target_type, l.target_value, l.evidence) for l in rec.links] == [
        ("results_publication", "pmid", "39100001", "pmid in registry references (RESULT)"),
        ("cites", "pmid", "30000002", "pmid in registry references (BACKGROUND)"),
    ]


def test_posted_analyses_become_effects():
    effects = records("studies_page1.json")["NCT09100001"].structured["effects"]
    assert len(effects) == 3
    md, odds, fisher = effects
    assert md["measure"] == "mean_difference"
    assert (md["value"], md["ci_low"], md["ci_high"], md["p"], md["p_op"]) == (-7.9, -11.6, -4.2, 0.001, "<")
    assert md["outcome"] == "Change in MADRS Total Score at 24 Hours"
    assert md["arm"] == "Ketamine vs Midazolam"
    assert md["text"] == ("Change in MADRS Total Score at 24 Hours: Mean Difference (Final Values) -7.9 "
                          "(95% CI -11.6 to -4.2), p < 0.001; Ketamine vs Midazolam")
    assert (odds["measure"], odds["value"], odds["p"], odds["p_op"]) == ("odds_ratio", 3.67, 0.04, "=")
    # a test with only a p-value is kept, as "other", without a value
    assert (fisher["measure"], fisher["value"], fisher["p"]) == ("other", None, 0.051)


@pytest.mark.parametrize(
    "nct, design, comparators, enrollment",
    [
        ("NCT09100002", "crossover-rct", ["saline"], (30, "ESTIMATED")),
        ("NCT09100003", "open-label", [], (12, "ACTUAL")),
        ("NCT09100004", "observational", [], (500, "ESTIMATED")),
    ],
)
def test_design_and_comparator_table(nct, design, comparators, enrollment):
    recs = {**records("studies_page1.json"), **records("studies_page2.json")}
    s = recs[nct].structured
    assert s["design"] == design
    assert [c["name"] for c in s["comparators"]] == comparators
    assert (s["enrollment"], s["enrollment_type"]) == enrollment
    assert s["effects"] == [] and s["has_results"] is False


@pytest.mark.parametrize(
    "texts, expected",
    [
        (("Placebo", "", "0.9% sodium chloride"), "saline"),
        (("Midazolam", "", "active placebo"), "midazolam"),
        (("Sham ECT",), "ect"),
        (("Electroconvulsive therapy",), "ect"),
        (("Esketamine nasal spray",), "esketamine"),
        (("Ketamine 0.1 mg/kg",), "ketamine"),
        (("Placebo",), "placebo"),
        (("Placebo", "", "matched to the ketamine infusion"), "placebo"),
        (("Wait-list control",), "waitlist"),
        (("Enhanced usual care",), "treatment as usual"),
        (("Electroacupuncture",), "other:electroacupuncture"),
    ],
)
def test_normalise_comparator(texts, expected):
    assert clinicaltrials.normalise_comparator(*texts) == expected


@pytest.mark.parametrize(
    "raw, expected",
    [("<0.001", (0.001, "<")), ("0.03", (0.03, "=")), ("≤.05", (0.05, "<")), ("> 0.2", (0.2, ">")),
     ("NS", (None, None)), (None, (None, None))],
)
def test_parse_p_value(raw, expected):
    assert clinicaltrials.parse_p_value(raw) == expected


def test_bad_study_does_not_sink_page():
    page = clinicaltrials.parse(fixture("studies_page1.json"))
    assert [r.source_id for r in page.records] == ["NCT09100001", "NCT09100002"]
    (error,) = page.errors
    assert error.source == "clinicaltrials" and "protocolSection" in error.reason
    assert page.cursor == "FICTIONAL_TOKEN_2"


def test_single_study_object_parses():
    (rec,) = clinicaltrials.parse(fixture("study_NCT09100001.json")).records
    assert rec.nct_id == "NCT09100001"


@pytest.mark.parametrize("payload", [b"{truncated", b"[1, 2]", b'{"totalCount": 3}'])
def test_malformed_payload_is_parse_error(payload):
    with pytest.raises(ParseError):
        clinicaltrials.parse(payload)


def test_detect():
    assert clinicaltrials.detect(fixture("studies_page1.json"))
    assert clinicaltrials.detect(fixture("study_NCT09100001.json"))
    assert not clinicaltrials.detect(b'{"resultList": {"result": []}}')
    assert not clinicaltrials.detect(b"<rss version='2.0'></rss>")


@pytest.mark.skipif(not SHARED_SAMPLES, reason="shared/formats/clinicaltrials not present")
@pytest.mark.parametrize("path", SHARED_SAMPLES, ids=lambda p: p.name)
def test_real_samples_parse(path):
    payload = path.read_bytes()
    assert clinicaltrials.detect(payload)
    page = clinicaltrials.parse(payload)
    data = json.loads(payload)
    assert len(page.records) == len(data.get("studies", [data])) and page.errors == []
    for rec in page.records:
        assert rec.nct_id.startswith("NCT") and len(rec.nct_id) == 11
        assert rec.title and rec.text
        assert rec.structured["conditions"]


@pytest.mark.skipif(not (SHARED / "study_NCT00763412_with_results.json").exists(), reason="sample absent")
def test_real_study_with_results():
    (rec,) = clinicaltrials.parse((SHARED / "study_NCT00763412_with_results.json").read_bytes()).records
    s = rec.structured
    assert s["has_results"] and s["design"] == "rct" and s["enrollment"] == 31
    assert s["comparators"] == [{"name": "placebo", "text": "Drug: placebo", "arm": "1 Placebo"}]
    assert s["effects"] == []  # results posted, but no statistical analyses


@pytest.mark.skipif(not (SHARED / "studies_page1_fields_totalcount.json").exists(), reason="sample absent")
def test_real_fields_limited_page_has_unknown_design():
    page = clinicaltrials.parse((SHARED / "studies_page1_fields_totalcount.json").read_bytes())
    assert page.cursor == "ZVt07cGHkvI2wRk2CJf6_LLq14bEL8swd7KrgP4dnDeTsPkw"
    assert all(r.structured["design"] is None for r in page.records)


# -- harvesting ----------------------------------------------------------

def _serve(httpserver, pages: dict[str | None, bytes]):
    def handler(request):
        body = pages.get(request.args.get("pageToken"))
        if body is None:
            return Response("unknown token", status=400)
        return Response(body, content_type="application/json")

    httpserver.expect_request("/api/v2/studies").respond_with_handler(handler)
    return httpserver.url_for("/api/v2")


def test_harvest_follows_page_token_chain(httpserver, session):
    base = _serve(httpserver, {None: fixture("studies_page1.json"), "FICTIONAL_TOKEN_2": fixture("studies_page2.json")})
    pages = list(clinicaltrials.harvest(session, "2024-03-01", "2024-03-31", base_url=base))
    assert [len(p.records) for p in pages] == [2, 2]
    assert [len(p.errors) for p in pages] == [1, 0]
    assert pages[1].window == ("2024-03-01", "2024-03-31")
    first, second = (req for req, _ in httpserver.log)
    assert first.args["query.term"] == "AREA[LastUpdatePostDate]RANGE[2024-03-01,2024-03-31]"
    assert "ketamine" in first.args["query.intr"] and "depression" in first.args["query.cond"]
    assert first.args["pageSize"] == "1000" and first.args["format"] == "json"
    assert "pageToken" not in first.args
    assert second.args["pageToken"] == "FICTIONAL_TOKEN_2"
    assert second.args["query.term"] == first.args["query.term"]


def test_harvest_stops_when_token_repeats(httpserver, session):
    looping = json.loads(fixture("studies_page2.json"))
    looping["nextPageToken"] = "FICTIONAL_TOKEN_2"
    base = _serve(httpserver, {None: fixture("studies_page1.json"), "FICTIONAL_TOKEN_2": json.dumps(looping).encode()})
    pages = list(clinicaltrials.harvest(session, "2024-03-01", "2024-03-31", base_url=base))
    assert len(pages) == 2 and len(httpserver.log) == 2


def test_harvest_empty_window(httpserver, session, monkeypatch):
    base = _serve(httpserver, {None: b'{"studies": [], "totalCount": 0}'})
    monkeypatch.setenv("KB_CLINICALTRIALS_URL", base)
    assert list(clinicaltrials.harvest(session, "2024-03-01", "2024-03-31")) == []


def test_429_with_retry_after_then_success(httpserver, session, sleeps):
    httpserver.expect_oneshot_request("/api/v2/studies").respond_with_data(
        "", status=429, headers={"Retry-After": "3"})
    httpserver.expect_request("/api/v2/studies").respond_with_data(
        fixture("studies_page2.json"), content_type="application/json")
    pages = list(clinicaltrials.harvest(session, "2024-03-01", "2024-03-31", base_url=httpserver.url_for("/api/v2")))
    assert len(pages) == 1 and pages[0].n_requests == 2
    assert 3.0 in sleeps


def test_truncated_json_retried_then_error(httpserver, session):
    httpserver.expect_request("/api/v2/studies").respond_with_data('{"studies": [{"protocolSection"')
    with pytest.raises(HarvestError):
        list(clinicaltrials.harvest(session, "2024-03-01", "2024-03-31", base_url=httpserver.url_for("/api/v2")))
    assert len(httpserver.log) == 3


def test_e2e_fixture_links_the_shared_article():
    payload = (Path(__file__).parent / "fixtures" / "e2e" / "clinicaltrials_studies.json").read_bytes()
    (rec,) = clinicaltrials.parse(payload).records
    assert rec.nct_id == "NCT09000001"
    assert [(l.relation, l.target_value) for l in rec.links] == [("results_publication", "39000001")]
    assert [c["name"] for c in rec.structured["comparators"]] == ["saline"]
