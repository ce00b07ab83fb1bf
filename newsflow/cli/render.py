"""Printing rows: a table that fits the terminal (like the duckdb CLI), or whole rows as csv, tsv,
json, ndjson or markdown.

The table shows at most ``max_rows`` rows (the first and the last half, with a row of … between)
and fits ``max_width`` columns of text: long values are cut with …, and when even short columns
do not fit, the middle columns give way to a … column. The line under it says how many rows and
columns there are and how many are not shown. The other formats are for programs: every row,
every value whole.
"""

from __future__ import annotations

import collections
import csv
import datetime as dt
import decimal
import enum
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, TextIO

from rich import box
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

Row = tuple[Any, ...]
_NUMERIC = frozenset(
    f"{sign}{name}"
    for name in ("TINYINT", "SMALLINT", "INTEGER", "BIGINT", "HUGEINT")
    for sign in ("", "U")
) | {"FLOAT", "DOUBLE", "DECIMAL"}
_FLOOR = 10  # a column is cut to no fewer cells than this before columns are left out
_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


class OutputFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    tsv = "tsv"
    json = "json"
    ndjson = "ndjson"
    markdown = "markdown"


@dataclass(frozen=True)
class Limits:
    max_rows: int  # 0: every row
    max_width: int


def write_rows(
    out: TextIO,
    columns: Sequence[str],
    types: Sequence[str],
    batches: Iterable[Sequence[Row]],
    output_format: OutputFormat,
    limits: Limits,
    noun: tuple[str, str] = ("row", "rows"),
) -> int:
    """Write the rows in ``output_format``; return how many rows there were. ``noun`` names a
    row in the table's caption (one, many)."""
    rows = (row for batch in batches for row in batch)
    if output_format is OutputFormat.table:
        return _write_table(out, columns, types, rows, limits, noun)
    writer = {
        OutputFormat.csv: _write_csv,
        OutputFormat.tsv: _write_tsv,
        OutputFormat.json: _write_json,
        OutputFormat.ndjson: _write_ndjson,
        OutputFormat.markdown: _write_markdown,
    }[output_format]
    return writer(out, columns, types, rows)


# --- the table --------------------------------------------------------------------------------


def _write_table(
    out: TextIO,
    columns: Sequence[str],
    types: Sequence[str],
    rows: Iterable[Row],
    limits: Limits,
    noun: tuple[str, str],
) -> int:
    keep = limits.max_rows if limits.max_rows > 0 else None
    head: list[Row] = []
    tail: collections.deque[Row] = collections.deque(maxlen=(keep // 2) if keep else 0)
    total = 0
    for row in rows:
        total += 1
        if keep is None or len(head) < keep:
            head.append(row)
        tail.append(row)
    omitted = 0
    shown = head
    if keep is not None and total > keep:
        head = head[: keep - len(tail)]
        omitted = total - len(head) - len(tail)
        shown = [*head, *tail]
    cut = limits.max_width + 1  # a value longer than the screen is cut anyway
    cells = [[cell_text(value)[:cut] for value in row] for row in shown]
    layout = fit_columns(list(columns), cells, limits.max_width)
    console = Console(file=out, width=limits.max_width, highlight=False, emoji=False)
    if columns:
        console.print(_table(layout, types, cells, split=len(head) if omitted else None))
    console.print(Text(_caption(total, noun, omitted, columns, layout, limits.max_width)))
    return total


@dataclass(frozen=True)
class Layout:
    """Which columns are shown, how wide, and where the … column stands for the others."""

    kept: list[int]
    widths: list[int]
    gap_at: int | None  # position in ``kept`` before which the … column goes
    headers: list[str]


def fit_columns(headers: list[str], cells: list[list[str]], max_width: int) -> Layout:
    natural = [
        max([cell_len(header), 1, *(cell_len(row[i]) for row in cells)])
        for i, header in enumerate(headers)
    ]
    floors = [min(width, _FLOOR) for width in natural]
    kept = list(range(len(headers)))

    def frame(count: int, hidden: bool) -> int:  # borders and padding: "│ x │ y │"
        return 3 * (count + hidden) + 1 + hidden

    while (
        len(kept) > 1
        and sum(floors[i] for i in kept) + frame(len(kept), len(kept) < len(headers)) > max_width
    ):
        del kept[len(kept) // 2]
    hidden = len(kept) < len(headers)
    available = max(max_width - frame(len(kept), hidden), len(kept))
    widths = _water_fill([natural[i] for i in kept], [floors[i] for i in kept], available)
    gap_at = next((p for p, i in enumerate(kept) if i != p), len(kept)) if hidden else None
    return Layout(kept, widths, gap_at, headers)


def _water_fill(natural: list[int], floors: list[int], available: int) -> list[int]:
    """Cap the widest columns at one level so that all fit; never below a column's floor."""
    if sum(natural) <= available:
        return natural
    if sum(floors) >= available:  # one column wider than the screen
        return [max(1, min(f, available)) for f in floors]
    low, high = 0, max(natural)
    while low < high:
        level = (low + high + 1) // 2
        if sum(min(n, max(f, level)) for n, f in zip(natural, floors, strict=True)) <= available:
            low = level
        else:
            high = level - 1
    widths = [min(n, max(f, low)) for n, f in zip(natural, floors, strict=True)]
    spare = available - sum(widths)
    for index, (width, full) in enumerate(zip(widths, natural, strict=True)):
        if spare and width < full:
            widths[index] += 1
            spare -= 1
    return widths


def _table(
    layout: Layout, types: Sequence[str], cells: list[list[str]], split: int | None
) -> Table:
    table = Table(box=box.HEAVY_HEAD, header_style="bold", show_edge=True)
    positions: list[int | None] = list(layout.kept)
    if layout.gap_at is not None:
        positions.insert(layout.gap_at, None)
    widths = iter(layout.widths)
    for index in positions:
        if index is None:
            table.add_column(Text("…"), width=1, no_wrap=True)
            continue
        numeric = _is_numeric(types[index] if index < len(types) else "")
        table.add_column(
            Text(layout.headers[index]),
            width=next(widths),
            no_wrap=True,
            overflow="ellipsis",
            justify="right" if numeric else "left",
        )
    for number, row in enumerate(cells):
        if number == split:
            table.add_row(*(Text("…") for _ in positions))
        table.add_row(*(Text("…" if i is None else row[i]) for i in positions))
    return table


def _caption(
    total: int,
    noun: tuple[str, str],
    omitted: int,
    columns: Sequence[str],
    layout: Layout,
    max_width: int,
) -> str:
    caption = f"{total} {noun[0] if total == 1 else noun[1]}"
    if omitted:
        caption += f", {omitted} not shown (--max-rows)"
    hidden = [name for i, name in enumerate(columns) if i not in set(layout.kept)]
    if hidden:
        caption += f"; {len(columns)} columns, {len(hidden)} not shown: " + ", ".join(hidden)
    return caption if cell_len(caption) <= max_width else caption[: max_width - 1] + "…"


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def _is_numeric(type_name: str) -> bool:
    name = type_name.upper()
    return name in _NUMERIC or (name.startswith("DECIMAL(") and name.endswith(")"))


def cell_text(value: Any, newline: str = "\\n") -> str:
    """A value on one line, as a person reads it: NULL, true, [a, b], {k: v}, \\n for breaks."""
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return _one_line(value, newline)
    if isinstance(value, list | tuple):
        return "[" + ", ".join(cell_text(v, newline) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {cell_text(v, newline)}" for k, v in value.items()) + "}"
    if isinstance(value, bytes | bytearray):
        return "".join(chr(b) if 32 <= b < 127 and b != 92 else f"\\x{b:02X}" for b in value)
    return _one_line(str(value), newline)


def _one_line(text: str, newline: str) -> str:
    if text.isprintable():
        return text
    return "".join(newline if c == "\n" else c if c.isprintable() else _escape(c) for c in text)


def _escape(character: str) -> str:
    if character in _ESCAPES:
        return _ESCAPES[character]
    code = ord(character)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


# --- formats for programs ---------------------------------------------------------------------


def plain(value: Any) -> Any:
    """A JSON-ready form of a DuckDB value (dates in ISO 8601, decimals exact as text)."""
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    if isinstance(value, bytes | bytearray):
        return bytes(value).hex()
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    return value


def _json_ready(value: Any, type_name: str) -> Any:
    if type_name == "JSON" and isinstance(value, str):
        try:
            return json.loads(value)  # a JSON column nests in the output, not as a string
        except ValueError:
            return value
    return plain(value)


def _records(columns: Sequence[str], types: Sequence[str], rows: Iterable[Row]) -> Iterable[Any]:
    for row in rows:
        yield {
            column: _json_ready(value, kind)
            for column, kind, value in zip(columns, types, row, strict=True)
        }


def _write_json(
    out: TextIO, columns: Sequence[str], types: Sequence[str], rows: Iterable[Row]
) -> int:
    count = 0
    for record in _records(columns, types, rows):
        text = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
        out.write(("[\n  " if count == 0 else ",\n  ") + text)
        count += 1
    out.write("\n]\n" if count else "[]\n")
    return count


def _write_ndjson(
    out: TextIO, columns: Sequence[str], types: Sequence[str], rows: Iterable[Row]
) -> int:
    count = 0
    for record in _records(columns, types, rows):
        out.write(json.dumps(record, ensure_ascii=False) + "\n")
        count += 1
    return count


def _field(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list | tuple | dict):
        return json.dumps(plain(value), ensure_ascii=False)
    converted = plain(value)
    return converted if isinstance(converted, str) else str(converted)


def _write_csv(
    out: TextIO, columns: Sequence[str], types: Sequence[str], rows: Iterable[Row]
) -> int:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    count = 0
    for row in rows:
        writer.writerow([_field(value) for value in row])
        count += 1
    return count


def _tsv_field(text: str) -> str:
    return text.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")


def _write_tsv(
    out: TextIO, columns: Sequence[str], types: Sequence[str], rows: Iterable[Row]
) -> int:
    out.write("\t".join(_tsv_field(c) for c in columns) + "\n")
    count = 0
    for row in rows:
        out.write("\t".join(_tsv_field(_field(value)) for value in row) + "\n")
        count += 1
    return count


def _markdown_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|")


def _write_markdown(
    out: TextIO, columns: Sequence[str], types: Sequence[str], rows: Iterable[Row]
) -> int:
    out.write("| " + " | ".join(_markdown_cell(c) for c in columns) + " |\n")
    rules = ("---:" if _is_numeric(kind) else "---" for kind in types)
    out.write("| " + " | ".join(rules) + " |\n")
    count = 0
    for row in rows:
        cells = (_markdown_cell(cell_text(value, newline="<br>")) for value in row)
        out.write("| " + " | ".join(cells) + " |\n")
        count += 1
    return count
