"""``newsflow search`` on a real warehouse and index: formats, filters, copies, errors, charts."""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from PIL import Image
from typer.testing import CliRunner

from newsflow.cli import _register_commands, app
from tests.search.support import build, corpus

_register_commands()
runner = CliRunner()


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    from newsflow.cli import common

    monkeypatch.setattr(common.console, "width", 250)


@pytest.fixture
def warehouse(settings) -> str:
    build(settings, corpus())
    return str(settings.warehouse_file)


def _json(warehouse: str, *args: str) -> list[dict]:
    result = runner.invoke(app, ["search", *args, "-w", warehouse, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_json_hits_have_the_promised_fields_and_collapse_near_copies(warehouse):
    hits = _json(warehouse, "Arlen bridge")
    assert len(hits) == 1
    hit = hits[0]
    for key in (
        "article_id",
        "title",
        "url",
        "source",
        "published_at",
        "score",
        "snippet",
        "copies",
    ):
        assert key in hit
    assert hit["copies_total"] == 2 == len(hit["copies"])
    assert sorted([hit["source"], *(c["source"] for c in hit["copies"])]) == [
        "harbor-gazette",
        "valley-times",
        "wire-one",
    ]
    assert "**Arlen**" in hit["snippet"] and "**bridge**" in hit["snippet"]


def test_phrases_operators_and_fields(warehouse):
    def titles(query: str) -> list[str]:
        return sorted(h["title"] for h in _json(warehouse, query))

    assert titles('"pay rise"') == ["Ferry workers end three-day strike"]
    assert titles('"rise pay"') == []
    assert titles("harbour") == ["Ferry workers end three-day strike", "Harbour dredging approved"]
    assert titles("harbour -dredging") == ["Ferry workers end three-day strike"]
    assert titles("harbour NOT strike") == ["Harbour dredging approved"]
    assert titles("tram OR café") == [
        "Café reopens after the flood",
        "Tram extension to the campus",
    ]
    assert titles("title:harbour") == ["Harbour dredging approved"]
    assert titles("source:metro-wire flood") == ["Café reopens after the flood"]
    assert titles("cafe hafenstrasse creme brulee") == ["Café reopens after the flood"]
    assert titles("language:de") == ["Café reopens after the flood"]


def test_a_title_match_ranks_above_a_body_match(warehouse):
    hits = _json(warehouse, "harbour")
    assert hits[0]["title"] == "Harbour dredging approved"


def test_filters_by_source_day_and_language(warehouse):
    assert [
        h["source"] for h in _json(warehouse, "the", "--source", "metro-wire", "--source", "nobody")
    ] == [
        "metro-wire",
        "metro-wire",
    ]
    # DAY0 is 2024-03-04: the tram story is 9 days later, the café 10.
    assert [
        h["title"]
        for h in _json(warehouse, "the", "--since", "2024-03-13", "--until", "2024-03-13")
    ] == ["Tram extension to the campus"]
    assert [h["title"] for h in _json(warehouse, "the", "--language", "DE")] == [
        "Café reopens after the flood"
    ]


def test_one_hit_per_story_with_by_story_and_limit(warehouse):
    every = _json(warehouse, "the", "--limit", "100")
    stories = _json(warehouse, "the", "--limit", "100", "--by-story")
    assert len(stories) <= len(every)
    assert len({h["story_id"] for h in stories}) == len(stories)
    assert len(_json(warehouse, "the", "--limit", "2")) == 2


def test_csv_and_table_formats(warehouse):
    result = runner.invoke(app, ["search", "bridge", "-w", warehouse, "--format", "csv"])
    assert result.exit_code == 0
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert len(rows) == 1 and rows[0]["copies"] == "2"
    table = runner.invoke(app, ["search", "bridge", "-w", warehouse])
    assert (
        table.exit_code == 0
        and "+2 copies" in table.stdout
        and "1 hit(s), with 2 near-copies" in table.stdout
    )


@pytest.mark.parametrize(
    "query",
    ['"unbalanced', "(open", "close)", "author:smith", "", "   ", "x" * 10_000, "NOT ferry", "OR"],
)
def test_bad_queries_exit_2_with_one_line_and_no_traceback(warehouse, query):
    result = runner.invoke(app, ["search", query, "-w", warehouse])
    assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(
    "args",
    [
        ["--since", "yesterday"],
        ["--limit", "0"],
        ["--chart", "x.gif"],
        ["--chart", "x.png", "--size", "9x9"],
    ],
)
def test_bad_options_exit_2(warehouse, tmp_path, args):
    result = runner.invoke(app, ["search", "bridge", "-w", warehouse, *args])
    assert result.exit_code == 2, result.output


def test_no_index_yet_is_said_plainly(settings):
    from tests.warehouse.dedup_support import ingest

    ingest(settings, corpus())
    result = runner.invoke(app, ["search", "bridge", "-w", str(settings.warehouse_file)])
    assert result.exit_code == 1 and "newsflow search --rebuild" in result.stderr
    rebuilt = runner.invoke(
        app, ["search", "bridge", "--rebuild", "-w", str(settings.warehouse_file)]
    )
    assert rebuilt.exit_code == 0 and "indexed 7 article(s)" in rebuilt.stdout


def test_png_chart_decodes_has_the_size_and_is_not_blank(warehouse, tmp_path):
    path = tmp_path / "attention.png"
    result = runner.invoke(
        app, ["search", "the", "-w", warehouse, "--chart", str(path), "--size", "640x360"]
    )
    assert result.exit_code == 0, result.output
    with Image.open(path) as image:
        image.load()
        assert image.size == (640, 360)
        colours = image.convert("RGB").getcolors(maxcolors=1_000_000)
    assert colours is not None and len(colours) > 20
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0] == ["day", "all sources"]
    # Three copies of the wire story count once; every other article once.
    assert sum(int(r[1]) for r in rows[1:]) == 5
    assert rows[1][0] == "2024-03-04" and len(rows) - 1 == 11  # every day, gaps included


def test_svg_chart_split_by_source_by_week(warehouse, tmp_path):
    path = tmp_path / "attention.svg"
    result = runner.invoke(
        app,
        [
            "search",
            "the",
            "-w",
            warehouse,
            "--chart",
            str(path),
            "--by",
            "week",
            "--split",
            "source",
            "--size",
            "800x400",
        ],
    )
    assert result.exit_code == 0, result.output
    root = ET.parse(path).getroot()
    assert root.get("viewBox") == "0 0 576 288"  # 800 x 400 px at 100 dpi, in points
    assert len(list(root.iter())) > 50
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows[0][0] == "week" and set(rows[0][1:]) == {
        "harbor-gazette",
        "metro-wire",
        "valley-times",
        "wire-one",
    }
    assert [r[0] for r in rows[1:]] == ["2024-03-04", "2024-03-11"]
    totals = {name: sum(int(r[n]) for r in rows[1:]) for n, name in enumerate(rows[0]) if n}
    assert totals == {"harbor-gazette": 3, "metro-wire": 2, "valley-times": 1, "wire-one": 1}
