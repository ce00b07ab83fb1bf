"""The walk of the file pickup (``tasks.pickup``): every file under a root with its size and
mtime, in name order, or the reason it cannot be taken.

A file costs one directory entry and one ``stat``, and nothing here can spare that ``stat``:
the ledger (``warehouse.ledger``) skips a file taken at the same size and mtime, and a file
rewritten in place changes only its own inode (mtime, ctime, maybe size). The folder holding
it keeps its mtime, which moves only when a name in it is created, removed or renamed, so a
folder whose mtime has not moved since the last run may still hold a changed file, and only a
``stat`` of that file shows it. (Watching with inotify would need a process running between
runs; no filesystem keeps a journal of changes that a plain run could read.) What the walk can
cut is everything around the ``stat``: it stats by name relative to the open folder and builds
plain tuples in lists.
"""

from __future__ import annotations

import errno
import os
import stat
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from tasks.file_names import shown_path
from tasks.models import Reject
from tasks.read import special_file_kind

PARTIAL_SUFFIXES = (".tmp", ".part", ".crdownload", ".partial", ".reason")


# A regular file as listed: (path, size, mtime_ns, root, source). A plain tuple, not a
# Candidate: the unchanged files of a big inbox are listed by the hundred thousand and dropped.
Listed = tuple[str, int, int, str, str | None]


@dataclass(frozen=True)
class _Descend:
    path: str
    source: str | None


class Walk:
    def __init__(self, own_paths: Collection[Path]) -> None:
        self.own = frozenset(os.path.realpath(p) for p in own_paths)
        # Inode numbers first (free from scandir), real paths only on a match: a walk over
        # 10,000 files must not resolve 10,000 paths.
        self.own_inodes = frozenset(_inode(p) for p in self.own) - {None}

    def root(self, root: Path) -> list[Listed | Reject]:
        if self._is_own(str(root)):
            return []
        if not os.path.lexists(root):
            return [reject(str(root), "path not found", "nothing is there to read")]
        if not root.is_dir():
            return list(self.one_file(root))
        return self.folder(str(root), str(root), None)

    def folder(self, top: str, root: str, source: str | None) -> list[Listed | Reject]:
        """Depth first, in name order, with a stack of its own: a tree thousands of folders
        deep must not exhaust Python's recursion limit. Lists, not nested generators: an
        unchanged file of a big inbox must cost little more than its ``stat``."""
        listed: list[Listed | Reject] = []
        levels = [iter(self._entries(top, root, source))]
        while levels:
            for item in levels[-1]:
                if isinstance(item, _Descend):
                    levels.append(iter(self._entries(item.path, root, item.source)))
                    break
                listed.append(item)
            else:
                levels.pop()
        return listed

    def _entries(
        self, folder: str, root: str, source: str | None
    ) -> list[Listed | Reject | _Descend]:
        """The folder's names (``listdir`` of the open folder: plain strings, sorted in C) and
        one ``lstat`` a name, by name relative to the open folder, sparing the kernel the walk
        of the whole path; its mode says file, folder or link, so no ``scandir`` entry objects
        are built. A link, anything else, and any error go through ``_stat_entry``, which says
        why. A re-run over 10,000 unchanged files is mostly this walk."""
        try:
            fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as exc:
            return [reject(folder, "folder cannot be read", exc.strerror or str(exc), source)]
        try:
            try:
                names = os.listdir(fd)
            except OSError as exc:
                return [reject(folder, "folder cannot be read", exc.strerror or str(exc), source)]
            names.sort()
            return self._named(fd, folder, names, root, source)
        finally:
            os.close(fd)

    def _named(
        self, fd: int, folder: str, names: list[str], root: str, source: str | None
    ) -> list[Listed | Reject | _Descend]:
        prefix = folder if folder.endswith(os.sep) else folder + os.sep
        own = self.own_inodes
        lstat = os.lstat
        found: list[Listed | Reject | _Descend] = []
        append = found.append
        for name in names:
            if name.startswith(".") or name.lower().endswith(PARTIAL_SUFFIXES):
                continue
            path = prefix + name
            try:
                found_stat = lstat(name, dir_fd=fd)
            except OSError:
                append(_stat_entry(path, root, source))  # vanished or unreadable: says why
                continue
            if own and found_stat.st_ino in own and self._is_own(path):
                continue
            mode = found_stat.st_mode
            if stat.S_ISREG(mode):
                append((path, found_stat.st_size, found_stat.st_mtime_ns, root, source))
            elif stat.S_ISDIR(mode):
                append(_Descend(path, source or shown_path(name)))
            elif stat.S_ISLNK(mode) and _is_dir_link(path):
                # Not followed: a link to / or to an ancestor would walk forever.
                target = os.path.realpath(path)
                detail = f"it points to {target}; drop the folder itself to have it read"
                reason = "symbolic link to a folder, not followed"
                append(reject(path, reason, detail, source))
            else:
                append(_stat_entry(path, root, source))
        return found

    def one_file(self, path: Path) -> Iterator[Listed | Reject]:
        name = path.name
        if name.startswith(".") or name.lower().endswith(PARTIAL_SUFFIXES):
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


def _stat_entry(path: str, root: str, source: str | None) -> Listed | Reject:
    try:
        found = os.stat(path)  # follows a link to a file
    except FileNotFoundError:
        if os.path.islink(path):
            detail = f"it points to {os.readlink(path)}"
            return reject(path, "broken symbolic link", detail, source)
        return reject(path, "file vanished before it could be read", "", source)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return reject(path, "symbolic link loop", "the link resolves to itself", source)
        return reject(path, "file cannot be read", exc.strerror or str(exc), source)
    if not stat.S_ISREG(found.st_mode):
        kind = special_file_kind(found.st_mode)
        if os.path.islink(path):
            kind = f"a symbolic link to {kind} ({os.path.realpath(path)})"
        return reject(path, "not a regular file", f"it is {kind}; not opened", source)
    return (path, found.st_size, found.st_mtime_ns, root, source)


def reject(path: str, reason: str, detail: str, source: str | None = None) -> Reject:
    return Reject(shown_path(path), reason, shown_path(detail), stage="read", source=source)
