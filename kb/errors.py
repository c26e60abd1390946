"""Named exceptions of the knowledge base; the CLI maps them to exit codes."""


class KBError(Exception):
    """Base class for knowledge-base errors."""


class DatabaseUnusable(KBError):
    """The database file cannot be opened, read or migrated."""


class Locked(KBError):
    """Another process is writing to this database."""
