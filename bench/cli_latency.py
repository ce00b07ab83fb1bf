"""Benchmark: wall time of `newsflow` commands run as processes, as a user types them.

    .venv/bin/python bench/cli_latency.py [--repeat 5]

In a temporary data directory: `newsflow --version`, `newsflow --help`, `newsflow sql "SELECT
1"`, and `newsflow ingest one-file.txt` (a fresh file each time, one line changed, so every run
does real work) first without a stack (Prefect's embedded API), then with `newsflow up`
running on a free 127.0.0.1 port (the bench starts it and stops it with `newsflow down`).
Each file is written at least ``settle_seconds`` (2 s) before its run, untimed: a file
younger than that is watched until it is that old (it may still be being written), which is
the pickup's rule and not the command's latency.
Each figure: median, min and max of ``--repeat`` runs.
"""

from __future__ import annotations

import argparse
import os
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

_SCRIPT = Path(sys.executable).parent / "newsflow"
NEWSFLOW = [str(_SCRIPT)] if _SCRIPT.exists() else [sys.executable, "-m", "newsflow.cli"]
ARTICLE = (
    "Harbour ferry timetable changes from Monday\n\n"
    "The harbour authority said on {day} that ferries will leave every twenty minutes "
    "during the morning rush, run number {n}, after complaints about crowded decks.\n"
)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def run(arguments: list[str], env: dict[str, str], cwd: Path) -> float:
    started = time.perf_counter()
    done = subprocess.run([*NEWSFLOW, *arguments], env=env, cwd=cwd, capture_output=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        output = (done.stdout + done.stderr).decode(errors="replace")[-2000:]
        raise SystemExit(f"`newsflow {' '.join(arguments)}` failed ({done.returncode}):\n{output}")
    return elapsed


def timed(repeat: int, once: Callable[[int], float]) -> list[float]:
    return [once(i) for i in range(repeat)]


SETTLE_SECONDS = 2.0  # the default ``settle_seconds``


def ingest_one_file(env: dict[str, str], cwd: Path, tag: str) -> Callable[[int], float]:
    def once(i: int) -> float:
        path = cwd / f"{tag}-{i}.txt"
        path.write_text(ARTICLE.format(day=tag, n=i), "utf-8")
        time.sleep(SETTLE_SECONDS + 0.1)  # untimed: a file younger than this is watched
        return run(["ingest", str(path)], env, cwd)

    return once


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cli-latency-") as tmp:
        work = Path(tmp)
        port = free_port()
        env = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(("PREFECT_", "NEWSFLOW_"))
        }
        env.update(
            NEWSFLOW_DATA_DIR=str(work / "data"),
            NEWSFLOW_PREFECT_PORT=str(port),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DO_NOT_TRACK="1",
        )
        # A first ingest creates the warehouse and Prefect's database: not timed.
        ingest_one_file(env, work, "warmup")(0)
        rows: dict[str, list[float]] = {}
        rows["--version"] = timed(args.repeat, lambda _: run(["--version"], env, work))
        rows["--help"] = timed(args.repeat, lambda _: run(["--help"], env, work))
        rows['sql "SELECT 1"'] = timed(args.repeat, lambda _: run(["sql", "SELECT 1"], env, work))
        rows["ingest one file, no stack"] = timed(args.repeat, ingest_one_file(env, work, "solo"))
        started = time.perf_counter()
        run(["up", "--no-deploy"], env, work)
        up_seconds = time.perf_counter() - started
        try:
            rows["ingest one file, stack up"] = timed(
                args.repeat, ingest_one_file(env, work, "stack")
            )
        finally:
            run(["down"], env, work)
        runner_log = work / "data" / "prefect" / "logs" / "runner.log"
        log = runner_log.read_text("utf-8") if runner_log.exists() else ""
        served = log.count("running `newsflow ingest")
    print(f"{'command':30} {'median':>8} {'min':>8} {'max':>8}   (s, {args.repeat} runs)")
    for name, times in rows.items():
        print(f"{name:30} {statistics.median(times):8.2f} {min(times):8.2f} {max(times):8.2f}")
    print(f"(`newsflow up --no-deploy` took {up_seconds:.1f} s, not counted)")
    print(f"stack runs forked by the stack's warm runner: {served} of {args.repeat}")
    with_stack = statistics.median(rows["ingest one file, stack up"])
    without = statistics.median(rows["ingest one file, no stack"])
    sql = statistics.median(rows['sql "SELECT 1"'])
    print(
        f"cli_latency: ingest-one-file {with_stack:.2f} s with stack, {without:.2f} s without, "
        f"sql {sql:.2f} s (target <= 2 s, <= 5 s, <= 0.5 s)"
    )


if __name__ == "__main__":
    main()
