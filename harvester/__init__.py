"""Harvesters: turn literature, registry and news sources into plain records.

This package knows no database. Each source module yields pages of
:class:`~harvester.records.Record` objects; ``kb`` stores them.
"""

from harvester.errors import HarvestError, ParseError, RobotsDisallowed
from harvester.records import Link, Page, Record, RecordError

__all__ = [
    "HarvestError",
    "Link",
    "Page",
    "ParseError",
    "Record",
    "RecordError",
    "RobotsDisallowed",
]
