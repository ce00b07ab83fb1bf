"""Hostile JSON-lines files: raw separators, surrogates, bad lines among good, line ends."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.hostile_files import (
    Builder,
    ExpectedReject,
    HostileCase,
    article_text,
    expect,
    rejected,
)
from tests.support.hostile_json import good_object, good_text


def lines_file(
    folder: Path, name: str, text: str, description: str, **expected: Any
) -> HostileCase:
    path = folder / name
    path.write_text(text, "utf-8", newline="")
    return expect(description, path, **expected)


def case_jsonl_raw_line_separator(folder: Path) -> HostileCase:
    line = json.dumps(good_object("u2028"), ensure_ascii=False)[:-2] + ' one\u2028two\u2029three"}'
    return lines_file(
        folder,
        "sep.jsonl",
        line + "\n",
        "a raw U+2028 and U+2029 inside a string",
        articles=1,
        body_contains=("one two\n\nthree",),
    )


def case_jsonl_lone_surrogate_in_body(folder: Path) -> HostileCase:
    line = f'{{"title": "Emoji half", "body": "{article_text("half")} \\ud83d"}}'
    return lines_file(
        folder,
        "half.jsonl",
        line + "\n",
        "half an emoji in a body",
        articles=1,
        warnings=("body: unpaired surrogate",),
    )


def case_jsonl_good_and_bad_lines(folder: Path) -> HostileCase:
    lines = [
        good_text("gb 1"),
        '{"title": "cut',
        good_text("gb 3"),
        f"[{good_text('gb 4')}]",
        good_text("gb 5"),
    ]
    rejects = (
        ExpectedReject("invalid JSON", "parse", ":2"),
        ExpectedReject("wrong JSON shape", "parse", ":4"),
    )
    return lines_file(
        folder,
        "mixed.jsonl",
        "\n".join(lines) + "\n",
        "good lines around a cut line and a list",
        articles=3,
        rejects=rejects,
    )


def case_jsonl_crlf(folder: Path) -> HostileCase:
    return lines_file(
        folder,
        "crlf.jsonl",
        f"{good_text('crlf 1')}\r\n{good_text('crlf 2')}\r\n",
        "CR LF line ends",
        articles=2,
    )


def case_jsonl_blank_lines(folder: Path) -> HostileCase:
    text = f"\n\n   \n{good_text('blank 1')}\n\t\n\n{good_text('blank 2')}\n\n"
    return lines_file(folder, "blank.jsonl", text, "blank lines everywhere", articles=2)


def case_jsonl_only_blank_lines(folder: Path) -> HostileCase:
    return lines_file(
        folder,
        "empty.jsonl",
        "\n \n\t\n",
        "only blank lines",
        rejects=rejected("empty file", "parse"),
    )


def case_jsonl_no_final_newline(folder: Path) -> HostileCase:
    return lines_file(
        folder,
        "nofinal.jsonl",
        f"{good_text('nf 1')}\n{good_text('nf 2')}",
        "no line feed after the last line",
        articles=2,
    )


def case_jsonl_two_objects_on_a_line(folder: Path) -> HostileCase:
    text = f"{good_text('two 1')} {good_text('two 2')}\n{good_text('two 3')}\n"
    return lines_file(
        folder,
        "two.jsonl",
        text,
        "two objects on one line",
        articles=1,
        rejects=rejected("invalid JSON", "parse", ":1"),
    )


def case_jsonl_deep_line(folder: Path) -> HostileCase:
    text = f"{good_text('dl 1')}\n{'[' * 100_000}{']' * 100_000}\n{good_text('dl 3')}\n"
    return lines_file(
        folder,
        "deep.jsonl",
        text,
        "a line nested 100,000 deep",
        articles=2,
        rejects=rejected("invalid JSON", "parse", ":2"),
    )


def case_jsonl_bom_on_a_later_line(folder: Path) -> HostileCase:
    text = f"{good_text('bl 1')}\n\ufeff{good_text('bl 2')}\n"
    return lines_file(folder, "bom.jsonl", text, "a BOM left by concatenating files", articles=2)


JSONL_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
