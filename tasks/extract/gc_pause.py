"""Run a page's extraction without Python's cyclic garbage collector stepping in.

A page's tree is thousands of objects linked both ways (parent, children, siblings), built in
one go. While it grows, the collector runs every 700 allocations and walks the young objects,
and every tenth time the older ones too: a third of the time a page takes to parse, for
nothing, as nothing in the tree is garbage until the page is done. With the collector paused
for the page, one young-generation collection afterwards frees the tree (a cycle, so only the
collector can) in a single walk.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """The collector off inside, then one young collection; nothing changes if it was off
    already (the caller's choice, or another thread's page: the first one in turns it back
    on)."""
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)
