"""Harvest runs: windows, incremental continuation, books kept, failures contained."""

from __future__ import annotations

import datetime as dt

import pytest

from kb.harvest import chunks, harvest_source, last_window_end, plan_window

DAY = dt.date(2024, 3, 1)


@pytest.fixture(autouse=True)
def small_batches(monkeypatch):
    import harvester.pubmed as pubmed

    monkeypatch.setattr(pubmed, "BATCH_SIZE", 10)


def _fill(fake, n, start=DAY):
    for i in range(n):
        fake.add(str(39400000 + i), start + dt.timedelta(days=i % 5))


@pytest.mark.parametrize(
    "start, end, days, expected",
    [
        (dt.date(2024, 1, 1), dt.date(2024, 1, 1), 10, [(dt.date(2024, 1, 1), dt.date(2024, 1, 1))]),
        (dt.date(2024, 1, 1), dt.date(2024, 1, 25), 10,
         [(dt.date(2024, 1, 1), dt.date(2024, 1, 10)), (dt.date(2024, 1, 11), dt.date(2024, 1, 20)),
          (dt.date(2024, 1, 21), dt.date(2024, 1, 25))]),
        (dt.date(2024, 1, 2), dt.date(2024, 1, 1), 10, []),
        (dt.date(1990, 1, 1), dt.date(2024, 1, 1), None, [(dt.date(1990, 1, 1), dt.date(2024, 1, 1))]),
    ],
)
def test_chunks(start, end, days, expected):
    assert chunks(start, end, days) == expected


def test_first_run_backfills_then_continues_with_overlap(fresh_db, fake_eutils, session):
    _fill(fake_eutils, 7)
    result = harvest_source(fresh_db, "pubmed", since=DAY, until=DAY + dt.timedelta(days=6), session=session)
    assert (result.status, result.counts.new) == ("ok", 7)
    assert last_window_end(fresh_db, "pubmed") == DAY + dt.timedelta(days=6)
    assert plan_window(fresh_db, "pubmed", None, DAY + dt.timedelta(days=20)) == (
        DAY + dt.timedelta(days=3), DAY + dt.timedelta(days=20))
    assert plan_window(fresh_db, "other", None, DAY)[0] == dt.date(1990, 1, 1)


def test_second_run_adds_nothing(fresh_db, fake_eutils, session):
    _fill(fake_eutils, 12)
    until = DAY + dt.timedelta(days=6)
    first = harvest_source(fresh_db, "pubmed", since=DAY, until=until, session=session)
    changes = fresh_db.execute("SELECT total_changes()").fetchone()[0]
    second = harvest_source(fresh_db, "pubmed", until=until, session=session)
    assert (first.counts.new, second.counts.new, second.counts.updated) == (12, 0, 0)
    assert second.window == ("2024-03-04", "2024-03-07")  # the overlap is seen again ...
    assert second.counts.unchanged == second.counts.seen == 4  # ... and costs no write
    assert fresh_db["documents"].count == 12
    # only the run's own bookkeeping rows were written
    run_writes = fresh_db.execute("SELECT total_changes()").fetchone()[0] - changes
    assert run_writes <= 4


def test_run_row_records_counts(fresh_db, fake_eutils, session):
    _fill(fake_eutils, 3)
    result = harvest_source(fresh_db, "pubmed", since=DAY, until=DAY + dt.timedelta(days=4), session=session)
    row = fresh_db["harvest_runs"].get(result.run_id)
    assert row["status"] == "ok" and row["n_new"] == 3 and row["n_seen"] == 3
    assert row["window_start"] == "2024-03-01" and row["window_end"] == "2024-03-05"
    assert row["n_requests"] == 2 and row["finished"]


def test_failed_batch_is_partial_and_window_not_marked_done(fresh_db, fake_eutils, session):
    _fill(fake_eutils, 25)
    fake_eutils.broken_batches.add(0)
    session.max_retries = 0
    result = harvest_source(fresh_db, "pubmed", since=DAY, until=DAY + dt.timedelta(days=4), session=session)
    assert result.status == "partial" and result.counts.new == 15
    assert fresh_db["harvest_errors"].count == 1
    assert last_window_end(fresh_db, "pubmed") is None  # the next run retries the window
    fake_eutils.broken_batches.clear()
    again = harvest_source(fresh_db, "pubmed", since=DAY, until=DAY + dt.timedelta(days=4), session=session)
    assert again.status == "ok" and again.counts.new == 10
    assert fresh_db["documents"].count == 25


def test_source_down_fails_the_run_not_the_process(fresh_db, fake_eutils, session):
    fake_eutils.faults.update({i: (503, "down", {}) for i in range(1, 50)})
    session.max_retries = 1
    result = harvest_source(fresh_db, "pubmed", since=DAY, until=DAY, session=session)
    assert result.status == "failed" and "HTTP 503" in result.error
    assert fresh_db["harvest_runs"].get(result.run_id)["status"] == "failed"


def test_stop_request_ends_after_the_page_in_flight(fresh_db, fake_eutils, session):
    _fill(fake_eutils, 30)
    pages = []
    result = harvest_source(fresh_db, "pubmed", since=DAY, until=DAY + dt.timedelta(days=4), session=session,
                            progress=lambda s, c: pages.append(c.seen), should_stop=lambda: len(pages) >= 1)
    assert result.status == "interrupted" and fresh_db["documents"].count == 10
    assert last_window_end(fresh_db, "pubmed") is None


def test_abandoned_running_rows_are_marked_killed(fresh_db, fake_eutils, session):
    fresh_db["harvest_runs"].insert({"source": "pubmed", "started": "2024-01-01", "status": "running"})
    harvest_source(fresh_db, "pubmed", since=DAY, until=DAY, session=session)
    assert fresh_db.execute("SELECT status FROM harvest_runs WHERE id = 1").fetchone()[0] == "killed"
