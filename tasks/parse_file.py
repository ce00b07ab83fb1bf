"""One dropped file → its articles and rejects, whatever its format."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from tasks.decode import decode_text
from tasks.errors import InputRejected
from tasks.models import Article, Reject
from tasks.parse_html import parse_html_article
from tasks.parse_json import iter_json_lines, parse_json_document
from tasks.parse_text import parse_text_article
from tasks.read import read_input_bytes

SUPPORTED_SUFFIXES = (".txt", ".html", ".htm", ".json", ".jsonl")


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
    """Parse one file; a bad file becomes one reject, a bad JSON line one reject of its own."""
    location = str(path)
    result = ParsedFile()
    try:
        suffix = format_suffix(path)
        if suffix not in SUPPORTED_SUFFIXES:
            raise InputRejected(
                "unsupported file type",
                f"'{suffix or path.name}' is not one of {', '.join(SUPPORTED_SUFFIXES)} (or .gz)",
            )
        data = read_input_bytes(path, max_bytes)
        if suffix in (".html", ".htm"):
            result.articles.append(parse_html_article(data, location=location, source=source))
            return result
        text, _ = decode_text(data)
        if not text.strip():
            raise InputRejected("empty file", "the file holds only white space")
        if suffix == ".txt":
            result.articles.append(parse_text_article(text, location=location, source=source))
        elif suffix == ".json":
            result.articles.extend(parse_json_document(text, location=location, source=source))
        else:
            for where, outcome in iter_json_lines(text, location=location, source=source):
                if isinstance(outcome, InputRejected):
                    result.rejects.append(Reject(where, outcome.reason, outcome.detail))
                else:
                    result.articles.append(outcome)
            if not result.articles and not result.rejects:
                raise InputRejected("empty file", "the JSON-lines file has no lines")
    except InputRejected as rejected:
        result.rejects.append(Reject(location, rejected.reason, rejected.detail))
    except RecursionError:
        result.rejects.append(Reject(location, "input nested too deeply", "parser recursion limit"))
    return result
