"""The published site: canned queries, documentation of the schema, charts, document page, escaping."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import quote

import pytest
import sqlite_utils

from kb import site
from kb.schema import PUBLIC_TABLES, PUBLIC_VIEWS
from kb.serve import load_metadata, make_datasette, metadata_path, snapshot

METADATA = load_metadata()
QUERIES = METADATA["databases"]["kb"]["queries"]
TABLES_META = METADATA["databases"]["kb"]["tables"]
NEWS = "url:https://news.example.org/ketamine-ptsd-veterans"


@pytest.fixture(scope="module")
def ds(site_db):
    return make_datasette(site_db, immutable=True)


def get(ds, path: str):
    """Fetch a path from the in-process Datasette."""
    return asyncio.run(ds.client.get(path))


def query_rows(ds, name: str, params: dict[str, str]) -> list[dict]:
    qs = "&".join(f"{key}={quote(str(value))}" for key, value in params.items())
    response = get(ds, f"/kb/{name}.json?_shape=array&{qs}")
    assert response.status_code == 200, response.text
    return response.json()


def ids(rows, column="document_id"):
    return [row[column] for row in rows]


# For every canned query: (params, check) pairs; the first uses the defaults (no parameters).
def _active_vs_inert_defaults(rows):
    by_key = {(r["condition"], r["measure"]): r for r in rows}
    assert set(by_key) == {
        ("PTSD", "mean_difference"),
        ("PTSD", "response_rate"),
        ("depression", "mean_difference"),
        ("depression", "odds_ratio"),
        ("depression", "smd"),
    }
    assert by_key[("depression", "mean_difference")]["active_trials"] == 1
    assert by_key[("depression", "mean_difference")]["active_participants"] == 80
    assert by_key[("depression", "mean_difference")]["inert_trials"] == 0
    assert by_key[("depression", "smd")]["inert_trials"] == 1
    assert by_key[("PTSD", "mean_difference")]["active_figures"] == "-8.2 [-12.1, -4.3]"


def _evidence_for_article(rows):
    assert [r["field"] for r in rows] == ["sample_size", "comparator", "effect", "effect"]
    assert rows[0]["value"] == "48" and rows[0]["text"] == "Forty-eight adults"
    assert rows[2]["value"] == "mean_difference -8.2 [-12.1, -4.3] p<0.001"
    text = sqlite_utils.Database(rows_db_path[0])["documents"].get("pmid:90000001")["text"]
    for row in rows:
        assert text[row["start"] : row["end"]] == row["text"]


rows_db_path: list[Path] = []  # set by the fixture below so a check can read the database

CASES = {
    "search": [
        ({}, lambda rows: rows == []),
        ({"q": "ketamine ptsd"}, lambda rows: set(ids(rows)) == {"pmid:90000001", "nct:NCT09000001", NEWS}
         and all("<mark>" in r["snippet"] for r in rows)),
        ({"q": "midazolam", "kind": "article"}, lambda rows: set(ids(rows)) == {"pmid:90000001", "pmid:90000005"}),
        # An unbalanced quote is not an error; "esketamine" alone does not match "ketamine".
        ({"q": '"ketamine'}, lambda rows: len(rows) == 7 and "nct:NCT09000002" not in ids(rows)),
        ({"q": '"ketamine', "limit": "3"}, lambda rows: len(rows) == 3),
    ],
    "trials": [
        ({}, lambda rows: ids(rows) == ["pmid:90000005", "nct:NCT09000002", "pmid:90000001", "nct:NCT09000001", "pmid:90000002"]),
        ({"condition": "ptsd", "comparator": "midazolam", "min_n": "40"},
         lambda rows: ids(rows) == ["pmid:90000001", "nct:NCT09000001"]),
        ({"condition": "depression", "comparator": "saline"}, lambda rows: ids(rows) == ["pmid:90000002"]),
        ({"min_n": "100"}, lambda rows: rows == []),
        ({"limit": "2"}, lambda rows: ids(rows) == ["pmid:90000005", "nct:NCT09000002"]),
    ],
    "largest_trials": [
        ({}, lambda rows: [(r["condition"], r["document_id"]) for r in rows] == [
            ("OCD", "nct:NCT09000002"),
            ("PTSD", "pmid:90000001"),
            ("PTSD", "nct:NCT09000001"),
            ("depression", "pmid:90000005"),
            ("depression", "pmid:90000002"),
            ("depression", "pmid:90000004"),
        ]),
        ({"per_condition": "1"}, lambda rows: ids(rows) == ["nct:NCT09000002", "pmid:90000001", "pmid:90000005"]),
    ],
    "active_vs_inert_placebo": [
        ({}, _active_vs_inert_defaults),
        ({"condition": "depression", "measure": "smd"}, lambda rows: rows == [{
            "condition": "depression", "measure": "smd", "active_trials": 0, "active_participants": None,
            "active_figures": None, "inert_trials": 1, "inert_participants": 30, "inert_figures": "0.9 [0.4, 1.4]",
        }]),
    ],
    "effects": [
        ({}, lambda rows: len(rows) == 8 and all(r["evidence"] for r in rows)),
        ({"condition": "PTSD", "measure": "response_rate"}, lambda rows: set(ids(rows)) == {"pmid:90000001", NEWS}),
        ({"condition": "depression", "measure": "smd"},
         lambda rows: [(r["document_id"], r["value"], r["ci_low"], r["ci_high"]) for r in rows]
         == [("pmid:90000003", 0.68, 0.45, 0.91), ("pmid:90000002", 0.9, 0.4, 1.4)]),
        ({"measure": "smd", "limit": "1"}, lambda rows: ids(rows) == ["pmid:90000003"]),
    ],
    "evidence": [
        ({}, lambda rows: rows == []),
        ({"id": "pmid:90000001"}, _evidence_for_article),
        ({"id": NEWS}, lambda rows: [r["field"] for r in rows] == ["sample_size", "effect"]),
    ],
    "new_since": [
        ({}, lambda rows: set(ids(rows)) == {NEWS, "pmid:90000004"}
         and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", r["atom_updated"]) for r in rows)),
        ({"since": "2020-01-01"}, lambda rows: len(rows) == 8),
        ({"since": "2020-01-01", "limit": "3"}, lambda rows: len(rows) == 3),
    ],
    "registered_not_published": [
        ({}, lambda rows: ids(rows) == ["nct:NCT09000002"] and rows[0]["months_since_completion"] >= 23),
        ({"months_after_completion": "36"}, lambda rows: rows == []),
        ({"limit": "0"}, lambda rows: rows == []),
    ],
    "news_vs_paper": [
        ({}, lambda rows: len(rows) == 1 and rows[0]["news_id"] == NEWS and rows[0]["paper_id"] == "pmid:90000001"
         and rows[0]["news_n"] == rows[0]["paper_n"] == 48
         and rows[0]["news_figures"] == "response_rate 67.0"
         and "mean_difference -8.2" in rows[0]["paper_figures"]),
        ({"limit": "0"}, lambda rows: rows == []),
    ],
    "timeline": [
        ({}, lambda rows: sum(r["documents"] for r in rows) == 8
         and {"year": 2024, "condition": "PTSD", "kind": "article", "documents": 1} in rows),
        ({"condition": "ocd"}, lambda rows: rows == [{"year": 2021, "condition": "OCD", "kind": "registry", "documents": 1}]),
        ({"kind": "news"}, lambda rows: rows == [{"year": 2024, "condition": "PTSD", "kind": "news", "documents": 1}]),
    ],
}


@pytest.fixture(autouse=True, scope="module")
def _remember_db(site_db):
    rows_db_path[:] = [site_db]


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_has_title_description_and_cases(name):
    query = QUERIES[name]
    assert query.get("title") and query.get("description"), f"{name} needs a title and a description"
    assert not query.get("write"), f"{name} must be read-only"
    declared = set(query.get("params") or [])
    sql_without_strings = re.sub(r"'[^']*'", "''", query["sql"])
    used = set(re.findall(r"(?<!:):(\w+)", sql_without_strings))
    assert declared == used, f"{name}: params {sorted(declared)} but SQL uses {sorted(used)}"
    assert name in CASES, f"add expected rows for the canned query {name} to CASES"


@pytest.mark.parametrize(
    "name,params,check",
    [(name, params, check) for name in sorted(QUERIES) for params, check in CASES.get(name, [])],
    ids=lambda value: value if isinstance(value, str) else (json.dumps(value) if isinstance(value, dict) else ""),
)
def test_canned_query_rows(ds, name, params, check):
    rows = query_rows(ds, name, params)
    result = check(rows)
    assert result is None or result, rows


def _live_columns(db_path) -> list[tuple[str, str]]:
    db = sqlite_utils.Database(db_path)
    pairs = []
    for name in PUBLIC_TABLES:
        pairs += [(name, column) for column in db[name].columns_dict]
    for name in PUBLIC_VIEWS:
        pairs += [(name, column) for column in db[name].columns_dict]
    return pairs


def _fresh_schema_columns() -> list[tuple[str, str]]:
    from kb.schema import migrations

    db = sqlite_utils.Database(memory=True)
    migrations.apply(db)
    return [(t, c) for t in (*PUBLIC_TABLES, *PUBLIC_VIEWS) for c in db[t].columns_dict]


@pytest.mark.parametrize("table,column", _fresh_schema_columns())
def test_every_public_column_is_described(table, column):
    assert TABLES_META.get(table, {}).get("description"), f"table {table} has no description"
    assert TABLES_META[table].get("columns", {}).get(column), f"{table}.{column} has no description in metadata.yml"


def test_every_table_in_the_database_is_public_or_hidden(site_db):
    db = sqlite_utils.Database(site_db)
    for name in db.table_names() + db.view_names():
        if name.startswith("documents_fts"):
            continue  # Datasette hides full-text index tables itself
        meta = TABLES_META.get(name)
        assert meta and meta.get("description"), f"{name} is neither documented nor hidden"
        assert name in PUBLIC_TABLES or name in PUBLIC_VIEWS or meta.get("hidden"), name


def test_metadata_is_found_from_the_package():
    # kb/metadata.yml links to the repository's one file (and is a plain copy inside a wheel).
    root = Path(site.__file__).resolve().parents[1] / "metadata.yml"
    assert metadata_path().read_bytes() == root.read_bytes()
    assert metadata_path().resolve() == root.resolve()
    assert METADATA["title"] == "ketamine-kb"
    assert "FICTIONAL" in METADATA["description_html"]


def test_home_page_links_charts_and_hides_private_tables(ds):
    home = get(ds, "/").text
    assert 'href="/-/charts"' in home
    db_page = get(ds, "/kb").text
    assert "source_records" not in db_page
    for name in ("documents", "effects", "studies"):
        assert f'href="/kb/{name}"' in db_page


def test_documents_facets_and_search(ds):
    data = get(ds, "/kb/documents.json?_search=midazolam").json()
    assert {row[0] for row in data["rows"]} == {"pmid:90000001", "pmid:90000005", "nct:NCT09000001"}
    facets = get(ds, "/kb/documents.json").json()["facet_results"]
    assert set(facets) >= {"kind", "year", "sources"}
    sources = {item["value"]: item["count"] for item in facets["sources"]["results"]}
    assert sources["pubmed"] == 5 and sources["europepmc"] == 1
    conditions = get(ds, "/kb/extractions.json").json()["facet_results"]["conditions"]["results"]
    assert {item["value"]: item["count"] for item in conditions} == {"depression": 4, "PTSD": 3, "OCD": 1}


@pytest.mark.parametrize("table,column,filters", [
    ("documents", "sources", ""), ("documents", "sources", "&_search=ketamine"), ("documents", "sources", "&kind=article"),
    ("extractions", "conditions", ""), ("extractions", "conditions", "&design=rct"),
    ("studies", "conditions", ""), ("studies", "conditions", "&kind=article"), ("registrations", "phases", ""),
])
def test_grouped_array_facet_counts_as_datasettes_array_facet(ds, table, column, filters):
    facets = get(ds, f"/kb/{table}.json?_size=0&_facet_array={column}{filters}").json()["facet_results"].values()
    by_type = {facet["type"]: facet for facet in facets if facet["name"] == column}
    assert by_type["array_grouped"]["results"] == by_type["array"]["results"]
    assert by_type["array_grouped"]["results"]


def test_grouped_array_facet_counts_each_row_once_per_value(tmp_path):
    from datasette.app import Datasette

    from kb.serve import register_plugin

    db = sqlite_utils.Database(tmp_path / "arrays.db")
    db["things"].insert_all([{"id": 1, "tags": '["a", "a", "b"]'}, {"id": 2, "tags": '["b"]'}, {"id": 3, "tags": None},
                             {"id": 4, "tags": "[]"}, {"id": 5, "tags": '["a", "b"]'}], pk="id")
    register_plugin()
    ds = Datasette([str(tmp_path / "arrays.db")],
                   metadata={"databases": {"arrays": {"tables": {"things": {"facets": [{"array_grouped": "tags"}]}}}}})
    facet = get(ds, "/arrays/things.json?_size=0").json()["facet_results"]["tags"]
    assert [(r["value"], r["count"]) for r in facet["results"]] == [("b", 3), ("a", 2)]
    selected = get(ds, "/arrays/things.json?_size=0&tags__arraycontains=a").json()["facet_results"]["tags"]["results"]
    assert [(r["value"], r["count"], r["selected"]) for r in selected] == [("a", 2, True), ("b", 2, False)]


@pytest.mark.parametrize("view", ["studies", "effect_estimates"])
def test_views_facet_conditions_as_arrays(ds, view):
    facets = get(ds, f"/kb/{view}.json?_size=0").json()["facet_results"]
    counts = {item["value"]: item["count"] for item in facets["conditions"]["results"]}
    expected = {"studies": {"depression": 4, "PTSD": 3, "OCD": 1}, "effect_estimates": {"depression": 5, "PTSD": 3}}
    assert counts == expected[view]


def test_settings_applied(ds):
    settings = get(ds, "/-/settings.json").json()
    assert settings["suggest_facets"] is False
    assert settings["sql_time_limit_ms"] == 3000


def test_database_is_read_only(ds):
    response = get(ds, "/kb.json?sql=" + quote("delete from documents"))
    assert response.status_code == 400
    assert get(ds, "/kb/documents.json?_shape=array&_size=max").json()


def test_make_datasette_twice_registers_plugin_once(site_db):
    from datasette.plugins import pm

    make_datasette(site_db)
    make_datasette(site_db)
    assert sum(1 for plugin in pm.get_plugins() if plugin is site) == 1


def test_make_datasette_without_database(tmp_path):
    with pytest.raises(FileNotFoundError):
        make_datasette(tmp_path / "missing.db")


# Escaping: a harvested title holding a script tag is text on every page.
ESCAPE_PATHS = [
    "/kb/documents",
    "/kb/documents/pmid~3A90000004",
    "/kb/studies",
    "/kb/search?q=script",
    "/kb/new_since",
    "/kb/effects?condition=depression",
    "/-/document/pmid:90000004",
    "/-/charts",
]


@pytest.mark.parametrize("path", ESCAPE_PATHS)
def test_harvested_text_is_escaped(ds, path):
    response = get(ds, path)
    assert response.status_code == 200
    body = response.text
    assert "<script>alert" not in body
    assert "<b>daily</b>" not in body


def test_search_snippet_keeps_only_highlight_markup(ds):
    body = get(ds, "/kb/search?q=script").text
    assert "&lt;<mark>script</mark>&gt;alert(1)" in body


def test_atom_feed(ds, site_db):
    script_title = sqlite_utils.Database(site_db)["documents"].get("pmid:90000004")["title"]
    assert "<script>" in script_title
    response = get(ds, "/kb/new_since.atom")
    assert response.status_code == 200
    assert "<script>" not in response.text
    ns = {"a": "http://www.w3.org/2005/Atom"}
    feed = ET.fromstring(response.text.encode())
    assert feed.find("a:title", ns).text == "New documents"
    entries = {entry.find("a:id", ns).text: entry for entry in feed.findall("a:entry", ns)}
    assert set(entries) == {f"urn:ketamine-kb:{NEWS}", "urn:ketamine-kb:pmid:90000004"}
    scripted = entries["urn:ketamine-kb:pmid:90000004"]
    assert scripted.find("a:title", ns).text == script_title
    content = scripted.find("a:content", ns).text  # HTML, once unescaped from XML
    assert "&lt;script&gt;alert(2)&lt;/script&gt;" in content and "<script>" not in content
    assert scripted.find("a:link", ns).get("href") == "https://pubmed.example.org/90000004/"


def test_atom_feed_with_no_entries_is_valid(ds):
    response = get(ds, "/kb/new_since.atom?since=2999-01-01")
    assert response.status_code == 200
    feed = ET.fromstring(response.text.encode())
    ns = {"a": "http://www.w3.org/2005/Atom"}
    assert feed.find("a:title", ns).text == "New documents"
    assert feed.findall("a:entry", ns) == []


@pytest.fixture(scope="module")
def empty_ds(tmp_path_factory):
    from kb.schema import migrations

    path = tmp_path_factory.mktemp("empty") / "empty.db"
    migrations.apply(sqlite_utils.Database(path))
    return make_datasette(path)


@pytest.mark.parametrize("name", sorted(QUERIES))
def test_canned_query_on_an_empty_database(empty_ds, name):
    params = {"q": "ketamine", "id": "pmid:1"}
    assert query_rows(empty_ds, name, {k: v for k, v in params.items() if k in (QUERIES[name].get("params") or [])}) == []


@pytest.mark.parametrize("path", ["/", "/kb", "/-/charts", "/kb/new_since.atom", "/kb/studies"])
def test_pages_on_an_empty_database(empty_ds, path):
    assert get(empty_ds, path).status_code == 200


def _chart_data(body: str) -> dict:
    match = re.search(r'<script type="application/json" id="kb-chart-data">(.*?)</script>', body, re.S)
    assert match, "chart data block missing"
    return json.loads(match.group(1))


def test_charts_page_carries_real_figures(ds):
    body = get(ds, "/-/charts").text
    assert '<script src="/-/kb-static/charts.js"' in body
    assert not re.search(r'(src|href)="(https?:)?//', body.split("<footer")[0]), "no CDN or external assets"
    data = _chart_data(body)
    per_year = {(r["year"], r["condition"]): r["n"] for r in data["per_year"]}
    assert per_year == {(2022, "depression"): 1, (2023, "depression"): 1, (2024, "PTSD"): 1,
                        (2025, "depression"): 1, (2026, "depression"): 1}
    panels = {(p["condition"], p["measure"]): p for p in data["forest"]}
    assert set(panels) == {("PTSD", "mean_difference"), ("depression", "mean_difference"),
                           ("depression", "odds_ratio"), ("depression", "smd")}
    assert panels[("depression", "odds_ratio")]["null_value"] == 1
    smd = panels[("depression", "smd")]
    assert [(r["document_id"], r["value"], r["ci_low"], r["ci_high"]) for r in smd["rows"]] == [
        ("pmid:90000002", 0.9, 0.4, 1.4), ("pmid:90000003", 0.68, 0.45, 0.91)]
    assert smd["null_value"] == 0
    assert smd["rows"][0]["href"] == "/-/document/pmid:90000002"


def test_chart_json_cannot_close_its_script_block():
    text = site.json_for_script({"title": "</script><script>alert(1)</script>&"})
    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(str(text)) == {"title": "</script><script>alert(1)</script>&"}


def test_static_assets_served(ds):
    for name, kind in (("charts.js", "javascript"), ("kb.css", "css")):
        response = get(ds, site.STATIC_PREFIX + name)
        assert response.status_code == 200 and kind in response.headers["content-type"]
    assert get(ds, site.STATIC_PREFIX + "../site.py").status_code == 404


def test_document_page_highlights_values_where_found(ds):
    response = get(ds, "/-/document/pmid:90000001")
    assert response.status_code == 200
    body = response.text
    assert '<mark class="kb-sample_size" title="sample size 48">Forty-eight adults</mark>' in body
    assert '<mark class="kb-comparator" title="comparator midazolam">midazolam</mark>' in body
    assert ('<mark class="kb-effect" title="mean_difference -8.2 [-12.1, -4.3] p&lt;0.001">'
            "mean difference -8.2, 95% CI -12.1 to -4.3; p&lt;0.001</mark>") in body
    # Links both ways: its registration and the news item reporting it.
    assert 'href="/-/document/nct:NCT09000001"' in body
    assert "Ketamine helped two in three veterans with PTSD, trial finds" in body
    assert "pubmed: <code>90000001</code>" in body and "europepmc" in body


def test_document_page_for_registry_and_url_ids(ds):
    registry = get(ds, "/-/document/nct:NCT09000002").text
    assert "QUADRUPLE" in registry and "COMPLETED" in registry
    registered = get(ds, "/-/document/nct:NCT09000001").text
    assert '<a href="/-/document/pmid:90000001">Repeated ketamine infusions' in registered
    news = get(ds, site.document_path(NEWS))
    assert news.status_code == 200
    assert '<mark class="kb-sample_size" title="sample size 48">48 veterans</mark>' in news.text
    assert get(ds, "/-/document/pmid:1").status_code == 404


def test_document_row_page_links_to_document_page(ds):
    body = get(ds, "/kb/documents/pmid~3A90000001").text
    assert 'href="/-/document/pmid:90000001"' in body


def test_query_document_ids_link_to_document_page(ds):
    body = get(ds, "/kb/trials?condition=ptsd").text
    assert '<a href="/-/document/pmid:90000001">pmid:90000001</a>' in body


@pytest.mark.parametrize(
    "text,spans,expected,n_skipped",
    [
        ("a <b> c", [site.Span(2, 5, "effect", "x")], 'a <mark class="kb-effect" title="x">&lt;b&gt;</mark> c', 0),
        ("n=12 and 20", [site.Span(0, 4, "sample_size", "n"), site.Span(2, 4, "effect", "overlap")],
         '<mark class="kb-sample_size" title="n">n=12</mark> and 20', 1),
        ("short", [site.Span(3, 40, "effect", "stale")], "short", 1),
        ('say "x"', [site.Span(4, 7, "comparator", '"><script>')],
         'say <mark class="kb-comparator" title="&#34;&gt;&lt;script&gt;">&#34;x&#34;</mark>', 0),
    ],
)
def test_highlight(text, spans, expected, n_skipped):
    markup, skipped = site.highlight(text, spans)
    assert str(markup) == expected
    assert len(skipped) == n_skipped


def test_snapshot_drops_private_tables(site_db, tmp_path):
    out = snapshot(site_db, tmp_path / "published.db")
    conn = sqlite3.connect(out)
    names = {row[0] for row in conn.execute("select name from sqlite_master where type in ('table', 'view')")}
    assert "source_records" not in names
    assert set(PUBLIC_TABLES) | set(PUBLIC_VIEWS) <= names
    assert conn.execute("select count(*) from documents").fetchone()[0] == 8
    assert conn.execute("select count(*) from documents_fts where documents_fts match 'midazolam'").fetchone()[0] == 3
    conn.close()
    with pytest.raises(FileExistsError):
        snapshot(site_db, out)


def test_document_page_finds_unresolved_links_by_identifier(site_db, tmp_path):
    copy = tmp_path / "unresolved.db"
    copy.write_bytes(Path(site_db).read_bytes())
    db = sqlite_utils.Database(copy)
    db.execute("update links set to_id = null where relation = 'registration'")
    db.conn.commit()
    db.close()
    unresolved = make_datasette(copy)
    registry = get(unresolved, "/-/document/nct:NCT09000001").text
    assert '<a href="/-/document/pmid:90000001">Repeated ketamine infusions' in registry
    article = get(unresolved, "/-/document/pmid:90000001").text
    assert "<code>nct_id:NCT09000001</code> (not in the database)" in article
    # The registry is still counted as published: the article names it.
    assert [r["document_id"] for r in query_rows(unresolved, "registered_not_published", {})] == ["nct:NCT09000002"]
