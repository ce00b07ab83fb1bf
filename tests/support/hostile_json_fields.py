"""Hostile JSON fields: surrogates, wrong types, absurd lengths, extra fields to clean."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.hostile_files import (
    Builder,
    HostileCase,
    article_text,
    rejected,
)
from tests.support.hostile_json import good_object, good_text, one_file


def case_json_lone_surrogate_in_title(folder: Path) -> HostileCase:
    text = f'{{"title": "Lone \\ud800 surrogate", "body": {json.dumps(article_text("surrogate title"))}}}'
    return one_file(
        folder,
        "surtitle",
        "\\ud800 in the title",
        text,
        articles=1,
        title="Lone \ufffd surrogate",
        warnings=("title: unpaired surrogate",),
    )


def case_json_lone_surrogate_in_extra(folder: Path) -> HostileCase:
    text = good_text("surextra")[:-1] + ', "note\\udc00": "value \\ud83d", "list": ["\\udfff"]}'
    return one_file(
        folder,
        "surextra",
        "lone surrogates in an extra key and values",
        text,
        articles=1,
        warnings=("unpaired surrogate(s) replaced with U+FFFD (2 more like it)",),
    )


def case_json_escaped_surrogate_pair(folder: Path) -> HostileCase:
    text = f'{{"title": "Pair \\ud83d\\ude00", "body": {json.dumps(article_text("pair"))}}}'
    return one_file(
        folder, "pair", "a surrogate pair written as two escapes", text, articles=1, title="Pair 😀"
    )


def case_json_title_number(folder: Path) -> HostileCase:
    text = f'{{"title": 2024, "body": {json.dumps(article_text("title number"))}}}'
    return one_file(
        folder,
        "titlenum",
        "a numeric title",
        text,
        articles=1,
        title="2024",
        warnings=("title: a number where text belongs",),
    )


def case_json_title_list(folder: Path) -> HostileCase:
    text = f'{{"title": ["a", "list"], "body": {json.dumps(article_text("title list"))}}}'
    return one_file(
        folder,
        "titlelist",
        "a title that is a list",
        text,
        articles=1,
        warnings=("title: a list is not text; dropped",),
    )


def case_json_title_control_characters(folder: Path) -> HostileCase:
    text = (
        f'{{"title": "Bell\\u0007 and\\nbreak", "body": {json.dumps(article_text("title ctl"))}}}'
    )
    return one_file(
        folder,
        "titlectl",
        "a bell and a line break in the title",
        text,
        articles=1,
        title="Bell and break",
        warnings=("title: 1 control character(s) removed",),
    )


def case_json_title_100k(folder: Path) -> HostileCase:
    text = json.dumps({"title": "word " * 20_000, "body": article_text("long title")})
    return one_file(
        folder,
        "longtitle",
        "a title of 100,000 characters",
        text,
        articles=1,
        warnings=("title: 99,999 characters, cut to 1,000",),
    )


def case_json_authors_mixed(folder: Path) -> HostileCase:
    text = json.dumps(
        good_object("authors", authors=[1, None, "Ann Lee", {"name": "Bo Ek"}, ["x"]])
    )
    return one_file(
        folder,
        "authors",
        "authors of every type",
        text,
        articles=1,
        warnings=("authors: 3 item(s) that are not names dropped",),
    )


def case_json_authors_number(folder: Path) -> HostileCase:
    text = json.dumps(good_object("authornum", authors=5))
    return one_file(
        folder,
        "authornum",
        "authors: 5",
        text,
        articles=1,
        warnings=("authors: 1 item(s) that are not names dropped",),
    )


def case_json_body_number(folder: Path) -> HostileCase:
    return one_file(
        folder,
        "bodynum",
        "a body that is a number",
        '{"title": "Number body", "body": 42}',
        rejects=rejected("wrong field type", "parse"),
    )


def case_json_body_list_mixed(folder: Path) -> HostileCase:
    text = json.dumps(
        {"title": "List body", "body": [article_text("lb 1"), 5, None, article_text("lb 2")]}
    )
    return one_file(
        folder,
        "bodylist",
        "a body list with numbers in it",
        text,
        articles=1,
        warnings=("body: 2 list item(s) that are not text dropped",),
    )


def case_json_body_empty(folder: Path) -> HostileCase:
    return one_file(
        folder,
        "bodyempty",
        "an empty body",
        '{"title": "Empty", "body": ""}',
        rejects=rejected("no article text", "parse"),
    )


def case_json_body_only_controls(folder: Path) -> HostileCase:
    return one_file(
        folder,
        "bodyctl",
        "a body of control characters",
        '{"title": "C", "body": "\\u0000\\u0001\\u0002"}',
        rejects=rejected("no article text", "normalise"),
    )


def case_json_deep_extra(folder: Path) -> HostileCase:
    deep: Any = "bottom"
    for _ in range(100):
        deep = {"d": deep}
    text = json.dumps(good_object("deep extra", tree=deep))
    return one_file(
        folder,
        "deepextra",
        "an extra field 100 levels deep",
        text,
        articles=1,
        warnings=("nested deeper than 32 levels",),
    )


def case_json_big_extra(folder: Path) -> HostileCase:
    fields = {f"field{i}": "x" * 10_000 for i in range(200)}
    text = json.dumps(good_object("big extra", **fields))
    return one_file(
        folder,
        "bigextra",
        "2 MB of extra fields",
        text,
        articles=1,
        warnings=("dropped to keep extra under 1,000,000",),
    )


def case_json_huge_body(folder: Path) -> HostileCase:
    body = "\n\n".join(article_text(f"hb {i % 50}") for i in range(20_000))
    text = json.dumps({"title": "Huge body", "body": body})
    return one_file(folder, "hugebody", "a body of 8 MB", text, articles=1, warnings=("body: ",))


def case_json_url_too_long(folder: Path) -> HostileCase:
    text = json.dumps(good_object("longurl", url="https://example.com/" + "a" * 10_000))
    return one_file(
        folder,
        "longurl",
        "a 10,000-character URL",
        text,
        articles=1,
        warnings=(
            "url: 10,020 characters, over 8,192; dropped",
            "canonical_url: 10,020 characters",
        ),
    )


def case_json_language_junk(folder: Path) -> HostileCase:
    text = json.dumps(good_object("lang", language="x" * 100))
    return one_file(
        folder,
        "lang",
        "a 100-character language",
        text,
        articles=1,
        warnings=("language: 100 characters",),
    )


JSON_FIELD_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
