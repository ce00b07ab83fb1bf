from __future__ import annotations

import json

from tasks.errors import InputRejected
from tasks.models import Article
from tasks.parse_json import iter_json_lines, parse_json_document
from tests.support.hostile_files import article_text


def _good(n: int) -> dict[str, str]:
    return {"title": f"T{n}", "body": article_text(f"json {n}")}


def _kinds(outcomes: list[tuple[str, Article | InputRejected]]) -> list[tuple[str, str]]:
    return [(where, o.title or "" if isinstance(o, Article) else o.reason) for where, o in outcomes]


def test_one_record_is_named_by_the_path_several_by_their_index() -> None:
    assert _kinds(parse_json_document(json.dumps(_good(1)), location="a.json", source=None)) == [
        ("a.json", "T1")
    ]
    assert _kinds(parse_json_document(json.dumps([_good(1)]), location="a.json", source=None)) == [
        ("a.json", "T1")
    ]
    text = json.dumps([_good(1), 5, _good(3)])
    assert _kinds(parse_json_document(text, location="a.json", source=None)) == [
        ("a.json#0", "T1"),
        ("a.json#1", "wrong JSON shape"),
        ("a.json#2", "T3"),
    ]


def test_past_the_record_limit_the_rest_is_one_reject() -> None:
    text = json.dumps([_good(n) for n in range(5)])
    outcomes = parse_json_document(text, location="a.json", source=None, max_records=3)
    assert _kinds(outcomes)[-2:] == [
        ("a.json#2", "T2"),
        ("a.json#3", "too many records in one file"),
    ]
    lines = "\n".join(json.dumps(_good(n)) for n in range(5)) + "\n"
    outcomes = list(iter_json_lines(lines, location="a.jsonl", source=None, max_records=3))
    assert _kinds(outcomes)[-1] == ("a.jsonl:4", "too many records in one file")
    reject = outcomes[-1][1]
    assert isinstance(reject, InputRejected) and "2 lines after them" in reject.detail


def test_json_lines_split_on_line_feeds_only() -> None:
    line = json.dumps(
        {"title": "Sep", "body": "one\u2028two\u0085three " + article_text("s")}, ensure_ascii=False
    )
    [(where, article)] = list(iter_json_lines(line + "\r\n", location="a.jsonl", source=None))
    assert where == "a.jsonl:1" and isinstance(article, Article)
    assert article.body.startswith("one two\u2026three")  # U+0085 is a Windows-1252 ellipsis


def test_numbers_json_readers_refuse_are_repaired_and_noted() -> None:
    text = (
        '{"title": "N", "body": "b b b b b", "a": NaN, "b": 1e999, "c": 123456789012345678901234}'
    )
    [(_, article)] = parse_json_document(text, location="a.json", source=None)
    assert isinstance(article, Article)
    assert article.extra == {
        "a": None, "b": "1e999", "c": "123456789012345678901234", "extraction_method": "json",
    }  # fmt: skip
    assert len(article.warnings) == 3
    assert json.loads(json.dumps(article.extra, allow_nan=False)) == article.extra


def test_a_field_of_the_wrong_type_is_dropped_the_article_kept() -> None:
    text = json.dumps(
        {
            "title": {"x": 1},
            "body": "b b b b b",
            "authors": [{"name": "Ann"}, 3],
            "published": [2024],
        }
    )
    [(_, article)] = parse_json_document(text, location="a.json", source="src")
    assert isinstance(article, Article)
    assert (article.title, article.authors, article.published_at, article.source) == (
        None,
        ("Ann",),
        None,
        "src",
    )
    assert article.extra == {"unparsed_published": "[2024]", "extraction_method": "json"}
    assert [w.split(":")[0] for w in article.warnings] == ["title", "published", "authors"]
