"""Killing a real ``newsflow`` process at a chosen point, as ``kill -9`` or a power cut would.

The CLI runs in a child Python that first wraps one named function so that its ``nth`` call
sends SIGKILL to the process itself, before or after the call: no hook in newsflow's own code,
and the point is exact (a transaction open, a batch staged and not loaded …), not a guess by
timing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

BOOT = """
import importlib, itertools, os, signal, sys
module_name, name, nth, when = sys.argv[1:5]
sys.argv = ["newsflow", *sys.argv[5:]]
owner = importlib.import_module(module_name)
original = getattr(owner, name)
numbers = itertools.count(1)  # next() is atomic: threads calling at once each get their own
def wrapped(*args, **kwargs):
    number = next(numbers)
    if when == "before" and number == int(nth):
        os.kill(os.getpid(), signal.SIGKILL)
    result = original(*args, **kwargs)
    if when == "after" and number == int(nth):
        os.kill(os.getpid(), signal.SIGKILL)
    return result
setattr(owner, name, wrapped)
from newsflow.cli import main
main()
"""


@dataclass(frozen=True)
class KillPoint:
    module: str
    function: str
    nth: int = 1
    when: str = "after"

    def __str__(self) -> str:
        return f"{self.when} {self.module}.{self.function} #{self.nth}"


def run_newsflow_killed_at(
    point: KillPoint, args: Sequence[str], env: Mapping[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    """Run ``newsflow *args`` until ``point`` kills it (or it ends)."""
    command = [sys.executable, "-c", BOOT, point.module, point.function, str(point.nth),
               point.when, *args]  # fmt: skip
    return subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout
    )


def run_newsflow(
    args: Sequence[str], env: Mapping[str, str], timeout: float = 600
) -> subprocess.CompletedProcess[str]:
    command = [sys.executable, "-c", "from newsflow.cli import main; main()", *args]
    return subprocess.run(
        command, env={**os.environ, **env}, capture_output=True, text=True, timeout=timeout
    )
