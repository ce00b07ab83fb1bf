"""What a load did: rows loaded, batches set aside or left waiting."""

from __future__ import annotations

from dataclasses import dataclass, field

LOADER_FLOW = "newsflow-loader"  # batches the loader stages itself (reasons for set-aside ones)


NO_SOURCE = "(none)"  # the key of articles without a source in per-source counts


@dataclass
class LoadReport:
    batches_loaded: int = 0
    new: int = 0
    duplicate: int = 0
    rejected: int = 0
    busy: bool = False
    pending_batches: int = 0
    failed_batches: int = 0  # set aside: they did not verify
    rows_rejected_at_load: int = 0
    other_warehouse: int = 0  # staged for another warehouse: left for it
    new_by_source: dict[str, int] = field(default_factory=dict)  # NO_SOURCE: no source

    def add_counts(self, other: LoadReport) -> None:
        """Rows a committed group loaded."""
        self.new += other.new
        self.duplicate += other.duplicate
        self.rejected += other.rejected
        self.rows_rejected_at_load += other.rows_rejected_at_load
        for source, count in other.new_by_source.items():
            self.new_by_source[source] = self.new_by_source.get(source, 0) + count

    def add(self, other: LoadReport) -> None:
        """Fold a later load of the same run into this report (pending/busy: the later's)."""
        self.add_counts(other)
        self.batches_loaded += other.batches_loaded
        self.failed_batches += other.failed_batches
        self.other_warehouse = other.other_warehouse
        self.busy = other.busy
        self.pending_batches = other.pending_batches
