"""Hostile inputs of the read stage: special files, links, names, sizes, times."""

from __future__ import annotations

import gzip
import os
import socket
import stat
from pathlib import Path

from tests.support.hostile_files import (
    Builder,
    HostileCase,
    article_text,
    expect,
    rejected,
)

NOT_REGULAR = rejected("not a regular file", "read")


def _story(path: Path, title: str, seed: str | None = None) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n{article_text(seed or title)}\n", "utf-8")
    return path


def gz_story(title: str) -> bytes:
    return gzip.compress(f"{title}\n\n{article_text(title)}\n".encode())


def case_empty_file(folder: Path) -> HostileCase:
    (folder / "empty.txt").write_bytes(b"")
    return expect("a file of 0 bytes", folder / "empty.txt", rejects=rejected("empty file", "read"))


def case_empty_gz(folder: Path) -> HostileCase:
    (folder / "empty.txt.gz").write_bytes(b"")
    return expect(
        "a .gz of 0 bytes", folder / "empty.txt.gz", rejects=rejected("empty file", "read")
    )


def case_gz_of_nothing(folder: Path) -> HostileCase:
    (folder / "nothing.txt.gz").write_bytes(gzip.compress(b""))
    return expect(
        "gzip of an empty file", folder / "nothing.txt.gz", rejects=rejected("empty file", "read")
    )


def case_too_large_sparse(folder: Path) -> HostileCase:
    with (folder / "huge.txt").open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    return expect(
        "a 200 MB file (refused unread)",
        folder / "huge.txt",
        rejects=rejected("file too large", "read"),
    )


def case_fifo(folder: Path) -> HostileCase:
    os.mkfifo(folder / "pipe.txt")
    return expect(
        "a FIFO named .txt: opening it would block", folder / "pipe.txt", rejects=NOT_REGULAR
    )


def case_link_to_fifo(folder: Path) -> HostileCase:
    os.mkfifo(folder / ".target-pipe")
    os.symlink(folder / ".target-pipe", folder / "pipe-link.txt")
    return expect("a link to a FIFO", folder / "pipe-link.txt", rejects=NOT_REGULAR)


def case_link_to_dev_zero(folder: Path) -> HostileCase:
    os.symlink("/dev/zero", folder / "zero.txt")
    return expect(
        "a link to /dev/zero: reading never ends", folder / "zero.txt", rejects=NOT_REGULAR
    )


def case_link_to_dev_null(folder: Path) -> HostileCase:
    os.symlink("/dev/null", folder / "null.json")
    return expect("a link to /dev/null", folder / "null.json", rejects=NOT_REGULAR)


def case_link_to_block_device(folder: Path) -> HostileCase | None:
    devices = sorted(p for p in Path("/dev").iterdir() if _is_block(p))
    if not devices:
        return None
    os.symlink(devices[0], folder / "disk.txt")
    return expect(
        f"a link to a block device ({devices[0]})", folder / "disk.txt", rejects=NOT_REGULAR
    )


def _is_block(path: Path) -> bool:
    try:
        return stat.S_ISBLK(path.lstat().st_mode)
    except OSError:
        return False


def case_unix_socket(folder: Path) -> HostileCase | None:
    path = folder / "sock.txt"
    if len(os.fsencode(path)) > 100:  # sun_path holds 108 bytes
        return None
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as server:
        server.bind(str(path))
    return expect("a Unix socket named .txt", path, rejects=NOT_REGULAR)


def case_broken_link(folder: Path) -> HostileCase:
    os.symlink(folder / "missing.txt", folder / "dangling.txt")
    return expect(
        "a link to nothing",
        folder / "dangling.txt",
        rejects=rejected("broken symbolic link", "read"),
    )


def case_self_link(folder: Path) -> HostileCase:
    os.symlink("loop.txt", folder / "loop.txt")
    return expect(
        "a link to itself", folder / "loop.txt", rejects=rejected("symbolic link loop", "read")
    )


def case_link_cycle(folder: Path) -> HostileCase:
    os.symlink(".b.txt", folder / "a.txt")
    os.symlink("a.txt", folder / ".b.txt")
    return expect(
        "two links pointing at each other",
        folder / "a.txt",
        rejects=rejected("symbolic link loop", "read"),
    )


def case_link_to_good_file(folder: Path) -> HostileCase:
    target = _story(folder / ".elsewhere" / "real.txt", "A linked story")
    os.symlink(target, folder / "link.txt")
    return expect(
        "a link to a good file is read through",
        folder / "link.txt",
        articles=1,
        title="A linked story",
    )


def case_link_to_folder(folder: Path) -> HostileCase:
    _story(folder / ".elsewhere" / "inside.txt", "Behind a folder link")
    os.symlink(folder / ".elsewhere", folder / "linked-folder")
    return expect(
        "a link to a folder is not followed, and says so",
        folder / "linked-folder",
        rejects=rejected("symbolic link to a folder, not followed", "read"),
        via_pickup_only=True,
    )


def case_folder_named_txt(folder: Path) -> HostileCase:
    _story(folder / "x.txt" / "inner.txt", "Inside a folder named x.txt")
    return expect(
        "a folder named x.txt is walked like any folder",
        folder / "x.txt",
        articles=1,
        title="Inside a folder named x.txt",
        via_pickup_only=True,
    )


def case_folder_named_staging(folder: Path) -> HostileCase:
    _story(folder / "staging" / "wire.txt", "A story in a folder called staging")
    return expect(
        "a user's folder named staging (not newsflow's own) is read",
        folder / "staging",
        articles=1,
        via_pickup_only=True,
    )


def case_folder_named_processed(folder: Path) -> HostileCase:
    _story(folder / "processed" / "wire.txt", "A story in a folder called processed")
    return expect(
        "a user's folder named processed is read",
        folder / "processed",
        articles=1,
        via_pickup_only=True,
    )


def case_unreadable_file(folder: Path) -> HostileCase | None:
    if os.geteuid() == 0:
        return None  # root reads anything
    path = _story(folder / "locked.txt", "Locked")
    path.chmod(0)
    return expect(
        "a file without read permission", path, rejects=rejected("permission denied", "read")
    )


def case_unreadable_folder(folder: Path) -> HostileCase | None:
    if os.geteuid() == 0:
        return None
    _story(folder / "locked" / "a.txt", "Locked folder")
    (folder / "locked").chmod(0)
    return expect(
        "a folder without read permission",
        folder / "locked",
        rejects=rejected("folder cannot be read", "read"),
        via_pickup_only=True,
    )


def case_non_utf8_file_name(folder: Path) -> HostileCase:
    path = Path(os.fsdecode(os.fsencode(folder) + b"/caf\xe9-\xff.txt"))
    _story(path, "A file whose name is Latin-1")
    return expect(
        "a file name that is not UTF-8",
        path,
        articles=1,
        expected_location=f"{folder}/caf\\xe9-\\xff.txt",
    )


def case_non_utf8_folder_name(folder: Path) -> HostileCase:
    inner = Path(os.fsdecode(os.fsencode(folder) + b"/wire-\xfe\xff"))
    _story(inner / "story.txt", "A story in a folder whose name is not UTF-8")
    return expect(
        "a folder name that is not UTF-8",
        inner,
        articles=1,
        expected_location=f"{folder}/wire-\\xfe\\xff/story.txt",
        via_pickup_only=True,
    )


def case_control_characters_in_name(folder: Path) -> HostileCase:
    path = _story(folder / "new\nline\tname.txt", "A file name with a line break")
    return expect(
        "a file name with a newline and a tab",
        path,
        articles=1,
        expected_location=f"{folder}/new\\x0aline\\x09name.txt",
    )


def case_backslash_in_name(folder: Path) -> HostileCase:
    path = _story(folder / "back\\xff-slash.txt", "A file name with a backslash")
    return expect(
        "a file name with a backslash that looks like an escape",
        path,
        articles=1,
        expected_location=f"{folder}/back\\\\xff-slash.txt",
    )


def case_long_multibyte_name(folder: Path) -> HostileCase:
    path = _story(folder / ("é" * 125 + ".txt"), "A name of 254 bytes")
    return expect("a file name of 254 bytes", path, articles=1, expected_location=str(path))


def case_rtl_emoji_name(folder: Path) -> HostileCase:
    path = _story(folder / "خبر-עברית-📰.txt", "A name in two scripts and an emoji")
    return expect(
        "a right-to-left name with an emoji", path, articles=1, expected_location=str(path)
    )


def case_uppercase_suffix(folder: Path) -> HostileCase:
    path = _story(folder / "STORY.TXT", "An upper-case suffix")
    return expect("STORY.TXT", path, articles=1, title="An upper-case suffix")


def case_unsupported_suffix(folder: Path) -> HostileCase:
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    return expect("a .pdf", folder / "notes.pdf", rejects=rejected("unsupported file type", "read"))


def case_no_suffix(folder: Path) -> HostileCase:
    _story(folder / "README", "No suffix")
    return expect(
        "a file without a suffix",
        folder / "README",
        rejects=rejected("unsupported file type", "read"),
    )


def case_bare_gz(folder: Path) -> HostileCase:
    (folder / "archive.gz").write_bytes(gz_story("A bare gz"))
    return expect(
        "x.gz names no format",
        folder / "archive.gz",
        rejects=rejected("unsupported file type", "read"),
    )


def case_mtime_in_the_future(folder: Path) -> HostileCase:
    path = _story(folder / "future.txt", "A file stamped in the year 2100")
    os.utime(path, (4_102_444_800, 4_102_444_800))
    return expect("a modification time in 2100: the pickup must not wait for it", path, articles=1)


def case_mtime_before_1970(folder: Path) -> HostileCase:
    path = _story(folder / "old.txt", "A file stamped in 1901")
    os.utime(path, (-2_177_452_800, -2_177_452_800))
    return expect("a modification time before 1970", path, articles=1)


READ_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
