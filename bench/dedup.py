"""Benchmark of deduplication layers 3 and 4 (issue 5): quality and scale.

    .venv/bin/python bench/dedup.py [--index-sizes 100000,1000000] [--new 10000]
                                    [--workdir data/bench-dedup] [--scale-only]

1. Near-copies: a set built from the dev bodies in ../shared/eval/extraction by SYNTHETIC edits
   (bench/dedup_nearcopy_set.py documents them), ingested as JSON files through the real
   ``ingest_files`` flow; pair precision/recall/F1 of "same copy cluster".
2. Stories: the SemEval-2022 task 8 pairs, ingested the same way; precision/recall of "same
   story" (positives Overall <= 1.5, negatives Overall >= 3.5) and negatives made near-copies.
3. Scale: wall time and peak memory of the real ``dedup_pending`` checking ``--new`` synthetic
   articles against indexes of each ``--index-sizes`` (bench/dedup_scale.py), with the cost of
   hashing the same texts for exact dedup (layer 2) measured in the same run as a baseline.
   The built index is kept in ``--workdir`` and reused by later runs.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.dedup_quality import nearcopy_quality, semeval_quality
from bench.dedup_scale import (
    Corpus,
    add_new_articles,
    extend_index,
    measure_in_child,
    truncate_index,
)
from tasks.fingerprint import content_hash
from warehouse.connection import read_connection

_HERE = Path(__file__).resolve()
# Next to the checkout (../shared), or further up for a git worktree in a sub-folder.
EVAL = next(
    (p / "shared" / "eval" for p in _HERE.parents[1:] if (p / "shared" / "eval").is_dir()),
    _HERE.parents[2] / "shared" / "eval",
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--index-sizes", default="100000,1000000")
    parser.add_argument("--new", type=int, default=10_000)
    parser.add_argument("--families", type=int, default=150)
    parser.add_argument("--distinct", type=int, default=400)
    parser.add_argument("--workdir", type=Path, default=Path("data/bench-dedup"))
    parser.add_argument(
        "--scale-only", action="store_true", help="skip the quality sections (while iterating)"
    )
    args = parser.parse_args()
    if args.scale_only:
        sizes = [int(s) for s in args.index_sizes.split(",")]
        at_max = scale(args.workdir, sizes, args.new)[max(sizes)]
        print(f"dedup scale: ms_per_article_at_{max(sizes)}={at_max['ms_per_article']:.2f} "
              f"peak_mb={at_max['peak_mb']:.0f} (target <=1 ms at 1M, peak_mb<=2048)")  # fmt: skip
        return
    if not EVAL.is_dir():
        sys.exit(f"evaluation data not found at {EVAL}")
    from prefect.testing.utilities import prefect_test_harness

    with prefect_test_harness(server_startup_timeout=180):
        copies, missed = nearcopy_quality(EVAL, args.families, args.distinct)
        semeval = semeval_quality(EVAL)
    print("== near-copies: SYNTHETIC edits of real dev bodies (no public near-copy set exists)")
    print(f"   {args.families} originals x 4 texts + {args.distinct} untouched distinct articles,")
    print("   ingested as files through the real ingest_files flow; pairs in one copy cluster")
    print(f"   tp={copies.tp} fp={copies.fp} fn={copies.fn}  precision={copies.precision:.4f} "
          f"recall={copies.recall:.4f} f1={copies.f1:.4f}  missed pairs by edit: {missed}")  # fmt: skip
    story = semeval.story
    print("== stories: SemEval-2022 task 8 dev pairs (real articles, different outlets)")
    print(f"   same story: tp={story.tp} fp={story.fp} fn={story.fn} "
          f"precision={story.precision:.3f} recall={story.recall:.3f}")  # fmt: skip
    print(f"   negatives (Overall >= 3.5) made near-copies: {semeval.negatives_near_copy}; "
          f"negatives with identical text (one row by layer 2): {semeval.negatives_same_text}; "
          f"positives made near-copies: {semeval.positives_near_copy}")  # fmt: skip
    sizes = [int(s) for s in args.index_sizes.split(",")]
    results = scale(args.workdir, sizes, args.new)
    at_max = results[max(sizes)]
    print(
        f"dedup: nearcopy_f1={copies.f1:.4f} precision={copies.precision:.4f} "
        f"story_p={story.precision:.3f} story_r={story.recall:.3f} "
        f"ms_per_article_at_1M={at_max['ms_per_article']:.2f} peak_mb={at_max['peak_mb']:.0f} "
        "(target nearcopy_f1>=0.95 precision>=0.99 story_p>=0.9 story_r>=0.6 "
        "ms_per_article_at_1M<=1 peak_mb<=2048)"
    )


def scale(workdir: Path, sizes: list[int], new: int) -> dict[int, dict[str, float]]:
    corpus = Corpus.make()
    workdir.mkdir(parents=True, exist_ok=True)
    index = workdir / "index.duckdb"
    results: dict[int, dict[str, float]] = {}
    print(f"== scale: {new} new synthetic articles (1 in 10 a near-copy) against an index")
    for size in sorted(sizes):
        have = _indexed(index)
        if have < size:
            started = time.perf_counter()
            extend_index(index, corpus, have, size)
            print(f"   built index {have:,} -> {size:,} in {time.perf_counter() - started:.0f} s")
        trial = workdir / f"trial-{size}.duckdb"
        shutil.copyfile(index, trial)
        if have > size:  # a larger index was kept from an earlier run: cut a copy down
            truncate_index(trial, size)
        add_new_articles(trial, corpus, new, size)
        baseline = _exact_hash_seconds(trial)
        result = measure_in_child(trial)
        trial.unlink()
        result["ms_per_article"] = 1000 * result["seconds"] / max(1, result["indexed"])
        results[size] = result
        print(f"   index {size:>9,}: {result['ms_per_article']:.2f} ms/article "
              f"({result['seconds']:.1f} s for {result['indexed']:.0f}), peak {result['peak_mb']:.0f} MB, "
              f"{result['near_copy_links']:.0f} near-copy links; "
              f"baseline sha256 exact-dedup hashing {1000 * baseline / new:.2f} ms/article "
              f"(ratio {result['seconds'] / baseline:.1f}x)")  # fmt: skip
    if len(sizes) > 1:
        low, high = results[min(sizes)], results[max(sizes)]
        print(f"   cost growth {min(sizes):,} -> {max(sizes):,} indexed "
              f"({max(sizes) / min(sizes):.0f}x): time {high['seconds'] / low['seconds']:.2f}x, "
              f"peak memory {high['peak_mb'] / low['peak_mb']:.2f}x")  # fmt: skip
    print(f"   load average during the run: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    return results


def _indexed(path: Path) -> int:
    if not path.exists():
        return 0
    with read_connection(path) as connection:
        return int(connection.execute("SELECT count(*) FROM dedup_docs").fetchall()[0][0])


def _exact_hash_seconds(path: Path) -> float:
    with read_connection(path) as connection:
        bodies = [
            str(row[0])
            for row in connection.execute(
                "SELECT body FROM articles AS a WHERE NOT EXISTS "
                "(SELECT 1 FROM dedup_docs AS d WHERE d.article_id = a.article_id)"
            ).fetchall()
        ]
    started = time.perf_counter()
    for body in bodies:
        content_hash(body)
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
