"""Benchmark: HTML pages to warehouse rows, newsflow against the trafilatura script (issue 16.1).

Copies every dev extraction page (``../shared/eval/extraction/*/pages/*.html.gz``) into a temp
inbox, then runs, as whole commands in the same run and timed by wall clock:

- ``bench/ingest_html_peer.py``: ``multiprocessing.Pool(os.cpu_count())`` of
  ``trafilatura.bare_extraction(html, with_metadata=True)``, one DuckDB insert, exact dedup;
- ``newsflow ingest INBOX`` on an empty warehouse (default settings, fresh temp data dir).

    .venv/bin/python bench/ingest_html.py [--limit N]

Peak RSS is the largest sum over the command's process tree, sampled every 50 ms.
Per-stage CPU figures of newsflow are not measured yet (no stage timers in the pipeline).
"""

from __future__ import annotations

import argparse
import os
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


def run_timed(command: list[str], env: dict[str, str]) -> tuple[float, int, str]:
    """Wall seconds, peak RSS bytes of the process tree, and the command's output."""
    start = time.perf_counter()
    process = psutil.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    peak = 0
    while process.poll() is None:
        try:
            tree = [process, *process.children(recursive=True)]
            peak = max(peak, sum(p.memory_info().rss for p in tree if p.is_running()))
        except psutil.Error:
            pass
        time.sleep(0.05)
    wall = time.perf_counter() - start
    output = process.stdout.read().decode(errors="replace") if process.stdout else ""
    if process.returncode != 0:
        raise SystemExit(f"{command[:3]} failed ({process.returncode}):\n{output[-3000:]}")
    return wall, peak, output


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
        peer_wall, peer_rss, peer_out = run_timed(
            [
                python,
                str(ROOT / "bench" / "ingest_html_peer.py"),
                str(inbox),
                str(work / "peer.duckdb"),
            ],
            env,
        )
        env_nf = dict(env, NEWSFLOW_DATA_DIR=str(work / "data"))
        nf_wall, nf_rss, nf_out = run_timed(
            [str(Path(python).parent / "newsflow"), "ingest", str(inbox)], env_nf
        )
        print(peer_out.strip().splitlines()[-1] if peer_out.strip() else "peer: (no output)")
        print("newsflow ingest output (tail):", *nf_out.strip().splitlines()[-8:], sep="\n")
        peer_rate, nf_rate = count / peer_wall, count / nf_wall
        print(f"pages: {count}")
        print(
            f"trafilatura-pool: {peer_wall:.1f} s wall, {peer_rate:.1f} pages/s, peak RSS {peer_rss / 2**20:.0f} MiB"
        )
        print(
            f"newsflow ingest:  {nf_wall:.1f} s wall, {nf_rate:.1f} pages/s, peak RSS {nf_rss / 2**20:.0f} MiB"
        )
        print("newsflow CPU ms/page per stage: not measured (stage timers not in the pipeline yet)")
        ratio = nf_rate / peer_rate
        print(
            f"ingest_html: newsflow {nf_rate:.1f} pages/s vs trafilatura-pool {peer_rate:.1f} pages/s"
            f" = {ratio:.2f}× (target >= 1.5x)"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
