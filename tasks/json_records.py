"""JSON text → one value per record, decoded one record at a time, each with its problems.

A ``.json`` file holds records as one value, a list of values, or several values one after
the other (JSON lines saved as ``.json``); a ``.jsonl`` file one value a line, lines split on
LF only (a raw U+2028 inside a string is text, not a line break). A list is walked element by
element with ``raw_decode``: a 20 MB list of tiny objects never exists as Python objects all
at once, and a bad element costs only itself. Syntax errors cannot be skipped (where the next
element starts is unknown), so everything from one on is one reject.

The decoder keeps values JSON readers downstream refuse from being built at all: NaN and
Infinity become null, integers over 64 bits and numbers out of float range stay their digits
as text (Python refuses to turn 4,300+ digits into an int), and duplicate keys are noted (the
last value wins, as everywhere in JSON).
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from typing import Any

from tasks.errors import InputRejected

MAX_RECORDS = 50_000  # per file: 20 MB of real articles is ~20,000; more is a data dump
_WHITESPACE = re.compile(r"[ \t\n\r\ufeff]*")  # JSON's, and a BOM left by concatenated files
_MAX_INT_DIGITS = 19


class JsonReader:
    """A JSON decoder whose hooks collect the problems of the record being decoded."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self._decoder = json.JSONDecoder(
            object_pairs_hook=self._object,
            parse_constant=self._constant,
            parse_int=self._int,
            parse_float=self._float,
        )

    def decode(self, text: str, start: int, *, line: int | None = None) -> tuple[Any, int]:
        """The value starting at ``start`` (no white space there) and where it ends.

        ``line``: the number of the line ``text`` is, for the error's detail."""
        self.problems = []
        try:
            return self._decoder.raw_decode(text, start)
        except json.JSONDecodeError as exc:
            where = f"line {line if line is not None else exc.lineno} column {exc.colno}"
            raise InputRejected("invalid JSON", f"{where}: {exc.msg}") from exc
        except RecursionError as exc:
            where = f"line {line}: " if line is not None else ""
            raise InputRejected("invalid JSON", f"{where}nested too deeply to read") from exc

    def _object(self, pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        value = dict(pairs)
        if len(value) < len(pairs):
            counts = Counter(key for key, _ in pairs)
            twice = sorted(key for key, count in counts.items() if count > 1)
            names = ", ".join(repr(k) for k in twice[:5])
            self.problems.append(f"json: duplicate key(s) {names}; the last value is used")
        return value

    def _constant(self, name: str) -> None:
        self.problems.append(f"json: {name} is not a JSON number; read as null")

    def _int(self, digits: str) -> int | str:
        if len(digits.lstrip("-")) > _MAX_INT_DIGITS:
            self.problems.append(
                f"json: a {len(digits):,}-digit integer is too large for 64 bits; kept as text"
            )
            return digits if len(digits) <= 1_000 else digits[:1_000]
        return int(digits)

    def _float(self, digits: str) -> float | str:
        value = float(digits)
        if value in (float("inf"), float("-inf")):
            self.problems.append(f"json: {digits[:40]} is out of range for a number; kept as text")
            return digits[:1_000]
        return value


Record = tuple[int, Any, list[str]]  # index, value or InputRejected, problems


def document_records(text: str, reader: JsonReader, max_records: int) -> Iterator[Record]:
    """The records of a ``.json`` text: elements of top-level lists, or top-level objects."""
    end, index = len(text), 0
    position = _skip(text, 0)
    while position < end:
        in_list = text[position] == "["
        if in_list:
            position = _skip(text, position + 1)
            if text.startswith("]", position):
                position = _skip(text, position + 1)
                continue
        while True:
            if index >= max_records:
                yield index, _too_many(max_records, "element"), []
                return
            try:
                value, position = reader.decode(text, position)
            except InputRejected as rejected:
                yield index, _rest_unread(rejected, index), []
                return
            yield index, value, reader.problems
            index += 1
            position = _skip(text, position)
            if not in_list:
                break
            if text.startswith(",", position):
                position = _skip(text, position + 1)
            elif text.startswith("]", position):
                position = _skip(text, position + 1)
                break
            else:
                found = "the end of the file" if position >= end else repr(text[position])
                unexpected = InputRejected("invalid JSON", f"expected ',' or ']', found {found}")
                yield index, _rest_unread(unexpected, index), []
                return


def line_records(text: str, reader: JsonReader, max_records: int) -> Iterator[Record]:
    """The records of a ``.jsonl`` text, numbered by line (from 1)."""
    position, number, taken, end = 0, 0, 0, len(text)
    while position < end:
        line_end = text.find("\n", position)
        if line_end < 0:
            line_end = end
        number += 1
        start = _skip(text, position, line_end)
        line_start, position = position, line_end + 1
        if start >= line_end:
            continue
        if taken >= max_records:
            lines = text.count("\n", line_start) + (0 if text.endswith("\n") else 1)
            yield number, _too_many(max_records, "line", lines), []
            return
        taken += 1
        line = text[line_start:line_end]
        try:
            value, stop = reader.decode(line, start - line_start, line=number)
        except InputRejected as rejected:
            yield number, rejected, []
            continue
        if _skip(line, stop) < len(line):
            extra = InputRejected("invalid JSON", f"line {number} column {stop + 1}: Extra data")
            yield number, extra, []
            continue
        yield number, value, reader.problems


def _skip(text: str, position: int, end: int | None = None) -> int:
    match = _WHITESPACE.match(text, position, len(text) if end is None else end)
    return match.end() if match else position


def _rest_unread(rejected: InputRejected, index: int) -> InputRejected:
    rest = "this record" if index == 0 else f"the records from #{index} on"
    return InputRejected(rejected.reason, f"{rejected.detail}; {rest} could not be read")


def _too_many(limit: int, unit: str, left: int | None = None) -> InputRejected:
    count = f"{left:,} {unit}s" if left is not None else f"the {unit}s"
    return InputRejected(
        "too many records in one file",
        f"newsflow reads at most {limit:,} records from one file; {count} after them were "
        "not read: split the file and drop the parts again",
    )
