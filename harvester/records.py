"""The one record shape every source produces, and the page that carries records to ``kb``."""

from __future__ import annotations

import copy
import dataclasses
import hashlib
import json
from dataclasses import dataclass, field
from typing import Any

from harvester.identifiers import normalise_doi, normalise_nct, normalise_pmcid, normalise_pmid

KINDS = ("article", "preprint", "registry", "news")

# Identifier types a link may point at; ``kb`` resolves them to documents.
TARGET_TYPES = ("pmid", "doi", "nct_id", "pmcid", "url")


@dataclass
class Link:
    """A relation asserted by a record to another work, named by identifier.

    ``relation`` is e.g. "registration" (article -> its trial registration),
    "results_publication" (registry -> a paper it lists), "reports" (news -> paper),
    "preprint_of" (preprint -> published article). ``evidence`` says exactly why.
    """

    relation: str
    target_type: str
    target_value: str
    evidence: str

    def __post_init__(self) -> None:
        if self.target_type not in TARGET_TYPES:
            raise ValueError(f"unknown link target type {self.target_type!r}")


@dataclass
class Record:
    """One work as one source sees it.

    Identifiers are normalised by the source module (see :mod:`harvester.identifiers`):
    PMID digits only, DOI lower-cased without a resolver prefix, PMCID "PMC123",
    NCT id upper-case. ``published`` is ISO 8601 at the precision the source gives
    ("2024", "2024-05", "2024-05-17").
    """

    source: str
    source_id: str
    kind: str
    title: str | None = None
    text: str | None = None
    journal: str | None = None
    published: str | None = None
    year: int | None = None
    url: str | None = None
    pmid: str | None = None
    pmcid: str | None = None
    doi: str | None = None
    nct_id: str | None = None
    language: str | None = None
    publication_types: list[str] = field(default_factory=list)
    mesh: list[str] = field(default_factory=list)
    authors: list[str] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    # Structured fields a source knows better than text extraction can, e.g. for
    # a registry record: {"enrollment": 40, "enrollment_type": "ACTUAL",
    # "design": "rct", "comparators": [...], "effects": [...], "status": ...}.
    structured: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown kind {self.kind!r}; expected one of {KINDS}")
        if not self.source_id:
            raise ValueError("a record needs a source_id")
        # Identity depends on these: normalise here too, whatever the source did.
        self.doi = normalise_doi(self.doi)
        self.pmid = normalise_pmid(self.pmid)
        self.pmcid = normalise_pmcid(self.pmcid)
        self.nct_id = normalise_nct(self.nct_id)
        if self.year is None and self.published and self.published[:4].isdigit():
            self.year = int(self.published[:4])

    def to_dict(self) -> dict[str, Any]:
        """The record as plain JSON-ready data (equal to ``dataclasses.asdict``, several times faster).

        Every stored record is hashed through this on each import and harvest, so it stays cheap:
        lists are copied shallowly (they hold strings), only ``structured`` is copied deeply.
        """
        data = {name: getattr(self, name) for name in _FIELD_NAMES}
        for name in ("publication_types", "mesh", "authors"):
            data[name] = list(data[name])
        data["links"] = [
            {"relation": link.relation, "target_type": link.target_type, "target_value": link.target_value,
             "evidence": link.evidence}
            for link in self.links
        ]
        data["structured"] = copy.deepcopy(self.structured)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Record":
        data = dict(data)
        data["links"] = [Link(**link) for link in data.get("links") or []]
        return cls(**data)

    def content_hash(self) -> str:
        """A stable hash of everything the record says, to skip unchanged records."""
        payload = json.dumps(self.to_dict(), sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_FIELD_NAMES = tuple(f.name for f in dataclasses.fields(Record))


@dataclass
class RecordError:
    """A record (or batch) that could not be parsed: kept, reported, never fatal to the run.

    ``retry`` marks errors behind which records were never fetched (a failed batch): the
    window they belong to is harvested again next run instead of being marked done.
    """

    source: str
    source_id: str | None
    reason: str
    retry: bool = False


@dataclass
class Page:
    """What one fetch of a source produced. ``kb`` stores each page in one transaction.

    ``cursor`` is the source's own resume position after this page (a cursorMark,
    pageToken, retstart ...), for logging and resumption; ``window`` is the
    (start, end) ISO date window the page belongs to, when the source harvests by date.
    """

    records: list[Record] = field(default_factory=list)
    errors: list[RecordError] = field(default_factory=list)
    cursor: str | None = None
    window: tuple[str, str] | None = None
    n_requests: int = 0
