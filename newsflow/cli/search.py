"""``newsflow search``: ranked full-text search, attention charts, and index rebuilds."""

from __future__ import annotations

import csv
import enum
import json
import re
import sys
from datetime import date, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.table import Table
from rich.text import Text

from newsflow.cli.common import WarehouseOption, console, error_console, settings_from_options
from newsflow.cli.help import Command
from search.attention import Attention, attention
from search.errors import IndexMissing, QuerySyntaxError, SearchError
from search.schema import index_dir
from search.searcher import Hit, SearchRequest, search
from search.update import update_index

MAX_LIMIT = 1_000
_SIZE = re.compile(r"^(\d{2,5})x(\d{2,5})$")


class OutputFormat(enum.StrEnum):
    table = "table"
    csv = "csv"
    json = "json"


class Period(enum.StrEnum):
    day = "day"
    week = "week"


class Split(enum.StrEnum):
    source = "source"


def register(app: typer.Typer) -> None:
    app.command("search", cls=Command)(search_command)


def search_command(
    query: Annotated[str | None, typer.Argument(help="e.g. '\"ferry strike\" -boat'")] = None,
    source: Annotated[
        list[str] | None, typer.Option("--source", "-s", help="Only these sources (repeat).")
    ] = None,
    since: Annotated[str | None, typer.Option(help="From this UTC day (YYYY-MM-DD).")] = None,
    until: Annotated[str | None, typer.Option(help="Up to this UTC day, included.")] = None,
    language: Annotated[str | None, typer.Option(help="Only this language (e.g. en).")] = None,
    limit: Annotated[int, typer.Option(help="Hits to show (clusters).")] = 20,
    output_format: Annotated[
        OutputFormat, typer.Option("--format", "-f", help="table, csv, or json.")
    ] = OutputFormat.table,
    by_story: Annotated[bool, typer.Option("--by-story", help="One hit per story.")] = False,
    chart: Annotated[
        Path | None, typer.Option(help="Draw matches over time to FILE.png or FILE.svg.")
    ] = None,
    by: Annotated[Period, typer.Option(help="Chart periods: day or week.")] = Period.day,
    split: Annotated[Split | None, typer.Option(help="One line per source.")] = None,
    size: Annotated[str, typer.Option(help="Chart size in pixels, WIDTHxHEIGHT.")] = "1000x500",
    rebuild: Annotated[
        bool, typer.Option("--rebuild", help="Index every article again first.")
    ] = False,
    warehouse: WarehouseOption = None,
) -> None:
    """Search the articles (BM25), one hit per near-copy cluster; or chart matches over time.

    Words must all match (AND is the default); "a phrase", OR, NOT or -word, ( ), and the fields
    title:, body:, source:, language:. Exit 2 for a query or option that cannot be read."""
    settings = settings_from_options(warehouse=warehouse)
    if rebuild:
        report = update_index(settings, rebuild=True)
        if report.busy:
            _fail(f"the warehouse or the search index of {settings.warehouse_file} is busy", 3)
        console.print(f"indexed {report.documents} article(s) in {report.seconds:.1f} s")
        if query is None:
            return
    if query is None:
        _fail("give a QUERY to search for (or --rebuild)", 2)
        return
    request = SearchRequest(
        query=query,
        sources=tuple(source or ()),
        since=_day(since, "--since"),
        until=_day(until, "--until"),
        language=language,
        limit=_limit(limit),
        by_story=by_story,
    )
    directory = index_dir(settings.warehouse_file)
    try:
        if chart is not None:
            width, height = _size(size)
            _chart(directory, request, chart, by, split is Split.source, (width, height))
            return
        result = search(directory, request)
    except QuerySyntaxError as exc:
        _fail(f"query error: {exc}", 2)
    except IndexMissing as exc:
        _fail(str(exc), 1)
    except SearchError as exc:
        _fail(str(exc), 1)
    if result.snippets_missing:
        error_console.print(f"warning: no snippets: {result.snippets_missing}", highlight=False)
    _print_hits(result.hits, output_format)


def _fail(message: str, code: int) -> None:
    error_console.print(
        f"[red]error:[/red] {message}", highlight=False, markup=True, soft_wrap=True
    )
    raise typer.Exit(code)


def _day(value: str | None, option: str) -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        _fail(f"{option} {value!r} is not a date (YYYY-MM-DD)", 2)
    raise AssertionError("unreachable")


def _limit(value: int) -> int:
    if not 1 <= value <= MAX_LIMIT:
        _fail(f"--limit must be between 1 and {MAX_LIMIT}", 2)
    return value


def _size(value: str) -> tuple[int, int]:
    match = _SIZE.match(value)
    if not match or not all(50 <= int(n) <= 10_000 for n in match.groups()):
        _fail(f"--size {value!r}: give WIDTHxHEIGHT in pixels, each 50-10000 (e.g. 1000x500)", 2)
    assert match is not None
    return int(match.group(1)), int(match.group(2))


def _chart(
    directory: Path,
    request: SearchRequest,
    path: Path,
    by: Period,
    split_source: bool,
    size: tuple[int, int],
) -> None:
    from search.chart import FORMATS, draw_chart

    if path.suffix.lower().lstrip(".") not in FORMATS:
        _fail(f"--chart {path.name!r}: the file must end in .png or .svg", 2)
    data = attention(directory, request, by=by.value, split_source=split_source)
    draw_chart(data, path, title=f"{request.query}", width=size[0], height=size[1])
    _print_counts(data)
    error_console.print(f"chart written to {path}", highlight=False)


def _print_counts(data: Attention) -> None:
    """The chart's numbers, as CSV on standard output (period, then one column a series)."""
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow([data.by, *data.series])
    for n, period in enumerate(data.periods):
        writer.writerow([period.isoformat(), *(counts[n] for counts in data.series.values())])


def _print_hits(hits: list[Hit], output_format: OutputFormat) -> None:
    if output_format is OutputFormat.json:
        records = [_record(hit) for hit in hits]
        sys.stdout.write(json.dumps(records, ensure_ascii=False, indent=2) + "\n")
    elif output_format is OutputFormat.csv:
        writer = csv.writer(sys.stdout, lineterminator="\n")
        columns = ["article_id", "title", "url", "source", "published_at", "score", "snippet"]
        writer.writerow([*columns, "copies", "copy_sources"])
        for hit in hits:
            record = _record(hit)
            sources = "; ".join(c["source"] for c in record["copies"])
            writer.writerow([*(record[c] for c in columns), hit.copies_total, sources])
    else:
        console.print(_table(hits))


def _record(hit: Hit) -> dict[str, Any]:
    return {
        "article_id": hit.article_id,
        "title": hit.title,
        "url": hit.url,
        "source": hit.source,
        "published_at": _iso(hit.published_at),
        "score": round(hit.score, 4),
        "snippet": hit.snippet,
        "copies": [
            {
                "article_id": c.article_id,
                "source": c.source,
                "url": c.url,
                "published_at": _iso(c.published_at),
            }
            for c in hit.copies
        ],
        "copies_total": hit.copies_total,
        "copy_cluster_id": hit.copy_cluster_id,
        "story_id": hit.story_id,
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment is not None else None


def _table(hits: list[Hit]) -> Table:
    table = Table(show_header=True, header_style="bold", show_lines=True)
    table.add_column("#", justify="right")
    table.add_column("title / url", overflow="fold", ratio=3)
    table.add_column("source", overflow="fold")
    table.add_column("published")
    table.add_column("snippet", overflow="fold", ratio=4)
    for rank, hit in enumerate(hits, 1):
        heading = Text(hit.title or "(no title)", style="bold")
        heading.append("\n" + hit.url, style="dim")
        where = Text(hit.source)
        if hit.copies_total:
            others = sorted({c.source for c in hit.copies})
            where.append(f"\n+{hit.copies_total} copies: {', '.join(others)}", style="cyan")
        snippet = Text(hit.snippet_text)
        for start, end in hit.snippet_marks:
            snippet.stylize("bold yellow", start, end)
        published = hit.published_at.strftime("%Y-%m-%d") if hit.published_at else ""
        table.add_row(str(rank), heading, where, published, snippet)
    copies = sum(hit.copies_total for hit in hits)
    table.caption = f"{len(hits)} hit(s), with {copies} near-copies (or story siblings) folded in"
    return table
