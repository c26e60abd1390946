"""Normalise the identifiers that decide whether two records are one work."""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_DOI_RE = re.compile(r"10\.\d{4,9}/\S+", re.IGNORECASE)
_NCT_RE = re.compile(r"\bNCT\s?0?(\d{7,8})\b", re.IGNORECASE)
_TRACKING_PARAMS = re.compile(r"^(utm_|fbclid$|gclid$|mc_cid$|mc_eid$|ref$|cmpid$)", re.I)


def normalise_doi(value: str | None) -> str | None:
    """'https://doi.org/10.1000/ABC.' -> '10.1000/abc' (lower-cased, no resolver, no trailing punctuation)."""
    if not value:
        return None
    match = _DOI_RE.search(value.strip())
    if not match:
        return None
    doi = match.group(0).rstrip(".,;:)]}>\"'")
    return doi.lower()


def normalise_pmid(value: str | int | None) -> str | None:
    if value is None:
        return None
    digits = str(value).strip()
    return digits if digits.isdigit() and 0 < int(digits) else None


def normalise_pmcid(value: str | None) -> str | None:
    if not value:
        return None
    m = re.search(r"(?:PMC)?\s*(\d+)", str(value).strip(), re.IGNORECASE)
    return f"PMC{m.group(1)}" if m else None


def normalise_nct(value: str | None) -> str | None:
    if not value:
        return None
    m = _NCT_RE.search(str(value))
    return f"NCT{int(m.group(1)):08d}" if m else None


def find_nct_ids(text: str | None) -> list[str]:
    """Every distinct NCT id mentioned in a text, in order of appearance."""
    seen: dict[str, None] = {}
    for m in _NCT_RE.finditer(text or ""):
        seen.setdefault(f"NCT{int(m.group(1)):08d}", None)
    return list(seen)


def canonical_url(url: str | None) -> str | None:
    """Lower-case scheme and host, drop fragments, tracking parameters and a trailing slash."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return None
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if not _TRACKING_PARAMS.match(k)])
    path = parts.path.rstrip("/") or "/"
    host = parts.netloc.lower()
    if host.startswith("www."):
        host = host[4:]
    return urlunsplit(("https", host, path, query, ""))
