"""ketamine-kb: the SQLite knowledge base, its orchestration and its Datasette site."""

__version__ = "0.1.0"
