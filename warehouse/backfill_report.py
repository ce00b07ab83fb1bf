"""What a run left in the warehouse, for the artifacts a run publishes in the Prefect UI."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.connection import read_connection

TOP = 10


@dataclass(frozen=True)
class RunReport:
    reject_reasons: list[tuple[str, int]] = field(default_factory=list)  # (reason, count)
    # (host, requests, mean seconds, slowest seconds, failed requests), slowest first
    slow_hosts: list[tuple[str, int, float, float, int]] = field(default_factory=list)


def read_run_report(path: Path, run_ids: Sequence[str], *, wait_seconds: float) -> RunReport:
    """Top reject reasons and slowest hosts of ``run_ids`` (raises ``WarehouseBusy``)."""
    if not run_ids or not path.exists():
        return RunReport()
    with read_connection(path, wait_seconds=wait_seconds) as connection:
        ids = list(run_ids)
        reasons = connection.execute(
            "SELECT reason, count(*) AS n FROM rejects WHERE run_id IN (SELECT unnest(?)) "
            "GROUP BY reason ORDER BY n DESC, reason LIMIT ?",
            [ids, TOP],
        ).fetchall()
        tables = {r[0] for r in connection.execute("SHOW TABLES").fetchall()}
        hosts = []
        if "fetch_log" in tables:
            hosts = connection.execute(
                "SELECT host, count(*), avg(elapsed), max(elapsed), "
                "count(*) FILTER (WHERE error IS NOT NULL OR status >= 400) "
                "FROM fetch_log WHERE run_id IN (SELECT unnest(?)) "
                "GROUP BY host ORDER BY avg(elapsed) DESC, host LIMIT ?",
                [ids, TOP],
            ).fetchall()
    return RunReport(
        [(str(r[0]), int(r[1])) for r in reasons],
        [(str(h[0]), int(h[1]), float(h[2]), float(h[3]), int(h[4])) for h in hosts],
    )
