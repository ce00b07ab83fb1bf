"""``newsflow backfill`` of a ccnews source against a simulated Common Crawl on 127.0.0.1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsflow.cli import _register_commands, app
from tests.support.simcc import SimCommonCrawl, serve
from tests.support.warcs import Archive, page_record, record
from warehouse.query import run_query

_register_commands()
runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsflow.cli import common

    for console in (common.console, common.error_console):
        monkeypatch.setattr(console, "width", 250)


@pytest.fixture
def common_crawl() -> Iterator[SimCommonCrawl]:
    with serve(SimCommonCrawl()) as running:
        yield running


def day_file(day: int, stories: int) -> bytes:
    archive = Archive().add(record("warcinfo", None, b"software: sim\r\n"))
    for number in range(stories):
        url = f"https://www.gazette.example/2024/03/0{day}/story-{number}"
        archive.add(page_record(url, f"Gazette story {number} of March {day}"))
        archive.add(page_record(f"https://other.example/{day}/{number}", f"Not ours {number}"))
    return archive.build(gzipped=True)[0]


@pytest.fixture
def setup(
    tmp_path: Path, common_crawl: SimCommonCrawl, monkeypatch: pytest.MonkeyPatch
) -> tuple[Path, Path]:
    common_crawl.add_file("2024/03", "CC-NEWS-20240305080000-00001.warc.gz", day_file(5, 3))
    common_crawl.add_file("2024/03", "CC-NEWS-20240306080000-00002.warc.gz", day_file(6, 2))
    common_crawl.list_missing("2024/03", "CC-NEWS-20240306200000-00003.warc.gz")
    sources = tmp_path / "sources.toml"
    sources.write_text(
        f'[sources.gazette-history]\nkind = "ccnews"\ndomains = ["gazette.example"]\n'
        f'base_url = "{common_crawl.base_url}"\nmin_delay = 0.0\nallow_hosts = ["127.0.0.1"]\n'
    )
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    # the command hands these to the flow through the environment: restored after the test
    monkeypatch.setenv("NEWSFLOW_WAREHOUSE", str(tmp_path / "w.duckdb"))
    monkeypatch.setenv("NEWSFLOW_SOURCES_FILE", str(sources))
    return sources, tmp_path / "w.duckdb"


def backfill(*arguments: str) -> object:
    return runner.invoke(app, ["backfill", *arguments])


def test_a_dry_run_lists_the_warc_files_and_their_sizes_and_writes_nothing(
    prefect_harness: None, setup: tuple[Path, Path], common_crawl: SimCommonCrawl
) -> None:
    sources, warehouse = setup
    size = len(
        common_crawl.files["crawl-data/CC-NEWS/2024/03/CC-NEWS-20240305080000-00001.warc.gz"]
    )

    result = backfill(
        "--start-date", "2024-03-05", "--end-date", "2024-03-06", "--dry-run",
        "--sources-file", str(sources), "--warehouse", str(warehouse),
    )  # fmt: skip

    assert result.exit_code == 0, result.output  # type: ignore[attr-defined]
    output = result.output  # type: ignore[attr-defined]
    assert "CC-NEWS-20240305080000-00001.warc.gz" in output and f"{size / 1e6:,.1f}" in output
    assert "CC-NEWS-20240306200000-00003.warc.gz" in output and "not readable: http 404" in output
    assert "3 file(s)" in output
    assert not warehouse.exists()


def test_a_backfill_loads_the_days_and_a_missing_file_fails_only_its_day(
    prefect_harness: None, setup: tuple[Path, Path]
) -> None:
    sources, warehouse = setup
    common = ["--sources-file", str(sources), "--warehouse", str(warehouse)]

    first = backfill(
        "gazette-history", "--start-date", "2024-03-05", "--end-date", "2024-03-06", *common
    )
    again = backfill(
        "--start-date", "2024-03-05", "--end-date", "2024-03-06", "--rerun", "failed", *common
    )

    assert first.exit_code == 1, first.output  # type: ignore[attr-defined]
    assert "gazette-history" in first.output and "rerun=failed" in first.output  # type: ignore[attr-defined]
    days = run_query(
        warehouse, "SELECT day, status, articles FROM backfill_days ORDER BY day", wait_seconds=5
    ).rows
    assert [(str(d), s) for d, s, _ in days] == [("2024-03-05", "done"), ("2024-03-06", "failed")]
    articles = run_query(
        warehouse, "SELECT count(*), count(DISTINCT source) FROM articles", wait_seconds=5
    ).rows
    assert articles == [(5, 1)]
    # The per-source table counts the run's own articles: the index agrees (one run so far).
    lines = first.output.splitlines()  # type: ignore[attr-defined]
    start = [line.strip() for line in lines].index("by source")
    row = next(line for line in lines[start:] if line.startswith("│ gazette-history"))
    cells = [cell.strip() for cell in row.split("│")[2:-1]]
    ((copies,),) = run_query(
        warehouse, "SELECT count(DISTINCT article_id) FROM duplicates WHERE kind = 'near_copy'",
        wait_seconds=5,
    ).rows  # fmt: skip
    assert cells == ["3", "5", "5", "0", str(copies), str(5 - copies), "1"]
    assert "top reject reasons:" in first.output and "http 404" in first.output  # type: ignore[attr-defined]
    assert again.exit_code == 1  # type: ignore[attr-defined]
    assert run_query(warehouse, "SELECT count(*) FROM articles", wait_seconds=5).rows == [(5,)]
    progress = run_query(
        warehouse, "SELECT count(*) FILTER (WHERE done) FROM warc_progress", wait_seconds=5
    ).rows
    assert progress == [(2,)]
