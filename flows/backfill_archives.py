"""Archive sources (``kind = "ccnews"``) in a backfill: the dry run's list of WARC files with
their sizes, and the progress the command line draws (files, megabytes, articles kept)."""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any

from flows.progress import report_progress
from settings import Settings
from tasks.backfill.ccnews import planned_rows
from tasks.backfill.plan import DayPlan
from tasks.fetch.models import FetchConfig
from tasks.sources import Source
from tasks.wrappers.backfill import plan_ccnews_day_task

_MB = 1_000_000


class ArchiveTally:
    """Totals over every day run of the process (they run side by side), as progress stages
    ``archive files``, ``archive MB`` and ``articles kept``."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.reset()

    def reset(self) -> None:
        with self._lock:
            self.files = self.files_done = self.size = self.read = self.kept = 0

    def __call__(self, what: str, amount: int) -> None:
        with self._lock:
            if what == "files":
                self.files += amount
            elif what == "file":
                self.files_done += amount
            elif what == "size":
                self.size += amount
            elif what == "bytes":
                self.read += amount
            elif what == "kept":
                self.kept += amount
            counts = (self.files_done, self.files, self.read, self.size, self.kept)
        files_done, files, read, size, kept = counts
        report_progress("archive files", files_done, files)
        report_progress("archive MB", read // _MB, max(size, read) // _MB)
        report_progress("articles kept", kept, kept)


TALLY = ArchiveTally()


async def archive_plan(
    plans: Sequence[DayPlan],
    sources: Mapping[str, Source],
    config: FetchConfig,
    settings: Settings,
    since: datetime | None,
) -> list[dict[str, Any]]:
    """One row per WARC file the backfill would read (day, source, file, bytes, state)."""
    rows: list[dict[str, Any]] = []
    for plan in plans:
        for name in plan.sources:
            source = sources.get(name)
            if source is None or not source.is_archive:
                continue
            planned, _, error = await plan_ccnews_day_task(
                plan.day, source, config, settings, since
            )
            rows.extend(dict(row) for row in planned_rows(planned))
            if error:
                rows.append({"day": plan.day.isoformat(), "source": name, "file": error,
                             "bytes": None, "state": "file list not read"})  # fmt: skip
    return rows
