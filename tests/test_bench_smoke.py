"""Smoke test of the benchmark scripts at a tiny size: they must keep running (no timings asserted)."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.slow


def test_generators_are_deterministic_and_in_the_real_formats():
    import random

    from bench import generate
    from harvester import clinicaltrials, europepmc, pubmed

    assert generate.abstracts(3, seed=7) == generate.abstracts(3, seed=7)
    words = [len(t.split()) for t in generate.abstracts(50)]
    assert 150 <= min(words) and max(words) <= 320
    rng = random.Random(1)
    page = pubmed.parse(generate.pubmed_xml([generate.pubmed_article_xml(rng, 80000001 + i) for i in range(3)])
                        .encode())
    assert len(page.records) == 3 and not page.errors and all(r.text and r.doi for r in page.records)
    page = europepmc.parse(generate.europepmc_page([generate.europepmc_result(rng, i) for i in range(5)], None, 5))
    assert len(page.records) == 5 and not page.errors
    assert {r.kind for r in page.records} == {"article", "preprint"}
    page = clinicaltrials.parse(generate.ctgov_page([generate.ctgov_study(rng, i) for i in range(3)], None, 3))
    assert len(page.records) == 3 and not page.errors and all(r.structured["enrollment"] for r in page.records)


def test_extraction_bench(tmp_path):
    from bench import extraction

    data = extraction.main(n=20, repeats=1, results_dir=tmp_path)
    assert [r["pipeline"] for r in data["rows"]][0].startswith("spacy")
    assert json.loads((tmp_path / "extraction.json").read_text())["machine"]["cores"]


def test_instructions_bench_without_valgrind_measures_nothing(tmp_path, monkeypatch, capsys):
    """The cachegrind runs take minutes (not a suite test); without valgrind the script says so."""
    from bench import instructions

    monkeypatch.setattr(instructions.shutil, "which", lambda name: None)
    assert instructions.main(n=5, results_dir=tmp_path) is None
    assert "valgrind is not installed" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_extract_snapshot_guard(tmp_path, capsys):
    from bench import extract_snapshot

    baseline = tmp_path / "baseline.json"
    assert extract_snapshot.main(["--n", "3", "--write", str(baseline)]) == 0
    assert extract_snapshot.main(["--n", "3", "--compare", str(baseline)]) == 0
    assert '"generated:2"' in baseline.read_text(encoding="utf-8")
    changed = baseline.read_text(encoding="utf-8").replace('"design": "rct"', '"design": "other"', 1)
    baseline.write_text(changed, encoding="utf-8")
    assert extract_snapshot.main(["--n", "3", "--compare", str(baseline)]) == 1
    assert "DIFFERENT" in capsys.readouterr().out


def test_harvest_bench(tmp_path):
    from bench import harvest

    data = harvest.main(n=30, results_dir=tmp_path)
    incremental = [r for r in data["rows"] if r["scenario"].startswith("incremental")]
    assert {r["source"] for r in incremental} == {"pubmed", "europepmc", "clinicaltrials"}
    assert all(r["new"] == 30 and r["requests"] >= 1 for r in incremental)
    assert all(r["new"] == 0 for r in data["rows"] if r["scenario"].startswith(("rerun", "empty")))


def test_database_bench(tmp_path):
    from bench import database

    data = database.main(n=20, batch=10, results_dir=tmp_path, in_process=True)
    first, rerun = data["rows"]
    assert first["new"] == 20 and first["extracted"] == 20
    assert rerun["new"] == rerun["extracted"] == 0 and rerun["unchanged"] == 20


def test_site_bench(tmp_path):
    from bench import site

    data = site.main(n=50, requests=2, threads=1, max_seconds=10, results_dir=tmp_path)
    assert data["n_documents"] == 50
    assert all(r["n"] >= 1 and r["errors"] == 0 for r in data["rows"]), data["rows"]
    assert "m004_performance_indexes" in data["migrations"]
