"""A small warehouse for the search tests: real articles, loaded and deduplicated by the real
loader and dedup, then indexed by the real updater."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from search.schema import index_dir
from search.searcher import SearchRequest, SearchResult, search
from search.update import IndexReport, update_index
from settings import Settings
from tasks.dedup.linking import ALGORITHMS
from tasks.models import Article
from tests.tasks.dedup.texts import WIRE, WIRE_TEXT
from tests.warehouse.dedup_support import article, ingest
from warehouse.dedup_run import dedup_pending

FERRY = (
    "Ferry workers ended their three-day strike on Thursday after the operator agreed to a pay "
    "rise of six percent and new rules on overtime.\n\n"
    "The harbour was quiet for most of the week as crossings to the islands were cancelled. "
    "Union leaders said the deal was the best they could get this year."
)
DREDGING = (
    "The port authority approved the dredging of the harbour channel so that larger container "
    "ships can berth at the eastern quay.\n\n"
    "Fishermen fear the work will disturb the breeding grounds near the breakwater; the "
    "authority promised to pause dredging during the spring season."
)
TRAM = (
    "The city will extend the tram line to the university campus by 2028, the transport "
    "committee decided on Monday.\n\n"
    "Construction starts next year. Shops along the route will get compensation for the months "
    "of roadworks, and the old bus line will be kept until the tram opens."
)
CAFE = (
    "A café on the corner of Hafenstraße reopened after the flood, serving crème brûlée and "
    "coffee to the volunteers who cleaned the street.\n\n"
    "The owner thanked the neighbours who carried sandbags through the night."
)


def corpus() -> list[Article]:
    """A wire story carried by three outlets (near-copies), other stories, one per outlet."""
    items = [
        article(
            WIRE_TEXT, title="Riverton approves the Arlen bridge", source="wire-one", slug="w1"
        ),
        article(
            "RIVERTON (Wire) - " + WIRE_TEXT,
            title="Council backs new bridge",
            source="valley-times",
            slug="w2",
            days=0.2,
        ),
        article(
            "\n\n".join(WIRE[:-1]),
            title="Riverton approves the Arlen bridge",
            source="harbor-gazette",
            slug="w3",
            days=0.4,
        ),
        article(
            FERRY,
            title="Ferry workers end three-day strike",
            source="harbor-gazette",
            slug="f1",
            days=1,
        ),
        article(
            DREDGING, title="Harbour dredging approved", source="harbor-gazette", slug="d1", days=2
        ),
        article(TRAM, title="Tram extension to the campus", source="metro-wire", slug="t1", days=9),
        article(
            CAFE, title="Café reopens after the flood", source="metro-wire", slug="c1", days=10
        ),
    ]
    items[-1] = replace(items[-1], language="de")
    return items


def build(settings: Settings, articles: Sequence[Article], run_id: str = "run-1") -> IndexReport:
    ingest(settings, articles, run_id)
    dedup = dedup_pending(settings, ALGORITHMS)
    assert not dedup.busy
    report = update_index(settings)
    assert not report.busy
    return report


def run_search(settings: Settings, query: str, **options: object) -> SearchResult:
    return search(index_dir(settings.warehouse_file), SearchRequest(query, **options))  # type: ignore[arg-type]
