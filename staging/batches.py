"""Durable staging of parsed rows, so nothing is lost while the warehouse file is busy.

A staged batch is a directory ``<staging>/<batch_id>/`` holding ``meta.json``, JSON-lines files
and, written last, ``SEAL``: the sha256 of ``meta.json``, which itself lists the sha256 and size
of every file of the batch. The batch is written under a temporary name, flushed and renamed into
place, so it is either complete or absent; the seal lets the loader refuse a batch changed on
disk since (``verify_batch``). ``meta.json`` names the warehouse the rows are for, the run, the
run's epoch (the instant its articles count as first seen) and the batch's place in the run
(``seq``). Batch ids sort by (epoch, run, seq): the order a run meant its batches to load in.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import re
import shutil
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from errors import StagingFailed
from staging.durable import fsync_path
from staging.rows import REPAIRED, json_default, json_line, repair
from tasks.article_metadata import split_metadata
from tasks.fingerprint import article_id_for, content_hash, word_count
from tasks.models import RUN_END_SEQ as RUN_END_SEQ
from tasks.models import Article, LedgerEntry, Reject

META_FILE = "meta.json"
SEAL_FILE = "SEAL"
FORMAT = 2
TMP_PREFIX = ".tmp-"
DISCARDED_PREFIX = ".done-"  # a loaded batch on its way out, no longer a batch
_ARTICLE_TEXT_FIELDS = ("title", "body", "source", "location", "language", "url", "canonical_url")


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    flow_name: str
    started_at: datetime
    finished_at: datetime | None
    status: str


def warehouse_key(warehouse: Path) -> str:
    """How a batch names its warehouse: the file's absolute path."""
    return os.path.abspath(warehouse)


def new_batch_id(run_id: str, epoch: datetime | None = None, seq: int = 0) -> str:
    moment = epoch or datetime.now(UTC)
    epoch_ns = int(moment.timestamp() * 1_000_000) * 1000
    return f"{epoch_ns:020d}-{run_part(run_id)}-{seq:08d}-{uuid.uuid4().hex[:8]}"


def run_part(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", run_id[:12])


def stage_batch(
    staging_dir: Path,
    *,
    run_id: str,
    flow_name: str,
    articles: Sequence[Article],
    rejects: Sequence[Reject],
    ledger: Sequence[LedgerEntry] = (),
    tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
    warehouse: Path | None = None,
    epoch: datetime | None = None,
    seq: int = 0,
    number_rows: bool = False,
) -> Path:
    """Write one batch durably; return its directory.

    ``epoch`` is the run's start: its articles count as first seen then (default: now).
    ``seq`` is the batch's place in the run's order. ``number_rows``: the run loads its batches
    in its own order, whatever the timing, so the loader numbers its new articles in load order
    (``articles.load_seq``, the order dedup indexes a run's articles in)."""
    now = datetime.now(UTC)
    seen_at = epoch or now
    files: dict[str, Iterable[Mapping[str, Any]]] = {
        "articles.jsonl": (_article_row(i, a, seen_at) for i, a in enumerate(articles)),
        "rejects.jsonl": (
            {
                "input": r.input,
                "reason": r.reason,
                "detail": r.detail,
                "stage": r.stage,
                "source": r.source,
                "rejected_at": now,
            }
            for r in rejects
        ),
        "ledger.jsonl": (
            {
                "path": e.path,
                "size": e.size,
                "mtime_ns": e.mtime_ns,
                "outcome": e.outcome,
                "recorded_at": now,
            }
            for e in ledger
        ),
    }
    for table, rows in (tables or {}).items():
        if not table.isidentifier():
            raise ValueError(f"not a table name: {table!r}")
        files[f"tables/{table}.jsonl"] = rows
    meta = _meta("batch", run_id, flow_name, warehouse, seen_at, seq, now)
    if number_rows:
        meta["number_rows"] = True
    return _write_atomically(staging_dir, new_batch_id(run_id, seen_at, seq), meta, files)


def stage_run(
    staging_dir: Path,
    record: RunRecord,
    *,
    warehouse: Path | None = None,
    noticed_at: datetime | None = None,
) -> Path:
    """Stage the end of a run (or, with ``noticed_at``, the discovery that it crashed); it loads
    after the run's batches."""
    meta = _meta(
        "run", record.run_id, record.flow_name, warehouse, record.started_at, RUN_END_SEQ,
        datetime.now(UTC),
    )  # fmt: skip
    meta.update(
        started_at=record.started_at,
        finished_at=record.finished_at,
        status=record.status,
        noticed_at=noticed_at,
    )
    batch_id = new_batch_id(record.run_id, record.started_at, RUN_END_SEQ)
    return _write_atomically(staging_dir, batch_id, meta, {})


def _meta(
    kind: str,
    run_id: str,
    flow_name: str,
    warehouse: Path | None,
    epoch: datetime,
    seq: int,
    created_at: datetime,
) -> dict[str, Any]:
    return {
        "format": FORMAT,
        "kind": kind,
        "run_id": run_id,
        "flow_name": flow_name,
        "warehouse": warehouse_key(warehouse) if warehouse is not None else None,
        "epoch": epoch,
        "seq": seq,
        "created_at": created_at,
    }


def _article_row(ordinal: int, article: Article, seen_at: datetime) -> dict[str, Any]:
    try:
        digest = content_hash(article.body)
    except UnicodeEncodeError:  # an unpaired surrogate: repaired, and said in its warnings
        article = dataclasses.replace(
            article,
            **{name: repair(getattr(article, name)) for name in _ARTICLE_TEXT_FIELDS},
            warnings=(*article.warnings, REPAIRED),
        )
        digest = content_hash(article.body)
    metadata, extra = split_metadata(article.extra)
    return {
        "ord": ordinal,
        "article_id": article_id_for(digest),
        "content_hash": digest,
        "title": article.title,
        "body": article.body,
        "authors": list(article.authors),
        "published_at": article.published_at,
        "language": article.language,
        "url": article.url,
        "canonical_url": article.canonical_url,
        "source": article.source,
        "location": article.location,
        "word_count": word_count(article.body),
        "parser_version": article.parser_version,
        **metadata,
        "extra": extra or None,
        "warnings": list(article.warnings),
        "seen_at": seen_at,
    }


def _write_atomically(
    staging_dir: Path,
    batch_id: str,
    meta: dict[str, Any],
    files: Mapping[str, Iterable[Mapping[str, Any]]],
) -> Path:
    temporary = staging_dir / f"{TMP_PREFIX}{batch_id}"
    try:
        staging_dir.mkdir(parents=True, exist_ok=True)
        (temporary / "tables").mkdir(parents=True)
        listed: dict[str, dict[str, Any]] = {}
        for name, rows in files.items():
            listed[name] = _write_file(temporary / name, (json_line(r) for r in rows))
        meta = {**meta, "files": listed}
        meta_bytes = json.dumps(meta, default=json_default, sort_keys=True).encode("utf-8")
        _write_bytes(temporary / META_FILE, meta_bytes)
        seal = hashlib.sha256(meta_bytes).hexdigest().encode() + b"\n"
        _write_bytes(temporary / SEAL_FILE, seal)
        fsync_path(temporary / "tables", directory=True)
        fsync_path(temporary, directory=True)
        final = staging_dir / batch_id
        os.rename(temporary, final)
        fsync_path(staging_dir, directory=True)
    except OSError as exc:
        shutil.rmtree(temporary, ignore_errors=True)
        raise StagingFailed(
            f"cannot stage parsed rows in {staging_dir}: {exc.strerror or exc}. Nothing is lost:"
            " free disk space or fix the folder's permissions, then run again (the same inputs"
            " are read again)."
        ) from exc
    return final


def _write_file(path: Path, lines: Iterable[str]) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = rows = 0
    with path.open("wb") as handle:
        for line in lines:
            data = line.encode("utf-8")
            digest.update(data)
            handle.write(data)
            size += len(data)
            rows += 1
        handle.flush()
        os.fsync(handle.fileno())
    return {"sha256": digest.hexdigest(), "bytes": size, "rows": rows}


def _write_bytes(path: Path, data: bytes) -> None:
    with path.open("wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())
