"""A staged batch whose rows cannot all load: split it until the bad rows are found.

The batch's rows (every line of every file) are loaded in halves, each half in a transaction of
its own recorded under a part id ``<batch>#<first row>+<rows>``, so that a crash midway resumes
where it stopped. A single row that still fails becomes a ``rejects`` row (stage ``load``)
saying why, recorded under a part id too. Rows keep their order, so the first of two sightings
of one text is still the one that becomes the article.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb

from staging.read import StagedBatch
from staging.rows import json_line
from warehouse.load_report import LoadReport
from warehouse.load_rows import DATA_ERRORS, load_parts

Unit = tuple[str, str]  # (file name inside the batch, one JSON line)
_MACHINE_FAULTS = (duckdb.IOException, duckdb.OutOfMemoryException, duckdb.FatalException, OSError)
_DETAIL_CHARS = 500


def load_row_by_row(
    connection: duckdb.DuckDBPyConnection, batch: StagedBatch, error: BaseException
) -> LoadReport:
    """Load what can be loaded of ``batch`` (whose rows failed together with ``error``)."""
    report = LoadReport()
    units = _units(batch.path)
    scratch = batch.path.parent / f".tmp-split-{batch.path.name}"
    shutil.rmtree(scratch, ignore_errors=True)
    try:
        half = len(units) // 2
        if half:
            _load_or_split(connection, batch, units[:half], 0, scratch, report)
            _load_or_split(connection, batch, units[half:], half, scratch, report)
        elif units:
            _reject(connection, batch, units[0], 0, error, scratch, report)
        _record_whole(connection, batch)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return report


def _load_or_split(
    connection: duckdb.DuckDBPyConnection,
    batch: StagedBatch,
    units: list[Unit],
    first: int,
    scratch: Path,
    report: LoadReport,
) -> None:
    part_id = f"{batch.path.name}#{first}+{len(units)}"
    try:
        report.add_counts(
            load_parts(connection, [(part_id, _write_part(scratch / part_id, units))], batch.meta)
        )
        return
    except _MACHINE_FAULTS:
        raise
    except DATA_ERRORS as exc:
        if len(units) == 1:
            _reject(connection, batch, units[0], first, exc, scratch, report)
            return
    half = len(units) // 2
    _load_or_split(connection, batch, units[:half], first, scratch, report)
    _load_or_split(connection, batch, units[half:], first + half, scratch, report)


def _reject(
    connection: duckdb.DuckDBPyConnection,
    batch: StagedBatch,
    unit: Unit,
    index: int,
    error: BaseException,
    scratch: Path,
    report: LoadReport,
) -> None:
    name, line = unit
    try:
        row = json.loads(line)
    except ValueError:
        row = {}
    row = row if isinstance(row, dict) else {}
    where = row.get("location") or row.get("input") or row.get("path") or row.get("url")
    reject = {
        "input": str(where) if where else f"{batch.path.name}/{name} row {index}",
        "reason": "row could not be loaded into the warehouse",
        "detail": f"{name}: {type(error).__name__}: {error}"[:_DETAIL_CHARS],
        "stage": "load",
        "source": row.get("source") if isinstance(row.get("source"), str) else None,
        "rejected_at": batch.meta.get("created_at"),
    }
    part_id = f"{batch.path.name}#bad{index}"
    folder = _write_part(scratch / part_id, [("rejects.jsonl", json_line(reject))])
    counts = load_parts(connection, [(part_id, folder)], batch.meta)
    report.add_counts(counts)
    report.rows_rejected_at_load += counts.rejected


def _record_whole(connection: duckdb.DuckDBPyConnection, batch: StagedBatch) -> None:
    connection.execute(
        "INSERT INTO staged_batches SELECT ?, ?, now() "
        "WHERE NOT EXISTS (SELECT 1 FROM staged_batches WHERE batch_id = ?)",
        [batch.path.name, batch.run_id, batch.path.name],
    )


def _units(batch_dir: Path) -> list[Unit]:
    units: list[Unit] = []
    names = ["articles.jsonl", "rejects.jsonl", "ledger.jsonl"]
    names += sorted(str(p.relative_to(batch_dir)) for p in (batch_dir / "tables").glob("*.jsonl"))
    for name in names:
        path = batch_dir / name
        if path.is_file():
            with path.open(encoding="utf-8", errors="replace", newline="\n") as handle:
                units.extend((name, line) for line in handle if line.strip())
    return units


def _write_part(folder: Path, units: list[Unit]) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    (folder / "tables").mkdir(parents=True)
    by_file: dict[str, list[str]] = {}
    for name, line in units:
        by_file.setdefault(name, []).append(line if line.endswith("\n") else line + "\n")
    for name, lines in by_file.items():
        with (folder / name).open("w", encoding="utf-8") as handle:
            handle.writelines(lines)
    return folder
