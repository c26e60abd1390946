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
