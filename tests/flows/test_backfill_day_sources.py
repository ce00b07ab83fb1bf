"""Where a backfill's days come from besides sitemaps: a web source's date-templated archive
pages (real HTTP on 127.0.0.1), and the stored files of dropped-file pickups (real files)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import UTC, date, datetime
from html import escape
from pathlib import Path
from typing import Any

import pytest

from tests.simsite import SimSite
from tests.simsite.server import Reply, RequestLog, SimHost
from tests.support.files import GOOD_BODY, write_text_article
from warehouse.query import run_query

START = date(2024, 5, 1)
DAYS = 4
NO_ARCHIVE_DAY = date(2024, 5, 4)  # 404: the day has no archive page


class Archive:
    """A publisher whose feed lists nothing old, and whose archive pages list each day's
    articles (served by the simulated site's ``news`` host), among navigation links."""

    def __init__(self, site: SimSite) -> None:
        self.site = site
        self.broken: set[date] = set()  # days answered with 503
        self.lock = threading.Lock()
        self.host = SimHost("archive", self._route, RequestLog())

    def url(self, path: str) -> str:
        return self.host.base_url + path

    def _route(self, path: str, headers: dict[str, str]) -> Reply:
        if path == "/feed.xml":
            rss = '<rss version="2.0"><channel><title>Gazette</title></channel></rss>'
            return Reply(body=rss.encode(), content_type="application/rss+xml")
        if not path.startswith("/archive/"):
            return Reply(status=404, body=b"not found")
        try:
            day = datetime.strptime(path.removeprefix("/archive/"), "%Y/%m/%d").date()
        except ValueError:
            return Reply(status=404, body=b"not found")
        with self.lock:
            if day in self.broken:
                return Reply(status=503, body=b"busy")
        if day == NO_ARCHIVE_DAY:
            return Reply(status=404, body=b"no such day")
        articles = [a for a in self.site.articles["news"] if a.published.date() == day]
        links = "".join(
            f'<li><a href="{self.site.article_url(a)}">{escape(a.title)}</a></li>' for a in articles
        )
        page = (
            f'<html><body><nav><a href="/">Home</a> <a href="/archive/2024/04/30">Previous</a>'
            f' <a href="https://elsewhere.example/x">Partner</a></nav>'
            f"<main><h1>Archive {day}</h1><ul>{links}</ul></main></body></html>"
        )
        return Reply(body=page.encode())

    def __enter__(self) -> Archive:
        self.host.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.host.stop()


@pytest.fixture(scope="module")
def site() -> Iterator[SimSite]:
    with SimSite(start=START, days=DAYS, per_day=2, crawl_delay=None) as running:
        yield running


@pytest.fixture
def archive(site: SimSite) -> Iterator[Archive]:
    with Archive(site) as running:
        yield running


def _configure(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive: Archive) -> Path:
    sources = tmp_path / "sources.toml"
    sources.write_text(
        "[sources.gazette]\n"
        'kind = "feed"\n'
        f'urls = ["{archive.url("/feed.xml")}"]\n'
        f'archive_url = "{archive.url("/archive/{date:%Y/%m/%d}")}"\n'
        'archive_link_pattern = "/20\\\\d\\\\d/"\n'
        'min_delay = 0.0\nconcurrency = 4\nallow_hosts = ["127.0.0.1"]\n',
        "utf-8",
    )
    monkeypatch.setenv("NEWSFLOW_SOURCES_FILE", str(sources))
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def _run(**parameters: Any) -> Any:
    from flows.backfill import backfill

    return asyncio.run(backfill(**parameters, return_state=True))


def _rows(data_dir: Path, sql: str) -> list[tuple[Any, ...]]:
    return run_query(data_dir / "newsflow.duckdb", sql, wait_seconds=5).rows


def test_archive_pages_give_a_web_source_its_days(
    prefect_harness: None,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    site: SimSite,
    archive: Archive,
) -> None:
    data_dir = _configure(tmp_path, monkeypatch, archive)
    archive.broken.add(date(2024, 5, 2))
    end = date(2024, 5, 4)

    first = _run(start_date=START, end_date=end, sources=["gazette"])

    assert first.is_failed()
    assert _rows(data_dir, "SELECT day, status, urls FROM backfill_days ORDER BY day") == [
        (date(2024, 5, 1), "done", 2),
        (date(2024, 5, 2), "failed", 0),
        (date(2024, 5, 3), "done", 2),
        (NO_ARCHIVE_DAY, "done", 0),
    ]
    [(error,)] = _rows(data_dir, "SELECT error FROM backfill_days WHERE status = 'failed'")
    assert "/archive/2024/05/02" in error
    # Only the day's articles: navigation, other days and other sites are not followed.
    wanted = {
        a.title for a in site.articles["news"] if a.published.date() in (START, date(2024, 5, 3))
    }
    assert {r[0] for r in _rows(data_dir, "SELECT title FROM articles")} == wanted

    archive.broken.clear()
    again = _run(start_date=START, end_date=end, sources=["gazette"], rerun="failed")

    assert again.is_completed(), again.message
    assert again.result()["day_runs"] == 1
    days = _rows(data_dir, "SELECT day, status, urls FROM backfill_days ORDER BY day")
    assert days[1] == (date(2024, 5, 2), "done", 2)
    everything = {a.title for a in site.articles["news"] if a.published.date() < NO_ARCHIVE_DAY}
    assert {r[0] for r in _rows(data_dir, "SELECT title FROM articles")} == everything
    assert _rows(data_dir, "SELECT count(*) FROM articles") == [(6,)]


def test_a_bad_archive_template_fails_the_run_before_any_work(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive: Archive
) -> None:
    data_dir = _configure(tmp_path, monkeypatch, archive)
    sources = Path(str(tmp_path / "sources.toml"))
    sources.write_text(sources.read_text("utf-8").replace("{date:%Y/%m/%d}", "{day}"), "utf-8")
    state = _run(start_date=START, end_date=START, sources=["gazette"])
    assert state.is_failed()
    assert "invalid backfill request" in str(state.message)
    assert "archive_url" in str(state.message)
    assert not data_dir.exists()


def test_dropped_files_are_backfilled_from_the_files_stored_each_day(
    prefect_harness: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, archive: Archive
) -> None:
    from flows.ingest_files import ingest_files

    data_dir = _configure(tmp_path, monkeypatch, archive)
    monkeypatch.setenv("NEWSFLOW_SETTLE_SECONDS", "0")
    # move mode keeps taken files under processed/<day>/<folder>/ ...
    old = data_dir / "processed" / "2024-05-01"
    write_text_article(old / "wire" / "one.txt", "Stored one", [GOOD_BODY + " One."])
    write_text_article(old / "wire" / "two.txt", "Stored two", [GOOD_BODY + " Two."])
    write_text_article(old / "harbor" / "three.txt", "Stored three", [GOOD_BODY + " Three."])
    (old / "harbor" / "empty.txt").write_text("  \n", "utf-8")
    # ... and ledger mode leaves them in the inbox, dated by their ledger row (today).
    inbox = data_dir / "inbox"
    write_text_article(inbox / "valley" / "four.txt", "Inbox four", [GOOD_BODY + " Four."])
    assert ingest_files()["new"] == 1
    today = datetime.now(UTC).date()

    state = _run(start_date=date(2024, 5, 1), end_date=date(2024, 5, 2), sources=["files"])
    assert state.is_completed(), state.message
    assert _rows(
        data_dir,
        "SELECT source, day, status, urls, articles, rejected FROM backfill_days ORDER BY day",
    ) == [
        ("files", date(2024, 5, 1), "done", 4, 3, 1),
        ("files", date(2024, 5, 2), "done", 0, 0, 0),
    ]
    titles = _rows(data_dir, "SELECT source, title FROM articles ORDER BY title")
    assert titles == [
        ("valley", "Inbox four"),
        ("wire", "Stored one"),
        ("harbor", "Stored three"),
        ("wire", "Stored two"),
    ]
    assert _rows(data_dir, "SELECT reason FROM rejects WHERE input LIKE '%empty.txt'") == [
        ("empty file",)
    ]

    # The default sources include the files once there is a pickup; a rerun adds nothing.
    everything = _run(start_date=today, end_date=today, rerun="all")
    assert everything.is_completed(), everything.message
    assert ("files", today, "done", 1) in _rows(
        data_dir, "SELECT source, day, status, urls FROM backfill_days"
    )
    assert _rows(data_dir, "SELECT count(*) FROM articles") == [(4,)]
    assert (inbox / "valley" / "four.txt").is_file()  # read in place, never moved
