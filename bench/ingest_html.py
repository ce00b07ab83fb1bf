"""Benchmark: HTML pages to warehouse rows, newsflow against the trafilatura script (issue 16.1).

Copies every dev extraction page (``../shared/eval/extraction/*/pages/*.html.gz``) into a temp
inbox, then runs, as whole commands in the same run and timed by wall clock:

- ``bench/ingest_html_peer.py``: ``multiprocessing.Pool(os.cpu_count())`` of
  ``trafilatura.bare_extraction(html, with_metadata=True)``, one DuckDB insert, exact dedup;
- ``newsflow ingest INBOX`` on an empty warehouse (default settings, fresh temp data dir).

    .venv/bin/python bench/ingest_html.py [--limit N]

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
from pathlib import Path

import psutil

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


def run_timed(command: list[str], env: dict[str, str]) -> tuple[float, int, float, str]:
    """Wall seconds, peak RSS bytes and CPU seconds of the process tree, and the output."""
    start = time.perf_counter()
    process = psutil.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    cpu: dict[int, float] = {}  # pid -> last CPU seconds seen
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
            for p in tree:
                times = p.cpu_times()
                cpu[p.pid] = times.user + times.system
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({process.returncode}):\n{output[-3000:]}")
    return wall, peak, sum(cpu.values()), output


def stage_ms(output: str, pages: int) -> dict[str, float]:
    """CPU ms per page of each stage, from the ``--timings`` table of ``newsflow ingest``."""
    table = output[output.find("CPU time by stage") :]
    return {m[1]: 1000 * float(m[2]) / pages for m in _TIMING_ROW.finditer(table)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsflow-ingest-html-"))
    try:
        inbox = work / "inbox"
        count = fill_inbox(args.data, inbox, args.limit)
        env = dict(os.environ, PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1")
        python = sys.executable
        peer_wall, peer_rss, peer_cpu, peer_out = run_timed(
            [
                python,
                str(ROOT / "bench" / "ingest_html_peer.py"),
                str(inbox),
                str(work / "peer.duckdb"),
            ],
            env,
        )
        env_nf = dict(env, NEWSFLOW_DATA_DIR=str(work / "data"), COLUMNS="160")
        nf_wall, nf_rss, nf_cpu, nf_out = run_timed(
            [str(Path(python).parent / "newsflow"), "ingest", "--timings", str(inbox)], env_nf
        )
        print(peer_out.strip().splitlines()[-1] if peer_out.strip() else "peer: (no output)")
        summary = nf_out[nf_out.find("newsflow ingest") : nf_out.find("by source")]
        print("newsflow ingest summary:", summary.strip(), sep="\n")
        peer_rate, nf_rate = count / peer_wall, count / nf_wall
        print(f"pages: {count}")
        print(
            f"trafilatura-pool: {peer_wall:.1f} s wall, {peer_rate:.1f} pages/s, "
            f"CPU {1000 * peer_cpu / count:.1f} ms/page, peak RSS {peer_rss / 2**20:.0f} MiB"
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
        ratio = nf_rate / peer_rate
        print(
            f"ingest_html: newsflow {nf_rate:.1f} pages/s vs trafilatura-pool {peer_rate:.1f} pages/s"
            f" = {ratio:.2f}× (target >= 1.5x)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
