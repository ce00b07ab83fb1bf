"""``newsflow extract``: show what newsflow reads out of one HTML page (a file, stdin or a URL)."""

from __future__ import annotations

import dataclasses
import json
import sys
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any

import typer

from newsflow.cli.common import fail, settings_from_options
from newsflow.cli.help import Command
from tasks.extract import ExtractedArticle, extract_article

_GZIP_MAGIC = b"\x1f\x8b"


def register(app: typer.Typer) -> None:
    app.command("extract", cls=Command)(extract)


def _plain(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def as_dict(article: ExtractedArticle) -> dict[str, Any]:
    return {key: _plain(value) for key, value in asdict(article).items()}


def extract(
    page: Annotated[
        str,
        typer.Argument(
            help="A saved HTML page (.html, .html.gz), - for stdin, or an http(s) URL.",
            show_default=False,
        ),
    ],
    url: Annotated[
        str | None,
        typer.Option(help="The page's address, to resolve relative links.", show_default=False),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print one JSON object.")] = False,
    allow_host: Annotated[
        list[str] | None,
        typer.Option("--allow-host", help="Let this otherwise refused host through (repeatable)."),
    ] = None,
) -> None:
    """Extract the article from PAGE: title, authors, dates, language, body and more."""
    settings = settings_from_options()
    charset = None
    if page.lower().startswith(("http://", "https://")):
        data, address, charset = _fetched(page, allow_host or [])
        url = url or address
    elif page == "-":
        data = _gunzipped(sys.stdin.buffer.read(settings.max_file_bytes + 1), "stdin", settings)
    else:
        data = _read_file(Path(page), settings)
    article = extract_article(data, url, http_charset=charset)
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


def _read_file(path: Path, settings: Any) -> bytes:
    from tasks.errors import InputRejected
    from tasks.read import read_input_bytes

    if not path.exists():
        fail(f"no such file: {path}", code=2)
    if path.is_dir():
        fail(f"{path} is a folder, not a page", code=2)
    try:
        data = read_input_bytes(path, settings.max_file_bytes)  # .gz decompressed, bounded
    except InputRejected as exc:
        fail(f"cannot read {path}: {exc.reason} ({exc.detail})", code=1)
    return _gunzipped(data, str(path), settings)


def _gunzipped(data: bytes, where: str, settings: Any) -> bytes:
    """Pages saved gzipped without a .gz name, or piped in gzipped, are read too."""
    from tasks.fetch.decoding import gunzip_bounded

    if len(data) > settings.max_file_bytes:
        fail(f"{where} is over max_file_bytes ({settings.max_file_bytes} bytes)", code=1)
    if not data.startswith(_GZIP_MAGIC):
        return data
    try:
        return gunzip_bounded(data, settings.max_file_bytes)
    except ValueError as exc:
        fail(f"cannot read {where}: not valid gzip ({exc})", code=1)


def _fetched(address: str, allowed_hosts: list[str]) -> tuple[bytes, str, str | None]:
    """The page through the fetcher: its safety rules (no private addresses unless allowed,
    robots.txt, size limit, redirects, timeouts) hold here as in a run."""
    from tasks.fetch import FetchConfig, Fetcher

    config = dataclasses.replace(FetchConfig(), allowed_hosts=frozenset(allowed_hosts))
    with Fetcher(config) as fetcher:
        result = fetcher.fetch(address, "page")
    if result.outcome != "ok" or not result.body:
        why = result.reason or result.outcome
        detail = f": {result.detail}" if result.detail and result.detail != why else ""
        fail(f"could not fetch {address}: {why}{detail}", code=1)
    return result.body, result.final_url, result.charset
