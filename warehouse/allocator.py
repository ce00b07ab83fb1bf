"""DuckDB's allocator: freed memory goes back to the system at once.

On 64-bit Linux DuckDB allocates through a jemalloc of its own, which keeps the pages a query
freed (for seconds, and purges them only as it allocates again), so a process's resident size
stays near the peak of its biggest query: ``memory_limit`` bounds what DuckDB holds, not what
the process keeps. A long ingest run holds that peak beside its parse workers, and a lower
``memory_limit`` then saves nothing (measured in bench/scale.py's probe round at 200,000
articles: the flow process's peak was the same with a 64 MB cap as with 128 MB until freed
pages were purged at once; with both, it fell by ~85 MB and the round took as long).

jemalloc reads ``DUCKDB_JE_MALLOC_CONF`` once, when DuckDB's library first allocates, so the
setting must be in the environment before DuckDB is imported: this package, the only one that
imports DuckDB, sets it as it is imported, and child processes inherit it. A value already in
the environment (the user's) is kept.
"""

from __future__ import annotations

import os
import sys

ALLOCATOR_VARIABLE = "DUCKDB_JE_MALLOC_CONF"
# Purge freed pages (dirty, then lazily freed "muzzy" ones) at once instead of after a delay.
PROMPT_RETURN = "dirty_decay_ms:0,muzzy_decay_ms:0"


def return_freed_memory_promptly() -> bool:
    """Set DuckDB's allocator to hand freed pages back at once; False (nothing changed) when
    DuckDB is loaded already or the environment names a configuration of its own."""
    if "duckdb" in sys.modules or ALLOCATOR_VARIABLE in os.environ:
        return False
    os.environ[ALLOCATOR_VARIABLE] = PROMPT_RETURN
    return True
