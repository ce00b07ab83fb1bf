"""Cleaning of article text: spaces, paragraphs and trailing boilerplate."""

from __future__ import annotations

import re

from tasks.fingerprint import normalised_text

# Regular expressions rather than str.translate: translate looks up every character in a dict,
# which made cleaning the slowest step of the file pickup.
# Zero-width (non-)joiners, U+200C and U+200D, stay only between two non-ASCII characters:
# there they spell Persian and Indic words and join emoji sequences (a family, a flag). Beside
# a space or an ASCII letter, or alone (pages' "&zwj;" spacer paragraphs), they join nothing.
_INVISIBLE = re.compile("[\u200b\u2060\ufeff\u00ad]")
_LOOSE_JOINERS = re.compile(r"(?<![^\x00-\x7f\s])[\u200c\u200d]+|[\u200c\u200d]+(?![^\x00-\x7f\s])")
_ODD_SPACES = re.compile(r"[\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\t\f\v]")
_SPACE_RUN = re.compile(r" {2,}")
_BLANK_LINES = re.compile(r"\n[ \t]*\n")

# A paragraph that starts like one of these, at the very end of an article, is a trailer: the
# whole run of short paragraphs from it to the end is dropped. Mid-text, it is left alone.
_TRAILER_START = re.compile(
    r"^(?:more reads?|read more|read next|related(?: stories| articles| coverage| reading)?"
    r"|see also|recommended(?: for you)?|you may also like|follow us on\b|follow .{1,40} on"
    r" (?:twitter|x|facebook|instagram|linkedin|threads|bluesky)"
    r"|sign up for (?:our|the)\b.*newsletter|subscribe to (?:our|the)\b.*newsletter"
    r"|share this (?:article|story))\b",
    re.IGNORECASE,
)
_TRAILER_MAX_WORDS = 30
_TRAILER_MAX_PARAGRAPHS = 12


def clean_line(line: str) -> str:
    """One line with invisible characters removed and every run of spaces made one space."""
    line = _ODD_SPACES.sub(" ", _drop_invisible(line))
    return _SPACE_RUN.sub(" ", line).strip()


def split_paragraphs(text: str) -> list[str]:
    """Paragraphs separated by blank lines; the lines of one paragraph are joined by a space."""
    text = unify_line_breaks(text)
    text = _ODD_SPACES.sub(" ", _drop_invisible(text))
    paragraphs = []
    for block in _BLANK_LINES.split(text):
        joined = " ".join(line.strip() for line in block.split("\n"))
        paragraph = _SPACE_RUN.sub(" ", joined).strip() if "  " in joined else joined.strip()
        if paragraph:
            paragraphs.append(paragraph)
    return paragraphs


def _drop_invisible(text: str) -> str:
    text = _INVISIBLE.sub("", text)
    if "\u200c" in text or "\u200d" in text:  # the look-arounds cost 10x: only when needed
        text = _LOOSE_JOINERS.sub("", text)
    return text


def unify_line_breaks(text: str) -> str:
    """CR LF, CR and U+2028 as LF; U+2029 (a paragraph separator) as a blank line.

    (U+0085, NEL, is left alone: in real text it is a Windows-1252 ellipsis read as Latin-1.)"""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    for separator, line_feed in (("\u2028", "\n"), ("\u2029", "\n\n")):
        if separator in text:
            text = text.replace(separator, line_feed)
    return text


def strip_trailer(paragraphs: list[str]) -> list[str]:
    """Drop trailing boilerplate ("More reads:", "Related:", newsletter and follow-us lines).

    The last trailer line goes with the short lines after it (a list of links); then any
    trailer lines left at the very end go too. A trailer-like line earlier is text.
    """
    kept = list(paragraphs)
    limit = max(0, len(kept) - _TRAILER_MAX_PARAGRAPHS)
    for index in range(len(kept) - 1, limit - 1, -1):
        if len(kept[index].split()) > _TRAILER_MAX_WORDS:
            break
        if _TRAILER_START.match(kept[index]):
            kept = kept[:index]
            break
    while kept and len(kept[-1].split()) <= _TRAILER_MAX_WORDS and _TRAILER_START.match(kept[-1]):
        kept.pop()
    return kept


def drop_repeated_title(title: str | None, paragraphs: list[str]) -> list[str]:
    """Drop a first paragraph that only repeats the title."""
    if title and paragraphs and normalised_text(paragraphs[0]) == normalised_text(title):
        return paragraphs[1:]
    return paragraphs


def clean_body(text: str, title: str | None = None) -> str:
    """The body as newsflow stores it: clean paragraphs separated by one blank line."""
    paragraphs = strip_trailer(drop_repeated_title(title, split_paragraphs(text)))
    return "\n\n".join(paragraphs)
