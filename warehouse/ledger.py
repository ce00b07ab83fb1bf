"""The file pickup's ledger: which files were already taken, at which size and mtime."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from pathlib import Path

import numpy as np

from warehouse.connection import read_connection
from warehouse.errors import WarehouseBusy
from warehouse.registered import registered

# The latest row of each listed path, compared with the listing in DuckDB: the ledger (a row
# per file ever taken) never comes into Python, so a run over a years-old inbox pays a hash
# join, not a Python dict of every file.
_UNCHANGED = """
WITH latest AS (
    -- size and mtime from one row (two arg_max calls could take them from two tied rows)
    SELECT path, arg_max({'size': size, 'mtime_ns': mtime_ns}, recorded_at) AS taken
    FROM file_ledger SEMI JOIN _listed USING (path)
    GROUP BY path
)
SELECT l.i FROM _listed AS l JOIN latest USING (path)
WHERE l.size = latest.taken.size AND l.mtime_ns = latest.taken.mtime_ns
"""


def unchanged_files(
    path: Path,
    paths: Sequence[str],
    sizes: Sequence[int],
    mtimes: Sequence[int],
    *,
    wait_seconds: float,
    staged: Mapping[str, tuple[int, int]] | None = None,
) -> list[bool]:
    """For each listed file (shown path, size, mtime_ns), whether it was taken at that size and
    mtime: by the warehouse's ledger, or, for a path in ``staged`` (files of batches still
    staged), by that entry instead. None is taken when the warehouse is absent or busy.

    Nothing taken only costs time: the files are read again and the loader finds them
    already there, so nothing is duplicated.
    """
    found = np.zeros(len(paths), dtype=bool)
    if paths and path.exists():
        with contextlib.suppress(WarehouseBusy):
            found[_in_ledger(path, paths, sizes, mtimes, wait_seconds)] = True
    if staged:
        for i, shown in enumerate(paths):
            entry = staged.get(shown)
            if entry is not None:
                found[i] = entry == (sizes[i], mtimes[i])
    return [bool(x) for x in found]


def _in_ledger(
    path: Path,
    paths: Sequence[str],
    sizes: Sequence[int],
    mtimes: Sequence[int],
    wait_seconds: float,
) -> np.ndarray:
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        [(has_table,)] = connection.execute(
            "SELECT count(*) FROM information_schema.tables WHERE table_name = 'file_ledger'"
        ).fetchall()
        if not has_table:
            return np.zeros(0, dtype=np.int64)
        listed = {
            "i": np.arange(len(paths), dtype=np.int64),
            "path": np.array(paths, dtype=object),
            "size": np.array(sizes, dtype=np.int64),
            "mtime_ns": np.array(mtimes, dtype=np.int64),
        }
        with registered(connection, "_listed", listed):
            rows = connection.execute(_UNCHANGED).fetchnumpy()
    return np.asarray(rows["i"], dtype=np.int64)
