"""What an indexing pass did: links written, and per source what became of the articles it
indexed, so a run can say how many of its own articles were near-copies or began a story."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from tasks.dedup.models import NEAR_COPY, DedupInput, Link
from warehouse.load_report import NO_SOURCE

# first seen (a run's epoch), source -> [indexed, near-copies, new stories]
ByRunSource = dict[tuple[datetime, str], list[int]]


@dataclass(frozen=True)
class RunDedupCounts:
    """Of one run's articles of one source that were indexed: how many are near-copies of an
    earlier article, and how many began a story (linked to no earlier article at all)."""

    indexed: int = 0
    near_copies: int = 0
    new_stories: int = 0


@dataclass
class DedupReport:
    indexed: int = 0
    near_copy_links: int = 0
    version_links: int = 0
    story_links: int = 0
    busy: bool = False
    pending: int = 0
    by_run_source: ByRunSource = field(default_factory=dict)

    def count_batch(self, batch: Sequence[DedupInput], links: Iterable[Link]) -> None:
        """Tally the batch's articles by (first seen, source): a link points from the later
        article to the earlier, so an article that is the later end of none began a story."""
        later = [(link.article_id, link.kind) for link in links]
        copies = {article_id for article_id, kind in later if kind == NEAR_COPY}
        joined = {article_id for article_id, _ in later}
        for item in batch:
            key = (item.first_seen_at, item.source or NO_SOURCE)
            counts = self.by_run_source.setdefault(key, [0, 0, 0])
            counts[0] += 1
            counts[1] += item.article_id in copies
            counts[2] += item.article_id not in joined

    def add(self, other: DedupReport) -> None:
        """Fold a later pass into this one (busy/pending: the later's)."""
        self.indexed += other.indexed
        self.near_copy_links += other.near_copy_links
        self.version_links += other.version_links
        self.story_links += other.story_links
        self.busy = other.busy
        self.pending = other.pending
        for key, counts in other.by_run_source.items():
            mine = self.by_run_source.setdefault(key, [0, 0, 0])
            for index, count in enumerate(counts):
                mine[index] += count

    def of_run(self, epoch: datetime) -> dict[str, RunDedupCounts]:
        """Per source, the counts of the articles first seen at ``epoch``: one run's own."""
        return {
            source: RunDedupCounts(*counts)
            for (seen, source), counts in sorted(self.by_run_source.items(), key=_by_source)
            if seen == epoch
        }


def _by_source(item: tuple[tuple[datetime, str], list[int]]) -> str:
    return item[0][1]
