"""Benchmark: one warehouse from 200,000 text articles and 20,000 HTML pages (issue 16 point 4).

    .venv/bin/python bench/scale.py [--articles 200000] [--pages N] [--rounds 40]

The inputs (bench/scale_corpus.py: two years of news from ten outlets and two wire services,
with stories, wire copies and the dev eval pages repeated under other URLs) are written first,
in a child process, split into ``--rounds`` rounds in publication order. Then, with default
settings and a fresh temp data dir, each round moves its files into the inbox
(``data/inbox/<source>/round-N``) and runs the ``ingest_files`` flow on the inbox in a process
of its own (bench/scale_round.py), as each ``newsflow ingest`` or deployment run is: ledger
mode, so the inbox keeps every earlier round's files and each run lists them all and skips them
by the ledger. Prefect's embedded API starts once, before the first round (not timed), as
``newsflow ingest`` starts it; the rounds find it as CLI commands find `newsflow up`'s stack.

Per round: inputs per second (wall, the process's start included) and the busy seconds of each
step, timed by wrapping the functions the flow calls (steps overlap: parsing runs in worker
processes while the flow's process loads and indexes). The first tenth of the rounds is
compared with the last tenth, overall and per step. Because the machine's speed drifts over the
run's minutes, the growth is also measured without the drift (bench/scale_probe.py): one more
round (new articles dated in the first tenth's days: bench/scale_corpus.py), run alternately
on a copy of the data folder kept after the first tenth and on a copy of the final one, three
pairs, their median ratio; and before each round of the first and last tenth, a fixed parse
that does not touch the warehouse is timed (bench/scale_machine.py), whose slowdown from the
first tenth to the last is the drift that the tenths ratio is corrected by. Then the
warehouse's bytes per article, the peak RSS of newsflow's processes (the round's process, its
workers and the API, summed, sampled every 0.2 s; not this harness, which only starts them)
and the latency of four analysis queries (bench/scale_queries.py in a process of its own once
the API has stopped, as `newsflow sql` runs after `newsflow ingest` has exited: each the worst
of 3 runs, a fresh read-only connection each, opening included).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale_machine import MachineTimes, calibration_pages, drift, parse_seconds
from bench.scale_probe import ProbeRound, copy_state, growth_ratio, paired_probes, step_ratios
from bench.scale_timing import STEPS, RssSampler, tree_cpu_seconds

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
         "--rounds", str(rounds), "--probe"],
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
    from flows.embedded_api import stop_embedded_api, wait_for_embedded_api
    from newsflow.cli.common import prepare_prefect_environment
    from settings import load_settings

    settings = load_settings()
    # The API the rounds' processes run on, started as `newsflow ingest` starts it (they find
    # it through PREFECT_API_URL, as CLI commands find the stack `newsflow up` runs).
    prepare_prefect_environment(settings)
    wait_for_embedded_api()
    rows: list[tuple[int, float, dict[str, float]]] = []
    fixed_parse: dict[str, list[float]] = {"first": [], "last": []}  # seconds, per tenth
    calibration = calibration_pages(eval_dir)
    parse_seconds(calibration)  # once untimed: the first run of a process is a cold one
    totals = {"new": 0, "duplicate": 0, "rejected": 0, "pending": 0}
    own_peaks: dict[str, int] = {}
    tenth = max(1, rounds // 10)
    with RssSampler(None, include_self=False) as rss:
        for number in range(rounds):
            inputs = _move_round(generated / f"round-{number:04d}", settings.inbox_dir, number)
            tenth_name = "first" if number < tenth else "last" if number >= rounds - tenth else ""
            if tenth_name:
                fixed_parse[tenth_name].append(parse_seconds(calibration))
            machine = MachineTimes.now()
            began = time.perf_counter()
            result = _run_round()
            wall = time.perf_counter() - began
            machine = MachineTimes.now() - machine
            steps = result["steps"]
            steps["steal"] = machine.steal
            steps["others"] = max(0.0, machine.busy - steps["cpu"])
            rows.append((inputs, wall, steps))
            for key, field in (
                ("new", "new"),
                ("duplicate", "duplicate"),
                ("rejected", "rejected"),
                ("pending", "pending_batches"),
            ):
                totals[key] += int(result[field])  # fmt: skip
            _add_peaks(own_peaks, result)
            print(_round_line(number, rounds, result["files"], inputs, wall, steps), flush=True)
            if number == tenth - 1:  # the state the probe round starts from, early in the run
                copy_state(settings.data_dir, settings.inbox_dir, work / "early")
        rss.phase = "probe rounds"
        probe_peaks: dict[str, int] = {}
        probes = paired_probes(
            work / "early", settings.data_dir, settings.inbox_dir, generated / "probe",
            lambda: _add_peaks(probe_peaks, _run_round()),
        )  # fmt: skip
        stop_embedded_api()
        rss.phase = "queries"
        queries = _run_queries(settings.warehouse_file)
    rss.own_peak_by_step = own_peaks
    raw_ratio, slowest = _report(rows, rounds, totals, settings.warehouse_file, rss, queries)
    slowdown = _report_machine(rows, rounds, fixed_parse)
    paired_ratio = _report_probes(probes, probe_peaks)
    print(f"scale: last/first tenth throughput {raw_ratio:.2f}, {raw_ratio * slowdown:.2f} with "
          f"the machine's drift taken out (a fixed parse {slowdown:.2f}x as long), the same round "
          f"on the final/early warehouse {paired_ratio:.2f} (targets >= 0.8), peak RSS {rss.peak / 2**20:.0f} MiB "
          f"= {rss.peak / 1e9:.2f} GB (target <= 1 GB), slowest query {slowest:.2f} s (target <= 1 s)")  # fmt: skip


def _run_round() -> dict[str, Any]:
    """One ``newsflow ingest``-like run in a process of its own (bench/scale_round.py); its
    steps' busy seconds include the CPU seconds of the process tree (``cpu``)."""
    cpu = tree_cpu_seconds()
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale_round.py")],
        check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    result: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    result["steps"] = result["steps"] | {"cpu": tree_cpu_seconds() - cpu}
    return result


def _add_peaks(peaks: dict[str, int], result: dict[str, Any]) -> dict[str, Any]:
    """Keep in ``peaks`` the largest RSS of a round's flow process while each step ran."""
    for step, size in result["own_peak_by_step"].items():
        peaks[step] = max(peaks.get(step, 0), int(size))
    return result


def _peaks_line(rounds: str, peaks: dict[str, int]) -> str:
    return f"{rounds} flow process, its peak RSS while each step ran: " + ", ".join(
        f"{step} {size / 2**20:,.0f} MiB" for step, size in sorted(peaks.items())
    )


def _run_queries(warehouse: Path) -> list[tuple[str, float, str]]:
    """bench/scale_queries.py in a process of its own, as `newsflow sql` runs."""
    done = subprocess.run(
        [sys.executable, str(ROOT / "bench" / "scale_queries.py"), str(warehouse)],
        check=True, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    return [tuple(row) for row in json.loads(done.stdout.strip().splitlines()[-1])]


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
) -> tuple[float, float]:
    """Print the run's figures; return the last/first tenth throughput and the slowest query."""
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
    print(f"peak RSS (newsflow's processes): {peak_rss / 2**20:,.0f} MiB = "
          + " + ".join(f"{name} {size / 2**20:,.0f}" for name, size in rss.at_peak))  # fmt: skip
    print("peak RSS of the process tree by phase: " + ", ".join(
        f"{phase} {size / 2**20:,.0f} MiB" for phase, size in rss.peak_by_phase.items()))  # fmt: skip
    print(_peaks_line("a round's", rss.own_peak_by_step))
    timed = [(name, seconds, detail) for name, seconds, detail in queries if name != "articles"]
    for name, seconds, detail in timed:
        print(f"query {name}: {seconds:.3f} s ({detail})")
    return rate(last) / rate(first), max(seconds for _, seconds, _ in timed)


def _report_machine(
    rows: list[tuple[int, float, dict[str, float]]],
    rounds: int,
    fixed_parse: dict[str, list[float]],
) -> float:
    """Print what the machine did in the first and last tenth; return the fixed parse's
    slowdown from the one to the other (bench/scale_machine.py)."""
    tenth = max(1, rounds // 10)
    first, last = fixed_parse["first"], fixed_parse["last"]
    slowdown = drift(first, last)
    print(f"the machine, first tenth -> last tenth: a fixed parse (bench/scale_machine.py) "
          f"{statistics.median(first):.2f} -> {statistics.median(last):.2f} s, median of "
          f"{len(first)} ({slowdown:.2f}x; each: {' '.join(f'{s:.2f}' for s in first)} -> "
          f"{' '.join(f'{s:.2f}' for s in last)})")  # fmt: skip
    for key, label in (("steal", "steal time"), ("others", "other processes' CPU")):
        a, b = (
            sum(r[2].get(key, 0.0) for r in part) / tenth for part in (rows[:tenth], rows[-tenth:])
        )
        print(f"  {label}, seconds per round: {a:.2f} -> {b:.2f}")
    return slowdown


def _report_probes(pairs: list[tuple[ProbeRound, ProbeRound]], peaks: dict[str, int]) -> float:
    """Print the probe rounds' figures (bench/scale_probe.py); return their growth ratio."""
    files = pairs[0][0].inputs
    print(f"\nthe same round of {files:,} files on a copy of the early and of the final "
          f"data folder, {len(pairs)} pairs (throughput, final/early):")  # fmt: skip
    for number, (early, final) in enumerate(pairs, 1):
        print(f"  pair {number}: early {early.rate:.0f}/s, final {final.rate:.0f}/s "
              f"({final.rate / early.rate:.2f})")  # fmt: skip
    print("busy seconds of each step, final/early, median of the pairs:")
    for step, ratio in step_ratios(pairs, [*STEPS, "cpu"]).items():
        early_seconds = sorted(early.steps.get(step, 0.0) for early, _ in pairs)[len(pairs) // 2]
        final_seconds = sorted(final.steps.get(step, 0.0) for _, final in pairs)[len(pairs) // 2]
        print(f"  {step:<18} {early_seconds:8.2f} -> {final_seconds:8.2f}  ({ratio:.2f}x)")
    print(_peaks_line("a probe round's", peaks))
    return growth_ratio(pairs)


if __name__ == "__main__":
    main()
