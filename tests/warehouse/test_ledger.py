from __future__ import annotations

from pathlib import Path

from warehouse.connection import write_connection
from warehouse.ledger import unchanged_files


def _take(warehouse: Path, rows: list[tuple[str, int, int, str]]) -> None:
    with write_connection(warehouse) as connection:
        for path, size, mtime_ns, recorded_at in rows:
            connection.execute(
                "INSERT INTO file_ledger VALUES (?, ?, ?, 'article', 'r', ?::TIMESTAMPTZ)",
                [path, size, mtime_ns, recorded_at],
            )


def test_only_a_files_latest_ledger_row_says_it_is_unchanged(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    _take(
        warehouse,
        [
            ("/in/a.txt", 10, 100, "2026-01-01 00:00:00+00"),
            ("/in/b.txt", 20, 200, "2026-01-01 00:00:00+00"),
            ("/in/b.txt", 21, 201, "2026-01-02 00:00:00+00"),  # b changed and was taken again
            ("/in/c.txt", 30, 300, "2026-01-01 00:00:00+00"),
        ],
    )
    listed = ["/in/a.txt", "/in/b.txt", "/in/c.txt", "/in/new.txt", "/in/b2.txt"]
    sizes = [10, 20, 31, 5, 21]  # b as it was before its last take; c changed since
    mtimes = [100, 200, 300, 5, 201]
    assert unchanged_files(warehouse, listed, sizes, mtimes, wait_seconds=1) == [
        True, False, False, False, False,
    ]  # fmt: skip
    sizes[1], mtimes[1] = 21, 201
    assert unchanged_files(warehouse, listed, sizes, mtimes, wait_seconds=1)[1] is True


def test_a_staged_entry_overrides_the_warehouse_and_no_warehouse_takes_nothing(
    tmp_path: Path,
) -> None:
    warehouse = tmp_path / "w.duckdb"
    listed, sizes, mtimes = ["/in/a.txt", "/in/b.txt"], [10, 20], [100, 200]
    assert unchanged_files(warehouse, listed, sizes, mtimes, wait_seconds=1) == [False, False]
    staged = {"/in/b.txt": (20, 200)}
    assert unchanged_files(warehouse, listed, sizes, mtimes, wait_seconds=1, staged=staged) == [
        False, True,
    ]  # fmt: skip
    _take(warehouse, [("/in/a.txt", 10, 100, "2026-01-01 00:00:00+00")])
    staged = {"/in/a.txt": (11, 101)}  # a newer version of a waits in a staged batch
    assert unchanged_files(warehouse, listed, sizes, mtimes, wait_seconds=1, staged=staged) == [
        False, False,
    ]  # fmt: skip


def test_a_tie_on_recorded_at_still_compares_size_and_mtime_of_one_row(tmp_path: Path) -> None:
    warehouse = tmp_path / "w.duckdb"
    rows = [(f"/in/f{i}.txt", 10 + i, 100 + i, "2026-01-01 00:00:00+00") for i in range(50)]
    # each file also taken at another size and mtime in the same instant
    rows += [(f"/in/f{i}.txt", 90 + i, 900 + i, "2026-01-01 00:00:00+00") for i in range(50)]
    _take(warehouse, rows)
    listed = [f"/in/f{i}.txt" for i in range(50)]
    mixed = unchanged_files(
        warehouse, listed, [10 + i for i in range(50)], [900 + i for i in range(50)], wait_seconds=1
    )
    assert mixed == [False] * 50  # a size of one row with the mtime of the other is no match
