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

from tasks.file_names import shown_path
from tasks.pickup import Candidate

_GZIP_EXPANSION = 8
# Below this much input in one batch, parsing here takes less time than starting a worker
# process (a fresh interpreter importing the parsers: about half a second).
SMALL_RUN_BYTES = 256 * 1024
# Parsing time in bytes of input: what one file costs beyond its bytes, a batch's most, and
# the smallest batch the shrinking end of a run is cut into.
_FILE_COST = 1024 * 1024
_BATCH_COST = 128 * 1024 * 1024
_TAIL_SHARE = 4  # a batch takes at most this fraction of the work left
_TAIL_MIN_COST = 12 * 1024 * 1024


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
    candidates: Sequence[Candidate],
    staged: Sequence[StagedBatchRef],
    batch_size: int,
    max_batch_bytes: int | None = None,
) -> list[WorkItem]:
    """``candidates`` (sorted by path) in batches of at most ``batch_size`` files and about
    ``max_batch_bytes`` of input (a batch is parsed whole in memory before it is staged) and
    of parsing time (``_BATCH_COST``, less towards the end), never spanning the place of a
    staged batch, with the staged batches at their places."""
    places = sorted(staged, key=lambda ref: (ref.first_input, ref.path))
    keys = [ref.first_input for ref in places]
    work: list[WorkItem] = []
    current: list[Candidate] = []
    current_bytes = current_cost = 0
    seq = 1
    placed = 0
    left = sum(_cost(candidate) for candidate in candidates)  # not yet in a batch

    def flush() -> None:
        nonlocal current, current_bytes, current_cost, seq
        if current:
            work.append(ParseBatch(seq, tuple(current)))
            seq += 1
            current, current_bytes, current_cost = [], 0, 0

    for candidate in candidates:
        due = bisect.bisect_right(keys, shown_path(candidate.info.path))
        if due > placed:
            flush()
            work.extend(places[placed:due])
            placed = due
        weight, cost = _input_bytes(candidate), _cost(candidate)
        if max_batch_bytes is not None and current_bytes + weight > max_batch_bytes:
            flush()
        # the batch's share of the work left counts from where the batch starts
        budget = min(_BATCH_COST, max(_TAIL_MIN_COST, (left + current_cost) // _TAIL_SHARE))
        if current and current_cost + cost > budget:
            flush()
        current.append(candidate)
        current_bytes += weight
        current_cost += cost
        left -= cost
        if len(current) >= batch_size:
            flush()
    flush()
    work.extend(places[placed:])
    return work


def needs_worker_processes(work: Sequence[WorkItem]) -> bool:
    """Whether the run's parsing is worth worker processes: more than one batch, or more than
    ``SMALL_RUN_BYTES`` of input (``newsflow ingest one-file.txt`` is not)."""
    batches = [item for item in work if isinstance(item, ParseBatch)]
    weight = sum(_input_bytes(c) for batch in batches for c in batch.candidates)
    return len(batches) > 1 or weight > SMALL_RUN_BYTES


def _cost(candidate: Candidate) -> int:
    return _input_bytes(candidate) + _FILE_COST


def _input_bytes(candidate: Candidate) -> int:
    """What a file may weigh once read: compressed files count eight times their size."""
    size = candidate.info.size
    return size * _GZIP_EXPANSION if candidate.info.path.endswith((".gz", ".GZ")) else size
