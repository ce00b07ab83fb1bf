"""Giving freed heap back to the system, and keeping glibc from holding it in many arenas.

glibc keeps what a process freed (and what the threads of DuckDB or tantivy freed, in arenas
of their own) as its own free lists, so the resident size stays at a job's peak long after
it: a worker's parse batch, a dedup pass's buffers. ``malloc_trim`` returns it; elsewhere
(macOS, musl) this does nothing.

Trimming cannot return a page that still holds one live object, and glibc gives each thread
that allocates an arena of its own, up to eight per core: a flow process, whose tasks run in
short-lived threads beside DuckDB's and tantivy's, spread its long-lived objects over a dozen
arenas and grew by ~12 MB a run, trimmed or not (measured: 10 runs of 550 files, 261 -> 383
MB; with two arenas 254 -> 288 MB, with one 254 -> 263 MB, and bench/scale.py at 20,000
articles no slower that the shared machine's noise shows). ``limit_malloc_arenas`` caps
them, as ``MALLOC_ARENA_MAX`` would, for arenas created after the call.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable

MALLOC_ARENAS = 1
_M_ARENA_MAX = -8  # mallopt parameter (malloc.h)


def _glibc_functions() -> tuple[Callable[[int], int], Callable[[int, int], int]] | None:
    """glibc's ``malloc_trim`` and ``mallopt``; None on other C libraries."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        libc = ctypes.CDLL("libc.so.6")
        return libc.malloc_trim, libc.mallopt
    except (OSError, AttributeError):
        return None


_glibc = _glibc_functions()


def give_back_memory() -> bool:
    """Return the freed heap of every arena to the system; whether anything was returned."""
    return bool(_glibc[0](0)) if _glibc is not None else False


def limit_malloc_arenas(arenas: int = MALLOC_ARENAS) -> bool:
    """Let threads share at most ``arenas`` malloc arenas from now on; whether it applied.
    Call it early in the process: arenas that exist already stay."""
    return bool(_glibc[1](_M_ARENA_MAX, arenas)) if _glibc is not None else False
