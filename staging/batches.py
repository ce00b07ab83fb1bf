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

import contextlib
import dataclasses
import hashlib
import json
import math
import os
import re
import shutil
import time
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from errors import BatchInvalid as BatchInvalid
from errors import StagingFailed
from staging.durable import fsync_path
from tasks.article_metadata import split_metadata
from tasks.fingerprint import article_id_for, content_hash, word_count
from tasks.models import Article, LedgerEntry, Reject

META_FILE = "meta.json"
SEAL_FILE = "SEAL"
FORMAT = 2
RUN_END_SEQ = 99_999_999  # a run's closing record loads after all of its batches
_TMP_PREFIX = ".tmp-"
_DISCARDED_PREFIX = ".done-"  # a loaded batch on its way out, no longer a batch
_SURROGATES = re.compile("[\ud800-\udfff]")
_REPAIRED = "unencodable values repaired at staging"
_ARTICLE_TEXT_FIELDS = ("title", "body", "source", "location", "language", "url", "canonical_url")


@dataclass(frozen=True)
class RunRecord:
    run_id: str
    flow_name: str
    started_at: datetime
    finished_at: datetime | None
    status: str


@dataclass(frozen=True)
class StagedBatch:
    path: Path
    meta: dict[str, Any]

    @property
    def run_id(self) -> str:
        return str(self.meta.get("run_id"))

    @property
    def is_run_record(self) -> bool:
        return self.meta.get("kind") == "run"

    def is_for(self, warehouse: Path) -> bool:
        """Whether the batch's rows are for ``warehouse`` (batches of old versions name none)."""
        named = self.meta.get("warehouse")
        return named is None or named == warehouse_key(warehouse)


def warehouse_key(warehouse: Path) -> str:
    """How a batch names its warehouse: the file's absolute path."""
    return os.path.abspath(warehouse)


def new_batch_id(run_id: str, epoch: datetime | None = None, seq: int = 0) -> str:
    moment = epoch or datetime.now(UTC)
    epoch_ns = int(moment.timestamp() * 1_000_000) * 1000
    return f"{epoch_ns:020d}-{_run_part(run_id)}-{seq:08d}-{uuid.uuid4().hex[:8]}"


def _run_part(run_id: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]", "_", run_id[:12])


def pending_batches(staging_dir: Path) -> list[Path]:
    """Complete batch directories, in name order (temporaries, loaded batches being removed and
    stray files left out)."""
    if not staging_dir.is_dir():
        return []
    return sorted(
        p
        for p in staging_dir.iterdir()
        if not p.name.startswith(".") and p.is_dir() and not p.is_symlink()
    )


def discard_batch(batch_dir: Path) -> None:
    """Remove a loaded batch. It is renamed out of the way first, in one atomic step, and only then
    deleted file by file: a crash during the deletion leaves debris that no reader takes for a
    batch, never a batch with its seal gone (which the next load would set aside as changed)."""
    doomed = batch_dir.with_name(f"{_DISCARDED_PREFIX}{batch_dir.name}")
    if doomed.exists():  # debris of an earlier, interrupted removal
        shutil.rmtree(doomed, ignore_errors=True)
    try:
        os.rename(batch_dir, doomed)
    except FileNotFoundError:
        return  # removed meanwhile
    shutil.rmtree(doomed, ignore_errors=True)


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
) -> Path:
    """Write one batch durably; return its directory.

    ``epoch`` is the run's start: its articles count as first seen then (default: now).
    ``seq`` is the batch's place in the run's order."""
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


def read_meta(batch_dir: Path) -> dict[str, Any]:
    meta: dict[str, Any] = json.loads((batch_dir / META_FILE).read_text("utf-8"))
    if not isinstance(meta, dict):
        raise BatchInvalid(f"{batch_dir.name}: meta.json is not an object")
    return meta


def verify_batch(batch_dir: Path) -> StagedBatch:
    """The batch with its meta, after checking its seal and every file's checksum.

    Raises ``BatchInvalid`` for a batch that does not verify. A batch staged by a version of
    newsflow before seals (no ``format``) is read as it is."""
    try:
        meta_bytes = (batch_dir / META_FILE).read_bytes()
        meta = json.loads(meta_bytes)
    except (OSError, ValueError) as exc:
        raise BatchInvalid(f"meta.json cannot be read: {exc}") from exc
    if not isinstance(meta, dict) or meta.get("kind") not in ("batch", "run"):
        raise BatchInvalid("meta.json is not a newsflow batch description")
    if meta.get("format") is None:
        return StagedBatch(batch_dir, meta)  # staged before batches were sealed
    try:
        seal = (batch_dir / SEAL_FILE).read_text("ascii").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise BatchInvalid("the batch has no readable seal") from exc
    if seal != hashlib.sha256(meta_bytes).hexdigest():
        raise BatchInvalid("meta.json does not match the seal: changed after staging")
    listed: dict[str, Any] = meta.get("files") or {}
    present = {
        str(p.relative_to(batch_dir)) for p in batch_dir.rglob("*") if p.is_file() or p.is_symlink()
    } - {META_FILE, SEAL_FILE, "error.txt"}
    if present != set(listed):
        extra, missing = sorted(present - set(listed)), sorted(set(listed) - present)
        raise BatchInvalid(f"files differ from the seal (extra {extra}, missing {missing})")
    for name, expected in listed.items():
        path = batch_dir / name
        if path.is_symlink() or _sha256(path) != expected["sha256"]:
            raise BatchInvalid(f"{name} changed after staging (checksum mismatch)")
    return StagedBatch(batch_dir, meta)


def staged_rows(batch_dir: Path, name: str) -> Iterator[dict[str, Any]]:
    """The rows of one file of a batch (``rejects.jsonl``, ``tables/fetch_state.jsonl`` …);
    nothing for a batch that does not verify, so a stray directory never breaks a reader."""
    try:
        verify_batch(batch_dir)
        path = batch_dir / name
        if not path.is_file():
            return
        with path.open(encoding="utf-8") as handle:
            lines = handle.readlines()
    except (BatchInvalid, OSError, UnicodeDecodeError):
        return
    for line in lines:
        try:
            row = json.loads(line)
        except ValueError:
            continue
        if isinstance(row, dict):
            yield row


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _article_row(ordinal: int, article: Article, seen_at: datetime) -> dict[str, Any]:
    try:
        digest = content_hash(article.body)
    except UnicodeEncodeError:  # an unpaired surrogate: repaired, and said in its warnings
        article = dataclasses.replace(
            article,
            **{name: _repair(getattr(article, name)) for name in _ARTICLE_TEXT_FIELDS},
            warnings=(*article.warnings, _REPAIRED),
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


def _json_default(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, Path):
        return str(value)
    if isinstance(value, set | frozenset | tuple):
        return list(value)
    if isinstance(value, bytes):
        return value.decode("utf-8", "replace")
    return str(value)


def json_line(row: Mapping[str, Any]) -> str:
    """One staged row as a line of UTF-8 JSON. What JSON in UTF-8 cannot hold is repaired: an
    unpaired surrogate becomes U+FFFD, NaN or infinity null; the row's ``warnings`` say so."""
    try:
        line = json.dumps(row, default=_json_default, ensure_ascii=False, allow_nan=False)
        line.encode("utf-8")
    except (UnicodeEncodeError, ValueError):  # ValueError: NaN or infinity, which JSON lacks
        repaired = _repair(row)
        said = repaired.get("warnings")
        if isinstance(said, list) and _REPAIRED not in said:
            repaired["warnings"] = [*said, _REPAIRED]
        line = json.dumps(repaired, default=_json_default, ensure_ascii=False, allow_nan=False)
    return line + "\n"


def _repair(value: Any) -> Any:
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, str):
        # A valid pair stored as two code points becomes the one character it spells.
        with contextlib.suppress(UnicodeDecodeError):
            value = value.encode("utf-16", "surrogatepass").decode("utf-16")
        return _SURROGATES.sub("\ufffd", value)
    if isinstance(value, Mapping):
        return {_repair(str(k)): _repair(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set | frozenset):
        return [_repair(v) for v in value]
    return value


def _write_atomically(
    staging_dir: Path,
    batch_id: str,
    meta: dict[str, Any],
    files: Mapping[str, Iterable[Mapping[str, Any]]],
) -> Path:
    temporary = staging_dir / f"{_TMP_PREFIX}{batch_id}"
    try:
        staging_dir.mkdir(parents=True, exist_ok=True)
        (temporary / "tables").mkdir(parents=True)
        listed: dict[str, dict[str, Any]] = {}
        for name, rows in files.items():
            listed[name] = _write_file(temporary / name, (json_line(r) for r in rows))
        meta = {**meta, "files": listed}
        meta_bytes = json.dumps(meta, default=_json_default, sort_keys=True).encode("utf-8")
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


def remove_temporaries_of(staging_dir: Path, run_id: str) -> None:
    """Remove what a run that died left half-written (never renamed into place, never read)."""
    if staging_dir.is_dir():
        for leftover in staging_dir.glob(f"{_TMP_PREFIX}*-{_run_part(run_id)}-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def remove_stale_temporaries(staging_dir: Path, older_than_seconds: float) -> None:
    """Remove temporaries abandoned for ``older_than_seconds`` and, at any age, what an
    interrupted ``discard_batch`` left (its rows are loaded)."""
    if not staging_dir.is_dir():
        return
    for debris in staging_dir.glob(f"{_DISCARDED_PREFIX}*"):
        shutil.rmtree(debris, ignore_errors=True)
    cutoff = time.time() - older_than_seconds
    for leftover in staging_dir.glob(f"{_TMP_PREFIX}*"):
        try:
            if leftover.stat().st_mtime < cutoff:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            continue
