"""tasks.memory: glibc's arenas capped for threads started afterwards; freed heap returned."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tasks.memory import give_back_memory

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="glibc only")

# Eight threads alive at once, each allocating; glibc's malloc_stats() then prints one
# "Arena N:" block per arena on stderr.
_THREADS = """
import ctypes, sys, threading
from tasks.memory import limit_malloc_arenas
if sys.argv[1] == "limit":
    assert limit_malloc_arenas(2)
barrier = threading.Barrier(8)
def work():
    kept = [bytearray(300_000) for _ in range(4)]
    barrier.wait()
    del kept
threads = [threading.Thread(target=work) for _ in range(8)]
for thread in threads:
    thread.start()
for thread in threads:
    thread.join()
ctypes.CDLL("libc.so.6").malloc_stats()
"""


def _arenas(mode: str) -> int:
    done = subprocess.run(
        [sys.executable, "-c", _THREADS, mode], capture_output=True, text=True, check=True
    )
    return done.stderr.count("Arena ")


def test_threads_share_the_capped_arenas() -> None:
    assert _arenas("free") > 2  # without the cap, threads take arenas of their own
    assert _arenas("limit") <= 2


def test_freed_heap_is_given_back() -> None:
    blocks = [bytearray(100_000) for _ in range(500)]
    del blocks
    assert give_back_memory()  # 50 MB freed: some of it goes back to the system
