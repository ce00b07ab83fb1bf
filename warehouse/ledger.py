"""The file pickup's ledger: which files were already taken, at which size and mtime."""

from __future__ import annotations

from pathlib import Path

from warehouse.connection import read_connection
from warehouse.errors import WarehouseBusy


def read_file_ledger(path: Path, *, wait_seconds: float) -> dict[str, tuple[int, int]]:
    """Latest (size, mtime_ns) per taken path; empty if the warehouse is absent or busy.

    An empty ledger only costs time: the files are read again and the loader finds them
    already there, so nothing is duplicated.
    """
    if not path.exists():
        return {}
    try:
        with read_connection(path, wait_seconds=wait_seconds) as connection:
            has_table = connection.execute(
                "SELECT count(*) FROM information_schema.tables WHERE table_name = 'file_ledger'"
            ).fetchone()
            if not has_table or not has_table[0]:
                return {}
            rows = connection.execute(
                "SELECT path, arg_max(size, recorded_at), arg_max(mtime_ns, recorded_at) "
                "FROM file_ledger GROUP BY path"
            ).fetchall()
    except WarehouseBusy:
        return {}
    return {row[0]: (int(row[1]), int(row[2])) for row in rows}
