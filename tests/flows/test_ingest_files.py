"""The file pickup end to end: real files, a real DuckDB file, a real (test) Prefect API."""

from __future__ import annotations

import contextlib
import json
import shutil
from pathlib import Path

import duckdb
import psutil
import pytest

from flows.ingest_files import ingest_files
from settings import Settings
from tasks.models import RUN_END_SEQ
from tests.support.files import GOOD_BODY, write_bad_inputs, write_good_variants, write_text_article

pytestmark = pytest.mark.usefixtures("prefect_harness")


def _run(settings: Settings, *roots: Path) -> dict:
    """Run the real ``ingest_files`` flow with ``settings`` given through the environment."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSFLOW_DATA_DIR", str(settings.data_dir))
        patch.setenv("NEWSFLOW_SETTLE_SECONDS", str(settings.settle_seconds))
        return ingest_files(
            paths=[str(r) for r in roots],
            warehouse=str(settings.warehouse_file),
            pickup_mode=settings.pickup_mode,
        )


def _rows(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_the_seed_becomes_exactly_one_clean_article(
    settings: Settings, shared_dir: Path, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox" / "seed-source"
    inbox.mkdir(parents=True)
    shutil.copy(next((shared_dir / "seed").glob("*.txt")), inbox)
    summary = _run(settings, tmp_path / "inbox")
    assert (summary["new"], summary["duplicate"], summary["rejected"]) == (1, 0, 0)
    seed_title = next((shared_dir / "seed").glob("*.txt")).read_text("utf-8").splitlines()[0]
    [(title, body, source)] = _rows(settings, "SELECT title, body, source FROM articles")
    assert title == seed_title
    assert body.startswith("In a groundbreaking agreement")
    assert len(body.split("\n\n")) == 6
    assert "\u00a0" not in body and "More reads" not in body
    assert source == "seed-source"


def test_reingest_adds_nothing_and_a_renamed_copy_is_one_more_sighting(
    settings: Settings, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    write_text_article(inbox / "a" / "one.txt", "One", [GOOD_BODY])
    write_text_article(inbox / "a" / "two.txt", "Two", [GOOD_BODY + " Two."])
    first = _run(settings, inbox)
    assert (first["new"], first["duplicate"]) == (2, 0)
    tables = ("articles", "sightings", "rejects", "file_ledger")
    before = {t: _rows(settings, f"SELECT count(*) FROM {t}")[0][0] for t in tables}
    again = _run(settings, inbox)
    assert (again["new"], again["duplicate"], again["unchanged"]) == (0, 0, 2)
    assert {t: _rows(settings, f"SELECT count(*) FROM {t}")[0][0] for t in tables} == before
    shutil.copy(inbox / "a" / "one.txt", inbox / "a" / "one-copy.txt")
    copied = _run(settings, inbox)
    assert (copied["new"], copied["duplicate"]) == (0, 1)
    assert _rows(settings, "SELECT count(*) FROM articles")[0][0] == 2
    assert _rows(settings, "SELECT count(*) FROM sightings")[0][0] == 3


def test_every_bad_input_is_rejected_with_its_reason_and_good_ones_load(
    settings: Settings, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    expected_rejects = write_bad_inputs(inbox / "bad")
    expected_titles = write_good_variants(inbox / "good")
    summary = _run(settings, inbox)
    reasons = {Path(i).name: r for i, r in _rows(settings, "SELECT input, reason FROM rejects")}
    assert reasons == expected_rejects
    assert summary["rejected"] == len(expected_rejects)
    titles = {
        Path(loc).name: t
        for loc, t in _rows(
            settings,
            "SELECT s.location, a.title FROM sightings s JOIN articles a USING (article_id)",
        )
    }
    assert {name.split(":")[0]: t for name, t in titles.items()} == expected_titles
    bodies = [b for (b,) in _rows(settings, "SELECT body FROM articles WHERE title LIKE 'Café%'")]
    assert len(bodies) == 3 and all("Propriétaires et café." in b for b in bodies)


def test_move_mode_sets_files_aside_with_reasons(settings: Settings, tmp_path: Path) -> None:
    moving = settings.with_overrides(pickup_mode="move")
    inbox = tmp_path / "inbox"
    write_text_article(inbox / "src" / "good.txt", "Good", [GOOD_BODY])
    (inbox / "src" / "empty.txt").write_bytes(b"")
    (inbox / "src" / "partial.txt.part").write_text("still downloading")
    _run(moving, inbox)
    assert sorted(p.name for p in (inbox / "src").iterdir()) == ["partial.txt.part"]
    [processed] = list(moving.processed_dir.glob("*/src/good.txt"))
    [rejected] = list(moving.rejected_dir.glob("*/src/empty.txt"))
    assert processed.is_file()
    assert "empty file" in rejected.with_name("empty.txt.reason").read_text()


def test_the_run_publishes_its_summary_as_artifacts(settings: Settings, tmp_path: Path) -> None:
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.filters import ArtifactFilter, ArtifactFilterKey

    write_text_article(
        tmp_path / "inbox" / "wire" / "a.txt", "Artifact story", [GOOD_BODY + " artifact"]
    )
    summary = _run(settings, tmp_path / "inbox")
    with get_client(sync_client=True) as client:
        artifacts = client.read_artifacts(
            artifact_filter=ArtifactFilter(
                key=ArtifactFilterKey(any_=["ingest-files-new-by-source"])
            )
        )
    mine = [a for a in artifacts if str(a.flow_run_id) == summary["run_id"]]
    assert len(mine) == 1
    assert "wire" in str(mine[0].data)


def test_parsing_in_worker_processes_gives_what_parsing_here_gives(tmp_path: Path) -> None:
    from settings import load_settings

    inbox = tmp_path / "inbox"
    for n in range(7):
        write_text_article(inbox / "s" / f"{n}.txt", f"Title {n}", [f"{GOOD_BODY} {n % 5}."])
    write_bad_inputs(inbox / "bad")
    tables = {}
    for processes in (1, 2):
        settings = load_settings({}, data_dir=tmp_path / f"data{processes}", settle_seconds=0)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("NEWSFLOW_WORKER_PROCESSES", str(processes))
            patch.setenv("NEWSFLOW_BATCH_SIZE", "3")
            summary = _run(settings, inbox)
            # the workers leave once parsing and signing are done, not idle beside the index
            assert _worker_processes() == []
            # CPU by stage comes back from the worker processes too
            assert {"parse", "staging", "load"} <= set(summary["cpu_seconds_by_stage"])
            # What differs between any two runs: their id, place, time and CPU by stage.
            times = {"elapsed_seconds": 0, "cpu_seconds_by_stage": {}}
            summary |= {"run_id": "", "warehouse": ""} | times

        tables[processes] = (
            summary,
            _rows(settings, "SELECT title, body FROM articles ORDER BY 1"),
            _rows(settings, "SELECT location FROM sightings ORDER BY 1"),
            _rows(settings, "SELECT input, reason FROM rejects ORDER BY 1"),
        )
    assert tables[1] == tables[2]
    assert tables[2][0]["new"] == 5 and tables[2][0]["duplicate"] == 2


def _worker_processes() -> list[int]:
    found = []
    for child in psutil.Process().children(recursive=True):
        with contextlib.suppress(psutil.Error):  # gone meanwhile
            if "tasks.worker_process" in child.cmdline():
                found.append(child.pid)
    return found


def test_files_outside_any_source_folder_count_as_new_in_their_own_row(
    settings: Settings, tmp_path: Path
) -> None:
    inbox = tmp_path / "inbox"
    write_text_article(inbox / "loose.txt", "A loose file", [f"{GOOD_BODY} loose."])
    write_text_article(inbox / "desk" / "one.txt", "In a folder", [f"{GOOD_BODY} desk."])
    write_text_article(inbox / "desk" / "two.txt", "Same text", [f"{GOOD_BODY} desk."])
    rows = {row["source"]: row for row in _run(settings, inbox)["by_source"]}
    assert (rows["(none)"]["new"], rows["(none)"]["duplicate"]) == (1, 0)
    assert (rows["desk"]["new"], rows["desk"]["duplicate"]) == (1, 1)


def test_articles_that_name_their_own_source_are_counted_under_it(
    settings: Settings, tmp_path: Path
) -> None:
    """Files count under their folder; an article that names its source counts under that name,
    so "new" and "duplicate" always compare articles of one source with each other."""
    desk = tmp_path / "inbox" / "desk"
    desk.mkdir(parents=True)
    records = [
        {
            "url": "https://wire.example/a",
            "title": "Wire A",
            "text": f"{GOOD_BODY} a.",
            "source": "Wire",
        },
        {
            "url": "https://wire.example/b",
            "title": "Wire B",
            "text": f"{GOOD_BODY} b.",
            "source": "Wire",
        },
        {"url": "https://desk.example/c", "title": "Desk C", "text": f"{GOOD_BODY} c."},
    ]
    (desk / "records.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records))
    rows = {row["source"]: row for row in _run(settings, tmp_path / "inbox")["by_source"]}
    assert set(rows) == {"desk", "Wire"}
    desk_row, wire_row = rows["desk"], rows["Wire"]
    assert (desk_row["seen"], desk_row["articles"], desk_row["new"], desk_row["duplicate"]) == (
        1,
        1,
        1,
        0,
    )
    assert (wire_row["seen"], wire_row["articles"], wire_row["new"], wire_row["duplicate"]) == (
        0,
        2,
        2,
        0,
    )


def test_the_run_loads_while_parsing_only_once_a_pass_of_articles_is_waiting(
    tmp_path: Path,
) -> None:
    """A load per parsed batch would pay the file's open and checkpoint and the scans of the
    growing tables once per batch: the run loads (and indexes) once ``dedup_pass_articles``
    are staged (or every batch is submitted), and how it groups its loads does not change the
    warehouse."""
    from settings import load_settings

    inbox = tmp_path / "inbox"
    for n in range(12):
        write_text_article(inbox / "s" / f"{n:02}.txt", f"Title {n}", [f"{GOOD_BODY} {n}."])
    tables = {}
    for pass_articles in (5, 1000):
        data = tmp_path / f"data{pass_articles}"
        settings = load_settings({}, data_dir=data, settle_seconds=0)
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("NEWSFLOW_WORKER_PROCESSES", "1")
            patch.setenv("NEWSFLOW_BATCH_SIZE", "1")
            patch.setenv("NEWSFLOW_DEDUP_PASS_ARTICLES", str(pass_articles))
            assert _run(settings, inbox)["new"] == 12
        # Batches of one article each, by load transaction; the run's closing record (its own
        # sequence number) loads last, after them.
        groups = _batches_by_load(settings)
        assert sum(groups) == 12
        if pass_articles == 5:  # the first load waits for five, while the rest is parsed
            assert groups[0] >= 5 and len(groups) >= 2, groups
        else:  # one batch parsed at a time: nothing left to load beside the last one
            assert groups == [12]
        tables[pass_articles] = (
            _rows(settings, "SELECT title, body, load_seq FROM articles ORDER BY 1"),
            _rows(settings, "SELECT location, article_id FROM sightings ORDER BY 1"),
            _rows(settings, "SELECT path, size FROM file_ledger ORDER BY 1"),
        )
    assert tables[5] == tables[1000]


def _batches_by_load(settings: Settings) -> list[int]:
    """How many parsed batches each load transaction took, in load order."""
    rows = _rows(
        settings,
        "SELECT count(*) FROM staged_batches WHERE batch_id NOT LIKE "
        f"'%-{RUN_END_SEQ:08}-%' GROUP BY loaded_at ORDER BY loaded_at",
    )
    return [int(count) for (count,) in rows]
