"""Benchmark: HTML pages to warehouse rows, newsflow against the trafilatura script (issue 16.1).

Copies every dev extraction page (``../shared/eval/extraction/*/pages/*.html.gz``) into a temp
inbox, then runs, as whole commands in the same run and timed by wall clock:

- ``bench/ingest_html_peer.py``: ``multiprocessing.Pool(os.cpu_count())`` of
  ``trafilatura.bare_extraction(html, with_metadata=True)``, one DuckDB insert, exact dedup;
- ``newsflow ingest INBOX`` on an empty warehouse (default settings, fresh temp data dir).

A fresh data directory has no Prefect database: newsflow copies the template of the installed
Prefect version from its cache directory (``flows.prefect_template``), which the first run of
that version on the machine saves after paying Prefect's migrations (~5.5 s CPU). The bench
says which of the two its run did; ``--cold-prefect`` gives newsflow an empty cache directory,
so that it measures that first run.

    .venv/bin/python bench/ingest_html.py [--limit N] [--timeline SECONDS] [--no-peer]

``--timeline 2`` also prints, per 2 s of wall time, the CPU (in cores) of newsflow's flow
process, its parse workers and the rest of its tree, and how many of each were runnable (on a
CPU or waiting for one): where the wall time goes, also on a loaded machine.

Peak RSS is the largest sum over the command's process tree, sampled every 50 ms; CPU is the
tree's user+system seconds (each process's last sample). newsflow's CPU ms per page by stage
comes from ``newsflow ingest --timings`` (``tasks.stage_times``: flow process and workers);
what no stage claims (start-up, imports, Prefect, the summary) is the rest of the tree's CPU.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import psutil

from flows.prefect_template import template_file
from settings import Settings

ROOT = Path(__file__).resolve().parents[1]
_EVAL = Path("shared") / "eval" / "extraction"
# Next to the checkout (../shared), or further up for a git worktree in a sub-folder.
DEFAULT_DATA = next((p / _EVAL for p in ROOT.parents if (p / _EVAL).is_dir()), ROOT.parent / _EVAL)


def fill_inbox(data: Path, inbox: Path, limit: int | None) -> int:
    pages = (
        sorted(data.glob("*/pages/*.html.gz"))[:limit]
        if limit
        else sorted(data.glob("*/pages/*.html.gz"))
    )
    inbox.mkdir(parents=True)
    for page in pages:
        # Page ids repeat across sets, so the set name goes into the file name.
        shutil.copyfile(page, inbox / f"{page.parent.parent.name}__{page.name}")
    return len(pages)


_TIMING_ROW = re.compile(
    r"^[│|]\s*([a-z][a-z ]*?)\s*[│|]\s*([\d.]+)\s*[│|]\s*([\d.]+)\s*[│|]", re.M
)


@dataclass
class Run:
    wall: float
    peak_rss: int
    cpu: float
    output: str
    # (seconds since start, role, pid, CPU seconds so far, runnable) per process per sample;
    # role is "main" (the command's process), "worker" (a parse worker) or "other"
    samples: list[tuple[float, str, int, float, bool]] = field(default_factory=list)


def run_timed(command: list[str], env: dict[str, str]) -> Run:
    """Wall seconds, peak RSS bytes and CPU seconds of the process tree, and the output."""
    # The output goes to a file: a pipe read only at the end fills up (64 kB of Prefect's log
    # lines) and the command blocks on its last print, the clock still running.
    with tempfile.TemporaryFile() as sink:
        start = time.perf_counter()
        process = psutil.Popen(command, env=env, stdout=sink, stderr=subprocess.STDOUT)
        peak, cpu, samples = _watch(process, start)
        wall = time.perf_counter() - start
        sink.seek(0)
        output = sink.read().decode(errors="replace")
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({process.returncode}):\n{output[-3000:]}")
    return Run(wall, peak, sum(cpu.values()), output, samples)


def _watch(
    process: psutil.Popen, start: float
) -> tuple[int, dict[int, float], list[tuple[float, str, int, float, bool]]]:
    """Sample the process tree every 50 ms until the process ends."""
    peak = 0
    cpu: dict[int, float] = {}  # pid -> last CPU seconds seen
    roles: dict[int, str] = {process.pid: "main"}
    samples: list[tuple[float, str, int, float, bool]] = []
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            now = time.perf_counter() - start
            for p in tree:
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
                if p.pid not in roles:
                    roles[p.pid] = "worker" if "tasks.worker_process" in p.cmdline() else "other"
                runnable = p.status() == psutil.STATUS_RUNNING
                samples.append((now, roles[p.pid], p.pid, cpu[p.pid], runnable))
        except psutil.Error:
            pass
        time.sleep(0.05)
    return peak, cpu, samples


_ROLES = ("main", "worker", "other")


def timeline(run: Run, step: float) -> list[tuple[float, list[float], list[float]]]:
    """Per ``step`` seconds of wall time: its start, the CPU of the main process, of all parse
    workers and of the rest, in cores (1.0 = one core busy the whole step), and how many of
    each were runnable (on a CPU or waiting for one: on a loaded machine a process can want a
    core and not get it), averaged over the samples."""
    last: dict[int, float] = {}
    cpu: dict[int, list[float]] = {}
    wanting: dict[int, list[float]] = {}
    sampled: dict[int, set[float]] = {}
    for at, role, pid, seconds, runnable in run.samples:
        index = int(at // step)
        cpu.setdefault(index, [0.0] * 3)[_ROLES.index(role)] += seconds - last.get(pid, 0.0)
        last[pid] = seconds
        wanting.setdefault(index, [0.0] * 3)[_ROLES.index(role)] += runnable
        sampled.setdefault(index, set()).add(at)
    return [
        (
            index * step,
            [value / step for value in cpu.get(index, [0.0] * 3)],
            [
                value / max(len(sampled.get(index, ())), 1)
                for value in wanting.get(index, [0.0] * 3)
            ],
        )
        for index in range(int(run.wall // step) + 1)
    ]


def print_timeline(run: Run, step: float) -> None:
    rows = timeline(run, step)
    print(
        f"newsflow timeline per {step:g} s: CPU in cores, and runnable processes (R), of the"
        " flow process (main), the parse workers and the rest"
    )
    print("     t  main R   workers R    other R")
    for start, cores, runnable in rows:
        bar = "#" * round(runnable[1] * 5) + "." * round(runnable[0] * 5)
        print(
            f"{start:6.1f} {cores[0]:4.2f} {runnable[0]:3.1f} {cores[1]:5.2f} {runnable[1]:3.1f}"
            f"  {cores[2]:5.2f} {runnable[2]:3.1f}  {bar}"
        )
    busy = [r for r in rows if r[2][1] > 0.05]
    first = busy[0][0] if busy else run.wall
    end = busy[-1][0] + step if busy else run.wall
    within = [r for r in rows if first <= r[0] < end]
    print(
        f"timeline: {run.wall:.1f} s wall: {first:.1f} s before the first parse, parsing "
        f"{first:.1f}-{end:.1f} s with {sum(r[2][1] for r in within) / max(len(within), 1):.2f}"
        f" workers runnable on average (main {sum(r[2][0] for r in within) / max(len(within), 1):.2f}),"
        f" {run.wall - end:.1f} s after the last parse"
    )


def stage_ms(output: str, pages: int) -> dict[str, float]:
    """CPU ms per page of each stage, from the ``--timings`` table of ``newsflow ingest``."""
    table = output[output.find("CPU time by stage") :]
    return {m[1]: 1000 * float(m[2]) / pages for m in _TIMING_ROW.finditer(table)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument(
        "--timeline", type=float, default=0, metavar="SECONDS",
        help="also print newsflow's CPU use per SECONDS of wall time: flow process, workers",
    )  # fmt: skip
    parser.add_argument(
        "--cold-prefect", action="store_true",
        help="newsflow with an empty cache directory: it migrates Prefect's database itself",
    )  # fmt: skip
    parser.add_argument(
        "--no-peer", action="store_true",
        help="newsflow only (to iterate on it): no trafilatura run, no ratio",
    )  # fmt: skip
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsflow-ingest-html-"))
    try:
        inbox = work / "inbox"
        count = fill_inbox(args.data, inbox, args.limit)
        env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
        python = sys.executable
        peer = (
            None
            if args.no_peer
            else run_timed(
                [
                    python,
                    str(ROOT / "bench" / "ingest_html_peer.py"),
                    str(inbox),
                    str(work / "peer.duckdb"),
                ],
                env,
            )
        )
        env_nf = dict(env, NEWSFLOW_DATA_DIR=str(work / "data"), COLUMNS="160")
        if args.cold_prefect:
            env_nf["NEWSFLOW_CACHE_DIR"] = str(work / "cache")
        cache_dir = Path(env_nf.get("NEWSFLOW_CACHE_DIR") or Settings().cache_dir)
        had_template = template_file(cache_dir).is_file()
        nf = run_timed(
            [str(Path(python).parent / "newsflow"), "ingest", "--timings", str(inbox)], env_nf
        )
        nf_wall, nf_rss, nf_cpu, nf_out = nf.wall, nf.peak_rss, nf.cpu, nf.output
        if args.timeline:
            print_timeline(nf, args.timeline)
        if peer is not None:
            print(peer.output.strip().splitlines()[-1] if peer.output.strip() else "peer: (none)")
        summary = nf_out[nf_out.find("newsflow ingest") : nf_out.find("by source")]
        print("newsflow ingest summary:", summary.strip(), sep="\n")
        nf_rate = count / nf_wall
        print(f"pages: {count}")
        print(
            "newsflow's Prefect database: "
            + (
                f"copied from the template in {cache_dir}"
                if had_template
                else "migrated by this run (the first of this Prefect version here)"
            )
        )
        if peer is not None:
            print(
                f"trafilatura-pool: {peer.wall:.1f} s wall, {count / peer.wall:.1f} pages/s, "
                f"CPU {1000 * peer.cpu / count:.1f} ms/page, "
                f"peak RSS {peer.peak_rss / 2**20:.0f} MiB"
            )
        print(
            f"newsflow ingest:  {nf_wall:.1f} s wall, {nf_rate:.1f} pages/s, "
            f"CPU {1000 * nf_cpu / count:.1f} ms/page, peak RSS {nf_rss / 2**20:.0f} MiB"
        )
        stages = stage_ms(nf_out, count)
        staged = stages.pop("total", sum(stages.values()))
        print("newsflow CPU ms/page by stage (flow process and workers):")
        for stage, ms in stages.items():
            print(f"  {stage:<14} {ms:7.2f}")
        print(
            f"  {'(no stage)':<14} {1000 * nf_cpu / count - staged:7.2f}  start-up, Prefect, rest"
        )
        if peer is None:
            return
        peer_rate = count / peer.wall
        ratio = nf_rate / peer_rate
        print(
            f"ingest_html: newsflow {nf_rate:.1f} pages/s vs trafilatura-pool {peer_rate:.1f} pages/s"
            f" = {ratio:.2f}× (target >= 1.5x)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
