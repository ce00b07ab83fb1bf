"""`newsflow ingest`'s per-source table: files and articles apart, exact duplicates, near-copies
and new stories of the run's own articles, on real files and a real warehouse."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from newsflow.cli import _register_commands, app
from tests.tasks.dedup.texts import (
    SAME_EVENT_OTHER_OUTLET,
    SITE_STORY_ONE,
    SITE_STORY_TWO,
    WIRE,
    brief,
)

_register_commands()
runner = CliRunner()
COLUMNS = ["files", "articles", "new", "exact dup", "near-copy", "new stories", "rejected"]


@pytest.fixture(autouse=True)
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("NEWSFLOW_")]:
        monkeypatch.delenv(name)
    from newsflow.cli import common

    monkeypatch.setattr(common.console, "width", 200)


def _article(path: Path, title: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{body}\n", "utf-8")


def _ingest(folder: Path, data: Path) -> dict[str, list[str]]:
    """Run the command; its per-source table as source -> the cells of ``COLUMNS``."""
    result = runner.invoke(app, ["ingest", str(folder)], env={"NEWSFLOW_DATA_DIR": str(data)})
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    if "by source" not in (line.strip() for line in lines):
        return {}
    start = [line.strip() for line in lines].index("by source")
    end = next(n for n in range(start, len(lines)) if lines[n].startswith("└"))
    assert [c.strip() for c in lines[start + 3].split("┃")[2:-1]] == [
        *COLUMNS[:3], "dup", "copy", "stories", "rejected"
    ]  # fmt: skip
    rows = {}
    for line in lines[start + 5 : end]:
        cells = [cell.strip() for cell in line.split("│")[1:-1]]
        rows[cells[0]] = cells[1:]
    files = sum(int(cells[0]) for cells in rows.values())
    assert lines[end + 1].strip().startswith(f"{files} file{'s' if files != 1 else ''} in ")
    return rows


def test_near_copies_and_new_stories_are_the_runs_own_per_source(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _article(tmp_path / "first" / "gazette" / "bridge.txt", "Riverton council approves Arlen bridge",
             "\n\n".join(WIRE))  # fmt: skip
    assert _ingest(tmp_path / "first", data) == {"gazette": ["1", "1", "1", "0", "0", "1", "0"]}

    second = tmp_path / "second"
    # The wire story again, trimmed: a near-copy; and the courier's own report of the same event.
    _article(second / "courier" / "wire.txt", "Arlen bridge approved", "\n\n".join(WIRE[:5]))
    _article(second / "courier" / "own.txt", "Riverton approves Arlen river bridge",
             SAME_EVENT_OTHER_OUTLET.split("\n\n", 1)[1])  # fmt: skip
    _article(second / "herald" / "fire.txt", "Bakery fire on Elm Street", SITE_STORY_ONE)
    _article(second / "herald" / "fire-again.txt", "Bakery fire on Elm Street", SITE_STORY_ONE)
    (second / "herald" / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    records = [
        {"title": "Band wins the regional title", "body": SITE_STORY_TWO},
        {
            "title": "Arrest after crash",
            "body": brief("Dunmore", 34, "Friday", "crash", "Main Street"),
        },
    ]
    (second / "digest").mkdir()
    (second / "digest" / "two.json").write_text(json.dumps(records), "utf-8")

    rows = _ingest(second, data)
    assert rows == {
        # files | articles | new | exact dup | near-copy | new stories | rejected
        "courier": ["2", "2", "2", "0", "1", "0", "0"],  # both join the gazette's earlier story
        "digest": ["1", "2", "2", "0", "0", "2", "0"],  # one file, two articles
        "herald": ["3", "2", "1", "1", "0", "1", "1"],
    }
    # Run again on the same files: nothing taken, nothing counted twice.
    assert _ingest(second, data) == {}
