"""``newsflow extract``: show what newsflow reads out of one saved HTML page."""

from __future__ import annotations

import json
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from tasks.extract import ExtractedArticle, extract_article


def register(app: typer.Typer) -> None:
    app.command("extract")(extract)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def as_dict(article: ExtractedArticle) -> dict[str, Any]:
    return {key: _plain(value) for key, value in asdict(article).items()}


def extract(
    file: Annotated[
        Path,
        typer.Argument(help="A saved HTML page.", exists=True, dir_okay=False, readable=True),
    ],
    url: Annotated[
        str | None, typer.Option(help="The page's address, to resolve relative links.")
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
) -> None:
    """Extract the article from FILE: title, authors, dates, language, body and more."""
    article = extract_article(file.read_bytes(), url)
    fields = as_dict(article)
    if as_json:
        typer.echo(json.dumps(fields, ensure_ascii=False, indent=2))
        return
    body = fields.pop("body")
    for key, value in fields.items():
        if value in (None, [], ""):
            continue
        shown = ", ".join(value) if isinstance(value, list) else value
        typer.echo(f"{key}: {shown}")
    typer.echo("")
    typer.echo(body)
