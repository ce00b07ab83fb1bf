"""Python columns queried as a relation for the length of a block (``registered``).

A failure inside the block (DuckDB running out of memory above all) aborts the transaction
it ran in, and DuckDB then refuses every statement but ROLLBACK, ``unregister`` too. An
unregister in a plain ``finally`` raised that refusal (``TransactionException``) in place of
the failure itself, so the callers that act on the failure never saw it: a dedup pass that ran
out of memory failed the whole run instead of taking the batch again with a larger cap
(``warehouse.dedup_run``). The relation made inside the aborted transaction goes with its
ROLLBACK, so on failure an unregister that fails is let go and the first error raised.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Mapping
from typing import Any

import duckdb


@contextlib.contextmanager
def registered(
    connection: duckdb.DuckDBPyConnection, view: str, columns: Mapping[str, Any]
) -> Iterator[None]:
    """``columns`` (numpy arrays of equal length) as the relation ``view`` inside the block."""
    connection.register(view, columns)
    try:
        yield
    except BaseException:
        with contextlib.suppress(duckdb.Error):
            connection.unregister(view)
        raise
    connection.unregister(view)
