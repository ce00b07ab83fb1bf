"""The order of a file pickup's work: batches to parse, and batches a crashed run staged.

The order decides which of two files with the same text becomes the article (the first), so it
must not depend on the number of worker processes or on timing: batches are made from the
files in path order, and the batches a crashed run left staged (adopted when this run resumes
it) take the place their first file has in that order, as in the run that was interrupted.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass

from tasks.pickup import Candidate


@dataclass(frozen=True)
class ParseBatch:
    seq: int  # the batch's place in the run (0 is the pickup's own rejects)
    candidates: tuple[Candidate, ...]


@dataclass(frozen=True)
class StagedBatchRef:
    path: str
    first_input: str


WorkItem = ParseBatch | StagedBatchRef


def order_work(
    candidates: Sequence[Candidate], staged: Sequence[StagedBatchRef], batch_size: int
) -> list[WorkItem]:
    """``candidates`` (sorted by path) in batches of at most ``batch_size``, never spanning
    the place of a staged batch, with the staged batches at their places."""
    places = sorted(staged, key=lambda ref: (ref.first_input, ref.path))
    keys = [ref.first_input for ref in places]
    work: list[WorkItem] = []
    current: list[Candidate] = []
    seq = 1
    placed = 0

    def flush() -> None:
        nonlocal current, seq
        if current:
            work.append(ParseBatch(seq, tuple(current)))
            seq += 1
            current = []

    for candidate in candidates:
        due = bisect.bisect_right(keys, candidate.info.path)
        if due > placed:
            flush()
            work.extend(places[placed:due])
            placed = due
        current.append(candidate)
        if len(current) >= batch_size:
            flush()
    flush()
    work.extend(places[placed:])
    return work
