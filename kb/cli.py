"""The ``kb`` command line: a thin face over the ``kb`` library.

Exit codes: 0 all good; 1 partial (some sources or records failed, the rest landed);
2 nothing could be done (bad usage, database unusable, another writer running).
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import signal
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from kb import db as kbdb
from kb.errors import DatabaseUnusable, Locked

EXIT_OK, EXIT_PARTIAL, EXIT_FAILED = 0, 1, 2
log = logging.getLogger("kb")


class Failed(click.ClickException):
    """Nothing could be done (database unusable, locked, missing): exit code 2, like bad usage."""

    exit_code = EXIT_FAILED


class Stopper:
    """SIGINT/SIGTERM ask the work to stop after the page in flight; a second signal stops at once."""

    def __init__(self) -> None:
        self.requested = False

    def __call__(self) -> bool:
        return self.requested

    def handle(self, signum, frame) -> None:  # noqa: ANN001
        if self.requested:
            raise KeyboardInterrupt
        self.requested = True
        log.warning("stopping after the current page (signal %d); send again to abort", signum)


@contextmanager
def stop_on_signals() -> Iterator[Stopper]:
    stopper = Stopper()
    previous = {s: signal.signal(s, stopper.handle) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield stopper
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def _setup_logging(quiet: bool, verbose: bool) -> None:
    level = logging.DEBUG if verbose else logging.WARNING if quiet else logging.INFO
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", stream=sys.stderr,
                        force=True)
    logging.getLogger("urllib3").setLevel(logging.WARNING)


def _open(ctx: click.Context, *, migrate: bool = True):
    try:
        return kbdb.connect(ctx.obj["db_path"], migrate=migrate)
    except DatabaseUnusable as exc:
        raise Failed(str(exc)) from None


@contextmanager
def _writer(ctx: click.Context):
    """Open the database for writing, holding the one-writer lock."""
    from kb.lock import writer_lock

    try:
        with writer_lock(ctx.obj["db_path"]):
            yield _open(ctx)
    except Locked as exc:
        raise Failed(str(exc)) from None




def _progress(enabled: bool) -> Callable[..., None] | None:
    """A one-line counter on stderr when it is a terminal (never under cron)."""
    if not enabled or not sys.stderr.isatty():
        return None

    def show(*args) -> None:  # noqa: ANN002
        if len(args) == 2 and isinstance(args[0], str):
            source, counts = args
            line = f"{source}: {counts.seen} seen, {counts.new} new, {counts.updated} updated"
        else:
            done, total = args
            width = 30
            filled = int(width * done / total) if total else width
            line = f"extract [{'#' * filled}{'-' * (width - filled)}] {done}/{total}"
        click.echo("\r" + line.ljust(70), nl=False, err=True)

    return show


def _end_progress(enabled: bool) -> None:
    if enabled and sys.stderr.isatty():
        click.echo("", err=True)


@click.group()
@click.version_option(package_name="ketamine-kb")
@click.option("--db", "db_path", type=click.Path(dir_okay=False), default=None,
              help="Database file (default: $KB_DB, else ./kb.db).")
@click.option("-q", "--quiet", is_flag=True, help="Nothing on stdout on success; errors on stderr (for cron).")
@click.option("-v", "--verbose", is_flag=True, help="Debug logging.")
@click.pass_context
def cli(ctx: click.Context, db_path: str | None, quiet: bool, verbose: bool) -> None:
    """ketamine-kb: a living evidence base on ketamine and esketamine for PTSD, OCD and depression.

    \b
    Example:
        kb update && kb serve
    """
    ctx.ensure_object(dict)
    ctx.obj["db_path"] = db_path or kbdb.default_path()
    ctx.obj["quiet"] = quiet
    _setup_logging(quiet, verbose)


def _say(ctx: click.Context, message: str) -> None:
    if not ctx.obj["quiet"]:
        click.echo(message)


@cli.command()
@click.pass_context
def init(ctx: click.Context) -> None:
    """Create the database or migrate it to the current schema (safe to repeat).

    \b
    Example:
        kb --db kb.db init
    """
    with _writer(ctx) as db:
        applied = [m.name for m in kbdb.migrations.applied(db)]
    _say(ctx, f"{ctx.obj['db_path']}: schema up to date ({len(applied)} migrations)")


def _parse_since(value: str | None) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a date like 2024-01-31", param_hint="--since") from None


def _run_harvest(ctx: click.Context, db, sources: tuple[str, ...], since: dt.date | None, stopper: Stopper):
    from harvester.sources import available_sources
    from kb.harvest import harvest

    names = list(sources) or available_sources()
    progress = _progress(not ctx.obj["quiet"])
    results = harvest(db, names, since=since, progress=progress, should_stop=stopper)
    _end_progress(progress is not None)
    for r in results:
        message = (f"{r.source}: {r.status}, window {r.window[0]}..{r.window[1]}, {r.counts.seen} seen, "
                   f"{r.counts.new} new, {r.counts.updated} updated, {r.counts.failed + r.n_errors} failed, "
                   f"{r.n_requests} requests" + (f" ({r.error})" if r.error else ""))
        if r.status in ("ok", "interrupted"):
            _say(ctx, message)
        else:
            click.echo(message, err=True)
    return results


def _harvest_exit(results) -> int:
    if all(r.status == "failed" and not r.counts.seen for r in results) and results:
        return EXIT_FAILED
    if any(r.status != "ok" for r in results):
        return EXIT_PARTIAL
    return EXIT_OK


source_option = click.option(
    "--source", "sources", multiple=True,
    type=click.Choice(["pubmed", "europepmc", "clinicaltrials", "news"]),
    help="Source to harvest (repeatable; default: all).",
)
since_option = click.option("--since", help="Harvest from this date (YYYY-MM-DD) instead of the last run.")
summary_option = click.option("--summary-json", is_flag=True, help="Print one JSON summary line on stdout.")


@cli.command("harvest")
@source_option
@since_option
@summary_option
@click.pass_context
def harvest_cmd(ctx: click.Context, sources: tuple[str, ...], since: str | None, summary_json: bool) -> None:
    """Harvest new and changed records from the sources.

    Incremental: each source continues from the end of its last window (with a few days'
    overlap); the first run backfills the whole history.

    \b
    Example:
        kb harvest --source pubmed --since 2024-01-01
    """
    since_date = _parse_since(since)
    with _writer(ctx) as db, stop_on_signals() as stopper:
        results = _run_harvest(ctx, db, sources, since_date, stopper)
    if summary_json:
        click.echo(json.dumps({"harvest": [_run_summary(r) for r in results]}))
    ctx.exit(_harvest_exit(results))


def _run_summary(r) -> dict:
    return {"source": r.source, "status": r.status, "seen": r.counts.seen, "new": r.counts.new,
            "updated": r.counts.updated, "failed": r.counts.failed + r.n_errors, "requests": r.n_requests,
            "error": r.error}


def _run_extract(ctx: click.Context, db, everything: bool, stopper: Stopper):
    from kb.extract import extract_documents

    progress = _progress(not ctx.obj["quiet"])
    counts = extract_documents(db, everything=everything, progress=progress, should_stop=stopper)
    _end_progress(progress is not None)
    message = f"extract: {counts.extracted} documents extracted, {counts.failed} failed"
    if counts.failed:
        click.echo(message, err=True)
    else:
        _say(ctx, message)
    return counts


@cli.command("extract")
@click.option("--all", "everything", is_flag=True, help="Re-extract every document, not only pending ones.")
@summary_option
@click.pass_context
def extract_cmd(ctx: click.Context, everything: bool, summary_json: bool) -> None:
    """Extract sample sizes, comparators and effects from new or changed documents.

    Documents extracted by an older extractor version are redone too.

    \b
    Example:
        kb extract --all
    """
    with _writer(ctx) as db, stop_on_signals() as stopper:
        counts = _run_extract(ctx, db, everything, stopper)
    if summary_json:
        click.echo(json.dumps({"extract": counts.__dict__}))
    ctx.exit(EXIT_PARTIAL if counts.failed else EXIT_OK)


@cli.command()
@source_option
@summary_option
@click.pass_context
def update(ctx: click.Context, sources: tuple[str, ...], summary_json: bool) -> None:
    """Harvest every source, then extract: what a scheduler runs.

    \b
    Example (daily, from cron):
        17 4 * * *  cd /srv/kb && kb --quiet update
    """
    with _writer(ctx) as db, stop_on_signals() as stopper:
        results = _run_harvest(ctx, db, sources, None, stopper)
        counts = None if stopper() else _run_extract(ctx, db, False, stopper)
    if summary_json:
        click.echo(json.dumps({"harvest": [_run_summary(r) for r in results],
                               "extract": counts.__dict__ if counts else None}))
    code = _harvest_exit(results)
    if counts and counts.failed and code == EXIT_OK:
        code = EXIT_PARTIAL
    ctx.exit(code)


@cli.command("import")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--extract/--no-extract", default=True, help="Extract the imported documents (default: yes).")
@click.pass_context
def import_cmd(ctx: click.Context, files: tuple[str, ...], extract: bool) -> None:
    """Load saved files: PubMed XML, Europe PMC JSON, ClinicalTrials.gov JSON, RSS/Atom, article HTML.

    The format is recognised from each file's content.

    \b
    Example:
        kb import efetch_2024-05.xml saved/*.json
    """
    from kb.importer import import_files

    with _writer(ctx) as db:
        result = import_files(db, list(files))
        _say(ctx, f"import: {result.files} files, {result.counts.seen} records, {result.counts.new} new, "
                  f"{result.counts.updated} updated, {result.counts.unchanged} unchanged, "
                  f"{result.record_errors + result.counts.failed} failed")
        counts = None
        if extract and result.files:
            with stop_on_signals() as stopper:
                counts = _run_extract(ctx, db, False, stopper)
    for path, reason in result.failed_files:
        click.echo(f"{path}: {reason}", err=True)
    if not result.files:
        ctx.exit(EXIT_FAILED)
    failed = result.failed_files or result.record_errors or result.counts.failed or (counts and counts.failed)
    ctx.exit(EXIT_PARTIAL if failed else EXIT_OK)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True, help="Interface to bind (loopback by default).")
@click.option("--port", default=8001, show_default=True, type=int)
@click.pass_context
def serve(ctx: click.Context, host: str, port: int) -> None:
    """Serve the database read-only with Datasette and the project's metadata.

    \b
    Example:
        kb serve --port 8001
    """
    from kb.serve import serve as run_server

    path = Path(ctx.obj["db_path"])
    if not path.exists():
        raise Failed(f"{path} does not exist: run `kb update` or `kb demo` first")
    _open(ctx).close()  # migrate before serving read-only
    run_server(path, host=host, port=port)


@cli.command()
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True, type=int)
@click.option("--no-serve", is_flag=True, help="Only build the demo database.")
@click.pass_context
def demo(ctx: click.Context, host: str, port: int, no_serve: bool) -> None:
    """Build a database of fictional example records shipped with the project, then serve it.

    Works with no network: the examples go through the same import path as real files.
    Uses --db if given, else ./kb-demo.db.

    \b
    Example:
        kb demo --port 8001
    """
    from kb.demo import build_demo

    if ctx.find_root().params.get("db_path") is None:
        ctx.obj["db_path"] = "kb-demo.db"
    with _writer(ctx) as db:
        summary = build_demo(db)
    _say(ctx, f"demo: {ctx.obj['db_path']} holds {summary['documents']} fictional example documents")
    if not no_serve:
        from kb.serve import serve as run_server

        _say(ctx, f"serving on http://{host}:{port}/")
        run_server(Path(ctx.obj["db_path"]), host=host, port=port)


@cli.command()
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@click.pass_context
def stats(ctx: click.Context, as_json: bool) -> None:
    """Counts by source and kind, and the last run of each source.

    \b
    Example:
        kb stats --json
    """
    from kb.stats import format_stats, stats as get_stats

    if not Path(ctx.obj["db_path"]).exists():
        raise Failed(f"{ctx.obj['db_path']} does not exist: run `kb init` first")
    data = get_stats(_open(ctx))
    click.echo(json.dumps(data, indent=2) if as_json else format_stats(data))


@cli.command()
@click.argument("file", type=click.File("rb"))
@click.pass_context
def annotate(ctx: click.Context, file) -> None:  # noqa: ANN001
    """Print the extracted figures of one text as JSON (no database).

    \b
    Example:
        echo "Forty-one patients were randomized to ketamine or midazolam." | kb annotate -
    """
    import extractors

    text = file.read().decode("utf-8", errors="replace")
    click.echo(json.dumps(extractors.extract(text), indent=2, ensure_ascii=False))


@cli.command("eval")
@click.argument("gold", type=click.Path(exists=True, dir_okay=False))
@click.option("--json", "as_json", is_flag=True, help="Print the scores as JSON.")
@click.pass_context
def eval_cmd(ctx: click.Context, gold: str, as_json: bool) -> None:
    """Score the extractors against a hand-labelled JSONL file (per-field P/R/F1 and errors).

    \b
    Example:
        kb eval ../shared/corpus/dev.jsonl
    """
    from extractors.evaluate import evaluate, format_report, load_gold

    try:
        report = evaluate(load_gold(gold))
    except (ValueError, KeyError) as exc:
        raise Failed(f"{gold}: {exc}") from None
    if as_json:
        import dataclasses

        click.echo(json.dumps(dataclasses.asdict(report), indent=2, default=str))
    else:
        click.echo(format_report(report))
