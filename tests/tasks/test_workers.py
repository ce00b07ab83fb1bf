"""CPU-bound steps run in worker processes: same result, another process, errors come back."""

from __future__ import annotations

import os

import pytest

from tasks.workers import run_in_worker


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
