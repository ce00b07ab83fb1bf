"""``newsflow fetch`` and ``newsflow sources`` against the simulated site."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsflow.cli import _register_commands, app
from tasks.fetch.politeness import SHARED_GATES
from tasks.fetch.robots_cache import SHARED_ROBOTS
from tests.simsite import SimSite

_register_commands()
runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsflow.cli import common

    # Tables wrap to the terminal; keep rows on one line so the assertions read them whole.
    for console in (common.console, common.error_console):
        monkeypatch.setattr(console, "width", 250)


@pytest.fixture
def site() -> Iterator[SimSite]:
    SHARED_GATES.clear()
    SHARED_ROBOTS.clear()
    with SimSite(crawl_delay=None, days=2) as running:
        yield running


def write_sources(tmp_path: Path, site: SimSite) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(
        f'[sources.news]\nkind = "news_sitemap"\n'
        f'urls = ["{site.url("news", "/sitemap_index.xml")}"]\n'
        'min_delay = 0.0\nallow_hosts = ["127.0.0.1"]\nenabled = false\n'
    )
    return path


def test_sources_list_and_check_write_nothing(tmp_path: Path, site: SimSite) -> None:
    path = write_sources(tmp_path, site)
    listed = runner.invoke(app, ["sources", "list", "--sources-file", str(path)])
    assert listed.exit_code == 0 and "news_sitemap" in listed.output
    checked = runner.invoke(app, ["sources", "check", "news", "--sources-file", str(path)])
    assert checked.exit_code == 0, checked.output
    assert f"{len(site.articles['news'])} page(s) found" in checked.output
    assert not any(e.path.endswith(".html") for e in site.log.entries())  # no page fetched
    assert not (tmp_path / "data").exists()
    unknown = runner.invoke(app, ["sources", "check", "nope", "--sources-file", str(path)])
    assert unknown.exit_code == 2


def test_fetch_an_adhoc_feed_with_allow_host(
    prefect_harness: None, tmp_path: Path, site: SimSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    feed = site.url("wire", "/atom.xml")
    result = runner.invoke(app, ["fetch", "--url", feed, "--allow-host", "127.0.0.1"])
    assert result.exit_code == 0, result.output
    shown = " ".join(result.output.split())  # however the caption wraps on this terminal
    assert "adhoc:127.0.0.1" in shown
    assert f"{len(site.articles['wire'])} new" in shown
    # pages | articles | new | exact dup | near-copy | new stories | rejected, then time and rate
    pages = len(site.articles["wire"])
    lines = result.output.splitlines()
    start = [line.strip() for line in lines].index("by source")
    row = next(line for line in lines[start:] if line.startswith("│ adhoc:127.0.0.1"))
    cells = [cell.strip() for cell in row.split("│")[2:-1]]
    assert cells[:4] == [str(pages), str(pages), str(pages), "0"]
    assert cells[4].isdigit() and cells[5].isdigit() and int(cells[5]) >= 1
    assert f"{pages} pages in " in shown and " pages/s" in shown


def test_fetch_says_why_it_refused(
    prefect_harness: None, tmp_path: Path, site: SimSite, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("NEWSFLOW_DATA_DIR", str(tmp_path / "data"))
    result = runner.invoke(app, ["fetch", "--url", site.url("wire", "/atom.xml")])
    assert result.exit_code == 0, result.output
    after = result.output.split("top reject reasons:", 1)[1]
    assert "unsafe url" in after and "/atom.xml" in after
