"""bench/scale_probe.py: the probe rounds run on copies of each state at the data folder's own
path, in alternating order, and leave the data folder as the run left it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from bench.scale_probe import ProbeRound, copy_state, growth_ratio, paired_probes, step_ratios


def _state(data: Path, warehouse: str, inbox_files: list[str]) -> None:
    (data / "inbox" / "desk").mkdir(parents=True, exist_ok=True)
    (data / "staging").mkdir(exist_ok=True)
    (data / "newsflow.duckdb").write_text(warehouse)
    for name in inbox_files:
        (data / "inbox" / "desk" / name).write_text(name)


def test_a_copy_links_the_inbox_and_copies_the_rest(tmp_path: Path) -> None:
    data = tmp_path / "data"
    _state(data, "early", ["a.json"])
    copy_state(data, data / "inbox", tmp_path / "early")
    copied = tmp_path / "early"
    inbox_file = data / "inbox" / "desk" / "a.json"
    assert (copied / "inbox" / "desk" / "a.json").stat().st_ino == inbox_file.stat().st_ino
    assert (copied / "newsflow.duckdb").stat().st_ino != (data / "newsflow.duckdb").stat().st_ino
    assert (copied / "newsflow.duckdb").read_text() == "early"
    assert (copied / "staging").is_dir()


def test_pairs_alternate_on_fresh_copies_at_the_data_folders_path(tmp_path: Path) -> None:
    data, early = tmp_path / "data", tmp_path / "early"
    _state(data, "early", ["a.json"])
    copy_state(data, data / "inbox", early)
    _state(data, "final", ["b.json", "c.json"])  # the rest of the run
    probe = tmp_path / "probe" / "desk"
    probe.mkdir(parents=True)
    (probe / "p.json").write_text("p")
    seen: list[tuple[str, list[str]]] = []

    def run() -> dict[str, Any]:
        warehouse = data / "newsflow.duckdb"
        inbox = sorted(p.name for p in (data / "inbox").rglob("*.json"))
        seen.append((warehouse.read_text(), inbox))
        warehouse.write_text("written by the round")  # a round changes its copy only
        return {"steps": {"parse": 1.0}, "new": 1}

    pairs = paired_probes(early, data, data / "inbox", tmp_path / "probe", run, pairs=3)

    order = [warehouse for warehouse, _ in seen]
    assert order == ["early", "final", "final", "early", "early", "final"]
    for warehouse, inbox in seen:
        expected = ["a.json", "p.json"] if warehouse == "early" else ["a.json", "b.json", "c.json", "p.json"]  # fmt: skip
        assert inbox == expected
    assert [(e.state, f.state) for e, f in pairs] == [("early", "final")] * 3
    assert all(r.inputs == 1 and r.new == 1 for pair in pairs for r in pair)
    # the data folder is the run's again, and nothing else is left beside it
    assert (data / "newsflow.duckdb").read_text() == "final"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["data", "early", "probe"]


def test_the_growth_ratio_is_the_median_pair() -> None:
    def pair(early_wall: float, final_wall: float) -> tuple[ProbeRound, ProbeRound]:
        return (
            ProbeRound("early", 100, 90, early_wall, {"dedup": early_wall / 2}),
            ProbeRound("final", 100, 90, final_wall, {"dedup": final_wall}),
        )

    pairs = [pair(10, 20), pair(10, 12.5), pair(10, 10)]
    assert growth_ratio(pairs) == pytest.approx(0.8)  # ratios 0.5, 0.8, 1.0
    assert step_ratios(pairs, ["dedup", "search"]) == {"dedup": pytest.approx(2.5)}  # 4, 2.5, 2
