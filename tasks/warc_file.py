"""A dropped ``.warc`` / ``.warc.gz`` file: read in chunks and staged as it goes, like a CC-NEWS
file, resumed after a crash from its staged progress.

The file's version (size and modification time) is part of its progress key, so a file changed
since is read again from its start. Every host is kept; a page's source is the inbox folder it
was dropped in, else its host. The file's ledger entry is staged by the caller after this
returns: a crash in between only means the next run finds the file read to its end and records
it without reading it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from settings import Settings
from tasks.models import Reject
from tasks.warc_input import ReadLimits, local_opener
from warehouse.warc_progress import read_archive_progress

WARC_SUFFIXES = (".warc", ".warc.gz")


@dataclass(frozen=True)
class WarcFileOutcome:
    articles: int
    rejects: list[Reject]  # those of the whole file (the records' are staged with their chunk)
    rejected: int  # every reject of the file, staged or not
    batches: tuple[str, ...] = ()  # the chunks staged now, in order

    @property
    def whole_file_rejected(self) -> bool:
        return self.articles == 0


def is_warc_file(path: Path) -> bool:
    return path.name.lower().endswith(WARC_SUFFIXES)


def ingest_warc_file(
    path: Path,
    *,
    size: int,
    mtime_ns: int,
    source: str | None,
    settings: Settings,
    run_id: str,
    flow_name: str,
    epoch: datetime | None = None,
    seq: int = 0,
) -> WarcFileOutcome:
    """Read the file from where its staged or loaded progress ends; stage every chunk."""
    archive, version = str(path), f"{size}:{mtime_ns}"
    before = read_archive_progress(
        settings.warehouse_file,
        [(archive, version)],
        wait_seconds=settings.lock_wait_seconds,
        staging_dir=settings.staging_dir,
    ).get((archive, version))
    if before is not None and before.done:
        return WarcFileOutcome(before.articles, [], before.rejected)
    from tasks.warc_ingest import ingest_archive  # the archive readers, only when one comes

    try:
        outcome = ingest_archive(
            local_opener(path), archive, source=source, domains=(),
            settings=settings.with_overrides(worker_processes=1),  # in a worker already
            run_id=run_id, flow_name=flow_name, version=version,
            start_offset=before.resume_offset if before else 0,
            limits=ReadLimits(max_pages=settings.warc_chunk_pages), epoch=epoch, seq=seq,
        )  # fmt: skip
    except OSError as exc:  # vanished, unreadable: the file's problem, not the run's
        reject = Reject(
            archive, "file cannot be read", f"{type(exc).__name__}: {exc}", "read", source
        )
        return WarcFileOutcome(0, [reject], 1)
    articles = outcome.articles + (before.articles if before else 0)
    rejected = outcome.rejected + (before.rejected if before else 0)
    if outcome.records == 0 and not before:
        reject = Reject(archive, "empty file", "the WARC file holds no records", "read", source)
        return WarcFileOutcome(0, [reject], rejected + 1, tuple(outcome.batches))
    return WarcFileOutcome(articles, [], rejected, tuple(outcome.batches))
