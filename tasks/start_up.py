"""The cyclic garbage collector while a process starts (a CLI command, the embedded API).

A flow command imports Prefect, pydantic and the flows: hundreds of thousands of objects that
live as long as the process (classes, schemas, settings), made in about a second. At its
default thresholds the collector walks that growing heap again and again as it is built: 12 %
of the start-up's CPU here. While the command starts it runs rarely; once its imports are done
(``imports_done``), what they made is frozen, never walked again, and the collector runs as
usual for the work itself.
"""

from __future__ import annotations

import gc

DEFAULT_THRESHOLDS = gc.get_threshold()
# Allocations between two collections of the youngest generation while the command starts
# (Python's default is 700), and younger collections between two of each older generation.
START_UP_THRESHOLDS = (50_000, 20, 20)


def collect_rarely() -> None:
    """From the command's start until ``imports_done``: collect rarely."""
    gc.set_threshold(*START_UP_THRESHOLDS)


def imports_done() -> None:
    """Freeze what the imports made (it lives as long as the process) and collect as usual."""
    gc.freeze()
    gc.set_threshold(*DEFAULT_THRESHOLDS)
