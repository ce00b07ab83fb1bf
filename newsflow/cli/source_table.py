"""The per-source table every ingesting command prints: the inputs it took (files or pages)
and, apart, what became of the articles they held; the run's time and rate below."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table

# header -> key of a per-source row (the rows of the flows' ``*-sources`` artifacts); two-line
# headers keep the table within 80 columns
COLUMNS = {
    "{inputs}": "seen",
    "articles": "articles",
    "new": "new",
    "exact\ndup": "duplicate",
    "near-\ncopy": "near_copy",
    "new\nstories": "new_stories",
    "rejected": "rejected",
}


def sources_table(rows: Sequence[Mapping[str, Any]], *, noun: str, elapsed: float) -> Table:
    """``noun`` names an input ("file", "page"); counts not known yet (a busy warehouse, articles
    not indexed) read "pending"."""
    table = Table(title="by source", show_header=True)
    table.add_column("source", overflow="ellipsis", max_width=30)
    for header in COLUMNS:
        table.add_column(header.format(inputs=f"{noun}s"), justify="right")
    for row in rows:
        table.add_row(str(row["source"]), *(_count(row.get(k)) for k in COLUMNS.values()))
    table.caption = rate_caption(sum(int(row["seen"]) for row in rows), elapsed, noun)
    return table


def _count(value: Any) -> str:
    return str(value) if isinstance(value, int) else "pending"


def rate_caption(count: int, elapsed: float, noun: str) -> str:
    """ "7 files in 1.2 s, 5.8 files/s": the run's time and its rate."""
    rate = f", {count / elapsed:.1f} {noun}s/s" if elapsed > 0 else ""
    return f"{count} {noun}{'' if count == 1 else 's'} in {elapsed:.1f} s{rate}"
