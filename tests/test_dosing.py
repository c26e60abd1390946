"""Doses and routes of administration."""
import pytest

from extractors import extract

DOSES = [
    ("ketamine 0.5 mg/kg over 40 minutes", [(0.5, "mg/kg", "0.5 mg/kg")]),
    ("0.5 mg per kilogram of body weight", [(0.5, "mg/kg", "0.5 mg per kilogram")]),
    ("esketamine 84 mg twice weekly", [(84.0, "mg", "84 mg")]),
    ("3.5mg/kg/h infusion", [(3.5, "mg/kg/h", "3.5mg/kg/h")]),
    ("0.1–0.4mg/kg i.v.", [(0.1, "mg/kg", "0.1"), (0.4, "mg/kg", "0.4mg/kg")]),
    # not doses
    ("40 minutes, 18-65 years, 20 ml of saline, 30 participants", []),
]


@pytest.mark.parametrize("text,expected", DOSES)
def test_doses(text, expected):
    doses = extract(text)["doses"]
    assert [(d["value"], d["unit"], d["text"]) for d in doses] == expected
    for d in doses:
        assert text[d["start"]:d["end"]] == d["text"]


ROUTES = [
    ("subanesthetic intravenous ketamine", ["intravenous"]),
    ("IV ketamine infusion", ["intravenous"]),
    ("esketamine nasal spray", ["intranasal"]),
    ("oral ketamine tablets", ["oral"]),
    ("intramuscular ketamine", ["intramuscular"]),
    ("subcutaneous (SC) ketamine", ["subcutaneous"]),
    # roman numerals are not routes
    ("DSM-IV bipolar disorder in a phase IV study", []),
]


@pytest.mark.parametrize("text,expected", ROUTES)
def test_routes(text, expected):
    assert extract(text)["routes"] == expected
