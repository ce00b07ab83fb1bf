"""Giving freed heap back to the system.

glibc keeps what a process freed (and what the threads of DuckDB or tantivy freed, in arenas
of their own) as its own free lists, so the resident size stays at a job's peak long after
it: a worker's parse batch, a dedup pass's buffers. ``malloc_trim`` returns it; elsewhere
(macOS, musl) this does nothing.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable


def _malloc_trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim: Callable[[int], int] = ctypes.CDLL("libc.so.6").malloc_trim
    except (OSError, AttributeError):
        return None
    return trim


_trim = _malloc_trim()


def give_back_memory() -> bool:
    """Return the freed heap of every arena to the system; whether anything was returned."""
    return bool(_trim(0)) if _trim is not None else False
