"""Errors of the steps in ``tasks``, in one place.

NewsflowTaskError
└── InputRejected        a bad input: it goes to the ``rejects`` table with ``reason``
                         (short, human-readable) and ``detail``, and the run goes on
"""

from __future__ import annotations


class NewsflowTaskError(Exception):
    """Base class for errors raised by the steps."""


class InputRejected(NewsflowTaskError):
    """An input that cannot become an article; ``reason`` is short and human-readable."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
