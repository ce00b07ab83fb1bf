"""``python -m tests.support.ccnews_run BASE_URL DATA_DIR DAY``: one CC-NEWS day of the source
``cc`` (domain news.example) read, staged and loaded, as a process of its own (to be killed)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from settings import Settings, load_settings
from tasks.fetch.models import FetchConfig
from tasks.sources import Source, source_from_table
from tasks.wrappers.ccnews_day import run_and_stage_ccnews_day
from warehouse.load import load_staged

CONFIG = FetchConfig(
    allowed_hosts=frozenset({"127.0.0.1"}), min_delay=0.0, retries=3, backoff_base=0.01
)


def cc_source(base_url: str, **extra: object) -> Source:
    table = {"kind": "ccnews", "domains": ["news.example"], "base_url": base_url, "min_delay": 0}
    return source_from_table("cc", {**table, **extra})


def day_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {"worker_processes": 1, "warc_chunk_pages": 3}
    values.update(overrides)
    return load_settings({}, data_dir=data_dir, **values)  # type: ignore[arg-type]


def main(base_url: str, data_dir: str, day: str) -> None:
    settings = day_settings(Path(data_dir))
    outcome = run_and_stage_ccnews_day(
        date.fromisoformat(day), cc_source(base_url), config=CONFIG, settings=settings,
        backfill_run_id="backfill", day_run_id="day", since=None,
    )  # fmt: skip
    load_staged(settings)
    print(outcome.status, outcome.articles, flush=True)


if __name__ == "__main__":
    main(*sys.argv[1:4])
