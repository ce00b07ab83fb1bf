"""One batch of dropped files: parse each, yield the rows to stage, then set the files aside."""

from __future__ import annotations

import os
import shutil
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from settings import Settings
from tasks.file_names import shown_path
from tasks.models import (
    ArchiveProgress,
    Article,
    BatchRows,
    LedgerEntry,
    Reject,
    StagedSteps,
)
from tasks.parse_file import ParsedFile, parse_file
from tasks.pickup import Candidate
from tasks.warc_file import WarcFileOutcome, ingest_warc_file, is_warc_file, warc_file_key

FLOW_NAME = "ingest_files"


@dataclass(frozen=True)
class BatchOutcome:
    files: int
    articles: int
    rejects: int
    staged_dir: str
    archive_batches: tuple[str, ...] = ()  # WARC files' chunks, staged before ``staged_dir``
    # per source ("" for none): (files, articles, rejects) counted from this batch; files and
    # rejects by source folder, articles by their own ``source`` (a record may name another)
    by_source: tuple[tuple[str, int, int, int], ...] = ()


def ingest_file_batch(
    candidates: Sequence[Candidate],
    *,
    settings: Settings,
    run_id: str,
    archives: Mapping[tuple[str, str], ArchiveProgress],
    seq: int = 0,
) -> StagedSteps[BatchOutcome]:
    """Parse the files, yield what they gave to be staged as the run's batch number ``seq``,
    then (in ``move`` mode) set them aside. A WARC file yields its chunks first, resuming from
    its progress in ``archives`` (by ``warc_file_key``, read by the caller)."""
    articles: list[Article] = []
    rejects: list[Reject] = []
    ledger: list[LedgerEntry] = []
    rejected_files: dict[str, list[Reject]] = {}
    archived = 0  # articles of WARC files, staged by chunks of their own
    archive_batches: list[str] = []
    by_source: dict[str, list[int]] = {}
    for candidate in candidates:
        from_archive = 0
        if is_warc_file(Path(candidate.info.path)):
            warc = yield from _read_warc(candidate, settings, run_id, archives, seq)
            parsed, from_archive = ParsedFile(rejects=warc.rejects), warc.articles
            archived += from_archive
            archive_batches.extend(warc.batches)
        else:
            parsed = parse_file(
                Path(candidate.info.path),
                source=candidate.source,
                max_bytes=settings.max_file_bytes,
            )
        articles.extend(parsed.articles)
        rejects.extend(parsed.rejects)
        counts = by_source.setdefault(candidate.source or "", [0, 0, 0])
        counts[0] += 1
        counts[1] += from_archive
        counts[2] += len(parsed.rejects)
        for article in parsed.articles:  # under the source the load will count it by
            by_source.setdefault(article.source or "", [0, 0, 0])[1] += 1
        whole_file_rejected = not parsed.articles and not from_archive
        if whole_file_rejected:
            rejected_files[candidate.info.path] = parsed.rejects
        info = candidate.info
        outcome = "rejected" if whole_file_rejected else "parsed"
        ledger.append(LedgerEntry(shown_path(info.path), info.size, info.mtime_ns, outcome))
    staged = yield BatchRows(articles, rejects, ledger, seq=seq)
    if settings.pickup_mode == "move":
        _set_aside(candidates, rejected_files, settings)
    return BatchOutcome(
        len(candidates), len(articles) + archived, len(rejects), str(staged),
        tuple(archive_batches), tuple((k, v[0], v[1], v[2]) for k, v in sorted(by_source.items())),
    )  # fmt: skip


def warc_keys(candidates: Sequence[Candidate]) -> list[tuple[str, str]]:
    """The ``warc_progress`` keys of the WARC files among ``candidates``."""
    return [
        warc_file_key(Path(c.info.path), c.info.size, c.info.mtime_ns)
        for c in candidates
        if is_warc_file(Path(c.info.path))
    ]


def _read_warc(
    candidate: Candidate,
    settings: Settings,
    run_id: str,
    archives: Mapping[tuple[str, str], ArchiveProgress],
    seq: int,
) -> StagedSteps[WarcFileOutcome]:
    """A WARC file yields its records chunk by chunk; only the counts come back."""
    info = candidate.info
    path = Path(info.path)
    return ingest_warc_file(
        path, size=info.size, mtime_ns=info.mtime_ns, source=candidate.source,
        before=archives.get(warc_file_key(path, info.size, info.mtime_ns)),
        chunk_pages=settings.warc_chunk_pages, run_id=run_id, seq=seq,
    )  # fmt: skip


def pickup_rejects_rows(
    rejects: Sequence[Reject], ledger: Sequence[LedgerEntry] = ()
) -> BatchRows | None:
    """Rejects found while listing (broken links, loops), to stage as the run's batch 0 with
    their ledger entries, so an unchanged one is not rejected again."""
    if not rejects:
        return None
    return BatchRows(rejects=rejects, ledger=ledger, seq=0)


def _set_aside(
    candidates: Sequence[Candidate], rejected: dict[str, list[Reject]], settings: Settings
) -> None:
    """Move taken files to processed/<date>/ or rejected/<date>/ (with a .reason file)."""
    day = datetime.now(UTC).date().isoformat()
    for candidate in candidates:
        path = Path(candidate.info.path)
        relative = (
            path.relative_to(candidate.root)
            if path.is_relative_to(candidate.root)
            else Path(path.name)
        )
        reasons = rejected.get(candidate.info.path)
        folder = settings.rejected_dir if reasons is not None else settings.processed_dir
        target = _free_name(folder / day / relative)
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            shutil.move(path, target)
        except FileNotFoundError:
            continue  # it vanished; its reject row says so
        if reasons:
            lines = [
                f"{r.input}: {r.reason}" + (f" ({r.detail})" if r.detail else "") for r in reasons
            ]
            target.with_name(target.name + ".reason").write_text("\n".join(lines) + "\n", "utf-8")


def _free_name(target: Path) -> Path:
    if not os.path.lexists(target):
        return target
    for number in range(1, 10_000):
        candidate = target.with_name(f"{target.stem}.{number}{target.suffix}")
        if not os.path.lexists(candidate):
            return candidate
    raise FileExistsError(f"no free name for {target}")
