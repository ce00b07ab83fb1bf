from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from tasks.errors import InputRejected
from tasks.read import read_input, read_input_bytes


def test_every_gzip_member_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"one ") + gzip.compress(b"two ") + gzip.compress(b"three"))
    assert read_input_bytes(path, max_bytes=100) == b"one two three"


def test_members_together_over_the_limit_are_too_large(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"x" * 600) + gzip.compress(b"y" * 600))
    with pytest.raises(InputRejected, match="file too large") as caught:
        read_input_bytes(path, max_bytes=1000)
    assert caught.value.stage == "read"


def test_trailing_garbage_is_a_warning_and_zero_padding_nothing(tmp_path: Path) -> None:
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"text") + bytes(100))
    assert read_input(path, max_bytes=1000).warnings == ()
    path.write_bytes(gzip.compress(b"text") + b"\x00junk")
    read = read_input(path, max_bytes=1000)
    assert (read.data, read.warnings) == (
        b"text",
        ("file: 5 bytes of trailing data after the gzip stream ignored",),
    )


def test_a_corrupt_later_member_rejects_the_file_naming_the_member(tmp_path: Path) -> None:
    second = bytearray(gzip.compress(b"second member " * 20))
    second[-8] ^= 0xFF  # the CRC
    path = tmp_path / "a.txt.gz"
    path.write_bytes(gzip.compress(b"first") + bytes(second))
    with pytest.raises(InputRejected, match="gzip member 2") as caught:
        read_input_bytes(path, max_bytes=10_000)
    assert caught.value.reason == "corrupt gzip file"


def test_a_file_that_grew_past_the_limit_since_its_stat_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import os

    import tasks.read

    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 50)
    real_stat, real_fstat = os.stat, os.fstat

    class Small:  # what stat said when the file was smaller
        def __init__(self, found: os.stat_result) -> None:
            self.st_mode, self.st_size = found.st_mode, 10

    monkeypatch.setattr(tasks.read.os, "stat", lambda path: Small(real_stat(path)))
    monkeypatch.setattr(tasks.read.os, "fstat", lambda fd: Small(real_fstat(fd)))
    with pytest.raises(InputRejected, match="grew past"):
        read_input_bytes(path, max_bytes=20)
    assert read_input_bytes(path, max_bytes=60) == b"x" * 50
