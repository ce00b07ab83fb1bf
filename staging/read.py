"""Reading staged batches: the complete ones in load order, each verified against its seal;
and removing them once loaded, or what a run that died left half-written."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from errors import BatchInvalid as BatchInvalid
from staging.batches import (
    DISCARDED_PREFIX,
    META_FILE,
    SEAL_FILE,
    TMP_PREFIX,
    run_part,
    warehouse_key,
)


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
    doomed = batch_dir.with_name(f"{DISCARDED_PREFIX}{batch_dir.name}")
    if doomed.exists():  # debris of an earlier, interrupted removal
        shutil.rmtree(doomed, ignore_errors=True)
    try:
        os.rename(batch_dir, doomed)
    except FileNotFoundError:
        return  # removed meanwhile
    shutil.rmtree(doomed, ignore_errors=True)


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


def remove_temporaries_of(staging_dir: Path, run_id: str) -> None:
    """Remove what a run that died left half-written (never renamed into place, never read)."""
    if staging_dir.is_dir():
        for leftover in staging_dir.glob(f"{TMP_PREFIX}*-{run_part(run_id)}-*"):
            shutil.rmtree(leftover, ignore_errors=True)


def remove_stale_temporaries(staging_dir: Path, older_than_seconds: float) -> None:
    """Remove temporaries abandoned for ``older_than_seconds`` and, at any age, what an
    interrupted ``discard_batch`` left (its rows are loaded)."""
    if not staging_dir.is_dir():
        return
    for debris in staging_dir.glob(f"{DISCARDED_PREFIX}*"):
        shutil.rmtree(debris, ignore_errors=True)
    cutoff = time.time() - older_than_seconds
    for leftover in staging_dir.glob(f"{TMP_PREFIX}*"):
        try:
            if leftover.stat().st_mtime < cutoff:
                shutil.rmtree(leftover, ignore_errors=True)
        except OSError:
            continue
