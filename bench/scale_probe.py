"""The same round on the warehouse at two sizes, alternated: bench/scale.py's growth figure.

The first and last tenth of a long run are minutes apart, and this machine's speed drifts in
between (two runs of the same code measured 0.87 and 0.62, parsing alone 1.34x slower in the
last tenth of the second although it never reads the warehouse). So, besides that ratio, the
benchmark keeps a copy of the data folder after the first tenth and, once the last round is done,
runs one more round (``OUT/probe`` of bench/scale_corpus.py: files neither state has seen) on
a fresh copy of each state in turn: early, final, final, early, early, final... Both halves of a
pair run within a minute of each other on the same inputs, so their ratio moves with what grows
with the warehouse (its tables, the dedup index, the search index, the ledger, the inbox that
ledger mode lists) and hardly with the machine.

Each round runs on the data folder's own path (the ledger and the staging record paths under it:
a copy elsewhere would take every earlier file for a new one): the state is copied there, the
inbox's files as hard links (ledger mode never changes them), the rest as files, and flushed to
disk (``sync``) before the round starts, so no write-back of gigabytes just copied runs beside
the timed round.
"""

from __future__ import annotations

import os
import shutil
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

RunRound = Callable[[], dict[str, Any]]  # one round on the data folder: scale_round's result


@dataclass
class ProbeRound:
    state: str  # "early" or "final"
    inputs: int
    new: int  # articles the round added
    wall: float
    steps: dict[str, float] = field(default_factory=dict)

    @property
    def rate(self) -> float:
        return self.inputs / self.wall


def copy_state(data: Path, inbox: Path, to: Path) -> None:
    """Copy the data folder ``data`` to ``to``: the inbox as hard links, the rest as files."""
    to.mkdir(parents=True)
    for entry in data.iterdir():
        target = to / entry.name
        if entry == inbox:
            shutil.copytree(entry, target, copy_function=os.link)
        elif entry.is_dir():
            shutil.copytree(entry, target)
        else:
            shutil.copy2(entry, target)


def probe_round(
    name: str, state: Path, data: Path, inbox: Path, probe_inputs: Path, run: RunRound
) -> ProbeRound:
    """The probe round on a fresh copy of ``state`` put at ``data`` (whose inbox is ``inbox``)."""
    shutil.rmtree(data, ignore_errors=True)
    copy_state(state, state / inbox.relative_to(data), data)
    inputs = 0
    for source in sorted(probe_inputs.iterdir()):
        target = inbox / source.name / "round-probe"
        shutil.copytree(source, target, copy_function=os.link)
        inputs += sum(1 for _ in target.iterdir())
    os.sync()
    began = time.perf_counter()
    result = run()
    wall = time.perf_counter() - began
    return ProbeRound(name, inputs, int(result["new"]), wall, dict(result["steps"]))


def paired_probes(
    early: Path, data: Path, inbox: Path, probe_inputs: Path, run: RunRound, pairs: int = 3
) -> list[tuple[ProbeRound, ProbeRound]]:
    """``pairs`` (early, final) rounds, the order alternating from one pair to the next: the
    final state is the data folder as it is now (``data``, which is left as it was)."""
    final = data.with_name(data.name + "-final")
    os.rename(data, final)
    done: list[tuple[ProbeRound, ProbeRound]] = []
    try:
        for number in range(pairs):
            order = ("early", "final") if number % 2 == 0 else ("final", "early")
            rounds: dict[str, ProbeRound] = {}
            for name in order:
                state = early if name == "early" else final
                rounds[name] = probe_round(name, state, data, inbox, probe_inputs, run)
                print(f"probe pair {number + 1}/{pairs}, {name} warehouse: {rounds[name].inputs} "
                      f"files ({rounds[name].new} new) in {rounds[name].wall:.1f} s = {rounds[name].rate:.0f}/s", flush=True)  # fmt: skip
            done.append((rounds["early"], rounds["final"]))
    finally:
        shutil.rmtree(data, ignore_errors=True)
        os.rename(final, data)
    return done


def growth_ratio(pairs: list[tuple[ProbeRound, ProbeRound]]) -> float:
    """The median over pairs of the final warehouse's throughput over the early one's."""
    return statistics.median(final.rate / early.rate for early, final in pairs)


def step_ratios(pairs: list[tuple[ProbeRound, ProbeRound]], steps: list[str]) -> dict[str, float]:
    """Per step, the median over pairs of its busy seconds on the final over the early state."""
    ratios: dict[str, float] = {}
    for step in steps:
        per_pair = [
            final.steps.get(step, 0.0) / early.steps[step]
            for early, final in pairs
            if early.steps.get(step, 0.0) > 0
        ]
        if per_pair:
            ratios[step] = statistics.median(per_pair)
    return ratios
