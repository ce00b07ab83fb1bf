"""The top reasons a run refused or rejected inputs, for the summary a command prints."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from warehouse.connection import read_connection

_TOP_REASONS = """
SELECT reason, count(*) AS n, min(input) AS example, min(detail) AS detail
FROM rejects
WHERE run_id = ?
GROUP BY reason
ORDER BY n DESC, reason
LIMIT ?
"""


@dataclass(frozen=True)
class RejectReason:
    reason: str
    count: int
    example: str  # one input rejected for it
    detail: str


def top_reject_reasons(
    path: Path, run_id: str, *, limit: int = 5, wait_seconds: float
) -> list[RejectReason]:
    """The run's most frequent reject reasons in the warehouse, with one input each (raises
    ``WarehouseBusy``; rows still staged are not counted)."""
    if not path.exists():
        return []
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        rows = connection.execute(_TOP_REASONS, [run_id, limit]).fetchall()
    return [RejectReason(str(r), int(n), str(e or ""), str(d or "")) for r, n, e, d in rows]
