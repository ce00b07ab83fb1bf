"""Reading an input file's bytes safely: size limits, gzip, vanished files, links."""

from __future__ import annotations

import errno
import zlib
from pathlib import Path

from tasks.errors import InputRejected

_CHUNK = 1 << 20


def read_input_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's content (decompressed for ``.gz``), never reading more than ``max_bytes``."""
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputRejected(
                "file too large", f"{_mb(size)} is over the {_mb(max_bytes)} limit; not read"
            )
        if size == 0:
            raise InputRejected("empty file", "the file has 0 bytes")
        with path.open("rb") as handle:
            raw = handle.read(max_bytes + 1)
    except FileNotFoundError as exc:
        raise InputRejected("file vanished before it could be read", str(path)) from exc
    except IsADirectoryError as exc:
        raise InputRejected("not a regular file", "it is a directory") from exc
    except PermissionError as exc:
        raise InputRejected("permission denied", exc.strerror or "") from exc
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise InputRejected("symbolic link loop", str(path)) from exc
        raise InputRejected("file cannot be read", exc.strerror or str(exc)) from exc
    if len(raw) > max_bytes:
        raise InputRejected("file too large", f"it grew past the {_mb(max_bytes)} limit")
    if path.suffix.lower() == ".gz":
        return _gunzip(raw, max_bytes)
    return raw


def _gunzip(raw: bytes, max_bytes: int) -> bytes:
    if not raw.startswith(b"\x1f\x8b"):
        raise InputRejected("not a gzip file", "the .gz file does not start with the gzip magic")
    decompressor = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        data = decompressor.decompress(raw, max_bytes + 1)
    except zlib.error as exc:
        raise InputRejected("corrupt gzip file", str(exc)) from exc
    if len(data) > max_bytes:
        raise InputRejected(
            "file too large", f"it decompresses to more than the {_mb(max_bytes)} limit"
        )
    if not decompressor.eof:
        raise InputRejected("truncated gzip file", "the compressed stream ends early")
    if not data:
        raise InputRejected("empty file", "the gzip file decompresses to nothing")
    return data


def _mb(size: int) -> str:
    return f"{size / 1_048_576:.1f} MB"
