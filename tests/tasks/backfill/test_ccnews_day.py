"""A ccnews source's backfill day against a simulated Common Crawl: faults, exactly once, and a
run killed mid-file (SIGKILL) whose re-run gives the warehouse of an uninterrupted run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import duckdb
import pytest

from tasks.wrappers.ccnews_day import run_and_stage_ccnews_day
from tests.support.ccnews_run import CONFIG, cc_source, day_settings
from tests.support.simcc import SimCommonCrawl, serve
from tests.support.warcs import Archive, page_record, record
from warehouse.load import load_staged

DAY = date(2024, 3, 5)
REPO = Path(__file__).resolve().parents[3]
# Per table: the columns that say which run did it or when, not what was loaded.
RUN_COLUMNS = {
    "articles": {"first_seen_at"},
    "sightings": {"seen_at", "run_id"},
    "rejects": {"run_id", "rejected_at"},
    "warc_progress": {"run_id", "recorded_at"},
    "backfill_day_log": {"backfill_run_id", "day_run_id", "recorded_at"},
}


def day_archive(first: int, stories: int) -> bytes:
    archive = Archive().add(record("warcinfo", None, b"software: sim\r\n"))
    for number in range(first, first + stories):
        url = f"https://www.news.example/2024/03/05/story-{number}"
        archive.add(record("request", url, b"GET / HTTP/1.1\r\n\r\n"))
        archive.add(
            page_record(url, f"Story number {number} of the day", date="2024-03-05T10:00:00Z")
        )
        archive.add(page_record(f"https://other.example/{number}", f"Another site {number}"))
        archive.add(record("revisit", url, b"HTTP/1.1 304 Not Modified\r\n\r\n"))
    return archive.build(gzipped=True)[0]


def stock(common_crawl: SimCommonCrawl, stories: int = 8) -> list[str]:
    paths = [
        common_crawl.add_file("2024/03", "CC-NEWS-20240305020000-00001.warc.gz", day_archive(0, stories)),
        common_crawl.add_file("2024/03", "CC-NEWS-20240305140000-00002.warc.gz", day_archive(100, stories)),
        common_crawl.add_file("2024/03", "CC-NEWS-20240306020000-00003.warc.gz", day_archive(200, 2)),
    ]  # fmt: skip
    return paths


@pytest.fixture
def common_crawl() -> Iterator[SimCommonCrawl]:
    with serve(SimCommonCrawl()) as running:
        yield running


def run_day(common_crawl: SimCommonCrawl, data_dir: Path, **source_options: object):  # type: ignore[no-untyped-def]
    settings = day_settings(data_dir)
    outcome = run_and_stage_ccnews_day(
        DAY, cc_source(common_crawl.base_url, **source_options), config=CONFIG,
        settings=settings, backfill_run_id="backfill", day_run_id="day", since=None,
    )  # fmt: skip
    report = load_staged(settings)
    assert report.pending_batches == 0 and report.failed_batches == 0
    return outcome


def snapshot(data_dir: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every table that holds what was loaded, without run ids and times, sorted."""
    found: dict[str, list[tuple[object, ...]]] = {}
    with duckdb.connect(str(data_dir / "newsflow.duckdb"), read_only=True) as db:
        for table, skipped in RUN_COLUMNS.items():
            columns = [
                name for (name,) in db.execute(
                    "SELECT column_name FROM information_schema.columns WHERE table_name = ? "
                    "ORDER BY ordinal_position", [table],
                ).fetchall() if name not in skipped
            ]  # fmt: skip
            quoted = ", ".join(f'"{c}"' for c in columns)
            rows = db.execute(f"SELECT {quoted} FROM {table}").fetchall()
            found[table] = sorted(rows, key=repr)
    return found


def test_a_day_reads_its_files_once_and_a_missing_file_fails_the_day_alone(
    common_crawl: SimCommonCrawl, tmp_path: Path
) -> None:
    paths = stock(common_crawl)
    missing = common_crawl.list_missing("2024/03", "CC-NEWS-20240305230000-00009.warc.gz")

    first = run_day(common_crawl, tmp_path / "data")
    again = run_day(common_crawl, tmp_path / "data")
    tables = snapshot(tmp_path / "data")

    assert (first.status, first.urls, first.articles) == ("failed", 3, 16)
    assert first.error is not None and "00009" in first.error and "404" in first.error
    assert len(tables["articles"]) == 16
    locations = {row[1] for row in tables["sightings"]}
    assert all(loc.startswith(common_crawl.base_url + "crawl-data/") for loc in locations)
    assert all("#" in loc for loc in locations)
    assert [r[:2] for r in tables["rejects"]] == [
        (common_crawl.base_url + missing, "http 404"),
        (common_crawl.base_url + missing, "http 404"),
    ]  # the missing file is tried again by the second run, the others are not
    assert (again.articles, again.already_done) == (16, 2)  # counted, not read again
    assert common_crawl.served(paths[2]) == []  # another day's file is never asked for
    assert len(common_crawl.served(paths[0])) == 1


def test_resets_and_a_busy_server_change_nothing_in_the_warehouse(
    common_crawl: SimCommonCrawl, tmp_path: Path
) -> None:
    paths = stock(common_crawl)
    run_day(common_crawl, tmp_path / "clean")
    size = len(common_crawl.files[paths[0]])
    common_crawl.reset_after[paths[0]] = [size // 4, size // 4, size // 5]
    common_crawl.busy[paths[1]] = 2

    faulty = run_day(common_crawl, tmp_path / "faulty")

    assert faulty.status == "done"
    assert snapshot(tmp_path / "faulty") == snapshot(tmp_path / "clean")
    assert len(common_crawl.served(paths[0])) == 1 + 3 + 1


@pytest.mark.slow
def test_a_day_killed_mid_file_resumes_and_ends_as_an_uninterrupted_run(
    common_crawl: SimCommonCrawl, tmp_path: Path
) -> None:
    paths = stock(common_crawl, stories=15)
    run_day(common_crawl, tmp_path / "clean")
    common_crawl.requests.clear()
    common_crawl.pace = 0.05  # slow enough to kill it while it reads the first file
    killed_dir = tmp_path / "killed"
    command = [sys.executable, "-m", "tests.support.ccnews_run", common_crawl.base_url,
               str(killed_dir), DAY.isoformat()]  # fmt: skip
    child = subprocess.Popen(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)})
    staging = killed_dir / "staging"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and child.poll() is None:
        progress = list(staging.glob("*/tables/warc_progress.jsonl")) if staging.is_dir() else []
        if len(progress) >= 2:
            break
        time.sleep(0.02)
    assert child.poll() is None, "the run ended before it could be killed"
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert common_crawl.served(paths[1]) == []  # killed inside the first file

    common_crawl.pace = 0.0
    resumed = subprocess.run(command, cwd=REPO, env={**os.environ, "PYTHONPATH": str(REPO)},
                             capture_output=True, text=True, check=True)  # fmt: skip

    assert resumed.stdout.split()[0] == "done"
    ranges = common_crawl.served(paths[0])
    assert ranges[0] == "bytes=0-" and ranges[-1] != "bytes=0-"  # resumed, not read again
    assert snapshot(killed_dir) == snapshot(tmp_path / "clean")
