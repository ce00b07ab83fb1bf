"""Names of the ingest runs in the Prefect UI: what they read, and when (UTC)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from prefect.runtime import flow_run

_SHOWN = 3


def ingest_files_run_name() -> str:
    """``ingest files inbox 2026-01-05 14:05`` (the folders read, or the inbox)."""
    paths = flow_run.parameters.get("paths") or []
    return f"ingest files {_listing([Path(p).name or p for p in paths], 'inbox')} {_now()}"


def ingest_feeds_run_name() -> str:
    """``ingest feeds news, wire 2026-01-05 14:15`` (the sources, or every enabled one)."""
    names = list(flow_run.parameters.get("sources") or [])
    names += list(flow_run.parameters.get("urls") or [])
    return f"ingest feeds {_listing(names, 'enabled sources')} {_now()}"


def _listing(items: list[str], default: str) -> str:
    if not items:
        return default
    more = len(items) - _SHOWN
    return ", ".join(items[:_SHOWN]) + (f" +{more}" if more > 0 else "")


def _now() -> str:
    return f"{datetime.now(UTC):%Y-%m-%d %H:%M}"
