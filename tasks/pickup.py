"""Which dropped files to take: complete, not yet taken, and each with its source.

Skipped without a trace: dotfiles, ``*.tmp``, ``*.part``, ``*.crdownload``, ``*.reason`` and
newsflow's own folders and files (``own_paths``: the staging, processed and rejected folders of
the data dir and the like, compared by real path, so that a folder of the user's that happens
to be called ``staging`` is read like any other). A file modified in the last
``settle_seconds`` is watched until it is that old; if it changes meanwhile, it is still being
written and is left for the next run. A link to a file is read through; a link to a folder is
not followed (a link to ``/`` or to an ancestor would walk forever) and is rejected saying so; a
dangling or looping link, and anything that is not a regular file (a FIFO, a socket, a device,
or a link to one), is rejected with its reason without being opened.

Paths are kept in two forms: ``FileInfo.path`` as Python has it (what ``open`` takes, with
undecodable bytes of a name as surrogates) and, in rejects, sources and the ledger, the shown
form of ``tasks.file_names`` (valid UTF-8, lossless).
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from settings import Settings
from tasks.file_names import path_from_shown, shown_path
from tasks.models import FileInfo, LedgerEntry, Reject
from tasks.pickup_walk import Listed, Walk


@dataclass(frozen=True)
class Candidate:
    info: FileInfo
    root: str  # the folder it was found under (or the file's own folder)
    source: str | None  # the first sub-folder under the root, if any


@dataclass
class PickupPlan:
    candidates: list[Candidate] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    # The rejected entries as the ledger keeps them (the link's own size and mtime), so that an
    # unchanged broken link is not rejected again by every run.
    rejected_entries: list[LedgerEntry] = field(default_factory=list)
    unchanged: int = 0
    still_being_written: int = 0


def newsflow_own_paths(settings: Settings) -> tuple[Path, ...]:
    """What newsflow itself writes under its data dir: never taken as input."""
    data = settings.data_dir
    warehouse = settings.warehouse_file
    return (
        settings.staging_dir,
        data / "staging-failed",
        settings.processed_dir,
        settings.rejected_dir,
        data / "raw",
        data / "prefect",
        warehouse,
        warehouse.with_name(warehouse.name + ".wal"),
    )


# Which of the listed files (shown path, size, mtime_ns; three parallel lists) the ledger
# holds as taken at that very size and mtime: one call per run, for every file listed.
LedgerCheck = Callable[[list[str], list[int], list[int]], Sequence[bool]]


def ledger_check(ledger: Mapping[str, tuple[int, int]]) -> LedgerCheck:
    """A ``LedgerCheck`` over a mapping of taken paths (shown form) to (size, mtime_ns)."""

    def check(paths: list[str], sizes: list[int], mtimes: list[int]) -> list[bool]:
        return [ledger.get(p) == (s, m) for p, s, m in zip(paths, sizes, mtimes, strict=True)]

    return check


def plan_pickup(
    roots: Sequence[Path],
    ledger: Mapping[str, tuple[int, int]] | LedgerCheck,
    *,
    settle_seconds: float,
    own_paths: Collection[Path] = (),
    clock: Callable[[], float] = time.time,
    sleep: Callable[[float], None] = time.sleep,
) -> PickupPlan:
    """List the files to take under ``roots``; ``ledger`` maps taken paths (shown form) to
    (size, mtime_ns), or checks a whole listing against the ledger at once (the warehouse's
    check, which keeps the ledger out of Python); nothing at or under ``own_paths`` is taken.

    A file costs one directory entry and one ``stat`` here, and an unchanged one nothing
    more: an inbox that keeps years of files is listed at a few microseconds a file."""
    check = ledger_check(ledger) if isinstance(ledger, Mapping) else ledger
    plan = PickupPlan()
    walk = Walk(own_paths)
    listed: list[Listed | Reject] = []
    for root in roots:
        listed.extend(walk.root(Path(os.path.abspath(root))))
    # Files first, then the rejects that have a ledger entry, in one listing for the check:
    # the files by the hundred thousand, in tight comprehensions.
    files = [item for item in listed if not isinstance(item, Reject)]
    rejected = [item for item in listed if isinstance(item, Reject)]
    entries = [_link_entry(item.input) for item in rejected]  # a link's own, or None
    kept = [entry for entry in entries if entry is not None]
    paths = [shown_path(item[0]) for item in files] + [entry.path for entry in kept]
    sizes = [item[1] for item in files] + [entry.size for entry in kept]
    mtimes = [item[2] for item in files] + [entry.mtime_ns for entry in kept]
    flags = check(paths, sizes, mtimes) if paths else ()
    found = [item for item, same in zip(files, flags, strict=False) if not same]
    plan.unchanged = len(files) - len(found)
    rejected_unchanged = iter(flags[len(files) :])
    for item, entry in zip(rejected, entries, strict=True):
        if entry is not None and next(rejected_unchanged):
            plan.unchanged += 1
            continue
        plan.rejects.append(item)
        if entry is not None:
            plan.rejected_entries.append(entry)
    now_ns = int(clock() * 1e9)
    young = [c for c in found if now_ns - c[2] < settle_seconds * 1e9]
    if young:
        newest = max(c[2] for c in young)
        # At most settle_seconds: a file stamped in the future (a wrong clock, a copied mtime)
        # would otherwise have the run wait until that date.
        sleep(min(settle_seconds, max(0.0, settle_seconds - (now_ns - newest) / 1e9)))
    changed = {c[0] for c in young if _changed(c[0], c[1], c[2])}
    plan.still_being_written = len(changed)
    plan.candidates = [
        Candidate(FileInfo(path, size, mtime_ns), root, source)
        for path, size, mtime_ns, root, source in found
        if path not in changed
    ]
    plan.candidates.sort(key=lambda c: c.info.path)
    return plan


def _link_entry(shown: str) -> LedgerEntry | None:
    """A rejected directory entry as the ledger records it: its own size and mtime."""
    try:
        found = os.lstat(path_from_shown(shown))
    except OSError:
        return None
    return LedgerEntry(shown, found.st_size, found.st_mtime_ns, "rejected")


def _changed(path: str, size: int, mtime_ns: int) -> bool:
    try:
        found = os.stat(path)
    except OSError:
        return False  # gone or unreadable now: reading it will record why
    return (found.st_size, found.st_mtime_ns) != (size, mtime_ns)
