"""Benchmark: HTML pages to warehouse rows, newsflow against the trafilatura script (issue 16.1).

Copies every dev extraction page (``../shared/eval/extraction/*/pages/*.html.gz``) into a temp
inbox, then runs, as whole commands in the same run and timed by wall clock:

- ``bench/ingest_html_peer.py``: ``multiprocessing.Pool(os.cpu_count())`` of
  ``trafilatura.bare_extraction(html, with_metadata=True)``, one DuckDB insert, exact dedup;
- ``newsflow ingest INBOX`` on an empty warehouse (default settings, fresh temp data dir).

Each runs ``--pairs`` times (3), alternating which of the two goes first, each on fresh output:
this machine's speed drifts over minutes (one single pair measured 1.49x, the next two 1.95x and
1.59x, every stage of newsflow 25 % slower in the first), and the two halves of a pair see about
the same machine. Each pair's rates are printed; the pair with the median ratio is reported in
full (stages, RSS, the last line).

A fresh data directory has no Prefect database: newsflow copies the template of the installed
Prefect version from its cache directory (``flows.prefect_template``), which the first run of
that version on the machine saves after paying Prefect's migrations (~5.5 s CPU). The bench
says which of the two its run did; ``--cold-prefect`` gives newsflow an empty cache directory,
so that it measures that first run.

    .venv/bin/python bench/ingest_html.py [--limit N] [--pairs 3] [--timeline SECONDS] [--no-peer]

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
    parser.add_argument(
        "--pairs", type=int, default=3,
        help="runs of each command, alternating which goes first; the pair with the median "
        "ratio is reported (the machine's speed drifts over minutes)",
    )  # fmt: skip
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsflow-ingest-html-"))
    try:
        inbox = work / "inbox"
        count = fill_inbox(args.data, inbox, args.limit)
        pairs = [_pair(number, inbox, work, args) for number in range(max(1, args.pairs))]
        _report(pairs, count, args)
    finally:
        shutil.rmtree(work, ignore_errors=True)


@dataclass
class Pair:
    peer: Run | None
    newsflow: Run
    had_template: bool  # newsflow's Prefect database was copied from the cached template
    cache_dir: Path


def _pair(number: int, inbox: Path, work: Path, args: argparse.Namespace) -> Pair:
    """One run of each command (each on fresh output), the peer first in even pairs."""
    env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
    python = sys.executable
    env_nf = dict(env, NEWSFLOW_DATA_DIR=str(work / f"data-{number}"), COLUMNS="160")
    if args.cold_prefect:
        env_nf["NEWSFLOW_CACHE_DIR"] = str(work / f"cache-{number}")
    cache_dir = Path(env_nf.get("NEWSFLOW_CACHE_DIR") or Settings().cache_dir)
    had_template = template_file(cache_dir).is_file()
    peer_command = [python, str(ROOT / "bench" / "ingest_html_peer.py"), str(inbox),
                    str(work / f"peer-{number}.duckdb")]  # fmt: skip
    nf_command = [str(Path(python).parent / "newsflow"), "ingest", "--timings", str(inbox)]
    peer = nf = None
    for which in ("peer", "newsflow") if number % 2 == 0 else ("newsflow", "peer"):
        if which == "peer" and not args.no_peer:
            peer = run_timed(peer_command, env)
        elif which == "newsflow":
            nf = run_timed(nf_command, env_nf)
    assert nf is not None
    count = sum(1 for _ in inbox.iterdir())
    print(f"pair {number + 1}: " + (f"trafilatura-pool {count / peer.wall:.1f} pages/s, " if peer else "")
          + f"newsflow {count / nf.wall:.1f} pages/s"
          + (f" = {peer.wall / nf.wall:.2f}x" if peer else ""), flush=True)  # fmt: skip
    return Pair(peer, nf, had_template, cache_dir)


def _report(pairs: list[Pair], count: int, args: argparse.Namespace) -> None:
    def ratio(pair: Pair) -> float:
        return pair.peer.wall / pair.newsflow.wall if pair.peer else count / pair.newsflow.wall

    chosen = sorted(pairs, key=ratio)[(len(pairs) - 1) // 2]
    peer, nf = chosen.peer, chosen.newsflow
    nf_wall, nf_rss, nf_cpu, nf_out = nf.wall, nf.peak_rss, nf.cpu, nf.output
    print(f"the pair with the median ratio of {len(pairs)}: pair {pairs.index(chosen) + 1}")
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
            f"copied from the template in {chosen.cache_dir}"
            if chosen.had_template
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
    print(f"  {'(no stage)':<14} {1000 * nf_cpu / count - staged:7.2f}  start-up, Prefect, rest")
    if peer is None:
        return
    peer_rate = count / peer.wall
    print(
        f"ingest_html: newsflow {nf_rate:.1f} pages/s vs trafilatura-pool {peer_rate:.1f} pages/s"
        f" = {nf_rate / peer_rate:.2f}× (target >= 1.5x)"
    )


if __name__ == "__main__":
    main()
