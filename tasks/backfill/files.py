"""Backfill of dropped files: the stored files of each day are parsed again, to be staged.

The pseudo-source ``files`` stands for every dropped file. A file's day is the UTC day the
pickup took it:

- ``pickup_mode = "move"``: the files under ``processed/<day>/`` (``<day>/<folder>/...``, the
  folder being the file's source, as in the inbox);
- ``pickup_mode = "ledger"``: the files whose latest ``file_ledger`` row was recorded that day
  and that are still at their path (a file gone since is a reject with its reason).

Files are read in place and never moved again; the ledger is not touched. Re-parsing uses the
current parser, and the loader's exact dedup makes a rerun add no rows.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from settings import Settings
from tasks.backfill.days import DayOutcome, day_status_rows
from tasks.file_names import path_from_shown, shown_path
from tasks.models import Article, BatchRows, Reject, StagedSteps
from tasks.parse_file import parse_file

FILES_SOURCE = "files"
_SKIPPED_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial", ".reason")


@dataclass(frozen=True)
class StoredFile:
    path: str
    source: str | None  # the inbox folder it came from
    day: date


def has_stored_files(settings: Settings) -> bool:
    """Is there a pickup to backfill (then ``files`` is one of the default sources)?"""
    return settings.processed_dir.is_dir() or settings.inbox_dir.is_dir()


def stored_files(
    settings: Settings, taken: Sequence[tuple[str, date]], *, start: date, end: date
) -> dict[date, list[StoredFile]]:
    """Every stored file of ``start..end`` by day; ``taken`` is the ledger's (path, day)."""
    by_day: dict[date, dict[str, StoredFile]] = {}
    processed = Path(os.path.abspath(settings.processed_dir))
    if processed.is_dir():
        for folder in sorted(processed.iterdir()):
            day = _day_of(folder.name)
            if day is None or not start <= day <= end or not folder.is_dir():
                continue
            for path in _files_under(folder):
                parts = path.relative_to(folder).parts
                source = shown_path(parts[0]) if len(parts) > 1 else None
                by_day.setdefault(day, {})[str(path)] = StoredFile(str(path), source, day)
    if settings.pickup_mode == "ledger":
        inbox = Path(os.path.abspath(settings.inbox_dir))
        for shown, day in taken:
            raw = path_from_shown(shown)  # the ledger holds shown paths (tasks.file_names)
            path = Path(raw)
            if start <= day <= end and not path.is_relative_to(processed):
                parts = path.relative_to(inbox).parts if path.is_relative_to(inbox) else ()
                source = shown_path(parts[0]) if len(parts) > 1 else None
                by_day.setdefault(day, {}).setdefault(raw, StoredFile(raw, source, day))
    return {day: list(files.values()) for day, files in sorted(by_day.items())}


def reingest_stored_day(
    day: date,
    files: Sequence[StoredFile],
    *,
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
) -> StagedSteps[DayOutcome]:
    """Parse one day's stored files in batches, yielding each to stage, then the day's
    status."""
    articles_total = rejected_total = 0
    for number, offset in enumerate(range(0, len(files), settings.batch_size), 1):
        articles: list[Article] = []
        rejects: list[Reject] = []
        for stored in files[offset : offset + settings.batch_size]:
            path = Path(stored.path)
            if not path.is_file():
                rejects.append(
                    Reject(
                        shown_path(stored.path),
                        "stored file is gone",
                        f"taken on {day}; moved or deleted",
                        stage="read",
                        source=stored.source,
                    )
                )
                continue
            parsed = parse_file(path, source=stored.source, max_bytes=settings.max_file_bytes)
            articles.extend(parsed.articles)
            rejects.extend(parsed.rejects)
        yield BatchRows(articles=articles, rejects=rejects, seq=number)
        articles_total += len(articles)
        rejected_total += len(rejects)
    outcome = DayOutcome(FILES_SOURCE, day, "done", len(files), articles_total, rejected_total)
    yield day_status_rows(outcome, backfill_run_id=backfill_run_id, day_run_id=day_run_id)
    return outcome


def _day_of(name: str) -> date | None:
    try:
        return date.fromisoformat(name)
    except ValueError:
        return None


def _files_under(folder: Path) -> list[Path]:
    found = []
    for root, subfolders, names in os.walk(folder, followlinks=False):
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            if not name.startswith(".") and not name.lower().endswith(_SKIPPED_SUFFIXES):
                found.append(Path(root) / name)
    return found
