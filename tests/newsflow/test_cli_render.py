"""What ``newsflow sql`` prints: a table that fits the screen, and whole rows for programs."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

import pytest
from rich.cells import cell_len

from newsflow.cli.render import Limits, OutputFormat, cell_text, fit_columns, write_rows


def _render(
    columns: list[str],
    rows: list[tuple[Any, ...]],
    output_format: OutputFormat = OutputFormat.table,
    *,
    types: list[str] | None = None,
    max_rows: int = 40,
    max_width: int = 120,
) -> str:
    out = io.StringIO()
    count = write_rows(
        out,
        columns,
        types or ["VARCHAR"] * len(columns),
        [rows[:7], rows[7:]],  # in two batches, as a cursor gives them
        output_format,
        Limits(max_rows, max_width),
    )
    assert count == len(rows)
    return out.getvalue()


@pytest.mark.parametrize("width", [20, 37, 80, 120, 203])
@pytest.mark.parametrize("columns", [1, 3, 14, 40])
def test_every_line_of_a_table_fits_the_width(width: int, columns: int) -> None:
    names = [f"column_number_{i}" for i in range(columns)]
    rows = [tuple("word " * (i + j) + "日本語" for j in range(columns)) for i in range(12)]
    lines = _render(names, rows, max_width=width).splitlines()
    assert lines and max(cell_len(line) for line in lines) <= width
    assert lines[-1].startswith("12 rows")


def test_long_rows_show_the_first_and_last_half_and_say_how_many_are_not_shown() -> None:
    rows = [(i,) for i in range(1000)]
    text = _render(["n"], rows, types=["INTEGER"], max_rows=10)
    numbers = [line.strip("│ ") for line in text.splitlines() if line.startswith("│")]
    assert numbers == ["0", "1", "2", "3", "4", "…", "995", "996", "997", "998", "999"]
    assert text.splitlines()[-1] == "1000 rows, 990 not shown (--max-rows)"
    assert _render(["n"], rows[:10], max_rows=10).splitlines()[-1] == "10 rows"
    assert len(_render(["n"], rows, max_rows=0).splitlines()) == 1000 + 5


def test_odd_row_limits_show_exactly_that_many_rows() -> None:
    text = _render(["n"], [(i,) for i in range(20)], types=["INTEGER"], max_rows=5)
    numbers = [line.strip("│ ") for line in text.splitlines() if line.startswith("│")]
    assert numbers == ["0", "1", "2", "…", "18", "19"]


def test_too_many_columns_leave_out_the_middle_ones_and_name_them() -> None:
    names = [f"c{i:02}" for i in range(30)]
    text = _render(names, [tuple("x" * 15 for _ in names)], max_width=80)
    header = text.splitlines()[1]
    assert "c00" in header and "c29" in header and "…" in header and "c15" not in header
    caption = text.splitlines()[-1]
    assert caption.startswith("1 row; 30 columns, ") and "not shown: " in caption
    assert "c05" in caption and caption.endswith("…") and len(caption) <= 80


def test_short_results_are_not_cut_and_the_caption_is_one_short_line() -> None:
    assert _render(["1"], [(1,)], types=["INTEGER"]).splitlines() == [
        "┏━━━┓", "┃ 1 ┃", "┡━━━┩", "│ 1 │", "└───┘", "1 row"
    ]  # fmt: skip
    assert _render(["a"], []).splitlines()[-1] == "0 rows"


def test_long_values_are_cut_with_an_ellipsis_and_stay_on_one_line() -> None:
    body = "First paragraph of a long story.\n\nSecond paragraph " + "word " * 2000
    lines = _render(["title", "body"], [("Short", body)], max_width=60).splitlines()
    assert len(lines) == 6
    assert "First paragraph of a long story.\\n\\nSecond" in lines[3] or lines[3].count("…") == 1
    assert lines[3].rstrip("│ ").endswith("…")


def test_cell_text_shows_values_as_a_person_reads_them() -> None:
    import datetime as dt

    assert cell_text(None) == "NULL"
    assert cell_text(True) == "true"
    assert cell_text(["Ana", "Tom"]) == "[Ana, Tom]"
    assert cell_text({"k": [1, None]}) == "{k: [1, NULL]}"
    assert cell_text("a\tb\nc\x00") == "a\\tb\\nc\\x00"
    assert cell_text(dt.date(2026, 1, 5)) == "2026-01-05"
    assert cell_text(b"ab\x00") == "ab\\x00"


def test_fit_columns_keeps_natural_widths_when_they_fit() -> None:
    layout = fit_columns(["a", "bb"], [["xxx", "y"]], 80)
    assert (layout.kept, layout.widths, layout.gap_at) == ([0, 1], [3, 2], None)


ODD = [("a|b", "x\ny", None, "tab\there", '{"k": [1, 2]}', [1, 2], True)]
ODD_COLUMNS = ["pipe", "newline", "missing", "tab", "doc", "list", "flag"]
ODD_TYPES = ["VARCHAR", "VARCHAR", "VARCHAR", "VARCHAR", "JSON", "INTEGER[]", "BOOLEAN"]


def test_csv_keeps_every_value_whole() -> None:
    text = _render(ODD_COLUMNS, ODD, OutputFormat.csv, types=ODD_TYPES)
    rows = list(csv.reader(io.StringIO(text)))
    assert rows == [
        ODD_COLUMNS,
        ["a|b", "x\ny", "", "tab\there", '{"k": [1, 2]}', "[1, 2]", "true"],
    ]


def test_tsv_escapes_tabs_and_line_breaks() -> None:
    lines = _render(ODD_COLUMNS, ODD, OutputFormat.tsv, types=ODD_TYPES).splitlines()
    assert lines[1].split("\t") == [
        "a|b",
        "x\\ny",
        "",
        "tab\\there",
        '{"k": [1, 2]}',
        "[1, 2]",
        "true",
    ]


def test_json_and_ndjson_nest_json_columns() -> None:
    expected = {
        "pipe": "a|b", "newline": "x\ny", "missing": None, "tab": "tab\there",
        "doc": {"k": [1, 2]}, "list": [1, 2], "flag": True,
    }  # fmt: skip
    assert json.loads(_render(ODD_COLUMNS, ODD, OutputFormat.json, types=ODD_TYPES)) == [expected]
    lines = _render(ODD_COLUMNS, ODD * 3, OutputFormat.ndjson, types=ODD_TYPES).splitlines()
    assert [json.loads(line) for line in lines] == [expected] * 3
    assert _render(["a"], [], OutputFormat.json) == "[]\n"


def test_json_of_many_rows_is_one_valid_array() -> None:
    rows = [(i, f"t{i}") for i in range(25)]
    parsed = json.loads(_render(["n", "t"], rows, OutputFormat.json, types=["INTEGER", "VARCHAR"]))
    assert parsed == [{"n": i, "t": f"t{i}"} for i in range(25)]


def test_markdown_escapes_pipes_and_aligns_numbers() -> None:
    lines = _render(
        ["name", "n"], [("a|b\nc", 3)], OutputFormat.markdown, types=["VARCHAR", "BIGINT"]
    ).splitlines()
    assert lines == ["| name | n |", "| --- | ---: |", "| a\\|b<br>c | 3 |"]
