"""The order of a pickup's work: path order, batches that never span a staged batch's place."""

from __future__ import annotations

from tasks.ingest_order import ParseBatch, StagedBatchRef, order_work
from tasks.models import FileInfo
from tasks.pickup import Candidate


def _candidates(*names: str, size: int = 10) -> list[Candidate]:
    return [Candidate(FileInfo(f"/in/{n}", size, 1), "/in", None) for n in names]


def _shape(work: list) -> list:
    return [
        [c.info.path.rsplit("/", 1)[1] for c in item.candidates]
        if isinstance(item, ParseBatch)
        else item.path
        for item in work
    ]


def test_batches_follow_path_order_and_size() -> None:
    work = order_work(_candidates("a", "b", "c", "d", "e"), [], batch_size=2)
    assert _shape(work) == [["a", "b"], ["c", "d"], ["e"]]
    assert [item.seq for item in work if isinstance(item, ParseBatch)] == [1, 2, 3]


def test_a_staged_batch_takes_the_place_of_its_first_file() -> None:
    staged = [StagedBatchRef("/staging/x", "/in/c"), StagedBatchRef("/staging/y", "")]
    work = order_work(_candidates("a", "b", "d", "e", "f"), staged, batch_size=3)
    assert _shape(work) == ["/staging/y", ["a", "b"], "/staging/x", ["d", "e", "f"]]


def test_a_staged_batch_after_every_file_comes_last() -> None:
    work = order_work(_candidates("a"), [StagedBatchRef("/staging/z", "/in/zz")], batch_size=5)
    assert _shape(work) == [["a"], "/staging/z"]


def test_a_batch_ends_at_the_byte_budget_and_gzip_counts_more() -> None:
    plain = _candidates("a", "b", "c", size=40)
    assert _shape(order_work(plain, [], batch_size=10, max_batch_bytes=100)) == [
        ["a", "b"], ["c"],
    ]  # fmt: skip
    packed = _candidates("a.gz", "b.gz", size=10)
    assert _shape(order_work(packed, [], batch_size=10, max_batch_bytes=100)) == [
        ["a.gz"], ["b.gz"],
    ]  # fmt: skip
    huge = _candidates("big", size=1000)
    assert _shape(order_work(huge, [], batch_size=10, max_batch_bytes=100)) == [["big"]]


def test_one_small_batch_is_parsed_here_and_more_work_in_worker_processes() -> None:
    from tasks.ingest_order import SMALL_RUN_BYTES, needs_worker_processes

    one_file = order_work(_candidates("a.txt", size=2_000), [], batch_size=10)
    assert not needs_worker_processes(one_file)
    assert not needs_worker_processes([])
    two_batches = order_work(_candidates("a.txt", "b.txt", size=2_000), [], batch_size=1)
    assert needs_worker_processes(two_batches)
    big = order_work(_candidates("a.txt", size=SMALL_RUN_BYTES + 1), [], batch_size=10)
    assert needs_worker_processes(big)
    # compressed input counts at what it may weigh once read
    gzipped = order_work(_candidates("a.txt.gz", size=SMALL_RUN_BYTES // 4), [], batch_size=10)
    assert needs_worker_processes(gzipped)
    staged_only = [StagedBatchRef("/staging/b1", "a.txt")]
    assert not needs_worker_processes(staged_only)


def test_many_small_files_are_cut_by_parsing_time_and_the_last_batches_shrink() -> None:
    names = [f"{i:04}.html" for i in range(600)]
    work = order_work(_candidates(*names, size=1_000), [], batch_size=500, max_batch_bytes=16 << 20)
    sizes = [len(item.candidates) for item in work if isinstance(item, ParseBatch)]
    assert sum(sizes) == 600
    assert max(sizes) < 500  # a file's own work counts, not only its bytes
    assert sizes[-1] < sizes[0] and sizes == sorted(sizes, reverse=True)
    assert _shape(work) == _shape(order_work(_candidates(*names, size=1_000), [], 500, 16 << 20))
    assert [c for item in work for c in _shape([item])[0]] == names  # still in path order
