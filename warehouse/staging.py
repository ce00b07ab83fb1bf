"""Durable staging of parsed rows, so nothing is lost while the warehouse file is busy.

A staged batch is a directory ``<staging>/<batch_id>/`` holding ``meta.json`` and JSON-lines
files. It is written under a temporary name, flushed to disk and renamed into place, so a batch
is either complete or absent. ``warehouse.load`` loads batches in name order (oldest first) and
removes each one after its transaction commits.
"""

from __future__ import annotations

import json
import os
import time
import uuid
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from tasks.fingerprint import article_id_for, content_hash, word_count
from tasks.models import Article, LedgerEntry, Reject
from warehouse.durable import fsync_path

META_FILE = "meta.json"
_TMP_PREFIX = ".tmp-"


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    flow_name: str
    started_at: datetime
    finished_at: datetime | None
    status: str


def new_batch_id(run_id: str) -> str:
    return f"{time.time_ns():020d}-{run_id[:12]}-{uuid.uuid4().hex[:8]}"


def pending_batches(staging_dir: Path) -> list[Path]:
    if not staging_dir.is_dir():
        return []
    return sorted(
        p for p in staging_dir.iterdir() if p.is_dir() and not p.name.startswith(_TMP_PREFIX)
    )


def stage_batch(
    staging_dir: Path,
    *,
    run_id: str,
    flow_name: str,
    articles: Sequence[Article],
    rejects: Sequence[Reject],
    ledger: Sequence[LedgerEntry] = (),
    tables: Mapping[str, Sequence[Mapping[str, Any]]] | None = None,
) -> Path:
    """Write one batch durably; return its directory."""
    now = datetime.now(UTC)
    files: dict[str, Iterable[Mapping[str, Any]]] = {
        "articles.jsonl": (_article_row(i, a, now) for i, a in enumerate(articles)),
        "rejects.jsonl": (
            {"input": r.input, "reason": r.reason, "detail": r.detail, "rejected_at": now}
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
    meta = {"kind": "batch", "run_id": run_id, "flow_name": flow_name, "created_at": now}
    return _write_atomically(staging_dir, new_batch_id(run_id), meta, files)


def stage_run(staging_dir: Path, record: RunRecord) -> Path:
    """Stage the start or end of a run (loaded after the run's batches, by name order)."""
    meta = {
        "kind": "run",
        "run_id": record.run_id,
        "flow_name": record.flow_name,
        "started_at": record.started_at,
        "finished_at": record.finished_at,
        "status": record.status,
    }
    return _write_atomically(staging_dir, new_batch_id(record.run_id), meta, {})


def read_meta(batch_dir: Path) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads((batch_dir / META_FILE).read_text("utf-8"))
    return meta


def _article_row(ordinal: int, article: Article, seen_at: datetime) -> dict[str, Any]:
    digest = content_hash(article.body)
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
        "extra": json.dumps(article.extra, ensure_ascii=False, default=str)
        if article.extra
        else None,
        "seen_at": seen_at,
    }


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    raise TypeError(f"cannot stage a value of type {type(value).__name__}")


def _write_atomically(
    staging_dir: Path,
    batch_id: str,
    meta: Mapping[str, Any],
    files: Mapping[str, Iterable[Mapping[str, Any]]],
) -> Path:
    staging_dir.mkdir(parents=True, exist_ok=True)
    temporary = staging_dir / f"{_TMP_PREFIX}{batch_id}"
    (temporary / "tables").mkdir(parents=True)
    for name, rows in files.items():
        _write_file(temporary / name, (json.dumps(r, default=_json_default) + "\n" for r in rows))
    _write_file(temporary / META_FILE, [json.dumps(meta, default=_json_default)])
    fsync_path(temporary / "tables", directory=True)
    fsync_path(temporary, directory=True)
    final = staging_dir / batch_id
    os.rename(temporary, final)
    fsync_path(staging_dir, directory=True)
    return final


def _write_file(path: Path, lines: Iterable[str]) -> None:
    with path.open("w", encoding="utf-8") as handle:
        handle.writelines(lines)
        handle.flush()
        os.fsync(handle.fileno())
