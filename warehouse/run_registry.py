"""Which runs are alive: one file a run under ``<data_dir>/runs/``, locked while the run lives.

A run registers itself before it stages anything and holds an exclusive ``flock`` on its file
until it ends, when it removes the file. The kernel drops the lock of a killed process, so a
registry file nobody holds is a run that died (kill -9, power loss): the next run notices it,
marks it ``crashed`` and takes over what it left staged. ``flock`` locks belong to the open file,
not the process, so a check from the run's own process sees its own run alive too.
"""

from __future__ import annotations

import fcntl
import json
import os
import platform
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from staging.durable import fsync_path

_SUFFIX = ".run.json"


@dataclass(frozen=True)
class RunEntry:
    run_id: str
    flow_name: str
    epoch: datetime  # the instant the run's articles count as first seen
    started_at: datetime
    warehouse: str
    scope: tuple[str, ...]  # what the run covers: its folders, or its sources
    pid: int
    host: str

    def same_work(self, other: RunEntry) -> bool:
        return (self.flow_name, self.warehouse, self.scope) == (
            other.flow_name,
            other.warehouse,
            other.scope,
        )


class LiveRun:
    """A registered run; ``close()`` (or leaving the ``with`` block) ends it cleanly."""

    def __init__(self, path: Path, descriptor: int, entry: RunEntry) -> None:
        self.path = path
        self.entry = entry
        self._descriptor: int | None = descriptor

    def close(self) -> None:
        if self._descriptor is None:
            return
        try:
            self.path.unlink(missing_ok=True)
        finally:
            os.close(self._descriptor)
            self._descriptor = None

    def __enter__(self) -> LiveRun:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def register_run(runs_dir: Path, entry: RunEntry) -> LiveRun:
    """Record the run and lock its file; the lock is taken before the file gets its name, so
    nobody ever sees the file unlocked while the run lives."""
    runs_dir.mkdir(parents=True, exist_ok=True)
    final = runs_dir / f"{_safe(entry.run_id)}{_SUFFIX}"
    temporary = runs_dir / f".tmp-{_safe(entry.run_id)}-{os.getpid()}"
    descriptor = os.open(temporary, os.O_RDWR | os.O_CREAT | os.O_TRUNC, 0o644)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(descriptor, json.dumps(_as_json(entry)).encode("utf-8"))
        os.fsync(descriptor)
        os.rename(temporary, final)
        fsync_path(runs_dir, directory=True)
    except BaseException:
        os.close(descriptor)
        temporary.unlink(missing_ok=True)
        raise
    return LiveRun(final, descriptor, entry)


def dead_runs(runs_dir: Path) -> list[RunEntry]:
    """Registered runs whose process is gone, oldest first."""
    return sorted(
        (entry for entry, alive in _entries(runs_dir) if not alive),
        key=lambda e: (e.epoch, e.run_id),
    )


def live_run_ids(runs_dir: Path) -> set[str]:
    return {entry.run_id for entry, alive in _entries(runs_dir) if alive}


def forget_runs(runs_dir: Path, run_ids: Sequence[str]) -> None:
    """Remove dead runs' files once what they left is taken care of."""
    for run_id in run_ids:
        path = runs_dir / f"{_safe(run_id)}{_SUFFIX}"
        if path.exists() and not _is_locked(path):
            path.unlink(missing_ok=True)


def _entries(runs_dir: Path) -> list[tuple[RunEntry, bool]]:
    if not runs_dir.is_dir():
        return []
    found = []
    for path in sorted(runs_dir.glob(f"*{_SUFFIX}")):
        try:
            entry = _from_json(json.loads(path.read_text("utf-8")))
            alive = _is_locked(path)
        except (OSError, ValueError, KeyError, TypeError):
            continue  # removed meanwhile, or not a run file of ours
        found.append((entry, alive))
    return found


def _is_locked(path: Path) -> bool:
    try:
        descriptor = os.open(path, os.O_RDONLY)
    except FileNotFoundError:
        return False
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return True
    finally:
        os.close(descriptor)  # closing drops the lock we may have taken
    return False


def _safe(run_id: str) -> str:
    return "".join(c if c.isalnum() or c in "-_." else "_" for c in run_id)


def _as_json(entry: RunEntry) -> dict[str, Any]:
    return {
        "run_id": entry.run_id,
        "flow_name": entry.flow_name,
        "epoch": entry.epoch.isoformat(),
        "started_at": entry.started_at.isoformat(),
        "warehouse": entry.warehouse,
        "scope": list(entry.scope),
        "pid": entry.pid,
        "host": entry.host,
    }


def _from_json(data: dict[str, Any]) -> RunEntry:
    return RunEntry(
        run_id=str(data["run_id"]),
        flow_name=str(data["flow_name"]),
        epoch=datetime.fromisoformat(data["epoch"]),
        started_at=datetime.fromisoformat(data["started_at"]),
        warehouse=str(data["warehouse"]),
        scope=tuple(str(s) for s in data["scope"]),
        pid=int(data["pid"]),
        host=str(data["host"]),
    )


def this_host() -> str:
    return platform.node()
