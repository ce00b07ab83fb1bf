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

import errno
import os
import stat
import time
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from settings import Settings
from tasks.file_names import path_from_shown, shown_path
from tasks.models import FileInfo, LedgerEntry, Reject
from tasks.read import special_file_kind

_PARTIAL_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial", ".reason")


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
    walk = _Walk(own_paths)
    listed: list[_Listed | Reject] = []
    for root in roots:
        listed.extend(walk.root(Path(os.path.abspath(root))))
    paths: list[str] = []
    sizes: list[int] = []
    mtimes: list[int] = []
    entries: list[LedgerEntry | None] = []  # a rejected item's ledger entry (its link's own)
    for item in listed:
        if isinstance(item, Reject):
            entry = _link_entry(item.input)
            entries.append(entry)
            if entry is not None:
                paths.append(entry.path)
                sizes.append(entry.size)
                mtimes.append(entry.mtime_ns)
        else:
            paths.append(shown_path(item[0]))
            sizes.append(item[1])
            mtimes.append(item[2])
    unchanged = iter(check(paths, sizes, mtimes) if paths else ())
    found: list[_Listed] = []
    rejected_entries = iter(entries)
    for item in listed:
        if isinstance(item, Reject):
            entry = next(rejected_entries)
            if entry is not None and next(unchanged):
                plan.unchanged += 1
                continue
            plan.rejects.append(item)
            if entry is not None:
                plan.rejected_entries.append(entry)
        elif next(unchanged):
            plan.unchanged += 1
        else:
            found.append(item)
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


# A regular file as listed: (path, size, mtime_ns, root, source). A plain tuple, not a
# Candidate: the unchanged files of a big inbox are listed by the hundred thousand and dropped.
_Listed = tuple[str, int, int, str, str | None]


@dataclass(frozen=True)
class _Descend:
    path: str
    source: str | None


class _Walk:
    def __init__(self, own_paths: Collection[Path]) -> None:
        self.own = frozenset(os.path.realpath(p) for p in own_paths)
        # Inode numbers first (free from scandir), real paths only on a match: a walk over
        # 10,000 files must not resolve 10,000 paths.
        self.own_inodes = frozenset(_inode(p) for p in self.own) - {None}

    def root(self, root: Path) -> Iterator[_Listed | Reject]:
        if self._is_own(str(root)):
            return
        if not os.path.lexists(root):
            yield _reject(str(root), "path not found", "nothing is there to read")
        elif not root.is_dir():
            yield from self.one_file(root)
        else:
            yield from self.folder(str(root), str(root), None)

    def folder(self, top: str, root: str, source: str | None) -> Iterator[_Listed | Reject]:
        """Depth first, in name order, with a stack of its own: a tree thousands of folders
        deep must not exhaust Python's recursion limit."""
        levels = [self._entries(top, root, source)]
        while levels:
            item = next(levels[-1], None)
            if item is None:
                levels.pop()
            elif isinstance(item, _Descend):
                levels.append(self._entries(item.path, root, item.source))
            else:
                yield item

    def _entries(
        self, folder: str, root: str, source: str | None
    ) -> Iterator[_Listed | Reject | _Descend]:
        """One ``scandir`` a folder and one ``stat`` a file: a re-run over 10,000 unchanged
        files is mostly this walk."""
        try:
            with os.scandir(folder) as listing:
                entries = sorted(listing, key=_name)
        except OSError as exc:
            yield _reject(folder, "folder cannot be read", exc.strerror or str(exc), source)
            return
        for entry in entries:
            name = entry.name
            if name.startswith(".") or name.lower().endswith(_PARTIAL_SUFFIXES):
                continue
            if self.own_inodes and entry.inode() in self.own_inodes and self._is_own(entry.path):
                continue
            try:
                is_folder = entry.is_dir(follow_symlinks=False)
            except OSError:
                is_folder = False  # _stat_entry records why
            if is_folder:
                yield _Descend(entry.path, source or shown_path(name))
            elif entry.is_symlink() and _is_dir_link(entry.path):
                # Not followed: a link to / or to an ancestor would walk forever.
                target = os.path.realpath(entry.path)
                detail = f"it points to {target}; drop the folder itself to have it read"
                yield _reject(entry.path, "symbolic link to a folder, not followed", detail, source)
            else:
                yield _stat_entry(entry.path, root, source)

    def one_file(self, path: Path) -> Iterator[_Listed | Reject]:
        name = path.name
        if name.startswith(".") or name.lower().endswith(_PARTIAL_SUFFIXES):
            return
        yield _stat_entry(str(path), str(path.parent), None)

    def _is_own(self, path: str) -> bool:
        return bool(self.own) and os.path.realpath(path) in self.own


def _inode(path: str) -> int | None:
    try:
        return os.lstat(path).st_ino
    except OSError:
        return None


def _is_dir_link(path: str) -> bool:
    try:
        return stat.S_ISDIR(os.stat(path).st_mode)
    except OSError:
        return False  # dangling or looping: _stat_entry records why


def _stat_entry(path: str, root: str, source: str | None) -> _Listed | Reject:
    try:
        found = os.stat(path)  # follows a link to a file
    except FileNotFoundError:
        if os.path.islink(path):
            detail = f"it points to {os.readlink(path)}"
            return _reject(path, "broken symbolic link", detail, source)
        return _reject(path, "file vanished before it could be read", "", source)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return _reject(path, "symbolic link loop", "the link resolves to itself", source)
        return _reject(path, "file cannot be read", exc.strerror or str(exc), source)
    if not stat.S_ISREG(found.st_mode):
        kind = special_file_kind(found.st_mode)
        if os.path.islink(path):
            kind = f"a symbolic link to {kind} ({os.path.realpath(path)})"
        return _reject(path, "not a regular file", f"it is {kind}; not opened", source)
    return (path, found.st_size, found.st_mtime_ns, root, source)


def _reject(path: str, reason: str, detail: str, source: str | None = None) -> Reject:
    return Reject(shown_path(path), reason, shown_path(detail), stage="read", source=source)


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


def _name(entry: os.DirEntry[str]) -> str:
    return entry.name
