"""Hostile JSON and JSON-lines files: syntax, shapes, types, numbers, dates, surrogates."""

from __future__ import annotations

import codecs
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


def _good(seed: str, **fields: Any) -> dict[str, Any]:
    return {"title": f"Story {seed}", "body": article_text(seed), **fields}


def _dump(path: Path, value: Any) -> Path:
    path.write_text(json.dumps(value, ensure_ascii=False), "utf-8")
    return path


def _one(
    folder: Path, seed: str, description: str, raw: str | None = None, **expected: Any
) -> HostileCase:
    """A .json file of one object: ``raw`` JSON text, or a good object with ``fields``."""
    path = folder / f"{seed}.json"
    path.write_text(raw, "utf-8")
    return expect(description, path, **expected)


def _good_text(seed: str) -> str:
    return json.dumps(_good(seed))


def case_json_syntax_error(folder: Path) -> HostileCase:
    return _one(
        folder,
        "syntax",
        "an object cut short",
        '{"title": "Broken", "body": "text",',
        rejects=rejected("invalid JSON", "parse"),
    )


def case_json_empty_list(folder: Path) -> HostileCase:
    return _one(folder, "empty", "[]", "[]", rejects=rejected("no article text", "parse"))


def case_json_top_level_number(folder: Path) -> HostileCase:
    return _one(
        folder,
        "number",
        "a number, not an object",
        "42",
        rejects=rejected("wrong JSON shape", "parse"),
    )


def case_json_list_with_a_string(folder: Path) -> HostileCase:
    path = _dump(folder / "list.json", [_good("list a"), "just a string", _good("list b")])
    return expect(
        "a list whose second item is a string",
        path,
        articles=2,
        rejects=rejected("wrong JSON shape", "parse", "#1"),
    )


def case_json_list_item_without_body(folder: Path) -> HostileCase:
    items = [_good("nb a"), _good("nb b"), {"title": "No body"}, _good("nb c")]
    path = _dump(folder / "nobody.json", items)
    return expect(
        "a list whose third item has no body",
        path,
        articles=3,
        rejects=rejected("no article text", "parse", "#2"),
    )


def case_json_list_cut_short(folder: Path) -> HostileCase:
    text = f'[{_good_text("cut a")}, {_good_text("cut b")}, {{"title": "Cut'
    return _one(
        folder,
        "cut",
        "a list cut inside its third item",
        text,
        articles=2,
        rejects=rejected("invalid JSON", "parse", "#2"),
    )


def case_json_deep_nesting(folder: Path) -> HostileCase:
    return _one(
        folder,
        "deep",
        "100,000 nested lists",
        "[" * 100_000 + "]" * 100_000,
        rejects=rejected("invalid JSON", "parse"),
    )


def case_json_deep_item_last(folder: Path) -> HostileCase:
    deep = '{"title": "Deep", "body": ' + "[" * 100_000 + "]" * 100_000 + "}"
    text = f"[{_good_text('deep a')}, {_good_text('deep b')}, {deep}]"
    return _one(
        folder,
        "deepitem",
        "a list whose last item nests 100,000 deep",
        text,
        articles=2,
        rejects=rejected("invalid JSON", "parse", "#2"),
    )


def case_json_duplicate_keys(folder: Path) -> HostileCase:
    text = f'{{"title": "First", "body": {json.dumps(article_text("dup"))}, "title": "Second"}}'
    return _one(
        folder,
        "dup",
        "the same key twice",
        text,
        articles=1,
        title="Second",
        warnings=("json: duplicate key(s) 'title'",),
    )


def case_json_nan_and_infinity(folder: Path) -> HostileCase:
    text = _good_text("nan")[:-1] + ', "score": NaN, "ceiling": Infinity, "floor": -Infinity}'
    return _one(
        folder, "nan", "NaN and infinities in extra fields", text, articles=1,
        warnings=("json: NaN is not", "json: Infinity is not", "json: -Infinity is not"),
    )  # fmt: skip


def case_json_huge_integer(folder: Path) -> HostileCase:
    text = _good_text("bigint")[:-1] + ', "count": ' + "9" * 100_000 + "}"
    return _one(
        folder,
        "bigint",
        "an integer of 100,000 digits",
        text,
        articles=1,
        warnings=("json: a 100,000-digit integer",),
    )


def case_json_huge_float(folder: Path) -> HostileCase:
    text = _good_text("bigfloat")[:-1] + ', "ratio": 1e400, "tiny": 1e-400}'
    return _one(
        folder,
        "bigfloat",
        "a float out of range",
        text,
        articles=1,
        warnings=("json: 1e400 is out of range",),
    )


def _published(folder: Path, seed: str, value: str, warning: str, description: str) -> HostileCase:
    text = _good_text(seed)[:-1] + f', "published": {value}}}'
    return _one(folder, seed, description, text, articles=1, warnings=(warning,))


def case_json_published_year_9999(folder: Path) -> HostileCase:
    return _published(
        folder,
        "y9999",
        '"9999-12-31T23:59:59Z"',
        "published: 9999-12-31 is in the future",
        "published in year 9999",
    )


def case_json_published_year_1_with_offset(folder: Path) -> HostileCase:
    return _published(
        folder,
        "y1",
        '"0001-01-01T00:00:00+05:00"',
        "published: 0001-01-01T00:00:00+05:00 is out of range",
        "year 1 with a positive offset",
    )


def case_json_published_year_9999_negative_offset(folder: Path) -> HostileCase:
    return _published(
        folder,
        "y9999neg",
        '"9999-12-31T23:00:00-05:00"',
        "is out of range",
        "year 9999 that overflows in UTC",
    )


def case_json_published_year_1(folder: Path) -> HostileCase:
    return _published(
        folder,
        "y1utc",
        '"0001-01-01"',
        "published: 0001-01-01 is before 1600",
        "year 1, a CMS placeholder",
    )


def case_json_published_bool(folder: Path) -> HostileCase:
    return _published(folder, "pbool", "true", "published: True is not a date", "published: true")


def case_json_published_huge_timestamp(folder: Path) -> HostileCase:
    return _published(
        folder, "pbig", "1e30", "published: 1e+30 is not a date", "a timestamp past any calendar"
    )


def case_json_published_object(folder: Path) -> HostileCase:
    return _published(
        folder,
        "pobj",
        '{"date": "2024-01-01"}',
        "published: a dict is not a date",
        "published as an object",
    )


def case_json_published_nan(folder: Path) -> HostileCase:
    return _published(folder, "pnan", "NaN", "json: NaN is not a JSON number", "published: NaN")


def case_json_published_words(folder: Path) -> HostileCase:
    return _published(
        folder,
        "pwords",
        '"yesterday-ish"',
        "published: 'yesterday-ish' is not a date",
        "published in words",
    )


def case_json_lone_surrogate_in_title(folder: Path) -> HostileCase:
    text = f'{{"title": "Lone \\ud800 surrogate", "body": {json.dumps(article_text("surrogate title"))}}}'
    return _one(
        folder,
        "surtitle",
        "\\ud800 in the title",
        text,
        articles=1,
        title="Lone \ufffd surrogate",
        warnings=("title: unpaired surrogate",),
    )


def case_json_lone_surrogate_in_extra(folder: Path) -> HostileCase:
    text = _good_text("surextra")[:-1] + ', "note\\udc00": "value \\ud83d", "list": ["\\udfff"]}'
    return _one(
        folder,
        "surextra",
        "lone surrogates in an extra key and values",
        text,
        articles=1,
        warnings=("unpaired surrogate(s) replaced with U+FFFD (2 more like it)",),
    )


def case_json_escaped_surrogate_pair(folder: Path) -> HostileCase:
    text = f'{{"title": "Pair \\ud83d\\ude00", "body": {json.dumps(article_text("pair"))}}}'
    return _one(
        folder, "pair", "a surrogate pair written as two escapes", text, articles=1, title="Pair 😀"
    )


def case_json_title_number(folder: Path) -> HostileCase:
    text = f'{{"title": 2024, "body": {json.dumps(article_text("title number"))}}}'
    return _one(
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
    return _one(
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
    return _one(
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
    return _one(
        folder,
        "longtitle",
        "a title of 100,000 characters",
        text,
        articles=1,
        warnings=("title: 99,999 characters, cut to 1,000",),
    )


def case_json_authors_mixed(folder: Path) -> HostileCase:
    text = json.dumps(_good("authors", authors=[1, None, "Ann Lee", {"name": "Bo Ek"}, ["x"]]))
    return _one(
        folder,
        "authors",
        "authors of every type",
        text,
        articles=1,
        warnings=("authors: 3 item(s) that are not names dropped",),
    )


def case_json_authors_number(folder: Path) -> HostileCase:
    text = json.dumps(_good("authornum", authors=5))
    return _one(
        folder,
        "authornum",
        "authors: 5",
        text,
        articles=1,
        warnings=("authors: 1 item(s) that are not names dropped",),
    )


def case_json_body_number(folder: Path) -> HostileCase:
    return _one(
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
    return _one(
        folder,
        "bodylist",
        "a body list with numbers in it",
        text,
        articles=1,
        warnings=("body: 2 list item(s) that are not text dropped",),
    )


def case_json_body_empty(folder: Path) -> HostileCase:
    return _one(
        folder,
        "bodyempty",
        "an empty body",
        '{"title": "Empty", "body": ""}',
        rejects=rejected("no article text", "parse"),
    )


def case_json_body_only_controls(folder: Path) -> HostileCase:
    return _one(
        folder,
        "bodyctl",
        "a body of control characters",
        '{"title": "C", "body": "\\u0000\\u0001\\u0002"}',
        rejects=rejected("no article text", "normalise"),
    )


def case_json_with_bom(folder: Path) -> HostileCase:
    path = folder / "bom.json"
    path.write_bytes(codecs.BOM_UTF8 + _good_text("bom").encode())
    return expect("JSON with a UTF-8 BOM", path, articles=1, title="Story bom")


def case_json_utf16(folder: Path) -> HostileCase:
    path = folder / "utf16.json"
    path.write_bytes(_good_text("utf16 json").encode("utf-16-le"))
    return expect("JSON in UTF-16 without a BOM", path, articles=1, title="Story utf16 json")


def case_json_concatenated_objects(folder: Path) -> HostileCase:
    text = f"{_good_text('cat a')}\n{_good_text('cat b')}{_good_text('cat c')}"
    return _one(folder, "concat", "JSON lines saved as .json", text, articles=3)


def case_json_trailing_garbage(folder: Path) -> HostileCase:
    text = _good_text("trailing") + " <!-- saved by a browser -->"
    return _one(
        folder,
        "trailing",
        "an object, then junk",
        text,
        articles=1,
        rejects=rejected("invalid JSON", "parse", "#1"),
    )


def case_json_deep_extra(folder: Path) -> HostileCase:
    deep: Any = "bottom"
    for _ in range(100):
        deep = {"d": deep}
    text = json.dumps(_good("deep extra", tree=deep))
    return _one(
        folder,
        "deepextra",
        "an extra field 100 levels deep",
        text,
        articles=1,
        warnings=("nested deeper than 32 levels",),
    )


def case_json_big_extra(folder: Path) -> HostileCase:
    fields = {f"field{i}": "x" * 10_000 for i in range(200)}
    text = json.dumps(_good("big extra", **fields))
    return _one(
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
    return _one(folder, "hugebody", "a body of 8 MB", text, articles=1, warnings=("body: ",))


def case_json_url_too_long(folder: Path) -> HostileCase:
    text = json.dumps(_good("longurl", url="https://example.com/" + "a" * 10_000))
    return _one(
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
    text = json.dumps(_good("lang", language="x" * 100))
    return _one(
        folder,
        "lang",
        "a 100-character language",
        text,
        articles=1,
        warnings=("language: 100 characters",),
    )


def _lines(folder: Path, name: str, text: str, description: str, **expected: Any) -> HostileCase:
    path = folder / name
    path.write_text(text, "utf-8", newline="")
    return expect(description, path, **expected)


def case_jsonl_raw_line_separator(folder: Path) -> HostileCase:
    line = json.dumps(_good("u2028"), ensure_ascii=False)[:-2] + ' one\u2028two\u2029three"}'
    return _lines(
        folder,
        "sep.jsonl",
        line + "\n",
        "a raw U+2028 and U+2029 inside a string",
        articles=1,
        body_contains=("one two\n\nthree",),
    )


def case_jsonl_lone_surrogate_in_body(folder: Path) -> HostileCase:
    line = f'{{"title": "Emoji half", "body": "{article_text("half")} \\ud83d"}}'
    return _lines(
        folder,
        "half.jsonl",
        line + "\n",
        "half an emoji in a body",
        articles=1,
        warnings=("body: unpaired surrogate",),
    )


def case_jsonl_good_and_bad_lines(folder: Path) -> HostileCase:
    lines = [
        _good_text("gb 1"),
        '{"title": "cut',
        _good_text("gb 3"),
        f"[{_good_text('gb 4')}]",
        _good_text("gb 5"),
    ]
    rejects = (
        ExpectedReject("invalid JSON", "parse", ":2"),
        ExpectedReject("wrong JSON shape", "parse", ":4"),
    )
    return _lines(
        folder,
        "mixed.jsonl",
        "\n".join(lines) + "\n",
        "good lines around a cut line and a list",
        articles=3,
        rejects=rejects,
    )


def case_jsonl_crlf(folder: Path) -> HostileCase:
    return _lines(
        folder,
        "crlf.jsonl",
        f"{_good_text('crlf 1')}\r\n{_good_text('crlf 2')}\r\n",
        "CR LF line ends",
        articles=2,
    )


def case_jsonl_blank_lines(folder: Path) -> HostileCase:
    text = f"\n\n   \n{_good_text('blank 1')}\n\t\n\n{_good_text('blank 2')}\n\n"
    return _lines(folder, "blank.jsonl", text, "blank lines everywhere", articles=2)


def case_jsonl_only_blank_lines(folder: Path) -> HostileCase:
    return _lines(
        folder,
        "empty.jsonl",
        "\n \n\t\n",
        "only blank lines",
        rejects=rejected("empty file", "parse"),
    )


def case_jsonl_no_final_newline(folder: Path) -> HostileCase:
    return _lines(
        folder,
        "nofinal.jsonl",
        f"{_good_text('nf 1')}\n{_good_text('nf 2')}",
        "no line feed after the last line",
        articles=2,
    )


def case_jsonl_two_objects_on_a_line(folder: Path) -> HostileCase:
    text = f"{_good_text('two 1')} {_good_text('two 2')}\n{_good_text('two 3')}\n"
    return _lines(
        folder,
        "two.jsonl",
        text,
        "two objects on one line",
        articles=1,
        rejects=rejected("invalid JSON", "parse", ":1"),
    )


def case_jsonl_deep_line(folder: Path) -> HostileCase:
    text = f"{_good_text('dl 1')}\n{'[' * 100_000}{']' * 100_000}\n{_good_text('dl 3')}\n"
    return _lines(
        folder,
        "deep.jsonl",
        text,
        "a line nested 100,000 deep",
        articles=2,
        rejects=rejected("invalid JSON", "parse", ":2"),
    )


def case_jsonl_bom_on_a_later_line(folder: Path) -> HostileCase:
    text = f"{_good_text('bl 1')}\n\ufeff{_good_text('bl 2')}\n"
    return _lines(folder, "bom.jsonl", text, "a BOM left by concatenating files", articles=2)


JSON_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
