"""CPU time per stage: nested stages count exclusively, a worker's call keeps its own tally."""

from __future__ import annotations

import pytest

from tasks import stage_times
from tasks.stage_times import collecting, since, snapshot, timed


class _Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> _Clock:
    fake = _Clock()
    monkeypatch.setattr(stage_times, "_clock", fake)
    return fake


def test_an_inner_stage_pauses_the_outer_one(clock: _Clock) -> None:
    with collecting() as seconds, timed("staging"):
        clock.now += 1.0
        with timed("parse"):
            clock.now += 2.0
            with timed("extract"):
                clock.now += 4.0
            clock.now += 8.0
        clock.now += 16.0
    assert seconds == {"staging": 17.0, "parse": 10.0, "extract": 4.0}


def test_a_collected_call_leaves_the_process_tally_alone_until_added(clock: _Clock) -> None:
    before = snapshot()
    with collecting() as seconds, timed("load"):
        clock.now += 3.0
    assert since(before).get("load", 0.0) == 0.0
    stage_times.add(seconds)
    with timed("search index"):
        clock.now += 0.5
    assert {k: v for k, v in since(before).items() if v} == {"load": 3.0, "search index": 0.5}


def test_since_lists_the_stages_in_pipeline_order(clock: _Clock) -> None:
    before = snapshot()
    for stage in ("load", "read", "own stage", "parse"):
        with timed(stage):
            clock.now += 1.0
    assert [stage for stage, value in since(before).items() if value] == [
        "read",
        "parse",
        "load",
        "own stage",
    ]
