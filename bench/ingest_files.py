"""Benchmark: the file pickup end to end, against a bare loop over the same files.

Generates N seed-shaped text articles (varied lengths, each story with its own key terms from
a synthetic vocabulary, 10% exact duplicates under other names with other spacing and quote
marks), ingests them through the ``ingest_files`` flow (Prefect's
embedded mode, a real DuckDB file), then ingests the unchanged files again. The baseline is a
single-process loop that only reads, cleans and hashes the same files.

    .venv/bin/python bench/ingest_files.py [--articles 10000] [--batch-size N] [--repeat 3]

Each figure is the median of ``--repeat`` rounds (a fresh warehouse each round, the same files):
one round on this shared 2-core machine can be off by a third either way.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import tempfile
import time
from pathlib import Path

COMMON = [
    "the",
    "a",
    "of",
    "to",
    "and",
    "in",
    "on",
    "for",
    "with",
    "that",
    "said",
    "after",
    "from",
    "at",
    "by",
    "was",
    "were",
    "will",
]
SYLLABLES = [
    "ba",
    "ko",
    "ri",
    "ten",
    "mar",
    "lo",
    "vi",
    "sen",
    "da",
    "pol",
    "gra",
    "nu",
    "ste",
    "fi",
    "lan",
    "mo",
    "ker",
    "tu",
    "zel",
    "ho",
]
SOURCES = ("harbor-gazette", "valley-times", "metro-wire", "north-post", "river-daily")


def generate(folder: Path, count: int, seed: int = 7) -> int:
    """Write ``count`` files; return how many distinct texts they hold."""
    rng = random.Random(seed)
    vocabulary = sorted(
        {"".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(20_000)}
    )
    distinct = int(count * 0.9)
    bodies: list[tuple[str, list[str]]] = []
    for _ in range(distinct):
        topic = rng.sample(vocabulary, 30)  # each story has its own names and key terms
        words = topic + COMMON * 2
        title = " ".join(rng.choices(topic, k=7)).capitalize()
        paragraphs = [
            " ".join(rng.choices(words, k=rng.randint(20, 90))).capitalize() + "."
            for _ in range(rng.randint(2, 12))
        ]
        bodies.append((title, paragraphs))
    for number in range(count):
        title, paragraphs = bodies[number] if number < distinct else rng.choice(bodies)
        spacing = "\u00a0 " if number % 2 else ""
        text = f"{title}\n\n{title}\n\n" + "\n\n".join(p + spacing for p in paragraphs)
        if number >= distinct:
            text = text.replace("'", "\u2019") + "\n\nMore reads:"
        path = folder / SOURCES[number % len(SOURCES)] / f"article-{number:06d}.txt"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, "utf-8")
    past = time.time() - 3600
    for path in folder.rglob("*.txt"):
        os.utime(path, (past, past))
    return distinct


def bare_loop(folder: Path) -> float:
    from tasks.fingerprint import content_hash
    from tasks.parse_text import parse_text_article

    started = time.perf_counter()
    hashes = set()
    for path in sorted(folder.rglob("*.txt")):
        article = parse_text_article(
            path.read_bytes().decode("utf-8"), location=str(path), source=None
        )
        hashes.add(content_hash(article.body))
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument(
        "--batch-size", type=int, default=None, help="files per batch (default: the setting's)"
    )
    parser.add_argument("--repeat", type=int, default=3, help="rounds; figures are medians")
    options = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="newsflow-bench-"))
    try:
        run(work, options.articles, options.batch_size, max(1, options.repeat))
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(work: Path, count: int, batch_size: int | None, repeat: int) -> None:
    os.environ.update(
        NEWSFLOW_SETTLE_SECONDS="0",
        PREFECT_HOME=str(work / "prefect"),
        PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1", PREFECT_LOGGING_LEVEL="WARNING",
        PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS="180",
    )  # fmt: skip
    (work / "prefect").mkdir()
    inbox = work / "inbox"
    distinct = generate(inbox, count)
    baseline = statistics.median(bare_loop(inbox) for _ in range(repeat))

    if batch_size is not None:
        os.environ["NEWSFLOW_BATCH_SIZE"] = str(batch_size)
    from prefect import flow

    from flows.embedded import embedded_run_settings
    from flows.ingest_files import ingest_files
    from settings import load_settings

    batch_size = load_settings().batch_size

    @flow
    def warm_up() -> None:
        """Start Prefect's embedded API before timing (a once-per-process cost)."""

    firsts: list[float] = []
    agains: list[float] = []
    with embedded_run_settings():  # as `newsflow ingest` runs it
        started = time.perf_counter()
        warm_up()
        startup = time.perf_counter() - started
        for round_number in range(repeat):
            # a fresh warehouse and staging area each round; the ledger lives in the warehouse
            os.environ["NEWSFLOW_DATA_DIR"] = str(work / f"data-{round_number}")

            started = time.perf_counter()
            first = ingest_files(paths=[str(inbox)])
            firsts.append(time.perf_counter() - started)

            started = time.perf_counter()
            again = ingest_files(paths=[str(inbox)])
            agains.append(time.perf_counter() - started)
            assert first["new"] == distinct and first["duplicate"] == count - distinct, first
            assert again["new"] == 0 and again["unchanged"] == count, again
            print(
                f"round {round_number + 1}: first run {firsts[-1]:.2f} s, "
                f"unchanged re-run {agains[-1]:.2f} s"
            )
    first_seconds = statistics.median(firsts)
    again_seconds = statistics.median(agains)
    rate = count / first_seconds
    print(f"medians of {repeat} rounds")
    print(
        f"articles: {count} ({distinct} distinct, {count - distinct} exact duplicates), batch size {batch_size}"
    )
    print(
        f"bare loop (read, clean, hash; 1 process): {baseline:.2f} s = {count / baseline:,.0f} articles/s"
    )
    print(f"Prefect embedded API start-up (once per process, not counted): {startup:.2f} s")
    print(
        f"ingest_files first run: {first_seconds:.2f} s = {rate:,.0f} articles/s "
        f"({baseline / first_seconds:.2f}x the bare loop's speed)"
    )
    print(
        f"ingest_files unchanged re-run: {again_seconds:.2f} s = {again_seconds / first_seconds:.1%} of the first run"
    )
    print(
        f"ingest_files: {rate:.0f} articles/s (target >= 1000 articles/s; "
        f"re-ingest {again_seconds / first_seconds:.1%} of first run, target <= 10%)"
    )


if __name__ == "__main__":
    main()
