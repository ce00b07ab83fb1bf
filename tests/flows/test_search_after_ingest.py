"""The ingest flow leaves its new articles searchable: the index update is part of the run."""

from __future__ import annotations

from pathlib import Path

import pytest

from search.schema import index_dir
from search.searcher import SearchRequest, search
from settings import Settings
from tests.flows.test_ingest_files import _run
from tests.support.files import write_text_article

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_articles_of_an_ingest_are_searchable_when_it_ends(settings: Settings, tmp_path: Path):
    inbox = tmp_path / "inbox" / "gazette"
    inbox.mkdir(parents=True)
    write_text_article(
        inbox / "ferry.txt",
        "Ferry strike ends",
        [
            "The ferry strike ended on Monday after a pay deal was agreed.",
            "Crossings resume at dawn.",
        ],
    )
    _run(settings, tmp_path / "inbox")
    hits = search(index_dir(settings.warehouse_file), SearchRequest('"pay deal"')).hits
    assert [(h.title, h.source) for h in hits] == [("Ferry strike ends", "gazette")]

    write_text_article(
        inbox / "tram.txt",
        "Tram line opens",
        [
            "The new tram line opened to passengers with a pay deal for drivers.",
            "It runs every ten minutes.",
        ],
    )
    _run(settings, tmp_path / "inbox")
    hits = search(index_dir(settings.warehouse_file), SearchRequest('"pay deal"')).hits
    assert sorted(h.title for h in hits) == ["Ferry strike ends", "Tram line opens"]
