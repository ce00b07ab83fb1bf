"""An optional in-process listener for progress, set by the command line to draw a bar.

Deployed runs have no listener; the calls then cost nothing.
"""

from __future__ import annotations

from collections.abc import Callable

ProgressListener = Callable[[str, int, int], None]  # (stage, done, total)
_listener: ProgressListener | None = None


def set_progress_listener(listener: ProgressListener | None) -> None:
    global _listener
    _listener = listener


def report_progress(stage: str, done: int, total: int) -> None:
    if _listener is not None:
        _listener(stage, done, total)
