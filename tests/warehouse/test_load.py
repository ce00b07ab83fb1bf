"""Staging and loading with a real DuckDB file: exactly-once loads and data contracts."""

from __future__ import annotations

import string
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import duckdb
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st

from settings import Settings, load_settings
from staging.batches import RunRecord, stage_batch, stage_run
from staging.read import pending_batches
from tasks.models import Article, LedgerEntry, Reject
from warehouse.load import load_staged


def _article(body: str, location: str, **fields: object) -> Article:
    return Article(title="T", body=body, source="s", location=location, **fields)  # type: ignore[arg-type]


def _count(settings: Settings, table: str) -> int:
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        return int(connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0])  # type: ignore[index]


def test_exact_duplicates_become_one_article_and_a_changed_text_a_new_version(
    settings: Settings,
) -> None:
    articles = [
        _article("It’s the “same” text", "/a"),
        _article('it\'s the "same"   TEXT', "/b"),
        _article("A different text", "/c", canonical_url="https://x.example/1"),
        _article("A changed text at the same URL", "/d", canonical_url="https://x.example/1"),
    ]
    stage_batch(settings.staging_dir, run_id="r1", flow_name="t", articles=articles, rejects=[])
    report = load_staged(settings)
    assert (report.new, report.duplicate) == (3, 1)
    stage_batch(settings.staging_dir, run_id="r2", flow_name="t", articles=articles, rejects=[])
    again = load_staged(settings)
    assert (again.new, again.duplicate) == (0, 4)
    assert _count(settings, "articles") == 3
    assert _count(settings, "sightings") == 4


def test_a_batch_loaded_twice_counts_once(settings: Settings) -> None:
    batch = stage_batch(
        settings.staging_dir, run_id="r1", flow_name="t",
        articles=[_article("Body one", "/a")], rejects=[Reject("/bad", "empty file")],
        ledger=[LedgerEntry("/a", 3, 4, "parsed")],
    )  # fmt: skip
    saved = {p.relative_to(batch): p.read_bytes() for p in batch.rglob("*") if p.is_file()}
    load_staged(settings)
    for relative, content in saved.items():  # as if the process died before removing the batch
        (batch / relative).parent.mkdir(parents=True, exist_ok=True)
        (batch / relative).write_bytes(content)
    report = load_staged(settings)
    assert report.batches_loaded == 1 and report.new == 0
    assert (_count(settings, "rejects"), _count(settings, "file_ledger")) == (1, 1)
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        assert connection.execute("SELECT seen, new, rejected FROM ingest_runs").fetchall() == [
            (2, 1, 1)
        ]


def test_run_record_completes_the_run_row(settings: Settings) -> None:
    stage_batch(
        settings.staging_dir,
        run_id="r9",
        flow_name="t",
        articles=[_article("x y", "/a")],
        rejects=[],
    )
    started = datetime(2026, 1, 1, tzinfo=UTC)
    stage_run(
        settings.staging_dir,
        RunRecord("r9", "t", started, datetime(2026, 1, 1, 0, 1, tzinfo=UTC), "completed"),
    )
    load_staged(settings)
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        row = connection.execute(
            "SELECT status, started_at, seen, new, loaded_at IS NOT NULL FROM ingest_runs"
        ).fetchone()
    assert row == ("completed", started, 1, 1, True)


def test_a_row_that_cannot_load_is_rejected_and_the_rest_of_its_batch_loads(
    settings: Settings,
) -> None:
    stage_batch(settings.staging_dir, run_id="r1", flow_name="t",
                articles=[_article("first", "/1"), _article("second", "/2")], rejects=[],
                tables={"no_such_table": [{"x": 1}]})  # fmt: skip
    stage_batch(
        settings.staging_dir,
        run_id="r2",
        flow_name="t",
        articles=[_article("ok", "/a")],
        rejects=[],
    )
    report = load_staged(settings)
    assert (report.failed_batches, report.new, report.rows_rejected_at_load) == (0, 3, 1)
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        rows = connection.execute("SELECT reason, stage, detail FROM rejects").fetchall()
    assert [(r[0], r[1]) for r in rows] == [("row could not be loaded into the warehouse", "load")]
    assert "no_such_table" in rows[0][2]
    assert pending_batches(settings.staging_dir) == []


CONTRACTS = {
    "unique article_id": "SELECT article_id FROM articles GROUP BY 1 HAVING count(*) > 1",
    "unique content_hash": "SELECT content_hash FROM articles GROUP BY 1 HAVING count(*) > 1",
    "unique sighting": "SELECT article_id, location FROM sightings GROUP BY 1, 2 HAVING count(*) > 1",
    "sighting has article": "SELECT * FROM sightings s ANTI JOIN articles a USING (article_id)",
    "article has sighting": "SELECT * FROM articles a ANTI JOIN sightings s USING (article_id)",
    "published in UTC past": "SELECT * FROM articles WHERE published_at > now() + INTERVAL 1 DAY",
    "accepted run status": "SELECT * FROM ingest_runs WHERE status NOT IN ('running', 'completed', 'failed', 'crashed')",
    "accepted ledger outcome": "SELECT * FROM file_ledger WHERE outcome NOT IN ('parsed', 'rejected')",
    "non-empty body": "SELECT * FROM articles WHERE length(trim(body)) = 0",
}


def assert_contracts_hold(path: Path) -> None:
    with duckdb.connect(str(path), read_only=True) as connection:
        broken = {name: connection.execute(sql).fetchall()[:3] for name, sql in CONTRACTS.items()}
    assert {k: v for k, v in broken.items() if v} == {}


_text = st.text(alphabet=string.ascii_letters + " \u00a0’“”éß\n", min_size=1, max_size=80).filter(
    lambda t: t.strip()
)


@hypothesis_settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(bodies=st.lists(_text, min_size=1, max_size=6))
def test_staged_text_round_trips_exactly_and_contracts_hold(
    bodies: list[str], tmp_path: Path
) -> None:
    settings = load_settings({}, data_dir=Path(tempfile.mkdtemp(dir=tmp_path)))
    articles = [
        _article(
            b,
            f"/f{i}",
            authors=("Ann Example", "Bö B"),
            published_at=datetime(2025, 3, 1, 12, tzinfo=UTC),
        )
        for i, b in enumerate(bodies)
    ]
    stage_batch(settings.staging_dir, run_id="r", flow_name="t", articles=articles, rejects=[])
    load_staged(settings)
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        stored = {r[0] for r in connection.execute("SELECT body FROM articles").fetchall()}
        authors = connection.execute("SELECT DISTINCT authors FROM articles").fetchall()
    assert stored <= set(bodies)
    assert authors == [(["Ann Example", "Bö B"],)]
    assert_contracts_hold(settings.warehouse_file)


def test_batches_of_one_run_load_together_and_a_bad_row_costs_only_itself(
    settings: Settings,
) -> None:
    def stage(articles: list, tables: dict | None = None) -> Path:
        return stage_batch(settings.staging_dir, run_id="r1", flow_name="t", articles=articles,
                           rejects=[], tables=tables or {})  # fmt: skip

    stage([_article("same text", "/a"), _article("one", "/b")])
    stage([_article("kept beside a bad row", "/c")], {"no_such_table": [{"x": 1}]})
    stage([_article("Same  text", "/d"), _article("two", "/e")])
    report = load_staged(settings)
    assert (report.batches_loaded, report.failed_batches) == (3, 0)
    assert (report.new, report.duplicate, report.rows_rejected_at_load) == (4, 1, 1)
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        sightings = connection.execute(
            "SELECT a.body, list(s.location ORDER BY s.location) FROM articles AS a "
            "JOIN sightings AS s USING (article_id) GROUP BY ALL ORDER BY 1"
        ).fetchall()
        counts = connection.execute("SELECT seen, new, duplicate FROM ingest_runs").fetchall()
    assert sightings == [
        ("kept beside a bad row", ["/c"]), ("one", ["/b"]), ("same text", ["/a", "/d"]),
        ("two", ["/e"]),
    ]  # fmt: skip
    assert counts == [(6, 4, 1)]  # 5 articles seen and 1 row rejected at load
    assert load_staged(settings).batches_loaded == 0  # nothing left, nothing twice
