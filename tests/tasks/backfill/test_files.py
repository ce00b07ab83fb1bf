"""Which stored files a backfill of dropped files re-reads, by the day the pickup took them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from settings import Settings, load_settings
from staging.read import pending_batches
from staging.steps import StageTarget, stage_steps
from tasks.backfill.days import FLOW_NAME
from tasks.backfill.files import reingest_stored_day, stored_files
from tests.support.files import GOOD_BODY, write_text_article


def _settings(tmp_path: Path, mode: str) -> Settings:
    return load_settings({}, data_dir=tmp_path / "data", pickup_mode=mode)


def test_move_mode_files_are_found_under_their_processed_day(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "move")
    day = settings.processed_dir / "2026-01-05"
    write_text_article(day / "wire" / "a.txt", "A", [GOOD_BODY])
    write_text_article(day / "loose.txt", "Loose", [GOOD_BODY])
    (day / "wire" / ".hidden.txt").write_text("x", "utf-8")
    write_text_article(settings.processed_dir / "2026-01-09" / "wire" / "b.txt", "B", [GOOD_BODY])
    (settings.processed_dir / "not-a-day").mkdir()
    found = stored_files(settings, [], start=date(2026, 1, 1), end=date(2026, 1, 6))
    assert list(found) == [date(2026, 1, 5)]
    assert sorted((Path(f.path).name, f.source) for f in found[date(2026, 1, 5)]) == [
        ("a.txt", "wire"),
        ("loose.txt", None),
    ]


def test_ledger_mode_files_are_dated_by_their_ledger_row_and_read_in_place(
    tmp_path: Path,
) -> None:
    settings = _settings(tmp_path, "ledger")
    kept = write_text_article(settings.inbox_dir / "valley" / "k.txt", "Kept", [GOOD_BODY])
    gone = settings.inbox_dir / "valley" / "gone.txt"
    taken = [(str(kept.absolute()), date(2026, 1, 5)), (str(gone.absolute()), date(2026, 1, 5))]
    found = stored_files(settings, taken, start=date(2026, 1, 5), end=date(2026, 1, 5))
    files = found[date(2026, 1, 5)]
    assert [(Path(f.path).name, f.source) for f in files] == [
        ("k.txt", "valley"),
        ("gone.txt", "valley"),
    ]

    steps = reingest_stored_day(
        date(2026, 1, 5), files, settings=settings, backfill_run_id="b", day_run_id="d"
    )
    outcome = stage_steps(steps, StageTarget.of(settings, "d", FLOW_NAME))
    assert (outcome.status, outcome.urls, outcome.articles, outcome.rejected) == ("done", 2, 1, 1)
    staged = pending_batches(settings.staging_dir)
    rejects = "".join((b / "rejects.jsonl").read_text("utf-8") for b in staged)
    assert "stored file is gone" in rejects
    assert kept.is_file()
