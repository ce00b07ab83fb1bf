"""Hostile JSON files: syntax, shapes, nesting, numbers, encodings. Its helpers write one JSON
file for hostile_json_fields, hostile_json_dates and hostile_jsonl too."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any

from tests.support.hostile_files import (
    Builder,
    HostileCase,
    article_text,
    expect,
    rejected,
)


def good_object(seed: str, **fields: Any) -> dict[str, Any]:
    return {"title": f"Story {seed}", "body": article_text(seed), **fields}


def dump(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), "utf-8")
    return path


def one_file(folder: Path, seed: str, description: str, raw: str, **expected: Any) -> HostileCase:
    """A .json file of one object: ``raw`` JSON text, or a good object with ``fields``."""
    path = folder / f"{seed}.json"
    path.write_text(raw, "utf-8")
    return expect(description, path, **expected)


def good_text(seed: str) -> str:
    return json.dumps(good_object(seed))


def case_json_syntax_error(folder: Path) -> HostileCase:
    return one_file(
        folder,
        "syntax",
        "an object cut short",
        '{"title": "Broken", "body": "text",',
        rejects=rejected("invalid JSON", "parse"),
    )


def case_json_empty_list(folder: Path) -> HostileCase:
    return one_file(folder, "empty", "[]", "[]", rejects=rejected("no article text", "parse"))


def case_json_top_level_number(folder: Path) -> HostileCase:
    return one_file(
        folder,
        "number",
        "a number, not an object",
        "42",
        rejects=rejected("wrong JSON shape", "parse"),
    )


def case_json_list_with_a_string(folder: Path) -> HostileCase:
    path = dump(
        folder / "list.json", [good_object("list a"), "just a string", good_object("list b")]
    )
    return expect(
        "a list whose second item is a string",
        path,
        articles=2,
        rejects=rejected("wrong JSON shape", "parse", "#1"),
    )


def case_json_list_item_without_body(folder: Path) -> HostileCase:
    items = [good_object("nb a"), good_object("nb b"), {"title": "No body"}, good_object("nb c")]
    path = dump(folder / "nobody.json", items)
    return expect(
        "a list whose third item has no body",
        path,
        articles=3,
        rejects=rejected("no article text", "parse", "#2"),
    )


def case_json_list_cut_short(folder: Path) -> HostileCase:
    text = f'[{good_text("cut a")}, {good_text("cut b")}, {{"title": "Cut'
    return one_file(
        folder,
        "cut",
        "a list cut inside its third item",
        text,
        articles=2,
        rejects=rejected("invalid JSON", "parse", "#2"),
    )


def case_json_deep_nesting(folder: Path) -> HostileCase:
    return one_file(
        folder,
        "deep",
        "100,000 nested lists",
        "[" * 100_000 + "]" * 100_000,
        rejects=rejected("invalid JSON", "parse"),
    )


def case_json_deep_item_last(folder: Path) -> HostileCase:
    deep = '{"title": "Deep", "body": ' + "[" * 100_000 + "]" * 100_000 + "}"
    text = f"[{good_text('deep a')}, {good_text('deep b')}, {deep}]"
    return one_file(
        folder,
        "deepitem",
        "a list whose last item nests 100,000 deep",
        text,
        articles=2,
        rejects=rejected("invalid JSON", "parse", "#2"),
    )


def case_json_duplicate_keys(folder: Path) -> HostileCase:
    text = f'{{"title": "First", "body": {json.dumps(article_text("dup"))}, "title": "Second"}}'
    return one_file(
        folder,
        "dup",
        "the same key twice",
        text,
        articles=1,
        title="Second",
        warnings=("json: duplicate key(s) 'title'",),
    )


def case_json_nan_and_infinity(folder: Path) -> HostileCase:
    text = good_text("nan")[:-1] + ', "score": NaN, "ceiling": Infinity, "floor": -Infinity}'
    return one_file(
        folder, "nan", "NaN and infinities in extra fields", text, articles=1,
        warnings=("json: NaN is not", "json: Infinity is not", "json: -Infinity is not"),
    )  # fmt: skip


def case_json_huge_integer(folder: Path) -> HostileCase:
    text = good_text("bigint")[:-1] + ', "count": ' + "9" * 100_000 + "}"
    return one_file(
        folder,
        "bigint",
        "an integer of 100,000 digits",
        text,
        articles=1,
        warnings=("json: a 100,000-digit integer",),
    )


def case_json_huge_float(folder: Path) -> HostileCase:
    text = good_text("bigfloat")[:-1] + ', "ratio": 1e400, "tiny": 1e-400}'
    return one_file(
        folder,
        "bigfloat",
        "a float out of range",
        text,
        articles=1,
        warnings=("json: 1e400 is out of range",),
    )


def case_json_with_bom(folder: Path) -> HostileCase:
    path = folder / "bom.json"
    path.write_bytes(codecs.BOM_UTF8 + good_text("bom").encode())
    return expect("JSON with a UTF-8 BOM", path, articles=1, title="Story bom")


def case_json_utf16(folder: Path) -> HostileCase:
    path = folder / "utf16.json"
    path.write_bytes(good_text("utf16 json").encode("utf-16-le"))
    return expect("JSON in UTF-16 without a BOM", path, articles=1, title="Story utf16 json")


def case_json_concatenated_objects(folder: Path) -> HostileCase:
    text = f"{good_text('cat a')}\n{good_text('cat b')}{good_text('cat c')}"
    return one_file(folder, "concat", "JSON lines saved as .json", text, articles=3)


def case_json_trailing_garbage(folder: Path) -> HostileCase:
    text = good_text("trailing") + " <!-- saved by a browser -->"
    return one_file(
        folder,
        "trailing",
        "an object, then junk",
        text,
        articles=1,
        rejects=rejected("invalid JSON", "parse", "#1"),
    )


JSON_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
