"""Flushing to disk what must survive a crash: staged batches, a compacted warehouse copy."""

from __future__ import annotations

import os
from pathlib import Path


def fsync_path(path: Path, *, directory: bool = False) -> None:
    """fsync a file, or a directory (so that a rename or a new entry in it is on disk too)."""
    descriptor = os.open(path, os.O_RDONLY | (os.O_DIRECTORY if directory else 0))
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)
