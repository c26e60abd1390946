"""The public schema, owned by migrations.

Researchers write SQL against these tables: a public table or column never changes
except through a new migration appended below. JSON-array columns (``authors``,
``mesh``, ``conditions`` ...) hold JSON text so Datasette can facet them as arrays.
"""

from __future__ import annotations

import sqlite_utils
from sqlite_utils.migrations import Migrations

migrations = Migrations("ketamine-kb")

# Tables that researchers may rely on (documented in metadata.yml; a test checks it).
PUBLIC_TABLES = (
    "documents",
    "document_sources",
    "links",
    "extractions",
    "comparators",
    "effects",
    "harvest_runs",
    "harvest_errors",
    "registrations",  # added by m002_registrations
    "timeline_counts",  # added by m005_summaries, kept by triggers
    "placebo_trial_figures",  # added by m005_summaries, kept by triggers
)

# Views researchers may rely on (created by m003_views, documented in metadata.yml).
PUBLIC_VIEWS = ("studies", "effect_estimates", "trial_publications")


@migrations()
def m001_core(db: sqlite_utils.Database) -> None:
    db["documents"].create(
        {
            "id": str,  # stable: "pmid:123", "nct:NCT01234567", "doi:10.1/x", "url:https://..."
            "kind": str,  # article | preprint | registry | news
            "title": str,
            "text": str,
            "journal": str,
            "published": str,  # ISO date at the precision the source gives
            "year": int,
            "url": str,
            "pmid": str,
            "pmcid": str,
            "doi": str,  # lower-cased, no resolver prefix
            "nct_id": str,  # only on registry records (their own id)
            "language": str,
            "publication_types": str,  # JSON array
            "mesh": str,  # JSON array
            "authors": str,  # JSON array
            "sources": str,  # JSON array of source names
            "first_seen": str,
            "updated": str,
            "content_hash": str,
        },
        pk="id",
    )
    for column in ("pmid", "doi", "nct_id", "pmcid", "url", "kind", "year", "updated"):
        db["documents"].create_index([column])
    db["documents"].enable_fts(["title", "text"], create_triggers=True, tokenize="porter")

    db["document_sources"].create(
        {"document_id": str, "source": str, "source_id": str, "fetched_at": str},
        pk=("source", "source_id"),
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["document_sources"].create_index(["document_id"])

    db["links"].create(
        {
            "from_id": str,
            "to_id": str,  # NULL until the target work is in the database
            "relation": str,
            "target": str,  # the identifier asserted, e.g. "nct_id:NCT01234567"
            "evidence": str,
        },
        pk=("from_id", "target", "relation"),
    )
    db["links"].create_index(["to_id"])
    db["links"].create_index(["target"])

    db["extractions"].create(
        {
            "document_id": str,
            "extractor_version": str,
            "design": str,
            "sample_size": int,
            "sample_size_text": str,
            "sample_size_start": int,
            "sample_size_end": int,
            "trials_count": int,
            "conditions": str,  # JSON array
            "doses": str,  # JSON array of {value, unit, text, start, end}
            "routes": str,  # JSON array
            "scales": str,  # JSON array of outcome scales named
            "content_hash": str,  # documents.content_hash this extraction was made from
            "extracted_at": str,
        },
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["extractions"].create_index(["design"])
    db["extractions"].create_index(["sample_size"])

    db["comparators"].create(
        {
            "id": int,
            "document_id": str,
            "name": str,
            "text": str,
            "start": int,
            "end": int,
            "origin": str,  # "text" or "registry"
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["comparators"].create_index(["document_id"])
    db["comparators"].create_index(["name"])

    db["effects"].create(
        {
            "id": int,
            "document_id": str,
            "measure": str,
            "value": float,
            "ci_low": float,
            "ci_high": float,
            "p": float,
            "p_op": str,
            "outcome": str,
            "arm": str,
            "text": str,
            "start": int,
            "end": int,
            "origin": str,  # "text" or "registry"
        },
        pk="id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["effects"].create_index(["document_id"])
    db["effects"].create_index(["measure"])

    db["harvest_runs"].create(
        {
            "id": int,
            "source": str,
            "started": str,
            "finished": str,
            "status": str,  # running | ok | partial | failed | interrupted
            "window_start": str,
            "window_end": str,
            "n_seen": int,
            "n_new": int,
            "n_updated": int,
            "n_failed": int,
            "n_requests": int,
            "error": str,
        },
        pk="id",
    )
    db["harvest_runs"].create_index(["source", "status"])

    db["harvest_errors"].create(
        {"id": int, "run_id": int, "source": str, "source_id": str, "reason": str, "at": str},
        pk="id",
        foreign_keys=[("run_id", "harvest_runs", "id")],
    )

    # Private: what each source last said about each work (kept so extraction and
    # merging can be re-run without re-harvesting). Not part of the public schema.
    db["source_records"].create(
        {
            "source": str,
            "source_id": str,
            "document_id": str,
            "record": str,  # JSON of harvester.records.Record
            "record_hash": str,
            "fetched_at": str,
        },
        pk=("source", "source_id"),
    )
    db["source_records"].create_index(["document_id"])


@migrations()
def m002_registrations(db: sqlite_utils.Database) -> None:
    """Registry facts (status, dates) that a canned query needs and documents cannot hold."""
    db["registrations"].create(
        {
            "document_id": str,  # the registry record in documents ("nct:NCT01234567")
            "nct_id": str,
            "status": str,  # as the registry spells it, e.g. "COMPLETED", "RECRUITING"
            "phases": str,  # JSON array, e.g. ["PHASE2", "PHASE3"]
            "allocation": str,  # "RANDOMIZED" | "NON_RANDOMIZED" | "NA"
            "masking": str,  # "NONE" | "SINGLE" | "DOUBLE" | "TRIPLE" | "QUADRUPLE"
            "enrollment": int,
            "enrollment_type": str,  # "ACTUAL" | "ESTIMATED"
            "start_date": str,  # ISO date at the registry's precision
            "primary_completion_date": str,
            "completion_date": str,
            "last_update": str,
            "has_results": int,  # 1 when results are posted on the registry
        },
        pk="document_id",
        foreign_keys=[("document_id", "documents", "id")],
    )
    db["registrations"].create_index(["status"])
    db["registrations"].create_index(["nct_id"])


# Views are the SQL researchers would otherwise write again and again. Each is
# replaced wholesale by a later migration when it has to change. Extraction columns
# are scalar subqueries, not a LEFT JOIN: SQLite 3.40 flattens a LEFT JOIN view inside
# Datasette's array-facet CTE wrongly and the facet comes back empty.
STUDIES_VIEW = """
select
  d.id,
  d.kind,
  d.year,
  d.title,
  (select x.design from extractions x where x.document_id = d.id) as design,
  (select x.sample_size from extractions x where x.document_id = d.id) as sample_size,
  (select x.conditions from extractions x where x.document_id = d.id) as conditions,
  (select group_concat(name, '; ') from (
     select distinct c.name from comparators c where c.document_id = d.id order by c.name
  )) as comparators,
  (select count(*) from effects f where f.document_id = d.id) as n_effects,
  (select group_concat(summary, '; ') from (
     select f.measure || ' ' || f.value
       || coalesce(' [' || f.ci_low || ', ' || f.ci_high || ']', '')
       || coalesce(' p' || f.p_op || f.p, '') as summary
     from effects f where f.document_id = d.id order by f.start, f.id
  )) as effects_summary,
  (select group_concat(substr(l.target, 8), '; ') from links l
     where l.from_id = d.id and l.relation = 'registration' and l.target like 'nct_id:%'
  ) as registrations,
  d.journal,
  d.published,
  d.sources,
  d.url,
  d.first_seen
from documents d
"""

EFFECT_ESTIMATES_VIEW = """
select
  f.id,
  f.document_id,
  d.title,
  d.kind,
  d.year,
  (select x.design from extractions x where x.document_id = f.document_id) as design,
  (select x.sample_size from extractions x where x.document_id = f.document_id) as sample_size,
  (select x.conditions from extractions x where x.document_id = f.document_id) as conditions,
  f.measure,
  f.value,
  f.ci_low,
  f.ci_high,
  f.p_op,
  f.p,
  f.outcome,
  f.arm,
  f.text,
  f.origin
from effects f
join documents d on d.id = f.document_id
"""

# A registry record and the papers that report it: linked from either side.
TRIAL_PUBLICATIONS_VIEW = """
select
  r.id as registry_id,
  r.nct_id,
  l.relation,
  coalesce(l.to_id, 'unresolved:' || l.target) as paper_id,
  l.target,
  l.evidence
from documents r
join links l on l.from_id = r.id and l.relation = 'results_publication'
where r.kind = 'registry'
union
select
  r.id as registry_id,
  r.nct_id,
  l.relation,
  l.from_id as paper_id,
  l.target,
  l.evidence
from documents r
join links l on l.relation = 'registration' and l.to_id = r.id
where r.kind = 'registry'
union
select
  r.id as registry_id,
  r.nct_id,
  l.relation,
  l.from_id as paper_id,
  l.target,
  l.evidence
from documents r
join links l on l.relation = 'registration' and l.target = 'nct_id:' || r.nct_id
where r.kind = 'registry'
"""

VIEWS = {
    "studies": STUDIES_VIEW,
    "effect_estimates": EFFECT_ESTIMATES_VIEW,
    "trial_publications": TRIAL_PUBLICATIONS_VIEW,
}


@migrations()
def m003_views(db: sqlite_utils.Database) -> None:
    """Views for the questions researchers ask most: one row per study, per effect, per trial-paper pair."""
    for name, sql in VIEWS.items():
        db.create_view(name, sql.strip(), replace=True)


@migrations()
def m004_performance_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that keep the site fast at 100,000 documents (see bench/site.py).

    documents rows carry whole abstracts, so a facet or filter that has to read the table
    reads hundreds of megabytes; these indexes let SQLite answer from the index instead.
    """
    db["documents"].create_index(["first_seen"], if_not_exists=True)  # new_since and its Atom feed
    db["documents"].create_index(["language"], if_not_exists=True)  # the language facet
    db["documents"].create_index(["sources"], if_not_exists=True)  # the sources array facet


# -- Summaries the site reads instead of aggregating 100,000 documents per request ------------
#
# Both tables are derived data, kept by triggers in the same transaction as every write to the
# tables they summarise (whoever writes: kb, a benchmark, a researcher's own script), so they are
# never stale. rebuild_summaries() recomputes them from scratch (m005 uses it on existing data).
# Writers must not use INSERT OR REPLACE on documents or extractions: without recursive_triggers
# SQLite deletes the replaced row silently, which would also leave documents_fts stale.

TIMELINE_TABLE = "timeline_counts"
PLACEBO_TABLE = "placebo_trial_figures"

# What one document adds to timeline_counts: one row per condition of its extraction
# ("unclassified" when it has none), nothing when it has no year. Filled in per trigger.
_TIMELINE_ROWS = """
    select {year} as year, coalesce(c.value, 'unclassified') as condition, {kind} as kind, count(*) as n
    from (select {conditions} as conditions) s
    left join json_each(coalesce(s.conditions, '[]')) c
    where {year} is not null
    group by 1, 2, 3
"""


def _timeline_change(sign: str, year: str, kind: str, conditions: str) -> str:
    """Add (sign "+") or take away (sign "-") one document's rows; empty counts are removed.

    Groups are matched with IS, not by a conflict on a key, so a NULL kind is one group as in GROUP BY.
    """
    rows = _TIMELINE_ROWS.format(year=year, kind=kind, conditions=conditions)
    def same_group(t: str) -> str:
        return f"{t}.year is r.year and {t}.condition is r.condition and {t}.kind is r.kind"

    return (
        f"update {TIMELINE_TABLE} set documents = documents {sign} r.n from ({rows}) r\n"
        f"    where {same_group(TIMELINE_TABLE)};\n"
        f"  insert into {TIMELINE_TABLE} (year, condition, kind, documents)\n"
        f"    select r.year, r.condition, r.kind, {sign}r.n from ({rows}) r\n"
        f"    where not exists (select 1 from {TIMELINE_TABLE} t where {same_group('t')});\n"
        f"  delete from {TIMELINE_TABLE} where documents = 0;"
    )


def _doc_extraction_conditions(doc_id: str) -> str:
    return f"(select x.conditions from extractions x where x.document_id = {doc_id})"


def _doc_column(column: str, doc_id: str) -> str:
    return f"(select d.{column} from documents d where d.id = {doc_id})"


def _timeline_for_extraction(sign: str, doc_id: str, conditions: str) -> str:
    return _timeline_change(sign, _doc_column("year", doc_id), _doc_column("kind", doc_id), conditions)


TIMELINE_TRIGGERS = {
    "documents_timeline_insert": ("after insert on documents", None, [
        _timeline_change("+", "new.year", "new.kind", _doc_extraction_conditions("new.id")),
    ]),
    "documents_timeline_delete": ("after delete on documents", None, [
        _timeline_change("-", "old.year", "old.kind", _doc_extraction_conditions("old.id")),
    ]),
    "documents_timeline_update": (
        "after update of id, year, kind on documents",
        "old.id is not new.id or old.year is not new.year or old.kind is not new.kind",
        [
            _timeline_change("-", "old.year", "old.kind", _doc_extraction_conditions("old.id")),
            _timeline_change("+", "new.year", "new.kind", _doc_extraction_conditions("new.id")),
        ],
    ),
    # A document without an extraction counts as "unclassified" (conditions NULL below).
    "extractions_timeline_insert": ("after insert on extractions", None, [
        _timeline_for_extraction("-", "new.document_id", "null"),
        _timeline_for_extraction("+", "new.document_id", "new.conditions"),
    ]),
    "extractions_timeline_delete": ("after delete on extractions", None, [
        _timeline_for_extraction("-", "old.document_id", "old.conditions"),
        _timeline_for_extraction("+", "old.document_id", "null"),
    ]),
    "extractions_timeline_update": (
        "after update of conditions on extractions",
        "old.document_id is new.document_id and old.conditions is not new.conditions",
        [
            _timeline_for_extraction("-", "new.document_id", "old.conditions"),
            _timeline_for_extraction("+", "new.document_id", "new.conditions"),
        ],
    ),
    # Never done by kb, but then the old document loses its conditions and the new one gains them.
    "extractions_timeline_move": (
        "after update of document_id on extractions",
        "old.document_id is not new.document_id",
        [
            _timeline_for_extraction("-", "old.document_id", "old.conditions"),
            _timeline_for_extraction("+", "old.document_id", "null"),
            _timeline_for_extraction("-", "new.document_id", "null"),
            _timeline_for_extraction("+", "new.document_id", "new.conditions"),
        ],
    ),
}

# Comparator names that make a controlled trial's control an active or an inert placebo.
ACTIVE_PLACEBOS = ("midazolam", "active placebo")
INERT_PLACEBOS = ("placebo", "saline")
CONTROLLED_DESIGNS = ("rct", "crossover-rct")


def _sql_list(values: tuple[str, ...]) -> str:
    return ", ".join(f"'{value}'" for value in values)


# One row per controlled trial, condition and effect measure, for the trials whose comparator is an
# active placebo (which wins when both kinds are named) or an inert one. {where} picks the documents.
_PLACEBO_ROWS = f"""
    select x.document_id, c.value as condition, f.measure, t.control, x.sample_size,
           group_concat(f.value || coalesce(' [' || f.ci_low || ', ' || f.ci_high || ']', ''), '; ') as figures
    from extractions x
    join (select x2.document_id,
            case
              when exists (select 1 from comparators k where k.document_id = x2.document_id
                           and k.name in ({_sql_list(ACTIVE_PLACEBOS)})) then 'active'
              when exists (select 1 from comparators k where k.document_id = x2.document_id
                           and k.name in ({_sql_list(INERT_PLACEBOS)})) then 'inert'
            end as control
          from extractions x2 where {{where2}}) t on t.document_id = x.document_id
    join json_each(x.conditions) c
    join effects f on f.document_id = x.document_id
    where {{where}}
      and x.design in ({_sql_list(CONTROLLED_DESIGNS)})
      and t.control is not null
      and exists (select 1 from documents d where d.id = x.document_id)
    group by x.document_id, c.value, f.measure
"""


def _placebo_refresh(doc_id: str) -> str:
    """Recompute one document's placebo_trial_figures rows from its current extraction."""
    rows = _PLACEBO_ROWS.format(where=f"x.document_id = {doc_id}", where2=f"x2.document_id = {doc_id}")
    return (
        f"delete from {PLACEBO_TABLE} where document_id = {doc_id};\n"
        f"  insert into {PLACEBO_TABLE} (document_id, condition, measure, control, sample_size, figures)\n"
        f"  {rows};"
    )


_CONTROL_NAMES = _sql_list(ACTIVE_PLACEBOS + INERT_PLACEBOS)


def _controlled(doc_id: str) -> str:
    """True when the document's extraction is a controlled trial: only then can it have rows."""
    return (f"exists (select 1 from extractions x where x.document_id = {doc_id}"
            f" and x.design in ({_sql_list(CONTROLLED_DESIGNS)}))")


# Idempotent: every trigger recomputes the documents it touches, so the order of writes is free.
# Comparator and effect rows are written many to a document: their triggers skip documents that
# are no controlled trial (which have no rows, and an extraction change refreshes them anyway).
PLACEBO_TRIGGERS = {
    "documents_placebo_insert": ("after insert on documents", None, [_placebo_refresh("new.id")]),
    "documents_placebo_delete": ("after delete on documents", None, [_placebo_refresh("old.id")]),
    "documents_placebo_update": ("after update of id on documents", "old.id is not new.id",
                                 [_placebo_refresh("old.id"), _placebo_refresh("new.id")]),
    "extractions_placebo_insert": ("after insert on extractions", None, [_placebo_refresh("new.document_id")]),
    "extractions_placebo_delete": ("after delete on extractions", None, [_placebo_refresh("old.document_id")]),
    "extractions_placebo_update": ("after update on extractions", None,
                                   [_placebo_refresh("old.document_id"), _placebo_refresh("new.document_id")]),
    # Only a comparator that names a placebo can change a trial's control.
    "comparators_placebo_insert": ("after insert on comparators",
                                   f"new.name in ({_CONTROL_NAMES}) and {_controlled('new.document_id')}",
                                   [_placebo_refresh("new.document_id")]),
    "comparators_placebo_delete": ("after delete on comparators",
                                   f"old.name in ({_CONTROL_NAMES}) and {_controlled('old.document_id')}",
                                   [_placebo_refresh("old.document_id")]),
    "comparators_placebo_update": ("after update on comparators",
                                   f"(old.name in ({_CONTROL_NAMES}) or new.name in ({_CONTROL_NAMES}))"
                                   f" and ({_controlled('old.document_id')} or {_controlled('new.document_id')})",
                                   [_placebo_refresh("old.document_id"), _placebo_refresh("new.document_id")]),
    "effects_placebo_insert": ("after insert on effects", _controlled("new.document_id"),
                               [_placebo_refresh("new.document_id")]),
    "effects_placebo_delete": ("after delete on effects", _controlled("old.document_id"),
                               [_placebo_refresh("old.document_id")]),
    "effects_placebo_update": ("after update on effects",
                               f"{_controlled('old.document_id')} or {_controlled('new.document_id')}",
                               [_placebo_refresh("old.document_id"), _placebo_refresh("new.document_id")]),
}


def _create_triggers(db: sqlite_utils.Database, triggers: dict[str, tuple[str, str | None, list[str]]]) -> None:
    for name, (event, when, statements) in triggers.items():
        body = "\n  ".join(statements)
        db.execute(f"drop trigger if exists [{name}]")
        db.execute(f"create trigger [{name}] {event}{f' when {when}' if when else ''}\nbegin\n  {body}\nend")


def rebuild_summaries(db: sqlite_utils.Database) -> None:
    """Recompute timeline_counts and placebo_trial_figures from every document (call inside a transaction)."""
    db.execute(f"delete from {TIMELINE_TABLE}")
    db.execute(
        f"""insert into {TIMELINE_TABLE} (year, condition, kind, documents)
        select d.year, coalesce(c.value, 'unclassified'), d.kind, count(*)
        from documents d
        left join extractions x on x.document_id = d.id
        left join json_each(coalesce(x.conditions, '[]')) c
        where d.year is not null
        group by 1, 2, 3"""
    )
    db.execute(f"delete from {PLACEBO_TABLE}")
    db.execute(
        f"insert into {PLACEBO_TABLE} (document_id, condition, measure, control, sample_size, figures)"
        + _PLACEBO_ROWS.format(where="1", where2="1")
    )


@migrations()
def m005_summaries(db: sqlite_utils.Database) -> None:
    """Summary tables for the timeline and placebo canned queries, kept by triggers (see above)."""
    db[TIMELINE_TABLE].create({"year": int, "condition": str, "kind": str, "documents": int})
    db[TIMELINE_TABLE].create_index(["year", "condition", "kind"], unique=True)
    db[PLACEBO_TABLE].create(
        {"document_id": str, "condition": str, "measure": str, "control": str, "sample_size": int, "figures": str},
        pk=("document_id", "condition", "measure"),
    )
    db[PLACEBO_TABLE].create_index(["condition", "measure", "control"])
    _create_triggers(db, TIMELINE_TRIGGERS)
    _create_triggers(db, PLACEBO_TRIGGERS)
    rebuild_summaries(db)


@migrations()
def m006_covering_indexes(db: sqlite_utils.Database) -> None:
    """Indexes that answer the effects and largest_trials canned queries without reading table rows (see m004).

    The effects query sorts a measure's figures by their document's year and news_vs_paper its news
    by publication date: with documents(id, year, kind, published) and effects(measure, document_id)
    both come from small indexes (the canned queries name the documents one: SQLite would rather
    look the id up in the primary key and read the whole row). The new effects index serves
    everything idx_effects_measure did, so that one goes.
    """
    db["documents"].create_index(["id", "year", "kind", "published"], if_not_exists=True)
    db["effects"].create_index(["measure", "document_id"], if_not_exists=True)
    db.execute("drop index if exists idx_effects_measure")
    # largest_trials lists the conditions of studies with a sample size, and the conditions facet of
    # extractions counts them: both read this index instead of every extraction row.
    db["extractions"].create_index(["conditions", "sample_size"], if_not_exists=True)


@migrations()
def m007_placebo_trigger_guards(db: sqlite_utils.Database) -> None:
    """Re-create the placebo triggers with their guards: comparator and effect rows of documents that
    are no controlled trial no longer recompute that document's (empty) summary rows."""
    _create_triggers(db, PLACEBO_TRIGGERS)
