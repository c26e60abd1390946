"""Named exceptions raised by harvesters."""


class HarvestError(Exception):
    """A source could not be harvested (network, HTTP status, exhausted retries)."""


class ParseError(HarvestError):
    """A payload could not be turned into records (malformed XML/JSON/HTML, truncated body)."""


class RobotsDisallowed(HarvestError):
    """robots.txt forbids fetching this URL; the page must not be requested."""


class RobotsUnavailable(HarvestError):
    """robots.txt could not be read (429, 5xx, network): try again later, never assume allowed."""
