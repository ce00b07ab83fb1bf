"""One dropped file → its articles and rejects, whatever its format, bytes or name.

Nothing escapes ``parse_file``: a bad file is one reject, a bad record of a JSON file one
reject of its own, and an error nobody foresaw becomes a reject "internal error while parsing"
for that file alone. Every reject names its stage (read, decode, parse, normalise) and source;
a file's location is its shown path (``tasks.file_names``: valid UTF-8 whatever the name's
bytes). What was repaired on the way (trailing garbage after a gzip stream, a few invalid
byte sequences) is in each of the file's articles' warnings.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

from tasks.decode import decode_text
from tasks.errors import InputRejected
from tasks.file_names import shown_path
from tasks.models import Article, Reject
from tasks.normalise import capped_warnings
from tasks.parse_json import Outcome, iter_json_lines, parse_json_document
from tasks.parse_text import parse_text_article
from tasks.read import read_input
from tasks.stage_times import timed
from tasks.text_repair import storable

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")
_CONTENT = re.compile(r"[^\s\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_HTML_START = re.compile(r"\s*(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html[\s>])", re.I | re.S)
_MAX_DETAIL_CHARS = 2_000


@dataclass
class ParsedFile:
    articles: list[Article] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)


def format_suffix(path: Path) -> str:
    """The suffix that names the format, looking through a trailing ``.gz``."""
    suffixes = [s.lower() for s in path.suffixes[-2:]]
    if suffixes and suffixes[-1] == ".gz":
        return suffixes[0] if len(suffixes) == 2 else ""
    return suffixes[-1] if suffixes else ""


def parse_file(path: Path, *, source: str | None, max_bytes: int) -> ParsedFile:
    """Parse one file; never raises. Rejects name the file (or its record) and the stage."""
    result = ParsedFile()
    location = shown_path(path)
    try:
        with timed("parse"):  # text and JSON files; HTML pages time their own stages
            _parse(path, location, source, max_bytes, result)
    except InputRejected as rejected:
        result.rejects.append(reject_for(location, rejected, source))
    except RecursionError:
        failure = InputRejected("input nested too deeply", "parser recursion limit")
        result.rejects.append(reject_for(location, failure, source))
    except Exception as exc:  # the per-file boundary: whatever happened costs this file only
        failure = InputRejected("internal error while parsing", f"{type(exc).__name__}: {exc}")
        result.rejects.append(reject_for(location, failure, source))
    return result


def reject_for(where: str, rejected: InputRejected, source: str | None) -> Reject:
    """The reject row for ``rejected``, every text in it storable."""
    detail = storable(rejected.detail)
    if len(detail) > _MAX_DETAIL_CHARS:
        detail = detail[: _MAX_DETAIL_CHARS - 3] + "..."
    return Reject(
        input=storable(where),
        reason=storable(rejected.reason),
        detail=detail,
        stage=rejected.stage,
        source=storable(source) if source is not None else None,
    )


def _parse(
    path: Path, location: str, source: str | None, max_bytes: int, result: ParsedFile
) -> None:
    suffix = format_suffix(path)
    if suffix not in SUPPORTED_SUFFIXES:
        raise InputRejected(
            "unsupported file type",
            f"'{suffix or shown_path(path.name)}' is not one of "
            f"{', '.join(SUPPORTED_SUFFIXES)} (or .gz)",
            stage="read",
        )
    with timed("read"):
        read = read_input(path, max_bytes)
    if suffix in (".html", ".htm"):
        article = _parse_html(read.data, location=location, source=source)
        result.articles.append(_with_warnings(article, read.warnings))
        return
    with timed("decode"):
        decoded = decode_text(read.data)
    warnings = (*read.warnings, *decoded.warnings)
    text = decoded.text
    if _CONTENT.search(text) is None:
        raise InputRejected("empty file", "the file holds only white space")
    if suffix == ".txt" and _HTML_START.match(text, 0, 4096):
        article = _parse_html(read.data, location=location, source=source)
        note = "file: a .txt file holding an HTML page; read as HTML"
        result.articles.append(_with_warnings(article, (*warnings, note)))
        return
    del read, decoded  # the bytes are no longer needed: a 20 MB file is two copies less
    if suffix == ".txt":
        article = parse_text_article(text, location=location, source=source)
        result.articles.append(_with_warnings(article, warnings))
        return
    outcomes: Iterable[Outcome]
    if suffix == ".json":
        outcomes = parse_json_document(text, location=location, source=source)
    else:
        outcomes = iter_json_lines(text, location=location, source=source)
    for where, outcome in outcomes:
        if isinstance(outcome, InputRejected):
            result.rejects.append(reject_for(where, outcome, source))
        else:
            result.articles.append(_with_warnings(outcome, warnings))
    if not result.articles and not result.rejects:
        raise InputRejected("empty file", "the JSON-lines file has no lines")


def _with_warnings(article: Article, warnings: tuple[str, ...]) -> Article:
    if not warnings:
        return article
    return replace(article, warnings=capped_warnings((*warnings, *article.warnings)))


def _parse_html(data: bytes, *, location: str, source: str | None) -> Article:
    # Imported on the first page: a run of text files (`newsflow ingest notes.txt`) never
    # loads the HTML extractor and its parsers, a fifth of a second of a short command.
    from tasks.parse_html import parse_html_article

    return parse_html_article(data, location=location, source=source)
