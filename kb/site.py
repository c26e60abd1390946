"""The project's own Datasette plugin: charts, the document evidence page, safe cell rendering and a fast array facet.

Everything harvested is untrusted text: it is escaped with markupsafe before it reaches a page,
and chart data travels as JSON inside a ``<script type="application/json">`` block with ``<``,
``>`` and ``&`` escaped, so no title can close the block or run script.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from datasette import hookimpl
from datasette.database import QueryInterrupted
from datasette.facets import ArrayFacet
from datasette.utils import (
    escape_sqlite,
    path_with_added_args,
    path_with_removed_args,
    tilde_encode,
)
from datasette.utils.asgi import NotFound, Response, asgi_static
from markupsafe import Markup, escape

log = logging.getLogger(__name__)

DATABASE = "kb"  # the name the knowledge base is always served under (see kb.serve)
STATIC_DIR = Path(__file__).parent / "static"
TEMPLATES_DIR = Path(__file__).parent / "templates"
STATIC_PREFIX = "/-/kb-static/"

# Canned-query / view columns whose values are document ids, rendered as links to the document page.
DOCUMENT_ID_COLUMNS = {"document_id", "news_id", "paper_id", "registry_id"}
DOCUMENT_ID_RE = re.compile(r"^(pmid|nct|doi|url|pmcid|ppr):\S+$")
RATIO_MEASURES = {"odds_ratio", "risk_ratio", "hazard_ratio"}
# Publications, as opposed to registry records and news, for the per-year chart.
PUBLICATION_KINDS = ("article", "preprint")
MAX_FOREST_ROWS = 40  # per panel: the largest studies
# Read the database through memory-mapped I/O: pages come straight from the OS page cache instead of a
# read() and a copy per page, which is most of the cost of a search that looks up thousands of rows.
MMAP_SIZE = 2**30


def document_path(document_id: str) -> str:
    """The site path of a document's evidence page (ids may hold '/', so they are quoted)."""
    return "/-/document/" + quote(document_id, safe=":")


def json_for_script(data: Any) -> Markup:
    """JSON safe to place inside a <script type="application/json"> element."""
    text = json.dumps(data, ensure_ascii=False)
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return Markup(text)


@dataclass
class Span:
    """One extracted value located in a document's text."""

    start: int
    end: int
    field: str
    label: str


def highlight(text: str, spans: list[Span]) -> tuple[Markup, list[Span]]:
    """Escape ``text`` and wrap each valid, non-overlapping span in a <mark>.

    Returns the markup and the spans that could not be placed (offsets outside the text or
    overlapping an earlier span), so the page can say so rather than hide them.
    """
    placed: list[Span] = []
    skipped: list[Span] = []
    last_end = 0
    for span in sorted(spans, key=lambda s: (s.start, -(s.end))):
        if not (0 <= span.start < span.end <= len(text)) or span.start < last_end:
            skipped.append(span)
            continue
        placed.append(span)
        last_end = span.end
    parts: list[Markup] = []
    position = 0
    for span in placed:
        parts.append(escape(text[position : span.start]))
        parts.append(
            Markup('<mark class="kb-{}" title="{}">').format(span.field, span.label)
            + escape(text[span.start : span.end])
            + Markup("</mark>")
        )
        position = span.end
    parts.append(escape(text[position:]))
    return Markup("").join(parts), skipped


def _effect_label(effect: dict[str, Any]) -> str:
    label = f"{effect['measure']} {effect['value']}"
    if effect.get("ci_low") is not None and effect.get("ci_high") is not None:
        label += f" [{effect['ci_low']}, {effect['ci_high']}]"
    if effect.get("p") is not None:
        label += f" p{effect.get('p_op') or '='}{effect['p']}"
    return label


async def _rows(db, sql: str, params: dict | None = None) -> list[dict[str, Any]]:
    return [dict(row) for row in (await db.execute(sql, params or {})).rows]


async def document_context(db, document_id: str) -> dict[str, Any] | None:
    """Everything the document page shows, or None when the document is unknown."""
    docs = await _rows(db, "select * from documents where id = :id", {"id": document_id})
    if not docs:
        return None
    doc = docs[0]
    extraction = (await _rows(db, "select * from extractions where document_id = :id", {"id": document_id}) or [None])[0]
    comparators = await _rows(db, "select * from comparators where document_id = :id order by start", {"id": document_id})
    effects = await _rows(db, "select * from effects where document_id = :id order by start, id", {"id": document_id})
    links_out = await _rows(
        db,
        "select l.*, d.title as other_title from links l left join documents d on d.id = l.to_id"
        " where l.from_id = :id order by l.relation, l.target",
        {"id": document_id},
    )
    # Links pointing here, resolved or still naming one of this document's identifiers.
    targets = {f"{name}:{doc[name]}" for name in ("pmid", "doi", "nct_id", "pmcid", "url") if doc.get(name)}
    params = {"id": document_id, **{f"t{i}": target for i, target in enumerate(sorted(targets))}}
    target_sql = "".join(f" or l.target = :t{i}" for i in range(len(targets)))
    links_in = await _rows(
        db,
        "select distinct l.*, d.title as other_title from links l join documents d on d.id = l.from_id"
        f" where (l.to_id = :id{target_sql}) and l.from_id != :id order by l.relation, l.from_id",
        params,
    )
    sources = await _rows(db, "select * from document_sources where document_id = :id order by source", {"id": document_id})
    registration = None
    if "registrations" in await db.table_names():
        registration = (await _rows(db, "select * from registrations where document_id = :id", {"id": document_id}) or [None])[0]

    text = doc.get("text") or ""
    spans: list[Span] = []
    if extraction and extraction.get("sample_size") is not None and extraction.get("sample_size_start") is not None:
        spans.append(Span(extraction["sample_size_start"], extraction["sample_size_end"], "sample_size", f"sample size {extraction['sample_size']}"))
    for comparator in comparators:
        if comparator.get("start") is not None and comparator.get("origin") != "registry":
            spans.append(Span(comparator["start"], comparator["end"], "comparator", f"comparator {comparator['name']}"))
    for effect in effects:
        effect["label"] = _effect_label(effect)
        if effect.get("start") is not None and effect.get("origin") != "registry":
            spans.append(Span(effect["start"], effect["end"], "effect", effect["label"]))
    doses = []
    if extraction and extraction.get("doses"):
        try:
            doses = [d for d in json.loads(extraction["doses"]) if isinstance(d, dict)]
        except ValueError:
            log.warning("document %s has unreadable doses JSON", document_id)
    for dose in doses:
        if isinstance(dose.get("start"), int) and isinstance(dose.get("end"), int):
            spans.append(Span(dose["start"], dose["end"], "dose", f"dose {dose.get('value')} {dose.get('unit') or ''}".strip()))
    highlighted, skipped = highlight(text, spans)
    for name in ("publication_types", "mesh", "authors", "sources"):
        try:
            doc[name] = json.loads(doc.get(name) or "[]")
        except ValueError:
            doc[name] = [doc[name]]
    conditions: list[str] = []
    if extraction and extraction.get("conditions"):
        try:
            conditions = json.loads(extraction["conditions"])
        except ValueError:
            conditions = [extraction["conditions"]]
    for link in links_out:
        link["other_path"] = document_path(link["to_id"]) if link.get("to_id") else None
    for link in links_in:
        link["other_path"] = document_path(link["from_id"])
    return {
        "doc": doc,
        "extraction": extraction,
        "conditions": conditions,
        "comparators": comparators,
        "effects": effects,
        "doses": doses,
        "links_out": links_out,
        "links_in": links_in,
        "sources": sources,
        "registration": registration,
        "highlighted_text": highlighted,
        "skipped_spans": skipped,
    }


async def chart_data(db) -> dict[str, Any]:
    """Data for the charts page: publications per year by condition, and effects with CIs."""
    # timeline_counts is the timeline canned query's summary, kept by triggers (kb.schema m005).
    per_year = await _rows(
        db,
        """
        select year, condition, sum(documents) as n
        from timeline_counts
        where kind in ({})
        group by year, condition
        order by year, condition
        """.format(", ".join(f"'{kind}'" for kind in PUBLICATION_KINDS)),
    )
    # Rank on narrow rows first (no titles or outcomes: at 100,000 documents that is most of the
    # cost), keep the largest studies of each panel, then read the details of the kept rows only.
    candidates = await _rows(
        db,
        """
        select f.id, f.document_id, d.year, x.sample_size, c.value as condition, f.measure
        from effects f
        join extractions x on x.document_id = f.document_id
        join json_each(coalesce(x.conditions, '[]')) c
        join documents d indexed by idx_documents_id_year_kind_published on d.id = f.document_id
        where f.value is not null and f.ci_low is not null and f.ci_high is not null
        """,
    )
    grouped: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in candidates:
        grouped.setdefault((row["condition"], row["measure"]), []).append(row)
    def chronological(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return sorted(rows, key=lambda r: (r["year"] or 0, r["document_id"]))

    kept: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for key, rows in grouped.items():
        rows = chronological(rows)
        if len(rows) > MAX_FOREST_ROWS:
            # A forest plot of thousands of rows is unreadable: keep the largest studies.
            rows = chronological(sorted(rows, key=lambda r: -(r["sample_size"] or 0))[:MAX_FOREST_ROWS])
        kept[key] = rows
    ids = sorted({row["id"] for rows in kept.values() for row in rows})
    details: dict[int, dict[str, Any]] = {}
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        params = {f"i{n}": effect_id for n, effect_id in enumerate(chunk)}
        for row in await _rows(
            db,
            "select f.id, d.title, f.value, f.ci_low, f.ci_high, f.outcome from effects f "
            "join documents d on d.id = f.document_id where f.id in ({})".format(", ".join(f":{k}" for k in params)),
            params,
        ):
            details[row["id"]] = row
    panels: dict[tuple[str, str], dict[str, Any]] = {}
    for (condition, measure), rows in sorted(kept.items()):
        panels[(condition, measure)] = {
            "condition": condition,
            "measure": measure,
            "null_value": 1 if measure in RATIO_MEASURES else 0,
            "total": len(grouped[(condition, measure)]),
            "rows": [
                {
                    "document_id": row["document_id"],
                    "href": document_path(row["document_id"]),
                    "title": details[row["id"]]["title"] or row["document_id"],
                    "year": row["year"],
                    "n": row["sample_size"],
                    "value": details[row["id"]]["value"],
                    "ci_low": details[row["id"]]["ci_low"],
                    "ci_high": details[row["id"]]["ci_high"],
                    "outcome": details[row["id"]]["outcome"],
                }
                for row in rows
            ],
        }
    return {"per_year": per_year, "forest": list(panels.values())}


async def charts_view(datasette, request):
    db = datasette.get_database(DATABASE)
    data = await chart_data(db)
    return Response.html(
        await datasette.render_template(
            "kb_charts.html",
            {"data": data, "data_json": json_for_script(data), "static": STATIC_PREFIX},
            request=request,
        )
    )


async def document_view(datasette, request):
    document_id = unquote(request.url_vars["id"])
    context = await document_context(datasette.get_database(DATABASE), document_id)
    if context is None:
        raise NotFound(f"No document {document_id}")
    context["document_path"] = document_path
    context["row_path"] = f"/{DATABASE}/documents/{tilde_encode(document_id)}"
    return Response.html(await datasette.render_template("kb_document.html", context, request=request))


@hookimpl
def register_routes(datasette):
    return [
        (r"^/-/charts$", charts_view),
        (r"^/-/document/(?P<id>.+)$", document_view),
        (r"^" + STATIC_PREFIX + r"(?P<path>.*)$", asgi_static(STATIC_DIR)),
    ]


@hookimpl
def extra_css_urls(template, database, table, columns, view_name, request, datasette):
    return [STATIC_PREFIX + "kb.css"]


@hookimpl
def extra_template_vars(template, database, table, columns, view_name, request, datasette):
    return {"kb_document_path": document_path, "kb_charts_path": "/-/charts"}


@hookimpl
def menu_links(datasette, actor, request):
    return [{"href": "/-/charts", "label": "Charts"}]


def render_atom_allowing_empty(datasette, request, sql, columns, rows, database, table, query_name, view_name, data):
    """datasette-atom's renderer, plus a valid empty feed when no rows match (0.9 fails with a 500)."""
    import datasette_atom
    from feedgen.feed import FeedGenerator

    if rows or not datasette_atom.can_render_atom(columns):
        return datasette_atom.render_atom(
            datasette, request, sql, columns, rows, database, table, query_name, view_name, data
        )
    feed = FeedGenerator()
    feed.id(request.url)
    feed.link(href=request.url, rel="self")
    feed.updated(datetime.now(timezone.utc))
    title = request.args.get("_feed_title") or sql
    if query_name:
        title = ((datasette.metadata(database=database) or {}).get("queries", {}).get(query_name) or {}).get("title") or title
    feed.title(title)
    return Response(feed.atom_str(pretty=True), content_type="application/xml; charset=utf-8", status=200)


@hookimpl(trylast=True)
def register_output_renderer(datasette):
    # trylast: Datasette keeps the last renderer registered for an extension, so this one wins.
    try:
        import datasette_atom
    except ImportError:
        return None
    return {"extension": "atom", "render": render_atom_allowing_empty, "can_render": datasette_atom.can_render_atom}


class GroupedArrayFacet(ArrayFacet):
    """Datasette's array facet with the same counts, computed from the distinct arrays instead of every row.

    ArrayFacet de-duplicates with ``select distinct j.value, inner.*``, which pushes every column of
    every row (whole abstracts) through a temporary b-tree: 2.6 s over 100,000 documents, so the facet
    timed out. Grouping rows by their array text first reads that one column (from an index where
    there is one); each distinct array then counts its distinct values once per row that holds it.
    Configured in metadata.yml as ``array_grouped: <column>``.
    """

    type = "array_grouped"

    async def suggest(self):
        return []  # ArrayFacet already suggests array columns

    async def facet_results(self):
        facet_results, facets_timed_out = [], []
        facet_size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            facet_sql = f"""
                with arrays as (
                    select {escape_sqlite(column)} as items, count(*) as n from ({self.sql}) group by 1
                )
                select value, sum(n) as count
                from (select distinct a.items, a.n, j.value from arrays a, json_each(a.items) j)
                group by value
                order by count desc, value
                limit {facet_size + 1}
            """
            try:
                rows = await self.ds.execute(self.database, facet_sql, self.params, truncate=False,
                                             custom_time_limit=self.ds.setting("facet_time_limit_ms"))
            except QueryInterrupted:
                facets_timed_out.append(column)
                continue
            values = []
            for row in rows.rows[:facet_size]:
                value = str(row["value"])
                selected = (f"{column}__arraycontains", value) in pairs
                change = path_with_removed_args if selected else path_with_added_args
                values.append({
                    "value": value,
                    "label": value,
                    "count": row["count"],
                    "toggle_url": self.ds.absolute_url(self.request, change(self.request, {f"{column}__arraycontains": value})),
                    "selected": selected,
                })
            facet_results.append({
                "name": column,
                "type": self.type,
                "results": values,
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {f"_facet_{self.type}": column})),
                "truncated": len(rows) > facet_size,
            })
        return facet_results, facets_timed_out


@hookimpl
def prepare_connection(conn, database, datasette):
    if database == DATABASE:
        conn.execute(f"PRAGMA mmap_size = {MMAP_SIZE}")


@hookimpl
def register_facet_classes():
    return [GroupedArrayFacet]


@hookimpl
def render_cell(row, value, column, table, database, datasette):
    """Highlight search snippets safely and link document ids in queries and views to their page."""
    if database != DATABASE or not isinstance(value, str):
        return None
    if column == "snippet" and table is None:
        # Escape everything, then turn back only the markers the search query inserted.
        escaped = str(escape(value))
        escaped = escaped.replace("&lt;mark&gt;", "<mark>").replace("&lt;/mark&gt;", "</mark>")
        return Markup(escaped)
    is_view_id = column == "id" and table in ("studies",)
    if (column in DOCUMENT_ID_COLUMNS and table in (None, "studies", "effect_estimates", "trial_publications")) or is_view_id:
        if DOCUMENT_ID_RE.match(value):
            return Markup('<a href="{}">{}</a>').format(document_path(value), value)
    return None
