"""Errors of the steps in ``tasks``, in one place.

NewsflowTaskError
└── InputRejected        a bad input: it goes to the ``rejects`` table with ``reason``
                         (short, human-readable), ``detail`` and the ``stage`` that refused
                         it, and the run goes on
"""

from __future__ import annotations


class NewsflowTaskError(Exception):
    """Base class for errors raised by the steps."""


class InputRejected(NewsflowTaskError):
    """An input that cannot become an article; ``reason`` is short and human-readable.

    ``stage`` is where it was refused: read (the file), decode (bytes to text), parse (the
    format) or normalise (the fields of one article).
    """

    def __init__(self, reason: str, detail: str = "", *, stage: str = "parse") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.stage = stage
