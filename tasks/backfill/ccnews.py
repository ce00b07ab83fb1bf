"""A ``ccnews`` source's day: the CC-NEWS WARC files stamped that UTC day, streamed and read
for the source's domains, every chunk yielded to be staged with its progress.

Each file resumes where the loaded and staged progress rows say (``warehouse.warc_progress``,
read by the caller through a ``ResumeReader``), so a day killed midway starts again at the
first record not yet staged, and a file read to its end is not read again (unless the backfill
reruns ``all``: then only progress recorded since the backfill started counts). A file that
cannot be read (missing, still failing after the retries) is a reject and makes the day
``failed``; the others load.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from settings import Settings
from tasks.backfill.days import DAY_STATUS_SEQ, DayOutcome, day_status_rows
from tasks.fetch.ccnews import ArchiveFile, archive_opener, archive_size, list_day
from tasks.fetch.client import Fetcher
from tasks.fetch.discovery import fetch_config_for
from tasks.fetch.errors import FetchError
from tasks.fetch.models import FetchConfig, RequestRecord
from tasks.fetch.plan import log_rows
from tasks.models import ArchiveProgress, BatchRows, Reject, StagedSteps
from tasks.sources import Source
from tasks.warc_ingest import ArchiveOutcome, ingest_archive
from tasks.warc_input import ReadLimits, WarcChunk

# (what, amount): "files" (a day's files found), "file" (one finished), "size" (a file's bytes,
# once), "bytes" (bytes read), "kept" (articles staged)
ProgressSink = Callable[[str, int], None]
# How far each archive URL has been read (loaded or staged progress), by URL.
ResumeReader = Callable[[Sequence[str]], Mapping[str, ArchiveProgress]]
_SEQ_PER_FILE = 300_000


@dataclass(frozen=True)
class PlannedFile:
    day: date
    source: str
    url: str
    size: int | None
    state: str  # to read | resume at N | done


@dataclass
class _RequestLog:
    """Requests sent while reading, handed to the next staged chunk (threads share it)."""

    run_id: str
    records: list[RequestRecord] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def drain(self) -> dict[str, list[dict[str, Any]]]:
        with self.lock:
            taken, self.records[:] = list(self.records), []
        return {"fetch_log": log_rows(taken, self.run_id)} if taken else {}


def run_ccnews_day(
    day: date,
    source: Source,
    *,
    config: FetchConfig,
    settings: Settings,
    backfill_run_id: str,
    day_run_id: str,
    resume_points: ResumeReader,
    progress: ProgressSink | None = None,
) -> StagedSteps[DayOutcome]:
    """Read the day's files, yielding the articles, rejects and progress to stage, then the
    day's status."""
    tell = progress or (lambda what, amount: None)
    requests = _RequestLog(day_run_id)
    rejects: list[Reject] = []
    articles = rejected = already = 0
    with Fetcher(fetch_config_for(source, config)) as fetcher:
        listing = list_day(fetcher, source.urls[0], day, source.max_files_per_day or None)
        requests.records.extend(listing.requests)
        problems = [listing.error] if listing.error else []
        tell("files", len(listing.files))
        resume = resume_points([f.url for f in listing.files])
        for number, archive in enumerate(listing.files):
            before = resume.get(archive.url, ArchiveProgress())
            # The day's counts include what earlier (killed) runs staged of these files.
            articles += before.articles
            rejected += before.rejected
            if before.done:
                already += 1
                tell("file", 1)
                continue
            try:
                outcome = yield from _read_file(
                    fetcher, archive, before.resume_offset, source, settings, day_run_id,
                    requests, tell, number,
                )  # fmt: skip
            except FetchError as exc:
                reason = exc.reason if exc.reason.startswith("http") else "archive not read"
                rejects.append(Reject(archive.url, reason, str(exc), "fetch", source.name))
                problems.append(f"{archive.path}: {exc.reason}")
            else:
                articles += outcome.articles
                rejected += outcome.rejected
            tell("file", 1)
    if rejects or requests.records:
        yield BatchRows(rejects=rejects, tables=requests.drain(), seq=DAY_STATUS_SEQ - 1)
    result = DayOutcome(
        source.name, day, "failed" if problems else "done", urls=len(listing.files),
        articles=articles, rejected=rejected + len(rejects), already_done=already,
        error="; ".join(problems) or None,
    )  # fmt: skip
    yield day_status_rows(result, backfill_run_id=backfill_run_id, day_run_id=day_run_id)
    return result


def _read_file(
    fetcher: Fetcher,
    archive: ArchiveFile,
    start: int,
    source: Source,
    settings: Settings,
    run_id: str,
    requests: _RequestLog,
    tell: ProgressSink,
    number: int,
) -> StagedSteps[ArchiveOutcome]:
    def on_bytes(count: int) -> None:
        tell("bytes", count)

    def on_size(size: int) -> None:
        tell("size", size)

    def on_chunk(chunk: WarcChunk, kept: int) -> None:
        tell("kept", kept)

    return ingest_archive(
        archive_opener(fetcher, archive.url, requests.records, on_bytes, on_size),
        archive.url,
        source=source.name,
        domains=source.domains,
        processes=settings.worker_processes,
        run_id=run_id,
        start_offset=start,
        limits=ReadLimits(max_pages=settings.warc_chunk_pages),
        on_chunk=on_chunk,
        drain_tables=requests.drain,
        seq=lambda offset: chunk_seq(number, offset),
    )


def chunk_seq(file_number: int, offset: int) -> int:
    """A chunk's place in its day run: by file, then by offset (4 KiB steps, saturating after
    1.2 GB), so chunks load in archive order whether the day was resumed or not."""
    place = 1 + file_number * _SEQ_PER_FILE + min(offset // 4096, _SEQ_PER_FILE - 1)
    return min(place, DAY_STATUS_SEQ - 2)


def plan_ccnews_day(
    day: date,
    source: Source,
    *,
    config: FetchConfig,
    resume_points: ResumeReader,
) -> tuple[list[PlannedFile], list[RequestRecord], str | None]:
    """For a dry run: the day's files, their sizes and what a run would do with each."""
    log: list[RequestRecord] = []
    with Fetcher(fetch_config_for(source, config)) as fetcher:
        listing = list_day(fetcher, source.urls[0], day, source.max_files_per_day or None)
        log.extend(listing.requests)
        resume = resume_points([f.url for f in listing.files])
        planned = []
        for archive in listing.files:
            try:
                size = archive_size(fetcher, archive.url, log)
            except FetchError as exc:
                size, state = None, f"not readable: {exc.reason}"
            else:
                before = resume.get(archive.url, ArchiveProgress())
                start = before.resume_offset
                state = "done" if before.done else (f"resume at {start}" if start else "to read")
            planned.append(PlannedFile(day, source.name, archive.url, size, state))
    return planned, log, listing.error


def planned_rows(planned: Sequence[PlannedFile]) -> list[Mapping[str, Any]]:
    return [
        {"day": p.day.isoformat(), "source": p.source, "file": p.url, "bytes": p.size,
         "state": p.state}
        for p in planned
    ]  # fmt: skip
