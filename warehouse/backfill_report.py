"""What a run left behind, for the artifacts a run publishes in the Prefect UI.

A run's rows may be in the warehouse already, or still in staged batches (a backfill's day
runs stage, the parent loads at the end; a busy warehouse keeps batches staged): both count.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from staging.read import pending_batches, read_meta, staged_rows
from warehouse.connection import read_connection

TOP = 10

# (host, requests, total seconds, slowest seconds, failed requests)
_HostRow = tuple[str, int, float, float, int]


@dataclass(frozen=True)
class RunReport:
    reject_reasons: list[tuple[str, int]] = field(default_factory=list)  # (reason, count)
    # (host, requests, mean seconds, slowest seconds, failed requests), slowest first
    slow_hosts: list[tuple[str, int, float, float, int]] = field(default_factory=list)


def read_run_report(
    path: Path | None,
    run_ids: Sequence[str],
    *,
    wait_seconds: float,
    staging_dir: Path | None = None,
    since: datetime | None = None,
) -> RunReport:
    """Top reject reasons and slowest hosts of ``run_ids``, and of every run ``since`` a moment
    when given (raises ``WarehouseBusy``)."""
    ids = [i for i in run_ids if i]
    if not ids and since is None:
        return RunReport()
    reasons: Counter[str] = Counter()
    hosts: dict[str, list[float]] = {}
    if path is not None and path.exists():
        with read_connection(path, wait_seconds=wait_seconds) as connection:
            for reason, count in connection.execute(
                "SELECT reason, count(*) FROM rejects "
                "WHERE run_id IN (SELECT unnest(?)) OR rejected_at >= ? GROUP BY reason",
                [ids or [""], since],
            ).fetchall():
                reasons[str(reason)] += int(count)
            tables = {r[0] for r in connection.execute("SHOW TABLES").fetchall()}
            if "fetch_log" in tables:
                for row in connection.execute(
                    "SELECT host, count(*), sum(elapsed), max(elapsed), "
                    "count(*) FILTER (WHERE error IS NOT NULL OR status >= 400) "
                    "FROM fetch_log WHERE run_id IN (SELECT unnest(?)) OR started_at >= ? "
                    "GROUP BY host",
                    [ids or [""], since],
                ).fetchall():
                    host_row = (str(row[0]), int(row[1]), float(row[2]), float(row[3]), int(row[4]))
                    _add_host(hosts, host_row)
    if staging_dir is not None:
        _add_staged(staging_dir, set(ids), reasons, hosts)
    return _report(reasons, hosts)


def _add_staged(
    staging_dir: Path, run_ids: set[str], reasons: Counter[str], hosts: dict[str, list[float]]
) -> None:
    # A batch's name holds the first 12 characters of its run id: read only those batches.
    prefixes = {f"-{run_id[:12]}-" for run_id in run_ids}
    for batch in pending_batches(staging_dir):
        if not any(p in batch.name for p in prefixes):
            continue
        try:
            if read_meta(batch).get("run_id") not in run_ids:
                continue
            for row in staged_rows(batch, "rejects.jsonl"):
                reasons[str(row.get("reason"))] += 1
            for row in staged_rows(batch, "tables/fetch_log.jsonl"):
                failed = row.get("error") is not None or (row.get("status") or 0) >= 400
                elapsed = float(row.get("elapsed") or 0.0)
                _add_host(hosts, (str(row.get("host")), 1, elapsed, elapsed, int(failed)))
        except (OSError, ValueError):
            continue  # loaded and removed meanwhile, or being written: the warehouse has it


def _add_host(hosts: dict[str, list[float]], row: _HostRow) -> None:
    host, requests, total, slowest, failed = row
    known = hosts.setdefault(host, [0, 0.0, 0.0, 0])
    known[0] += requests
    known[1] += total
    known[2] = max(known[2], slowest)
    known[3] += failed


def _report(reasons: Counter[str], hosts: dict[str, list[float]]) -> RunReport:
    top_reasons = sorted(reasons.items(), key=lambda item: (-item[1], item[0]))[:TOP]
    rows = [
        (host, int(n), total / n if n else 0.0, slowest, int(failed))
        for host, (n, total, slowest, failed) in hosts.items()
    ]
    rows.sort(key=lambda r: (-r[2], r[0]))
    return RunReport(top_reasons, rows[:TOP])
