"""``newsflow export``: tables, views and queries to Parquet (optionally by day), CSV and JSON
lines, read back with pyarrow and DuckDB; nothing else written, nothing half-written."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest
from typer.testing import CliRunner

from newsflow.cli import _register_commands, app
from warehouse.connection import write_connection

_register_commands()
runner = CliRunner()

ARTICLES = [
    ("a1", "Ferry strike ends", "2026-01-05 08:30:00+00", "harbor", ["Ana"], '{"section": "news"}'),
    ("a2", "Bridge reopens", "2026-01-05 23:30:00-02", "valley", [], None),  # 01:30 UTC on the 6th
    ("a3", "Undated note", None, "valley", ["Tom", "Lea"], '{"tags": ["x"]}'),
]


@pytest.fixture
def place(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    for name in [n for n in __import__("os").environ if n.startswith("NEWSFLOW_")]:
        monkeypatch.delenv(name)
    with write_connection(tmp_path / "data" / "newsflow.duckdb") as connection:
        for article_id, title, published, source, authors, extra in ARTICLES:
            connection.execute(
                "INSERT INTO articles (article_id, title, body, authors, published_at, source,"
                " word_count, content_hash, first_seen_at, parser_version, extra) VALUES"
                " (?, ?, 'Body of ' || ?, ?, ?::TIMESTAMPTZ, ?, 3, ?, TIMESTAMPTZ"
                " '2026-01-07 12:00:00+00', 'test', ?::JSON)",
                [article_id, title, title, authors, published, source, article_id, extra],
            )
    return tmp_path


def _export(*arguments: str):  # type: ignore[no-untyped-def]
    return runner.invoke(app, ["export", *arguments])


def test_a_table_to_parquet_reads_back_with_pyarrow_and_duckdb(place: Path) -> None:
    result = _export("articles", "out/articles.parquet")
    assert result.exit_code == 2 and "no folder" in result.output  # no parent: nothing made
    (place / "out").mkdir()
    result = _export("articles", "out/articles.parquet")
    assert result.exit_code == 0, result.output
    assert "wrote 3 row(s)" in result.output
    table = pq.read_table(place / "out" / "articles.parquet")
    assert table.num_rows == 3
    rows = {row["article_id"]: row for row in table.to_pylist()}
    assert rows["a3"]["authors"] == ["Tom", "Lea"]
    assert rows["a1"]["published_at"] == dt.datetime(2026, 1, 5, 8, 30, tzinfo=dt.UTC)
    assert json.loads(rows["a1"]["extra"]) == {"section": "news"}
    again = duckdb.sql(
        f"SELECT article_id, title FROM '{place}/out/articles.parquet' ORDER BY article_id"
    ).fetchall()
    assert again == [("a1", "Ferry strike ends"), ("a2", "Bridge reopens"), ("a3", "Undated note")]
    assert sorted(p.name for p in (place / "out").iterdir()) == ["articles.parquet"]


def test_partition_by_day_uses_the_utc_day_of_publication_else_first_seen(place: Path) -> None:
    result = _export("articles", "by_day", "--partition-by", "day", "-F", "parquet")
    assert result.exit_code == 0, result.output
    days = sorted(p.name for p in (place / "by_day").iterdir())
    assert days == ["day=2026-01-05", "day=2026-01-06", "day=2026-01-07"]
    dataset = ds.dataset(place / "by_day", format="parquet", partitioning="hive")
    by_id = {r["article_id"]: str(r["day"]) for r in dataset.to_table().to_pylist()}
    assert by_id == {"a1": "2026-01-05", "a2": "2026-01-06", "a3": "2026-01-07"}
    counted = duckdb.sql(
        f"SELECT day, count(*) FROM read_parquet('{place}/by_day/*/*.parquet',"
        " hive_partitioning = true) GROUP BY day ORDER BY day"
    ).fetchall()
    assert [n for _, n in counted] == [1, 1, 1]


def test_a_query_to_csv_and_jsonl(place: Path) -> None:
    query = "SELECT source, count(*) AS articles FROM articles GROUP BY source ORDER BY source"
    assert _export(query, "counts.csv").exit_code == 0
    assert (place / "counts.csv").read_text() == "source,articles\nharbor,1\nvalley,2\n"
    result = runner.invoke(app, ["export", "-", "counts.jsonl"], input=query)
    assert result.exit_code == 0, result.output
    lines = (place / "counts.jsonl").read_text().splitlines()
    assert [json.loads(line) for line in lines] == [
        {"source": "harbor", "articles": 1},
        {"source": "valley", "articles": 2},
    ]


def test_a_view_partitioned_by_one_of_its_columns(place: Path) -> None:
    result = _export("daily_articles", "daily", "--partition-by", "source", "-F", "csv")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in (place / "daily").iterdir()) == ["source=harbor", "source=valley"]


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["artcles", "x.parquet"], "did you mean articles"),
        (["articles", "x.xlsx"], "which format"),
        (["COPY articles TO 'y.csv'", "x.csv"], "refused"),
        (["SELECT 1; SELECT 2", "x.csv"], "one SELECT"),
        (["SELECT * FROM read_text('/etc/passwd')", "x.csv"], "refused"),
        (["SELECT 1 AS n", "x.parquet", "--partition-by", "day"], "no time column"),
        (["articles", "data/staging/batch-1.parquet"], "newsflow manages"),
        (["articles", "data/inbox/articles.jsonl"], "newsflow manages"),
        (["articles", "data", "-F", "csv"], "exists"),
        (["articles", "data", "-F", "csv", "--overwrite"], "is a folder"),
    ],
)
def test_what_cannot_be_exported_exits_2_and_writes_nothing(
    place: Path, arguments: list[str], message: str
) -> None:
    (place / "data" / "staging").mkdir()
    (place / "data" / "inbox").mkdir()
    before = sorted(str(p) for p in place.rglob("*"))
    result = _export(*arguments)
    assert result.exit_code == 2 and message in result.output, result.output
    assert sorted(str(p) for p in place.rglob("*")) == before


def test_an_existing_target_is_replaced_only_when_asked(place: Path) -> None:
    (place / "keep.csv").write_text("mine\n")
    assert _export("articles", "keep.csv").exit_code == 2
    assert (place / "keep.csv").read_text() == "mine\n"
    assert _export("articles", "keep.csv", "--overwrite").exit_code == 0
    assert (place / "keep.csv").read_text().startswith("article_id,")
    (place / "folder").mkdir()
    (place / "folder" / "notes.txt").write_text("not an export")
    refused = _export("articles", "folder", "--partition-by", "day", "-F", "parquet", "--overwrite")
    assert refused.exit_code == 2 and "not an export" in refused.output
    assert (place / "folder" / "notes.txt").exists()
    for _ in range(2):  # an earlier partitioned export is replaced whole
        again = _export("articles", "days", "--partition-by", "day", "-F", "csv", "--overwrite")
        assert again.exit_code == 0, again.output
    assert len(list((place / "days").rglob("*.csv"))) == 3
    assert sorted(p.name for p in place.iterdir() if p.name.startswith(".")) == []
