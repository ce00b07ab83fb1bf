"""Reading an input file's bytes safely: regular files only, size limits, gzip, links.

Only a regular file (or a link to one) is ever opened: a FIFO, a socket or a device, even
behind a link, is refused from its ``stat`` alone (opening a FIFO blocks until a writer comes;
reading ``/dev/zero`` never ends). The file is opened non-blocking and checked again through
its descriptor, so one swapped for a FIFO after the check cannot block the run either.
"""

from __future__ import annotations

import errno
import os
import stat
import zlib
from dataclasses import dataclass
from pathlib import Path

from tasks.errors import InputRejected

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
_GZIP_MAGIC = b"\x1f\x8b"


@dataclass(frozen=True)
class InputBytes:
    data: bytes
    warnings: tuple[str, ...] = ()  # what was repaired while reading, e.g. trailing garbage


def read_input_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's content (decompressed for ``.gz``), never reading more than ``max_bytes``."""
    return read_input(path, max_bytes).data


def read_input(path: Path, max_bytes: int) -> InputBytes:
    """Like ``read_input_bytes``, with what had to be repaired on the way."""
    try:
        found = os.stat(path)  # follows links: a link to a FIFO is a FIFO
        _check_regular(path, found.st_mode)
        _check_size(found.st_size, max_bytes)
        descriptor = os.open(path, _OPEN_FLAGS)
        with open(descriptor, "rb", closefd=True) as handle:
            opened = os.fstat(handle.fileno())
            _check_regular(path, opened.st_mode)
            _check_size(opened.st_size, max_bytes)
            # Sized by the file, not the limit: read(n) allocates n bytes up front.
            raw = handle.read(opened.st_size + 1)
            if len(raw) > opened.st_size:  # it grew since: read on, up to the limit
                raw += handle.read(max_bytes + 1 - len(raw))
    except OSError as exc:
        raise _read_error(path, exc) from exc
    if len(raw) > max_bytes:
        raise InputRejected(
            "file too large", f"it grew past the {_mb(max_bytes)} limit", stage="read"
        )
    if not raw:
        raise InputRejected("empty file", "the file has 0 bytes", stage="read")
    if path.suffix.lower() == ".gz":
        return _gunzip(raw, max_bytes)
    return InputBytes(raw)


def special_file_kind(mode: int) -> str | None:
    """What a non-regular file is ("a FIFO (named pipe)"), or None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    kinds = (
        (stat.S_ISDIR, "a folder"),
        (stat.S_ISFIFO, "a FIFO (named pipe)"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    )
    return next((name for test, name in kinds if test(mode)), "not a file of any known kind")


def _check_regular(path: Path, mode: int) -> None:
    kind = special_file_kind(mode)
    if kind is None:
        return
    detail = f"it is {kind}"
    if os.path.islink(path):
        detail = f"it is a symbolic link to {kind} ({os.path.realpath(path)})"
    raise InputRejected("not a regular file", f"{detail}; not opened", stage="read")


def _check_size(size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise InputRejected(
            "file too large",
            f"{_mb(size)} is over the {_mb(max_bytes)} limit; not read",
            stage="read",
        )


def _read_error(path: Path, exc: OSError) -> InputRejected:
    if isinstance(exc, FileNotFoundError):
        if os.path.islink(path):
            return InputRejected(
                "broken symbolic link", f"it points to {os.readlink(path)}", stage="read"
            )
        return InputRejected("file vanished before it could be read", "", stage="read")
    if isinstance(exc, IsADirectoryError):
        return InputRejected("not a regular file", "it is a folder", stage="read")
    if isinstance(exc, PermissionError):
        return InputRejected("permission denied", exc.strerror or "", stage="read")
    if exc.errno == errno.ELOOP:
        return InputRejected("symbolic link loop", "the link resolves to itself", stage="read")
    return InputRejected("file cannot be read", exc.strerror or str(exc), stage="read")


def _gunzip(raw: bytes, max_bytes: int) -> InputBytes:
    """Every member of a gzip file (``cat a.gz b.gz`` is one valid gzip file), bounded."""
    if not raw.startswith(_GZIP_MAGIC):
        raise InputRejected(
            "not a gzip file", "the .gz file does not start with the gzip magic", stage="read"
        )
    out = bytearray()
    rest = raw
    members = 0
    warnings: list[str] = []
    while rest:
        if members and not rest.startswith(_GZIP_MAGIC):
            if rest.strip(b"\x00"):  # zero padding (tape blocks, some tools) is not worth a word
                warnings.append(
                    f"file: {len(rest):,} bytes of trailing data after the gzip stream ignored"
                )
            break
        decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        try:
            out += decompressor.decompress(rest, max_bytes + 1 - len(out))
        except zlib.error as exc:
            detail = _member(members, str(exc))
            raise InputRejected("corrupt gzip file", detail, stage="read") from exc
        if len(out) > max_bytes or decompressor.unconsumed_tail:
            raise InputRejected(
                "file too large",
                f"it decompresses to more than the {_mb(max_bytes)} limit",
                stage="read",
            )
        if not decompressor.eof:
            raise InputRejected(
                "truncated gzip file", _member(members, "the compressed stream ends early"),
                stage="read",
            )  # fmt: skip
        rest = decompressor.unused_data
        members += 1
    if not out:
        raise InputRejected("empty file", "the gzip file decompresses to nothing", stage="read")
    return InputBytes(bytes(out), tuple(warnings))


def _member(index: int, detail: str) -> str:
    return detail if index == 0 else f"gzip member {index + 1}: {detail}"


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB" if size >= 104_858 else f"{size:,} bytes"
