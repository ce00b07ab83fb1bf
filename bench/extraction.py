"""Benchmark newsflow's article extraction against its open-source peers on the same pages.

    .venv/bin/python bench/extraction.py [--data DIR ...] [--no-peers] [--predictions-out FILE]

Each --data folder holds pages/<id>.html.gz and truth.jsonl (see ../shared/eval/README.md).
Every extractor runs in its own processes, taking turns on slices of the pages (--chunks) so
that load from other work on the machine falls on all alike; pages/s (parse included,
start-up excluded) and peak memory (the largest of its processes) are its own. The last line sums newsflow up:
shingle_f1 (scrapinghub set), bow_f1 (wcxb articles), title/authors/date accuracy pooled over
every page with such truth, and newsflow's pages/s divided by trafilatura's.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.extraction_peers import PEERS  # noqa: E402
from bench.extraction_runner import PageSpec, RunResult, run_extractor  # noqa: E402
from bench.extraction_table import score_run, summary_line, table  # noqa: E402

_EVAL = Path("shared") / "eval" / "extraction"
# Next to the checkout (../shared), or further up for a git worktree in a sub-folder.
DEFAULT_DATA = next((p / _EVAL for p in ROOT.parents if (p / _EVAL).is_dir()), ROOT.parent / _EVAL)


def read_pages(folder: Path, limit: int | None) -> list[PageSpec]:
    pages: list[PageSpec] = []
    with (folder / "truth.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            if not line.strip():
                continue
            truth = json.loads(line)
            path = folder / "pages" / f"{truth['id']}.html.gz"
            if path.exists():
                pages.append(PageSpec(folder.name, truth["id"], path, truth.get("url"), truth))
    return pages[:limit] if limit else pages


def _run_isolated(name: str, pages: list[PageSpec]) -> RunResult:
    with ProcessPoolExecutor(max_workers=1, mp_context=get_context("spawn")) as pool:
        return pool.submit(run_extractor, name, pages).result()


def _merge(total: RunResult, part: RunResult) -> None:
    total.predictions.update(part.predictions)
    total.errors.update(part.errors)
    total.seconds += part.seconds
    total.slowest = max(total.slowest, part.slowest)
    total.peak_mb = max(total.peak_mb, part.peak_mb)


def _run_interleaved(names: list[str], pages: list[PageSpec], chunks: int) -> list[RunResult]:
    """Run the extractors in turn on one slice of the pages after another, each slice in a
    fresh process, so that load from other work on the machine falls on all of them alike
    and pages/s compare fairly."""
    totals = [RunResult(name) for name in names]
    size = max(1, -(-len(pages) // max(1, chunks)))
    for start in range(0, len(pages), size):
        for total in totals:
            _merge(total, _run_isolated(total.name, pages[start : start + size]))
    return totals


def write_predictions(result: RunResult, path: Path) -> None:
    keys = ("title", "authors", "published", "body", "language", "canonical_url", "method")
    with path.open("w", encoding="utf-8") as out:
        for (set_name, page_id), prediction in result.predictions.items():
            row = {"id": page_id, "set": set_name, **{k: prediction.get(k) for k in keys}}
            out.write(json.dumps(row, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, action="append", help="a set folder (repeatable)")
    parser.add_argument("--predictions-out", type=Path, help="newsflow's predictions, JSONL")
    parser.add_argument("--no-peers", action="store_true", help="run newsflow only")
    parser.add_argument("--limit", type=int, help="at most this many pages a set")
    parser.add_argument(
        "--chunks", type=int, default=8, help="slices the extractors take turns on (fair speed)"
    )
    args = parser.parse_args(argv)
    folders = args.data or sorted(p for p in DEFAULT_DATA.iterdir() if (p / "truth.jsonl").exists())
    pages = [page for folder in folders for page in read_pages(folder, args.limit)]
    if not pages:
        parser.error("no pages found in " + ", ".join(map(str, folders)))
    names = ["newsflow", *([] if args.no_peers else PEERS)]
    runs = _run_interleaved(names, pages, args.chunks)
    if args.predictions_out:
        write_predictions(runs[0], args.predictions_out)
    scores = {run.name: score_run(run, pages) for run in runs}
    print(table(scores))
    for run in runs:
        print(f"{run.name}: slowest page {run.slowest[1]} ({run.slowest[0]:.2f} s)")
        for key, message in list(run.errors.items())[:5]:
            print(f"{run.name} error on {key[0]}/{key[1]}: {message}")
    print(summary_line(scores["newsflow"], scores.get("trafilatura")))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
