"""Summary tables (m005): kept by triggers through every write, always what the base tables say."""

from __future__ import annotations

import json
import sqlite3

import sqlite_utils
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harvester.records import Page, Record
from kb.extract import extract_documents, write_extraction
from kb.schema import migrations, rebuild_summaries
from kb.serve import load_metadata
from kb.store import store_page
from tests.site_fixtures import build_site_db

QUERIES = load_metadata()["databases"]["kb"]["queries"]

# What the two canned queries computed from the base tables before m005: the reference.
REFERENCE = {
    "timeline": """
        select d.year, coalesce(c.value, 'unclassified') as condition, d.kind, count(*) as documents
        from documents d
        left join extractions x on x.document_id = d.id
        left join json_each(coalesce(x.conditions, '[]')) c
        where d.year is not null
          and (:kind = '' or d.kind = :kind)
          and (:condition = '' or lower(coalesce(c.value, 'unclassified')) like '%' || lower(:condition) || '%')
        group by d.year, condition, d.kind
        order by d.year, condition, d.kind
    """,
    "active_vs_inert_placebo": """
        with controlled as (
          select s.id, s.sample_size, c.value as condition,
            case
              when exists (select 1 from comparators k where k.document_id = s.id
                           and k.name in ('midazolam', 'active placebo')) then 'active'
              when exists (select 1 from comparators k where k.document_id = s.id
                           and k.name in ('placebo', 'saline')) then 'inert'
            end as control
          from studies s, json_each(s.conditions) c
          where s.design in ('rct', 'crossover-rct')
            and (:condition = '' or lower(c.value) like '%' || lower(:condition) || '%')
        ),
        figures as (
          select t.condition, t.control, t.id, t.sample_size, f.measure,
                 f.value || coalesce(' [' || f.ci_low || ', ' || f.ci_high || ']', '') as figure
          from controlled t join effects f on f.document_id = t.id
          where t.control is not null and (:measure = '' or f.measure = :measure)
        )
        select condition, measure,
          count(distinct case when control = 'active' then id end) as active_trials,
          (select sum(sample_size) from (select distinct id, sample_size from figures g
             where g.condition = f.condition and g.measure = f.measure and g.control = 'active')) as active_participants,
          group_concat(case when control = 'active' then figure end, '; ') as active_figures,
          count(distinct case when control = 'inert' then id end) as inert_trials,
          (select sum(sample_size) from (select distinct id, sample_size from figures g
             where g.condition = f.condition and g.measure = f.measure and g.control = 'inert')) as inert_participants,
          group_concat(case when control = 'inert' then figure end, '; ') as inert_figures
        from figures f
        group by condition, measure
        order by condition, measure
    """,
}
PARAMS = {
    "timeline": [{"condition": "", "kind": ""}, {"condition": "ptsd", "kind": ""}, {"condition": "", "kind": "article"},
                 {"condition": "uncl", "kind": "news"}],
    "active_vs_inert_placebo": [{"condition": "", "measure": ""}, {"condition": "ptsd", "measure": ""},
                                {"condition": "", "measure": "mean_difference"}],
}


def _normalised(rows) -> list[tuple]:
    """Rows in order, each "; "-joined list of figures as a sorted tuple (group_concat has no order)."""
    return [tuple(tuple(sorted(v.split("; "))) if isinstance(v, str) and "; " in v else v for v in row)
            for row in rows]


def assert_summaries_current(db: sqlite_utils.Database) -> None:
    """The canned queries answer as the reference SQL does, and the tables equal a rebuild from scratch."""
    for name, params_list in PARAMS.items():
        for params in params_list:
            expected = _normalised(db.execute(REFERENCE[name], params).fetchall())
            assert _normalised(db.execute(QUERIES[name]["sql"], params).fetchall()) == expected, (name, params)
    kept = {t: sorted(db.execute(f"select * from {t}").fetchall(), key=repr)
            for t in ("timeline_counts", "placebo_trial_figures")}
    copy = sqlite3.connect(":memory:")
    db.conn.backup(copy)
    fresh = sqlite_utils.Database(copy)
    with fresh.conn:
        rebuild_summaries(fresh)
    rebuilt = {t: sorted(fresh.execute(f"select * from {t}").fetchall(), key=repr) for t in kept}
    assert _normalised(kept["placebo_trial_figures"]) == _normalised(rebuilt["placebo_trial_figures"])
    assert kept["timeline_counts"] == rebuilt["timeline_counts"]


def _article(pmid: str, text: str, year: int = 2024, **kw) -> Record:
    return Record(source="pubmed", source_id=pmid, kind="article", pmid=pmid, year=year,
                  title=f"A fictional trial number {pmid}", text=text, **kw)


PTSD_MIDAZOLAM = ("Forty-one adults with PTSD were randomized to ketamine or midazolam. "
                  "The CAPS-5 mean difference was -8.2 (95% CI -12.1 to -4.3).")
DEPRESSION_SALINE = ("Forty-one adults with treatment-resistant depression were randomized to ketamine or saline. "
                     "The MADRS mean difference was -6.0 (95% CI -9.0 to -3.0) and the response rate was 55%.")


def test_summaries_follow_storing_and_re_extraction(fresh_db):
    store_page(fresh_db, Page([_article("1", PTSD_MIDAZOLAM), _article("2", DEPRESSION_SALINE, year=2023)]))
    # Stored, not yet extracted: both count as unclassified, no trial is classified yet.
    assert fresh_db.execute("select year, condition, documents from timeline_counts order by year").fetchall() == [
        (2023, "unclassified", 1), (2024, "unclassified", 1)]
    assert_summaries_current(fresh_db)

    extract_documents(fresh_db)
    assert fresh_db.execute("select document_id, condition, measure, control, figures from placebo_trial_figures "
                            "order by document_id, measure").fetchall() == [
        ("pmid:1", "PTSD", "mean_difference", "active", "-8.2 [-12.1, -4.3]"),
        ("pmid:2", "depression", "mean_difference", "inert", "-6.0 [-9.0, -3.0]"),
        ("pmid:2", "depression", "response_rate", "inert", "55.0"),
    ]
    assert_summaries_current(fresh_db)

    # A correction swaps the texts: re-extraction replaces every row, the summaries follow.
    store_page(fresh_db, Page([_article("1", DEPRESSION_SALINE), _article("2", PTSD_MIDAZOLAM, year=2023),
                               _article("3", PTSD_MIDAZOLAM, year=2025)]))
    extract_documents(fresh_db)
    assert fresh_db.execute("select document_id, condition, control from placebo_trial_figures "
                            "where measure = 'mean_difference' order by document_id").fetchall() == [
        ("pmid:1", "depression", "inert"), ("pmid:2", "PTSD", "active"), ("pmid:3", "PTSD", "active")]
    assert fresh_db.execute("select year, condition, documents from timeline_counts order by year").fetchall() == [
        (2023, "PTSD", 1), (2024, "depression", 1), (2025, "PTSD", 1)]
    assert_summaries_current(fresh_db)


def test_older_database_upgrades(tmp_path):
    path = build_site_db(tmp_path / "old.db", stop_before="m005_summaries")
    db = sqlite_utils.Database(path)
    assert "timeline_counts" not in db.table_names()
    migrations.apply(db)
    assert not migrations.pending(db)
    assert db["timeline_counts"].count > 0 and db["placebo_trial_figures"].count > 0
    assert "idx_effects_measure" not in {index.name for index in db["effects"].indexes}
    assert_summaries_current(db)


DOC_IDS = ["pmid:1", "pmid:2", "pmid:3"]
_doc = st.fixed_dictionaries({
    "id": st.sampled_from(DOC_IDS),
    "kind": st.sampled_from(["article", "registry", "news", None]),
    "year": st.sampled_from([2020, 2021, None]),
})
_extraction = st.fixed_dictionaries({
    "document_id": st.sampled_from(DOC_IDS),
    "design": st.sampled_from(["rct", "crossover-rct", "observational", None]),
    "sample_size": st.sampled_from([None, 20, 60]),
    "conditions": st.lists(st.sampled_from(["PTSD", "OCD", "depression"]), max_size=3, unique=True).map(json.dumps),
    "comparators": st.lists(st.sampled_from(["midazolam", "active placebo", "placebo", "saline", "ect"]), max_size=3),
    "effects": st.lists(st.tuples(st.sampled_from(["smd", "response_rate"]), st.sampled_from([0.5, -2.0, None]),
                                  st.sampled_from([None, 0.1])), max_size=3),
})
OPERATIONS = st.one_of(
    st.tuples(st.just("upsert_document"), _doc),
    st.tuples(st.just("delete_document"), st.sampled_from(DOC_IDS)),
    st.tuples(st.just("write_extraction"), _extraction),
    st.tuples(st.just("delete_extraction"), st.sampled_from(DOC_IDS)),
    st.tuples(st.just("delete_comparators"), st.sampled_from(DOC_IDS)),
    st.tuples(st.just("add_effect"), st.sampled_from(DOC_IDS)),
    # Ids never change in kb; the triggers still follow if someone renames one.
    st.tuples(st.just("rename_document"), st.tuples(st.sampled_from(DOC_IDS), st.sampled_from(DOC_IDS))),
    st.tuples(st.just("move_extraction"), st.tuples(st.sampled_from(DOC_IDS), st.sampled_from(DOC_IDS))),
)


def _apply(db: sqlite_utils.Database, operation: str, arg) -> None:
    if operation == "upsert_document":
        db["documents"].upsert({**arg, "title": "Fictional", "text": "Fictional text"}, pk="id")
    elif operation == "delete_document":
        db.execute("delete from documents where id = ?", [arg])
    elif operation == "write_extraction":
        extraction = {k: arg[k] for k in ("document_id", "design", "sample_size", "conditions")}
        comparators = [{"document_id": arg["document_id"], "name": name, "origin": "text"} for name in arg["comparators"]]
        effects = [{"document_id": arg["document_id"], "measure": measure, "value": value,
                    "ci_low": None if low is None or value is None else value - low,
                    "ci_high": None if low is None or value is None else value + low,
                    "origin": "text"} for measure, value, low in arg["effects"]]
        write_extraction(db, extraction, comparators, effects)
    elif operation == "delete_extraction":
        db.execute("delete from extractions where document_id = ?", [arg])
    elif operation == "delete_comparators":
        db.execute("delete from comparators where document_id = ?", [arg])
    elif operation == "add_effect":
        db["effects"].insert({"document_id": arg, "measure": "smd", "value": 0.7, "origin": "registry"})
    elif operation == "rename_document":
        db.execute("update documents set id = ? where id = ?", [arg[1], arg[0]])
    elif operation == "move_extraction":
        db.execute("update extractions set document_id = ? where document_id = ?", [arg[1], arg[0]])


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(OPERATIONS, max_size=12))
def test_summaries_stay_current_through_any_writes(operations):
    db = sqlite_utils.Database(memory=True)
    migrations.apply(db)
    for operation, arg in operations:
        try:
            with db.atomic():
                _apply(db, operation, arg)
        except sqlite3.IntegrityError:
            pass  # a rename onto an id that is taken: rolled back whole
    assert_summaries_current(db)
