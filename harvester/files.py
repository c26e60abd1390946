"""Recognise and parse saved files of any source format (for ``kb import``)."""

from __future__ import annotations

from pathlib import Path

from harvester.errors import ParseError
from harvester.records import Page
from harvester.sources import available_sources, get_source


def detect_source(payload: bytes) -> str:
    """The name of the source whose format ``payload`` is in; ParseError when none claims it."""
    for name in available_sources():
        module = get_source(name)
        if getattr(module, "detect", None) and module.detect(payload):
            return name
    raise ParseError("unrecognised file format (expected PubMed XML, Europe PMC JSON, "
                     "ClinicalTrials.gov JSON, RSS/Atom or article HTML)")


def parse_file(path: str | Path) -> tuple[str, Page]:
    """Read a saved file and parse it with the source that recognises it."""
    payload = Path(path).read_bytes()
    name = detect_source(payload)
    page = get_source(name).parse(payload)
    return name, page
