from __future__ import annotations

import os
from pathlib import Path

from settings import Settings
from tasks.pickup import newsflow_own_paths, plan_pickup
from tasks.wrappers.file_batch import ingest_and_stage_file_batch
from tests.support.files import GOOD_BODY, write_text_article


def _age(path: Path, seconds: float) -> None:
    moment = path.stat().st_mtime - seconds
    os.utime(path, (moment, moment))


def test_partial_and_hidden_files_and_own_folders_are_not_taken(tmp_path: Path) -> None:
    for name in (
        "a.txt",
        ".hidden.txt",
        "b.txt.tmp",
        "c.part",
        "d.crdownload",
        "processed/e.txt",
        ".git/f.txt",
    ):
        write_text_article(tmp_path / name, "T", [GOOD_BODY])
    plan = plan_pickup([tmp_path], {}, settle_seconds=0, own_paths=[tmp_path / "processed"])
    assert [Path(c.info.path).name for c in plan.candidates] == ["a.txt"]


def test_a_folder_named_like_newsflows_own_is_read_when_it_is_not_newsflows(
    tmp_path: Path,
) -> None:
    data = tmp_path / "data"
    for name in ("staging/a.txt", "processed/b.txt", "rejected/c.txt"):
        write_text_article(tmp_path / "inbox" / name, "T", [GOOD_BODY])
        write_text_article(data / name, "T", [GOOD_BODY])
    own = newsflow_own_paths(Settings(data_dir=data))
    plan = plan_pickup([tmp_path], {}, settle_seconds=0, own_paths=own)
    taken = sorted(str(Path(c.info.path).relative_to(tmp_path)) for c in plan.candidates)
    assert taken == ["inbox/processed/b.txt", "inbox/rejected/c.txt", "inbox/staging/a.txt"]
    assert plan.rejects == []


def test_source_is_the_first_sub_folder(tmp_path: Path) -> None:
    write_text_article(tmp_path / "wire" / "2026" / "a.txt", "T", [GOOD_BODY])
    write_text_article(tmp_path / "top.txt", "T", [GOOD_BODY])
    sources = {
        Path(c.info.path).name: c.source
        for c in plan_pickup([tmp_path], {}, settle_seconds=0).candidates
    }
    assert sources == {"a.txt": "wire", "top.txt": None}


def test_unchanged_files_in_the_ledger_are_skipped_changed_ones_taken(tmp_path: Path) -> None:
    same = write_text_article(tmp_path / "same.txt", "T", [GOOD_BODY])
    changed = write_text_article(tmp_path / "changed.txt", "T", [GOOD_BODY])
    stat = same.stat()
    ledger = {str(same): (stat.st_size, stat.st_mtime_ns), str(changed): (1, 1)}
    plan = plan_pickup([tmp_path], ledger, settle_seconds=0)
    assert plan.unchanged == 1
    assert [Path(c.info.path).name for c in plan.candidates] == ["changed.txt"]


def test_a_file_still_being_written_waits_for_the_next_run(tmp_path: Path) -> None:
    settled = write_text_article(tmp_path / "settled.txt", "T", [GOOD_BODY])
    _age(settled, 60)
    growing = write_text_article(tmp_path / "growing.txt", "T", [GOOD_BODY])
    waits: list[float] = []

    def append_while_waiting(seconds: float) -> None:
        waits.append(seconds)
        with growing.open("a") as handle:
            handle.write("\n\nmore text arriving")

    plan = plan_pickup([tmp_path], {}, settle_seconds=2, sleep=append_while_waiting)
    assert len(waits) == 1 and 0 < waits[0] <= 2
    assert plan.still_being_written == 1
    assert [Path(c.info.path).name for c in plan.candidates] == ["settled.txt"]


def test_a_young_file_that_does_not_change_is_taken_after_the_wait(tmp_path: Path) -> None:
    write_text_article(tmp_path / "fresh.txt", "T", [GOOD_BODY])
    plan = plan_pickup([tmp_path], {}, settle_seconds=0.2)
    assert plan.still_being_written == 0 and len(plan.candidates) == 1


def test_a_file_deleted_between_listing_and_reading_is_rejected(
    tmp_path: Path, settings: Settings
) -> None:
    keep = write_text_article(tmp_path / "in" / "keep.txt", "Keep", [GOOD_BODY])
    gone = write_text_article(tmp_path / "in" / "gone.txt", "Gone", [GOOD_BODY + " gone"])
    plan = plan_pickup([tmp_path / "in"], {}, settle_seconds=0)
    gone.unlink()
    outcome = ingest_and_stage_file_batch(plan.candidates, settings=settings, run_id="r")
    assert (outcome.articles, outcome.rejects) == (1, 1)
    assert keep.exists()


def test_a_dangling_link_is_rejected_and_a_link_to_a_file_is_read(tmp_path: Path) -> None:
    target = write_text_article(tmp_path / "elsewhere" / "real.txt", "T", [GOOD_BODY])
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    os.symlink(target, inbox / "link.txt")
    os.symlink(tmp_path / "missing.txt", inbox / "dangling.txt")
    plan = plan_pickup([inbox], {}, settle_seconds=0)
    assert [Path(c.info.path).name for c in plan.candidates] == ["link.txt"]
    assert [(Path(r.input).name, r.reason) for r in plan.rejects] == [
        ("dangling.txt", "broken symbolic link")
    ]


def test_a_tree_deeper_than_the_recursion_limit_is_walked(tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    deep = str(folder)
    for _ in range(1_500):  # one level at a time: pathlib's mkdir(parents=True) recurses
        deep += "/d"
        os.makedirs(deep[: deep.rfind("/")], exist_ok=True)
    os.mkdir(deep)
    with open(deep + "/deep.txt", "w") as handle:
        handle.write(f"Deep\n\n{GOOD_BODY}")
    try:
        plan = plan_pickup([folder], {}, settle_seconds=0)
        assert [Path(c.info.path).name for c in plan.candidates] == ["deep.txt"]
        assert plan.candidates[0].source == "d"
    finally:  # bottom up: pytest's own clean-up (shutil.rmtree) recurses per level too
        os.remove(deep + "/deep.txt")
        while deep != str(folder):
            os.rmdir(deep)
            deep = deep[: deep.rfind("/")]


def test_special_files_and_folder_links_are_rejected_with_their_source(tmp_path: Path) -> None:
    wire = tmp_path / "inbox" / "wire"
    wire.mkdir(parents=True)
    os.mkfifo(wire / "pipe.txt")
    os.symlink("/dev/null", wire / "null.txt")
    os.symlink(tmp_path, wire / "up")
    plan = plan_pickup([tmp_path / "inbox"], {}, settle_seconds=0)
    assert plan.candidates == []
    assert [(Path(r.input).name, r.reason, r.stage, r.source) for r in plan.rejects] == [
        ("null.txt", "not a regular file", "read", "wire"),
        ("pipe.txt", "not a regular file", "read", "wire"),
        ("up", "symbolic link to a folder, not followed", "read", "wire"),
    ]


def test_names_that_are_not_utf8_are_shown_escaped_and_found_in_the_ledger(
    tmp_path: Path,
) -> None:
    inbox = tmp_path / "inbox"
    source = Path(os.fsdecode(os.fsencode(inbox) + b"/src-\xff"))
    path = write_text_article(
        Path(os.fsdecode(os.fsencode(source) + b"/a\xe9.txt")), "T", [GOOD_BODY]
    )
    [candidate] = plan_pickup([inbox], {}, settle_seconds=0).candidates
    assert candidate.source == "src-\\xff"
    assert candidate.info.path == str(path)  # what open() takes
    stat = path.stat()
    ledger = {f"{inbox}/src-\\xff/a\\xe9.txt": (stat.st_size, stat.st_mtime_ns)}
    assert plan_pickup([inbox], ledger, settle_seconds=0).unchanged == 1


def test_a_root_that_does_not_exist_is_a_reject(tmp_path: Path) -> None:
    plan = plan_pickup([tmp_path / "nowhere"], {}, settle_seconds=0)
    assert [(r.reason, r.stage) for r in plan.rejects] == [("path not found", "read")]


def test_a_file_stamped_in_the_future_is_watched_for_settle_seconds_only(tmp_path: Path) -> None:
    path = write_text_article(tmp_path / "future.txt", "T", [GOOD_BODY])
    year_2100 = 4_102_444_800
    os.utime(path, (year_2100, year_2100))
    waits: list[float] = []
    plan = plan_pickup([tmp_path], {}, settle_seconds=2, sleep=waits.append)
    assert waits == [2] and [Path(c.info.path).name for c in plan.candidates] == ["future.txt"]
    plan = plan_pickup([tmp_path], {}, settle_seconds=0, sleep=waits.append)
    assert waits[-1] == 0 and len(plan.candidates) == 1


def test_a_ledger_check_is_asked_once_about_every_listed_file(tmp_path: Path) -> None:
    for name in ("a.txt", "b.txt", "wire/c.txt"):
        write_text_article(tmp_path / name, "T", [GOOD_BODY])
    os.symlink(tmp_path / "missing.txt", tmp_path / "dangling.txt")
    asked: list[list[str]] = []

    def check(paths: list[str], sizes: list[int], mtimes: list[int]) -> list[bool]:
        asked.append([Path(p).name for p in paths])
        return [Path(p).name in ("b.txt", "dangling.txt") for p in paths]

    plan = plan_pickup([tmp_path], check, settle_seconds=0)
    assert [sorted(names) for names in asked] == [["a.txt", "b.txt", "c.txt", "dangling.txt"]]
    assert [Path(c.info.path).name for c in plan.candidates] == ["a.txt", "c.txt"]
    assert plan.unchanged == 2 and plan.rejects == []
