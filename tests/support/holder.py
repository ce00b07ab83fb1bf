"""Another process holding the warehouse file, as an analyst's session would."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

HOLDER = (
    "import duckdb, sys\n"
    "connection = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == 'read')\n"
    "print('holding', flush=True)\n"
    "sys.stdin.readline()\n"
)


@contextmanager
def held_by_another_process(path: Path, *, read_only: bool = True) -> Iterator[None]:
    """Another process holding the file (an analyst's read-only session, or a writer) until the
    block ends."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(path), "read" if read_only else "write"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield
    finally:
        holder.communicate("release\n", timeout=30)
