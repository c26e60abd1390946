"""Shared fixtures: fresh databases, the shared sample folder, fake source servers."""

from __future__ import annotations

from pathlib import Path

import pytest

from harvester.http import PoliteSession

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"
SHARED = ROOT.parent / "shared"


def shared_files(folder: str, pattern: str = "*") -> list[Path]:
    """Real samples from ../shared/formats/<folder>, or [] when ../shared is absent."""
    base = SHARED / "formats" / folder
    return sorted(base.glob(pattern)) if base.is_dir() else []


def shared_params(folder: str, pattern: str = "*"):
    """pytest parameters over real samples; one skipped parameter when ../shared is absent."""
    files = shared_files(folder, pattern)
    if not files:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"../shared/formats/{folder} not available"))]
    return [pytest.param(f, id=f.name) for f in files]


@pytest.fixture
def fresh_db(tmp_path):
    from kb.db import connect

    db = connect(tmp_path / "test.db")
    yield db
    db.close()


@pytest.fixture
def db_path(tmp_path):
    return tmp_path / "kb.db"


@pytest.fixture
def sleeps() -> list[float]:
    """The sleeps a test session asked for (it never really sleeps)."""
    return []


@pytest.fixture
def session(sleeps):
    """A polite session that never really sleeps (tests stay fast) but records the sleeps asked for."""
    s = PoliteSession(rate=1000.0, backoff=0.001, timeout=5, sleep=sleeps.append)
    s.sleeps = sleeps  # type: ignore[attr-defined]
    return s


@pytest.fixture
def fake_eutils(httpserver, monkeypatch):
    from tests.fakes import FakeEutils

    fake = FakeEutils()
    monkeypatch.setenv("KB_PUBMED_URL", fake.install(httpserver))
    return fake


from tests.site_fixtures import site_db  # noqa: E402,F401  (the session-wide site fixture database)
