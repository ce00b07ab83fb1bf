"""CPU-bound steps run in worker processes: same result, another process, errors come back."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tasks.workers import (
    map_in_workers,
    run_in_worker,
    start_workers,
    stop_idle_workers,
    stop_workers,
)


def _fail(message: str) -> None:
    raise ValueError(message)


def test_a_function_runs_in_another_process_and_its_result_comes_back() -> None:
    assert run_in_worker(os.getpid, processes=2) != os.getpid()
    assert run_in_worker(divmod, 7, 2, processes=2) == (3, 1)


def test_one_process_means_this_one() -> None:
    assert run_in_worker(os.getpid, processes=1) == os.getpid()


def test_an_error_in_the_worker_is_raised_here() -> None:
    with pytest.raises(ValueError, match="bad input"):
        run_in_worker(_fail, "bad input", processes=2)


def _die_unless_in(pid: int) -> str:
    if os.getpid() != pid:
        os._exit(3)
    return "ran here"


def _chatty(text: str) -> str:
    print("a worker's print goes to stderr, not into the answers")
    return text.upper()


def test_a_worker_that_dies_is_replaced_and_its_call_runs_here(
    caplog: pytest.LogCaptureFixture,
) -> None:
    with caplog.at_level("WARNING", logger="tasks.workers"):
        assert run_in_worker(_die_unless_in, os.getpid(), processes=2) == "ran here"
    assert "ended" in caplog.text
    assert [run_in_worker(os.getpid, processes=2) != os.getpid() for _ in range(3)] == [True] * 3


def test_what_the_function_prints_does_not_disturb_the_answers() -> None:
    assert map_in_workers(_chatty, ["a", "b", "c"], processes=2) == ["A", "B", "C"]


_kept: list[bytes] = []


def _resident_bytes() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def _pid_and_resident() -> tuple[int, int]:
    return os.getpid(), _resident_bytes()


def _churn(megabytes: int) -> tuple[int, int]:
    """Allocate and free ``megabytes`` in 2 KB blocks (glibc's heap, not Python's own arenas),
    keeping one block in 64 so that the heap cannot simply shrink from its top; return the
    resident size right after."""
    blocks = [os.urandom(16) * 128 for _ in range(megabytes * 512)]
    _kept.extend(blocks[::64])
    del blocks
    return _pid_and_resident()


@pytest.mark.skipif(not os.path.exists("/proc/self/statm"), reason="Linux only")
def test_a_worker_gives_the_heap_a_call_freed_back_before_the_next_call() -> None:
    worker, churned = run_in_worker(_churn, 200, processes=2)
    after = [run_in_worker(_pid_and_resident, processes=2) for _ in range(6)]
    [resident, *_] = [size for pid, size in after if pid == worker]  # the same worker, later
    assert resident < churned - 100 * 2**20


def _loaded(module: str) -> bool:
    import sys

    return module in sys.modules


def test_workers_started_ahead_import_what_they_are_told_before_their_first_call() -> None:
    start_workers(3, preload=("tasks.extract.language:load_model", "no_such_module_here"))
    # a failed preload is only printed: the worker serves its calls
    assert run_in_worker(_loaded, "py3langid.langid", processes=3)


def test_stopped_workers_exit_and_a_later_call_starts_new_ones() -> None:
    import psutil

    first = run_in_worker(os.getpid, processes=2)
    assert psutil.pid_exists(first)
    stop_workers()
    assert not psutil.pid_exists(first) or psutil.Process(first).status() == psutil.STATUS_ZOMBIE
    second = run_in_worker(os.getpid, processes=2)
    assert second not in (first, os.getpid())
    stop_workers()
    stop_workers()  # nothing left to stop


def _pid_once_released(release: str) -> int:
    """This worker's pid, once the file ``release`` exists (the test holds the call until then)."""
    import time

    while not Path(release).exists():
        time.sleep(0.01)
    return os.getpid()


def test_workers_in_use_are_not_stopped_as_idle(tmp_path: Path) -> None:
    import threading
    import time

    import psutil

    release = tmp_path / "release"
    answers: list[int] = []
    caller = threading.Thread(
        target=lambda: answers.append(run_in_worker(_pid_once_released, str(release), processes=2))
    )
    caller.start()
    try:
        deadline = time.monotonic() + 120  # a hang would be a failure, not a slow machine
        while not _in_flight():  # the call has reached the pool
            assert time.monotonic() < deadline
            time.sleep(0.01)
        assert stop_idle_workers() is False
    finally:
        release.touch()
        caller.join()
    [worker] = answers
    assert worker != os.getpid()  # answered by the worker, not by a fallback in this process
    assert psutil.pid_exists(worker)
    assert stop_idle_workers() is True
    assert not psutil.pid_exists(worker) or psutil.Process(worker).status() == psutil.STATUS_ZOMBIE


def _in_flight() -> int:
    import tasks.workers

    return tasks.workers._in_flight


def test_parse_workers_load_no_database_driver_until_a_batch_has_archives() -> None:
    from tasks.workers import PARSE_PRELOAD

    stop_workers()
    start_workers(2, preload=PARSE_PRELOAD)
    assert run_in_worker(_loaded, "py3langid.langid", processes=2)
    assert not run_in_worker(_loaded, "duckdb", processes=2)
    stop_workers()
