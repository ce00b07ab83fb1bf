"""A CC-NEWS day run and staged: the archives' progress read from the warehouse and staging,
the step (``tasks.backfill.ccnews``) run, every batch it yields staged as it comes. Plain
functions, no Prefect (the backfill's task calls them in a thread; tests call them directly)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime

from settings import Settings
from staging.steps import StageTarget, stage_steps
from tasks.backfill.ccnews import ProgressSink, ResumeReader, run_ccnews_day
from tasks.backfill.days import FLOW_NAME, DayOutcome
from tasks.fetch.models import FetchConfig
from tasks.models import ArchiveProgress
from tasks.sources import Source
from warehouse.warc_progress import read_archive_progress


def ccnews_resume_reader(settings: Settings, since: datetime | None) -> ResumeReader:
    """How far each CC-NEWS file has been read (loaded or staged), by URL; progress recorded
    before ``since`` does not count."""

    def read(urls: Sequence[str]) -> Mapping[str, ArchiveProgress]:
        found = read_archive_progress(
            settings.warehouse_file,
            [(url, "") for url in urls],
            wait_seconds=settings.lock_wait_seconds,
            staging_dir=settings.staging_dir,
            since=since,
        )
        return {url: progress for (url, _), progress in found.items()}

    return read


def run_and_stage_ccnews_day(
    day: date,
    source: Source,
    *,
    config: FetchConfig,
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
    since: datetime | None,
    progress: ProgressSink | None = None,
    epoch: datetime | None = None,
) -> DayOutcome:
    steps = run_ccnews_day(
        day,
        source,
        config=config,
        settings=settings,
        backfill_run_id=backfill_run_id,
        day_run_id=day_run_id,
        resume_points=ccnews_resume_reader(settings, since),
        progress=progress,
    )
    return stage_steps(steps, StageTarget.of(settings, day_run_id, FLOW_NAME, epoch))
