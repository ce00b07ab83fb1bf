"""A dropped ``.warc`` / ``.warc.gz`` file: read in chunks, each yielded to be staged as it goes
(like a CC-NEWS file), resumed after a crash from its staged progress.

The file's version (size and modification time) is part of its progress key, so a file changed
since is read again from its start. Every host is kept; a page's source is the inbox folder it
was dropped in, else its host. The file's ledger entry is staged by the caller after this
returns: a crash in between only means the next run finds the file read to its end and records
it without reading it again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from tasks.models import ArchiveProgress, Reject, StagedSteps
from tasks.warc_input import ReadLimits, local_opener

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
    before: ArchiveProgress | None,
    chunk_pages: int,
    run_id: str,
    seq: int = 0,
) -> StagedSteps[WarcFileOutcome]:
    """Read the file from where its staged or loaded progress ends (``before``, read by the
    caller); yield every chunk to stage."""
    archive, version = warc_file_key(path, size, mtime_ns)
    if before is not None and before.done:
        return WarcFileOutcome(before.articles, [], before.rejected)
    from tasks.warc_ingest import ingest_archive  # the archive readers, only when one comes

    try:
        outcome = yield from ingest_archive(
            local_opener(path), archive, source=source, domains=(),
            processes=1,  # in a worker already
            run_id=run_id, version=version,
            start_offset=before.resume_offset if before else 0,
            limits=ReadLimits(max_pages=chunk_pages), seq=seq,
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


def warc_file_key(path: Path, size: int, mtime_ns: int) -> tuple[str, str]:
    """The file's key in ``warc_progress``: its path and version."""
    return str(path), f"{size}:{mtime_ns}"
