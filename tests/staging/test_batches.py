"""Staged batches belong to one warehouse and are verified before they load; what cannot be
stored as UTF-8 JSON is repaired, never the cause of a lost batch."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pytest

from settings import Settings
from staging.batches import stage_batch
from staging.read import pending_batches, verify_batch
from tasks.models import Article, LedgerEntry
from warehouse.load import load_staged


def _article(body: str, location: str, **fields: object) -> Article:
    return Article(title="T", body=body, source="s", location=location, **fields)  # type: ignore[arg-type]


def _stage(settings: Settings, *articles: Article, warehouse: Path | None = None) -> Path:
    return stage_batch(
        settings.staging_dir, run_id="r1", flow_name="t", articles=list(articles), rejects=[],
        ledger=[LedgerEntry(a.location, 1, 2, "parsed") for a in articles],
        warehouse=warehouse or settings.warehouse_file,
    )  # fmt: skip


def _rows(settings: Settings, sql: str) -> list[tuple]:
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        return connection.execute(sql).fetchall()


def test_a_batch_changed_on_disk_is_set_aside_with_its_reason_and_never_loaded(
    settings: Settings,
) -> None:
    forged = _stage(settings, _article("The real text of the story", "/real"))
    articles = forged / "articles.jsonl"
    row = json.loads(articles.read_text("utf-8"))
    articles.write_text(json.dumps({**row, "body": "A forged text"}) + "\n", "utf-8")
    _stage(settings, _article("An honest neighbour", "/other"))
    report = load_staged(settings)
    assert (report.failed_batches, report.new) == (1, 1)
    assert _rows(settings, "SELECT body FROM articles") == [("An honest neighbour",)]
    [(reason, stage, detail)] = _rows(settings, "SELECT reason, stage, detail FROM rejects")
    assert (reason, stage) == ("staged batch set aside: it does not verify", "stage")
    assert "articles.jsonl changed" in detail
    assert (settings.data_dir / "staging-failed" / forged.name / "error.txt").is_file()
    assert pending_batches(settings.staging_dir) == []


def test_a_file_slipped_into_a_batch_or_a_stray_folder_is_set_aside(settings: Settings) -> None:
    batch = _stage(settings, _article("Some text", "/a"))
    (batch / "tables" / "articles.jsonl").write_text("{}\n", "utf-8")
    stray = settings.staging_dir / "copy-output"
    stray.mkdir()
    (stray / "data.csv").write_text("a,b\n1,2\n", "utf-8")
    report = load_staged(settings)
    assert (report.failed_batches, report.new) == (2, 0)
    assert pending_batches(settings.staging_dir) == []


def test_a_batch_for_another_warehouse_waits_for_it(settings: Settings, tmp_path: Path) -> None:
    other = tmp_path / "other.duckdb"
    _stage(settings, _article("For the other warehouse", "/w1"), warehouse=other)
    _stage(settings, _article("For this warehouse", "/w2"))
    report = load_staged(settings)
    assert (report.new, report.other_warehouse, report.pending_batches) == (1, 1, 0)
    assert _rows(settings, "SELECT body FROM articles") == [("For this warehouse",)]
    loaded_there = load_staged(Settings(data_dir=settings.data_dir, warehouse=other))
    assert loaded_there.new == 1
    assert pending_batches(settings.staging_dir) == []


def test_unpaired_surrogates_and_nan_are_repaired_and_said(settings: Settings) -> None:
    odd = Article(
        title="Title \udcff", body="Body with \ud800 a lone surrogate", source="s",
        location="/odd", extra={"score": float("nan"), "note\ud83d": "x"},
    )  # fmt: skip
    batch = _stage(settings, odd)
    verify_batch(batch)
    report = load_staged(settings)
    assert report.new == 1
    [(title, body, extra, warnings)] = _rows(
        settings, "SELECT title, body, extra::VARCHAR, warnings FROM articles"
    )
    assert title == "Title \ufffd" and "\ufffd a lone surrogate" in body
    assert json.loads(extra) == {"score": None, "note\ufffd": "x"}
    assert warnings == ["unencodable values repaired at staging"]


def test_a_row_over_duckdbs_16_mb_json_object_limit_loads(settings: Settings) -> None:
    paragraph = "Word " * 2_000
    body = "\n\n".join([paragraph] * 1_800)  # about 18 MB
    _stage(settings, _article(body, "/huge"), _article("A small neighbour", "/small"))
    report = load_staged(settings)
    assert (report.new, report.rows_rejected_at_load) == (2, 0)
    assert _rows(settings, "SELECT max(length(body)) > 17000000 FROM articles") == [(True,)]


def test_a_machine_fault_while_staging_says_what_to_do_and_leaves_nothing(
    settings: Settings,
) -> None:
    import pytest

    from warehouse.errors import StagingFailed

    settings.data_dir.mkdir(parents=True)
    settings.staging_dir.write_text("a file where the staging folder should be", "utf-8")
    with pytest.raises(StagingFailed, match="Nothing is lost"):
        _stage(settings, _article("Some text", "/a"))
    assert settings.staging_dir.is_file()


def test_a_kill_while_a_loaded_batch_is_removed_leaves_nothing_to_set_aside(
    settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Removing a batch deletes its files one by one; killed half-way (here: after the seal),
    the old removal left a batch without its seal, which the next load set aside with a reject
    row the uninterrupted run never had."""
    _stage(settings, _article("Loaded, then killed while its batch was removed", "/k"))
    real_rmtree = shutil.rmtree

    def killed_half_way(path: str | Path, *args: object, **kwargs: object) -> None:
        for name in ("SEAL", "meta.json"):
            (Path(path) / name).unlink(missing_ok=True)
        raise KeyboardInterrupt  # stands in for kill -9: nothing after this line runs

    monkeypatch.setattr(shutil, "rmtree", killed_half_way)
    with pytest.raises(KeyboardInterrupt):
        load_staged(settings)
    monkeypatch.setattr(shutil, "rmtree", real_rmtree)
    report = load_staged(settings)
    assert (report.failed_batches, report.batches_loaded, report.pending_batches) == (0, 0, 0)
    assert _rows(settings, "SELECT count(*) FROM rejects") == [(0,)]
    assert _rows(settings, "SELECT count(*) FROM articles") == [(1,)]
    assert not (settings.data_dir / "staging-failed").exists()
    assert list(settings.staging_dir.iterdir()) == []
