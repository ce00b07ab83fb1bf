"""Benchmark: deduplicate N freshly loaded articles into an empty index (the dedup step of
``ingest_files`` in bench/ingest_files.py, timed on its own).

The articles are bench/ingest_files.py's synthetic texts (same generator, same seed), parsed by
the real text parser and loaded by the real stager and loader; the warehouse is kept in
``--workdir`` and reused. Each timing rebuilds the index from scratch (``rebuild=True``), which
is the work of indexing N new articles into an empty index. The baseline, measured in the same
run, is sha256 hashing of the same bodies (the exact-dedup work of layer 2).

    .venv/bin/python bench/dedup_fresh.py [--articles 10000] [--workdir data/bench-dedup-fresh]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("DO_NOT_TRACK", "1")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.ingest_files import generate
from settings import Settings, load_settings
from staging.batches import stage_batch
from tasks.dedup.linking import ALGORITHMS
from tasks.fingerprint import content_hash
from tasks.parse_text import parse_text_article
from warehouse.connection import read_connection
from warehouse.dedup_run import dedup_pending
from warehouse.load import load_staged

STAGE_BATCH = 2_000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=Path("data/bench-dedup-fresh"))
    parser.add_argument("--repeat", type=int, default=2)
    options = parser.parse_args()
    settings = load_settings({}, data_dir=options.workdir / f"n{options.articles}")
    if not settings.warehouse_file.exists():
        _load(settings, options.articles)
    bodies = _bodies(settings)
    started = time.perf_counter()
    for body in bodies:
        content_hash(body)
    baseline = time.perf_counter() - started
    timings = []
    for _ in range(options.repeat):
        started = time.perf_counter()
        report = dedup_pending(settings, ALGORITHMS, rebuild=True)
        timings.append(time.perf_counter() - started)
    best = min(timings)
    print(f"articles in warehouse: {len(bodies)}; dedup runs (s): "
          f"{', '.join(f'{t:.2f}' for t in timings)}; indexed {report.indexed}, "
          f"{report.near_copy_links} near-copy and {report.story_links} story links")  # fmt: skip
    print(f"baseline sha256 of the same bodies: {baseline:.2f} s (ratio {best / baseline:.1f}x)")
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores")
    print(f"dedup_fresh: {best:.2f} s for {report.indexed} articles (target <= 2 s for 10000)")


def _load(settings: Settings, count: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        inbox = Path(folder)
        generate(inbox, count)
        paths = sorted(inbox.rglob("*.txt"))
        for start in range(0, len(paths), STAGE_BATCH):
            articles = [
                parse_text_article(p.read_text("utf-8"), location=str(p), source=p.parent.name)
                for p in paths[start : start + STAGE_BATCH]
            ]
            stage_batch(settings.staging_dir, run_id="fresh", flow_name="bench",
                        articles=articles, rejects=())  # fmt: skip
    report = load_staged(settings)
    assert not report.busy


def _bodies(settings: Settings) -> list[str]:
    with read_connection(settings.warehouse_file) as connection:
        return [str(row[0]) for row in connection.execute("SELECT body FROM articles").fetchall()]


if __name__ == "__main__":
    main()
