"""Article metadata from an HTML page, a JSON file and a WARC record, read back column by column
through ``newsflow sql --format json``; ``extra`` is a JSON object; a second run changes nothing."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from flows.ingest_files import ingest_files
from newsflow.cli import _register_commands, app
from tasks.fetch.models import FetchResult
from tasks.fetch.warc import write_warc

pytestmark = pytest.mark.usefixtures("prefect_harness")
_register_commands()

_TEXT = """<p>The harbour board met on Tuesday and agreed to rebuild the northern pier before
winter, after a survey found the old timbers had rotted through in several places.</p>
<p>Fishermen who moor there said they had waited three years for the decision and would
now move their boats to the southern quay until the work is finished in the spring.</p>"""
HTML = f"""<html><head><title>Harbour board agrees to rebuild pier</title>
<meta name="description" content="The northern pier is to be rebuilt before winter.">
<meta property="article:section" content="Local">
<meta property="article:tag" content="harbour"><meta property="article:tag" content="fishing">
<meta property="og:image" content="https://news.example/pier.jpg">
<meta property="article:modified_time" content="2024-03-06T08:30:00Z">
<script type="application/ld+json">{{"@type": "NewsArticle", "isAccessibleForFree": false}}
</script></head><body><article><h1>Harbour board agrees to rebuild pier</h1>{_TEXT}
</article></body></html>"""
RECORD = {
    "url": "https://wire.example/1",
    "title": "Wire story",
    "body": "A wire story with enough words to be an article, " * 5,
    "summary": "From the wire.",
    "keywords": ["wire", "news"],
    "image": "https://wire.example/1.jpg",
    "modified": "2024-03-07T12:00:00+00:00",
    "desk": "night",
}
COLUMNS = (
    "description, section, tags, image_url, modified_at, is_paywalled, extraction_method, raw_ref"
)


def _inbox(folder: Path) -> Path:
    (folder / "site").mkdir(parents=True)
    (folder / "site" / "pier.html").write_text(HTML, encoding="utf-8")
    (folder / "site" / "wire.json").write_text(json.dumps(RECORD), encoding="utf-8")
    page = HTML.replace("Harbour board", "Port council").replace("pier", "quay")
    result = FetchResult(
        url="https://news.example/quay",
        final_url="https://news.example/quay",
        outcome="ok",
        status=200,
        body=page.encode(),
        content_type="text/html",
        charset="utf-8",
        content_hash="x",
        fetched_at=datetime(2024, 3, 5, 9, 0, tzinfo=UTC),
    )
    write_warc(folder / "site", "capture", [result])
    return folder


def _sql(warehouse: Path, query: str) -> list[dict[str, Any]]:
    result = CliRunner().invoke(app, ["sql", query, "-w", str(warehouse), "-F", "json"])
    assert result.exit_code == 0, result.output
    rows: list[dict[str, Any]] = json.loads(result.output)
    return rows


def _ingest(inbox: Path, data: Path) -> None:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSFLOW_DATA_DIR", str(data))
        patch.setenv("NEWSFLOW_SETTLE_SECONDS", "0")
        patch.setenv("NEWSFLOW_WORKER_PROCESSES", "1")
        ingest_files(paths=[str(inbox)], warehouse=str(data / "newsflow.duckdb"))


def test_every_metadata_column_reads_back_through_newsflow_sql(tmp_path: Path) -> None:
    inbox, data = _inbox(tmp_path / "inbox"), tmp_path / "data"
    warehouse = data / "newsflow.duckdb"
    _ingest(inbox, data)
    query = f"SELECT title, {COLUMNS}, json_type(extra) AS kind FROM articles ORDER BY title"
    rows = {row.pop("title"): row for row in _sql(warehouse, query)}
    archive = next(inbox.glob("site/**/*.warc.gz"))
    assert rows["Harbour board agrees to rebuild pier"] == {
        "description": "The northern pier is to be rebuilt before winter.",
        "section": "Local",
        "tags": ["harbour", "fishing"],
        "image_url": "https://news.example/pier.jpg",
        "modified_at": rows["Harbour board agrees to rebuild pier"]["modified_at"],
        "is_paywalled": True,
        "extraction_method": rows["Harbour board agrees to rebuild pier"]["extraction_method"],
        "raw_ref": None,
        "kind": None,  # every key it had has a column
    }
    html_row = rows["Harbour board agrees to rebuild pier"]
    assert html_row["modified_at"].startswith("2024-03-06")
    assert html_row["extraction_method"]
    assert rows["Wire story"] == {
        "description": "From the wire.",
        "section": None,
        "tags": ["wire", "news"],
        "image_url": "https://wire.example/1.jpg",
        "modified_at": rows["Wire story"]["modified_at"],
        "is_paywalled": None,
        "extraction_method": "json",
        "raw_ref": None,
        "kind": "OBJECT",
    }
    assert rows["Wire story"]["modified_at"].startswith("2024-03-07")
    warc_row = rows["Port council agrees to rebuild quay"]
    assert warc_row["raw_ref"].startswith(str(archive.name)) or str(archive) in warc_row["raw_ref"]
    assert warc_row["raw_ref"].rsplit("#", 1)[1].isdigit()
    assert (warc_row["section"], warc_row["is_paywalled"]) == ("Local", True)
    # a key with no column is in extra, as a JSON object field
    desk = _sql(warehouse, "SELECT extra->>'desk' AS desk FROM articles WHERE title = 'Wire story'")
    assert desk == [{"desk": "night"}]
    moved = _sql(warehouse, "SELECT count(*) AS n FROM articles WHERE extra->>'tags' IS NOT NULL")
    assert moved == [{"n": 0}]

    everything = f"SELECT article_id, {COLUMNS}, extra FROM articles ORDER BY article_id"
    before = _sql(warehouse, everything)
    _ingest(inbox, data)
    assert _sql(warehouse, everything) == before
