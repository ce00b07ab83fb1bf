"""Every kind of hostile file input gives exactly its expected outcome, beside a good file."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tasks.parse_file import parse_file
from tests.support.hostile_files import (
    HostileCase,
    build_hostile_corpus,
    mismatches,
    observe_directly,
    observe_via_pickup,
)
from tests.support.storable import storable_problems


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[HostileCase]:
    return build_hostile_corpus(tmp_path_factory.mktemp("hostile"))


def test_the_corpus_has_at_least_sixty_kinds(corpus: list[HostileCase]) -> None:
    assert len(corpus) >= 60


def test_each_kind_through_parse_file_gives_its_exact_outcome(corpus: list[HostileCase]) -> None:
    failures = {}
    for case in corpus:
        if case.via_pickup_only:
            continue
        seen = observe_directly(case)
        problems = mismatches(case, seen)
        problems.extend(p for a in seen.articles for p in storable_problems(a))
        if problems:
            failures[case.kind] = problems
    assert failures == {}


def test_each_kind_through_the_pickup_gives_its_exact_outcome(corpus: list[HostileCase]) -> None:
    failures = {}
    for case in corpus:
        seen = observe_via_pickup(case)
        problems = mismatches(case, seen)
        problems.extend(p for a in seen.articles for p in storable_problems(a))
        if problems:
            failures[case.kind] = problems
    assert failures == {}


def test_a_special_file_is_refused_from_its_stat_without_being_opened(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tasks.read

    def no_open(*args: object, **kwargs: object) -> int:
        raise AssertionError("a special file was opened")

    monkeypatch.setattr(tasks.read.os, "open", no_open)
    os.mkfifo(tmp_path / "pipe.txt")
    os.symlink("/dev/zero", tmp_path / "zero.json")
    (tmp_path / "x.txt").mkdir()
    details = {}
    for name in ("pipe.txt", "zero.json", "x.txt"):
        [reject] = parse_file(tmp_path / name, source=None, max_bytes=1024).rejects
        assert (reject.reason, reject.stage) == ("not a regular file", "read")
        details[name] = reject.detail
    assert details == {
        "pipe.txt": "it is a FIFO (named pipe); not opened",
        "zero.json": "it is a symbolic link to a character device (/dev/zero); not opened",
        "x.txt": "it is a folder; not opened",
    }


def test_a_file_swapped_for_a_fifo_after_its_check_does_not_block(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tasks.read

    regular = tmp_path / "regular.txt"
    regular.write_text("Title\n\nBody text here.")
    os.mkfifo(tmp_path / "pipe.txt")
    real_stat = os.stat
    monkeypatch.setattr(
        tasks.read.os,
        "stat",
        lambda path, *a, **k: real_stat(regular if "pipe" in str(path) else path),
    )
    [reject] = parse_file(tmp_path / "pipe.txt", source=None, max_bytes=1024).rejects
    assert (reject.reason, reject.detail) == (
        "not a regular file",
        "it is a FIFO (named pipe); not opened",
    )
