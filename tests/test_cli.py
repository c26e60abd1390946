"""The kb command line: commands, --db/KB_DB, exit codes, quiet mode, help with examples."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from kb.cli import cli
from kb.lock import writer_lock
from tests.conftest import FIXTURES, shared_files

EDGE = FIXTURES / "pubmed" / "edge_cases.xml"


@pytest.fixture
def run(db_path):
    def invoke(*args, env=None, input=None):
        runner = CliRunner()
        return runner.invoke(cli, ["--db", str(db_path), *args], env=env, input=input, catch_exceptions=False)

    return invoke


@pytest.mark.parametrize("name", sorted(cli.commands))
def test_every_command_has_help_with_an_example(name):
    command = cli.commands[name]
    assert command.help and "Example" in command.help
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0 and "Example" in result.output


def test_init_twice(run, db_path):
    first, second = run("init"), run("init")
    assert first.exit_code == second.exit_code == 0
    assert "schema up to date" in second.output and db_path.exists()


def test_kb_db_environment_variable(tmp_path):
    target = tmp_path / "from-env.db"
    result = CliRunner().invoke(cli, ["init"], env={"KB_DB": str(target)})
    assert result.exit_code == 0 and target.exists()


def test_unusable_database_exits_2(tmp_path):
    bogus = tmp_path / "not-a-db.db"
    bogus.write_text("this is not sqlite " * 100)
    result = CliRunner().invoke(cli, ["--db", str(bogus), "init"])
    assert result.exit_code == 2 and "cannot use" in result.output


def test_bad_usage_exits_2(run):
    assert run("harvest", "--since", "yesterday").exit_code == 2
    assert run("harvest", "--source", "nowhere").exit_code == 2


def test_import_edge_cases_partial(run):
    result = run("import", "--no-extract", str(EDGE))
    assert result.exit_code == 1  # one broken article in the file
    assert "3 new" in result.output


def test_import_real_samples_one_document_per_article(run, db_path):
    files = [str(p) for p in shared_files("pubmed", "efetch_*.xml")]
    if not files:
        pytest.skip("../shared not available")
    result = run("import", "--no-extract", *files)
    assert result.exit_code == 0, result.output
    from kb.db import connect

    db = connect(db_path)
    pmids = sorted(r[0] for r in db.execute("SELECT pmid FROM documents"))
    assert pmids == sorted(["34843274", "38011560", "38801034", "12091962", "9997", "30108519", "27797938",
                            "28775130"])
    assert db.execute("SELECT doi FROM documents WHERE pmid = '9997'").fetchone()[0] == "10.1016/0005-2795(76)90109-4"
    again = run("import", "--no-extract", *files)
    assert "0 new" in again.output and "0 updated" in again.output


def test_import_bad_and_good_files(run, tmp_path):
    bad = tmp_path / "broken.xml"
    bad.write_bytes(b"<PubmedArticleSet><PubmedArticle>")
    junk = tmp_path / "junk.bin"
    junk.write_bytes(b"\x00\xff\xfe garbage")
    result = run("import", "--no-extract", str(bad), str(junk), str(EDGE))
    assert result.exit_code == 1
    assert "broken.xml" in result.output and "junk.bin" in result.output
    only_bad = run("import", "--no-extract", str(bad))
    assert only_bad.exit_code == 2


def test_stats(run):
    run("import", "--no-extract", str(EDGE))
    text = run("stats")
    assert text.exit_code == 0 and "documents: 3" in text.output and "pubmed 3" in text.output
    data = json.loads(run("stats", "--json").output)
    assert data["documents"] == 3 and {r["kind"] for r in data["by_kind"]} == {"article", "preprint"}


def test_stats_without_database_exits_2(run):
    assert run("stats").exit_code == 2


def test_harvest_against_fake_server_then_nothing_new(run, fake_eutils):
    import datetime as dt

    for i in range(5):
        fake_eutils.add(str(39500000 + i), dt.date(2024, 5, 1))
    first = run("harvest", "--source", "pubmed", "--since", "2024-04-28")
    assert first.exit_code == 0, first.output
    assert "5 new" in first.output
    second = run("harvest", "--source", "pubmed")
    assert second.exit_code == 0 and "0 new, 0 updated" in second.output


def test_quiet_and_summary_json(run, fake_eutils):
    import datetime as dt

    fake_eutils.add("39500100", dt.date(2024, 5, 1))
    quiet = run("--quiet", "harvest", "--source", "pubmed", "--since", "2024-04-30")
    assert quiet.exit_code == 0 and quiet.stdout == ""
    summary = run("--quiet", "harvest", "--source", "pubmed", "--summary-json")
    [line] = summary.stdout.strip().splitlines()
    assert json.loads(line)["harvest"][0]["status"] == "ok"


def test_harvest_failure_exit_code(run, fake_eutils):
    fake_eutils.faults.update({i: (404, "gone", {}) for i in range(1, 20)})
    result = run("harvest", "--source", "pubmed", "--since", "2024-01-01")
    assert result.exit_code == 2


def test_second_writer_exits_2_at_once(run, db_path):
    run("init")
    with writer_lock(db_path):
        result = run("harvest", "--source", "pubmed")
    assert result.exit_code == 2 and "being written" in result.output


def test_datasette_serves_imported_rows_and_search(run, db_path):
    import asyncio

    from kb.serve import make_datasette

    assert run("import", "--no-extract", str(EDGE)).exit_code == 1
    ds = make_datasette(db_path)

    async def get(path):
        return (await ds.client.get(path)).json()

    rows = asyncio.run(get("/kb/documents.json?_shape=array&_col=pmid&_sort=pmid"))
    assert [r["pmid"] for r in rows] == ["39200001", "39200002", "39200003"]
    hits = asyncio.run(get("/kb/documents.json?_search=esketamine&_shape=array&_col=pmid"))
    assert [r["pmid"] for r in hits] == ["39200001"]
