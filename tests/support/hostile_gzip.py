"""Hostile gzip files: bombs, cuts, corruption, several members, trailing bytes."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

from tests.support.hostile_files import (
    Builder,
    HostileCase,
    article_text,
    expect,
    rejected,
)
from tests.support.hostile_read import gz_story


def case_gzip_bomb(folder: Path) -> HostileCase:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    chunk = b"a" * (1 << 20)
    data = compressor.compress(b"Bomb\n\n") + b"".join(
        compressor.compress(chunk) for _ in range(64)
    )
    (folder / "bomb.txt.gz").write_bytes(data + compressor.flush())
    return expect(
        "64 MB of text in 64 KB of gzip",
        folder / "bomb.txt.gz",
        rejects=rejected("file too large", "read"),
    )


def case_truncated_gzip(folder: Path) -> HostileCase:
    data = gz_story("Truncated gzip")
    (folder / "cut.txt.gz").write_bytes(data[: len(data) // 2])
    return expect(
        "a gzip cut in half", folder / "cut.txt.gz", rejects=rejected("truncated gzip file", "read")
    )


def case_fake_gzip(folder: Path) -> HostileCase:
    (folder / "fake.txt.gz").write_bytes(b"this is not gzip at all")
    return expect(
        "a .gz that is not gzip",
        folder / "fake.txt.gz",
        rejects=rejected("not a gzip file", "read"),
    )


def case_corrupt_gzip(folder: Path) -> HostileCase:
    data = bytearray(gz_story("Corrupt gzip " + article_text("corrupt", 200)))
    for offset in range(20, len(data) - 12, 7):
        data[offset] ^= 0x55
    (folder / "corrupt.txt.gz").write_bytes(bytes(data))
    return expect(
        "a gzip with damaged deflate data",
        folder / "corrupt.txt.gz",
        rejects=rejected("corrupt gzip file", "read"),
    )


def case_multi_member_gzip(folder: Path) -> HostileCase:
    first = gzip.compress(f"Two gzip members\n\n{article_text('first member')}\n\n".encode())
    second = gzip.compress(f"{article_text('second member')} SECOND-MEMBER-END.\n".encode())
    (folder / "members.txt.gz").write_bytes(first + second)
    return expect(
        "cat a.gz b.gz: both members are the file",
        folder / "members.txt.gz",
        articles=1,
        body_contains=("SECOND-MEMBER-END.",),
    )


def case_gzip_trailing_garbage(folder: Path) -> HostileCase:
    (folder / "garbage.txt.gz").write_bytes(gz_story("Gzip with garbage after it") + b"JUNK" * 10)
    return expect(
        "gzip followed by 40 bytes of junk",
        folder / "garbage.txt.gz",
        articles=1,
        warnings=("file: 40 bytes of trailing data after the gzip stream ignored",),
    )


def case_gzip_zero_padding(folder: Path) -> HostileCase:
    (folder / "padded.txt.gz").write_bytes(gz_story("Gzip padded with zeros") + bytes(512))
    return expect("gzip padded with zero bytes", folder / "padded.txt.gz", articles=1)


def case_gzip_second_member_truncated(folder: Path) -> HostileCase:
    second = gz_story("Second member")
    (folder / "half.txt.gz").write_bytes(gz_story("First member") + second[: len(second) // 2])
    return expect(
        "a good member, then a cut one",
        folder / "half.txt.gz",
        rejects=rejected("truncated gzip file", "read"),
    )


def case_gzip_of_binary(folder: Path) -> HostileCase:
    (folder / "image.txt.gz").write_bytes(
        gzip.compress(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    )
    return expect(
        "a PNG, gzipped, named .txt.gz",
        folder / "image.txt.gz",
        rejects=rejected("binary file, not text", "decode"),
    )


GZIP_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
