"""Benchmark: one warehouse from 200,000 text articles and 20,000 HTML pages (issue 16 point 4).

    .venv/bin/python bench/scale.py [--articles 200000] [--pages N] [--rounds 40]

The inputs (bench/scale_corpus.py: two years of news from ten outlets and two wire services,
with stories, wire copies and the dev eval pages repeated under other URLs) are written first,
in a child process, split into ``--rounds`` rounds in publication order. Then, in this process,
with default settings and a fresh temp data dir, each round moves its files into the inbox
(``data/inbox/<source>/round-N``) and runs the ``ingest_files`` flow on the inbox, as
``newsflow ingest`` does: ledger mode, so the inbox keeps every earlier round's files and each
run lists them all and skips them by the ledger. Prefect's embedded API starts once, before
the first round (not timed).

Per round: inputs per second (wall) and the busy seconds of each step, timed by wrapping the
functions the flow calls (steps overlap: parsing runs in worker processes while this process
loads and indexes). The first tenth of the rounds is compared with the last tenth, overall and
per step. Then the warehouse's bytes per article, the peak RSS of the process tree (this process,
its worker processes and Prefect's, sampled every 0.2 s) and the latency of four analysis
queries (each the worst of 3 runs, a fresh read-only connection each, opening included). The
queries run once the workers and the API have stopped, as they have when `newsflow ingest` has
exited and a user runs `newsflow sql`.
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

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale_queries import run_queries
from bench.scale_timing import STEPS, RssSampler, StepTimers, tree_cpu_seconds

ROOT = Path(__file__).resolve().parents[1]
_EVAL = Path("shared") / "eval"
DEFAULT_EVAL = next((p / _EVAL for p in ROOT.parents if (p / _EVAL).is_dir()), ROOT.parent / _EVAL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=200_000, help="text articles")
    parser.add_argument("--pages", type=int, default=None, help="HTML pages (articles / 10)")
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--eval", type=Path, default=DEFAULT_EVAL)
    parser.add_argument("--keep", action="store_true", help="keep the temp folder")
    args = parser.parse_args()
    pages = args.articles // 10 if args.pages is None else args.pages
    work = Path(tempfile.mkdtemp(prefix="newsflow-scale-"))
    try:
        run(work, args.articles, pages, max(10, args.rounds), args.eval)
    finally:
        if args.keep:
            print(f"kept {work}")
        else:
            shutil.rmtree(work, ignore_errors=True)


def run(work: Path, articles: int, pages: int, rounds: int, eval_dir: Path) -> None:
    started = time.perf_counter()
    generated = work / "generated"
    subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale_corpus.py"), str(generated),
         "--eval", str(eval_dir), "--articles", str(articles), "--pages", str(pages),
         "--rounds", str(rounds)],
        check=True,
    )  # fmt: skip
    print(f"generated {articles:,} text articles and {pages:,} HTML pages in "
          f"{time.perf_counter() - started:.0f} s, {rounds} rounds")  # fmt: skip
    data = work / "data"
    os.environ.update(
        NEWSFLOW_DATA_DIR=str(data), PREFECT_HOME=str(work / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING", PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
    )  # fmt: skip
    from newsflow.cli.common import prepare_prefect_environment
    from settings import load_settings

    settings = load_settings()
    prepare_prefect_environment(settings)  # before Prefect is imported, as the CLI does

    from prefect import flow

    from flows.embedded import embedded_run_settings
    from flows.embedded_api import stop_embedded_api
    from flows.ingest_files import ingest_files
    from tasks.workers import stop_workers

    @flow
    def warm_up() -> None:
        """Start Prefect's embedded API before timing (a once-per-process cost)."""

    timers = StepTimers()
    timers.install()
    rows: list[tuple[int, float, dict[str, float]]] = []
    totals = {"new": 0, "duplicate": 0, "rejected": 0, "pending": 0}
    with RssSampler(timers) as rss, embedded_run_settings():
        warm_up()
        for number in range(rounds):
            inputs = _move_round(generated / f"round-{number:04d}", settings.inbox_dir, number)
            timers.reset()
            began, cpu = time.perf_counter(), tree_cpu_seconds()
            summary = ingest_files(settings=settings)
            wall = time.perf_counter() - began
            steps = timers.snapshot() | {"cpu": tree_cpu_seconds() - cpu}
            rows.append((inputs, wall, steps))
            for key, field in (
                ("new", "new"),
                ("duplicate", "duplicate"),
                ("rejected", "rejected"),
                ("pending", "pending_batches"),
            ):
                totals[key] += int(summary[field])  # fmt: skip
            print(_round_line(number, rounds, summary["files"], inputs, wall, steps), flush=True)
        stop_workers()
        stop_embedded_api()
        rss.phase = "queries"  # in this process, which ran the flows
        queries = run_queries(settings.warehouse_file)
    _report(rows, rounds, totals, settings.warehouse_file, rss, queries)


def _move_round(folder: Path, inbox: Path, number: int) -> int:
    inputs = 0
    for source in sorted(folder.iterdir()):
        inputs += sum(1 for _ in source.iterdir())
        target = inbox / source.name / f"round-{number:04d}"
        target.parent.mkdir(parents=True, exist_ok=True)
        os.rename(source, target)
    return inputs


def _round_line(
    number: int, rounds: int, taken: int, inputs: int, wall: float, steps: dict[str, float]
) -> str:
    parts = " ".join(f"{name} {steps.get(name, 0.0):.2f}" for name in [*STEPS, "cpu"])
    return (f"round {number + 1}/{rounds}: {taken} files taken of {inputs} dropped, "
            f"{wall:.1f} s = {inputs / wall:.0f}/s | busy s: {parts}")  # fmt: skip


def _report(
    rows: list[tuple[int, float, dict[str, float]]],
    rounds: int,
    totals: dict[str, int],
    warehouse: Path,
    rss: RssSampler,
    queries: list[tuple[str, float, str]],
) -> None:
    tenth = max(1, rounds // 10)
    first, last = rows[:tenth], rows[-tenth:]

    def rate(part: list[tuple[int, float, dict[str, float]]]) -> float:
        return sum(r[0] for r in part) / sum(r[1] for r in part)

    def per_thousand(part: list[tuple[int, float, dict[str, float]]], step: str) -> float:
        return 1000 * sum(r[2].get(step, 0.0) for r in part) / sum(r[0] for r in part)

    inputs = sum(r[0] for r in rows)
    wall = sum(r[1] for r in rows)
    print(f"\ninputs: {inputs:,} files in {wall:.0f} s of rounds = {inputs / wall:.0f}/s; "
          f"new {totals['new']:,}, exact duplicates {totals['duplicate']:,}, "
          f"rejected {totals['rejected']:,}, batches left pending {totals['pending']}")  # fmt: skip
    print(f"throughput: first tenth ({tenth} rounds) {rate(first):.0f}/s, "
          f"last tenth {rate(last):.0f}/s")  # fmt: skip
    print("busy seconds per 1,000 inputs, first tenth -> last tenth (ratio); cpu: CPU seconds")
    print("of the whole process tree (less moved by other work on the machine than wall time):")
    for step in [*STEPS, "cpu"]:
        a, b = per_thousand(first, step), per_thousand(last, step)
        print(f"  {step:<18} {a:8.3f} -> {b:8.3f}  ({b / a if a else float('nan'):.2f}x)")
    size = warehouse.stat().st_size
    articles = next((int(d) for name, _, d in queries if name == "articles"), 0)
    print(f"warehouse: {size / 2**20:,.0f} MiB for {articles:,} articles = "
          f"{size / max(articles, 1):,.0f} bytes/article")  # fmt: skip
    index = warehouse.with_suffix(".search")
    if index.is_dir():
        index_bytes = sum(p.stat().st_size for p in index.rglob("*") if p.is_file())
        print(f"search index: {index_bytes / 2**20:,.0f} MiB = "
              f"{index_bytes / max(articles, 1):,.0f} bytes/article")  # fmt: skip
    peak_rss = rss.peak
    print(f"peak RSS (process tree): {peak_rss / 2**20:,.0f} MB = "
          + " + ".join(f"{name} {size / 2**20:,.0f}" for name, size in rss.at_peak)
          + f"; steps running in this process then: {', '.join(rss.steps_at_peak) or 'none'}")  # fmt: skip
    print("peak RSS of the process tree by phase: " + ", ".join(
        f"{phase} {size / 2**20:,.0f} MB" for phase, size in rss.peak_by_phase.items()))  # fmt: skip
    print("this process's peak RSS while each step ran: " + ", ".join(
        f"{step} {size / 2**20:,.0f} MB" for step, size in sorted(rss.own_peak_by_step.items())))  # fmt: skip
    timed = [(name, seconds, detail) for name, seconds, detail in queries if name != "articles"]
    for name, seconds, detail in timed:
        print(f"query {name}: {seconds:.3f} s ({detail})")
    slowest = max(seconds for _, seconds, _ in timed)
    print(f"scale: last/first tenth throughput {rate(last) / rate(first):.2f} (target >= 0.8), "
          f"peak RSS {peak_rss / 2**20:.0f} MB (target <= 1024), "
          f"slowest query {slowest:.2f} s (target <= 1 s)")  # fmt: skip


if __name__ == "__main__":
    main()
