"""Attention over time: how many matching stories a day or a week, near-copies counted once.

Every matching article is read from the index's fast fields (cluster key and day), not its
stored text, so a query matching most of the warehouse still costs little. A near-copy cluster
counts once, in the period of its earliest matching member; split by source, each source
counts the clusters it carried, once each.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Literal

import numpy as np
import tantivy

from search.schema import count_matches, keyword_analyzer
from search.searcher import SearchRequest, filtered_query, open_searcher

Period = Literal["day", "week"]
MAX_SERIES = 8  # sources drawn apart; the rest are summed as "other sources"
OTHER = "other sources"
ALL = "all sources"
_EPOCH = date(1970, 1, 1)


@dataclass(frozen=True)
class Attention:
    periods: list[date]  # first day of each period, without gaps
    series: dict[str, list[int]]  # name -> clusters per period
    by: Period


def attention(
    directory: Path, request: SearchRequest, *, by: Period = "day", split_source: bool = False
) -> Attention:
    index, searcher = open_searcher(directory)
    _, query = filtered_query(index, request)
    days: dict[str, dict[int, int]] = {}
    if not split_source:
        days[ALL] = _first_days(searcher, query)
    else:
        sources = _top_sources(searcher, query)
        for source in sources:
            only = _with(index, query, tantivy.Occur.Must, sources=[source])
            days[source] = _first_days(searcher, only)
        rest = _with(index, query, tantivy.Occur.MustNot, sources=sources) if sources else query
        other = _first_days(searcher, rest)
        if other:
            days[OTHER] = other
    return _bucketed(days, by, request)


def _first_days(searcher: tantivy.Searcher, query: tantivy.Query) -> dict[int, int]:
    """cluster key -> the earliest day (days since 1970) of its matching members."""
    total = count_matches(searcher, query)
    if total == 0:
        return {}
    addresses = [address for _, address in searcher.search(query, total).hits]
    keys = np.array(searcher.fast_field_values("copy_key", addresses), dtype=np.int64)
    days = np.array(searcher.fast_field_values("event_day", addresses), dtype=np.int64)
    order = np.lexsort((days, keys))
    keys, days = keys[order], days[order]
    first = np.ones(keys.size, dtype=bool)
    first[1:] = keys[1:] != keys[:-1]
    return dict(zip(keys[first].tolist(), days[first].tolist(), strict=True))


def _top_sources(searcher: tantivy.Searcher, query: tantivy.Query) -> list[str]:
    buckets = searcher.aggregate(
        query, {"sources": {"terms": {"field": "source", "size": MAX_SERIES}}}
    )["sources"]["buckets"]
    return [str(b["key"]) for b in buckets if b["key"]]


def _with(
    index: tantivy.Index, query: tantivy.Query, occur: tantivy.Occur, *, sources: list[str]
) -> tantivy.Query:
    analyzer = keyword_analyzer()
    values = [" ".join(analyzer.analyze(s)) for s in sources]
    filter_query = tantivy.Query.term_set_query(index.schema, "source", values)
    return tantivy.Query.boolean_query([(tantivy.Occur.Must, query), (occur, filter_query)])


def _period_start(day: date, by: Period) -> date:
    return day - timedelta(days=day.weekday()) if by == "week" else day


def _bucketed(days: dict[str, dict[int, int]], by: Period, request: SearchRequest) -> Attention:
    firsts = {
        name: [_period_start(_EPOCH + timedelta(days=d), by) for d in found.values()]
        for name, found in days.items()
    }
    every = [d for found in firsts.values() for d in found]
    low = request.since or (min(every) if every else None)
    high = request.until or (max(every) if every else None)
    if low is None or high is None:
        return Attention([], {name: [] for name in days}, by)
    step = timedelta(days=7 if by == "week" else 1)
    periods, at = [], _period_start(low, by)
    while at <= high:
        periods.append(at)
        at += step
    position = {p: n for n, p in enumerate(periods)}
    series = {}
    for name, starts in firsts.items():
        counts = [0] * len(periods)
        for start in starts:
            if start in position:
                counts[position[start]] += 1
        series[name] = counts
    return Attention(periods, series, by)
