"""The machine's own speed during bench/scale.py, beside the rounds it times.

The first and last tenth of a long run are a quarter of an hour apart, and this machine's speed
moves in between: three runs on the same inputs measured 0.83, 0.70 and 0.69, and in the two low
ones parsing the same kind of files took 12-24 % longer in the last tenth, although parsing
reads nothing from the warehouse. So, before each round of the first and last tenth, the
benchmark times a fixed workload that does not depend on the warehouse: two processes at once
(one per core, as the round's two parse workers) each parse the same eval pages with
``tasks.parse_file``, warmed up first, started together. Its time in the last tenth over the
first is the machine's drift; the tenths ratio times that is the growth with the drift taken
out. Each round also records the machine's steal time and the CPU seconds of processes other
than the benchmark's (``/proc/stat``), which say where a slowdown came from.

    python bench/scale_machine.py PAGE...   # one calibration process: prints its JSON line
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

CALIBRATION_PAGES = 24
_PASSES = 2  # timed passes over the pages in each process, after one warm-up pass


def calibration_pages(eval_dir: Path, count: int = CALIBRATION_PAGES) -> list[Path]:
    """``count`` pages spread evenly over every eval set's pages in name order: the same pages
    in every run on the same eval data."""
    pages = sorted((eval_dir / "extraction").glob("*/pages/*.html.gz"))
    if not pages:
        raise FileNotFoundError(f"no eval pages under {eval_dir / 'extraction'}")
    step = len(pages) / min(count, len(pages))
    return [pages[int(i * step)] for i in range(min(count, len(pages)))]


def parse_seconds(pages: list[Path], processes: int = 2) -> float:
    """Wall seconds of the timed passes, the mean over ``processes`` processes run at once."""
    children = [
        subprocess.Popen(
            [sys.executable, __file__, *map(str, pages)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        for _ in range(processes)
    ]
    try:
        for child in children:  # each warmed up, then all started at once
            assert child.stdout is not None
            if child.stdout.readline().strip() != "ready":
                raise RuntimeError("calibration process failed before its passes")
        for child in children:
            assert child.stdin is not None
            child.stdin.write("go\n")
            child.stdin.flush()
        walls = [json.loads(child.communicate()[0].strip())["wall"] for child in children]
    finally:
        for child in children:
            if child.poll() is None:
                child.kill()
                child.wait()
    return float(statistics.mean(walls))


@dataclass(frozen=True)
class MachineTimes:
    """Whole-machine CPU seconds from ``/proc/stat``, summed over the CPUs."""

    busy: float  # user, nice, system, irq and softirq: every process's and the kernel's
    steal: float  # time the hypervisor ran something else on this machine's CPUs

    @classmethod
    def now(cls) -> MachineTimes:
        try:
            fields = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
        except OSError:
            return cls(0.0, 0.0)
        ticks = [int(value) for value in fields] + [0] * 8
        per_second = os.sysconf("SC_CLK_TCK")
        busy = ticks[0] + ticks[1] + ticks[2] + ticks[5] + ticks[6]
        return cls(busy / per_second, ticks[7] / per_second)

    def __sub__(self, other: MachineTimes) -> MachineTimes:
        return MachineTimes(self.busy - other.busy, self.steal - other.steal)


def drift(first: list[float], last: list[float]) -> float:
    """How many times longer the fixed parse took in the last tenth: median over median."""
    return statistics.median(last) / statistics.median(first)


def _calibrate(pages: list[Path]) -> None:
    from settings import Settings
    from tasks.parse_file import parse_file

    max_bytes = Settings().max_file_bytes  # as a default run parses
    for page in pages:  # warm-up: imports, the models, the pages in the page cache
        parse_file(page, source=None, max_bytes=max_bytes)
    print("ready", flush=True)
    sys.stdin.readline()
    began = time.perf_counter()
    for _ in range(_PASSES):
        for page in pages:
            parse_file(page, source=None, max_bytes=max_bytes)
    print(json.dumps({"wall": time.perf_counter() - began}), flush=True)


if __name__ == "__main__":
    _calibrate([Path(arg) for arg in sys.argv[1:]])
