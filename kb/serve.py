"""Serve the knowledge base with Datasette, read-only, with the project's metadata and plugin."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path
from typing import Any

import yaml
from datasette.app import Datasette
from datasette.database import Database
from datasette.plugins import pm

import kb
from kb import site

log = logging.getLogger(__name__)

PLUGIN_NAME = "ketamine-kb-site"
DATABASE = site.DATABASE

# Every Datasette setting the site uses, in one place (0.65 takes them as options, not metadata).
SETTINGS: dict[str, Any] = {
    "suggest_facets": False,
    "sql_time_limit_ms": 3000,
    "facet_time_limit_ms": 500,
    "default_page_size": 50,
    "max_returned_rows": 2000,
    # A local database holds private working tables; publish a snapshot() instead.
    "allow_download": False,
    "default_cache_ttl": 300,
}

# Private tables: kept out of published snapshots.
PRIVATE_TABLES = ("source_records", "http_cache")


class MetadataNotFound(FileNotFoundError):
    """metadata.yml is neither in the checkout nor beside the installed package."""


def metadata_path() -> Path:
    """The one metadata.yml, at the repository root.

    ``kb/metadata.yml`` is a symbolic link to it, so a built wheel carries a copy and an
    installed (non-editable) package finds it too.
    """
    packaged = Path(kb.__file__).resolve().parent / "metadata.yml"
    for path in (packaged, Path(kb.__file__).resolve().parents[1] / "metadata.yml"):
        if path.exists():
            return path
    raise MetadataNotFound(f"metadata.yml not found at {packaged}")


def load_metadata(path: Path | str | None = None) -> dict[str, Any]:
    """Read metadata.yml (the repository's unless ``path`` is given)."""
    with open(path or metadata_path(), encoding="utf-8") as fp:
        return yaml.safe_load(fp)


def register_plugin() -> None:
    """Register :mod:`kb.site` with Datasette's plugin manager, once per process."""
    if pm.get_plugin(PLUGIN_NAME) is None and not pm.is_registered(site):
        pm.register(site, name=PLUGIN_NAME)


def make_datasette(
    db_path: Path | str,
    *,
    metadata_path: Path | str | None = None,
    immutable: bool = False,
    settings: dict[str, Any] | None = None,
) -> Datasette:
    """A read-only Datasette for the knowledge base at ``db_path``, served as database "kb"."""
    db_path = Path(db_path)
    if not db_path.exists():
        raise FileNotFoundError(f"no database at {db_path}")
    register_plugin()
    ds = Datasette(
        metadata=load_metadata(metadata_path),
        settings={**SETTINGS, **(settings or {})},
        template_dir=str(site.TEMPLATES_DIR),
    )
    # Add the database ourselves so its name (and so every URL and metadata key) is fixed.
    ds.add_database(
        Database(ds, path=str(db_path), is_mutable=not immutable),
        name=DATABASE,
        route=DATABASE,
    )
    return ds


def serve(db_path: Path | str, host: str = "127.0.0.1", port: int = 8001, *, immutable: bool = False) -> None:
    """Serve the knowledge base over HTTP until interrupted."""
    import uvicorn

    ds = make_datasette(db_path, immutable=immutable)
    log.info("serving %s at http://%s:%s/", db_path, host, port)
    uvicorn.run(ds.app(), host=host, port=port, log_level="info")


def snapshot(db_path: Path | str, out_path: Path | str, *, drop_private: bool = True) -> Path:
    """Write a compact copy of the database for publishing (``VACUUM INTO``), without private tables."""
    out_path = Path(out_path)
    if out_path.exists():
        raise FileExistsError(f"{out_path} exists; refusing to overwrite a snapshot")
    source = sqlite3.connect(f"file:{Path(db_path)}?mode=ro", uri=True)
    try:
        source.execute("vacuum into ?", [str(out_path)])
    finally:
        source.close()
    if drop_private:
        conn = sqlite3.connect(out_path)
        try:
            for table in PRIVATE_TABLES:
                conn.execute(f'drop table if exists "{table}"')
            conn.commit()
            conn.execute("vacuum")
        finally:
            conn.close()
    log.info("snapshot of %s written to %s", db_path, out_path)
    return out_path


__all__ = [
    "DATABASE",
    "SETTINGS",
    "load_metadata",
    "make_datasette",
    "metadata_path",
    "serve",
    "snapshot",
]
