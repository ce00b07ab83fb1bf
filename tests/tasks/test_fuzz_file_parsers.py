"""Fuzzing every parser of the file side: random and mutated inputs give articles or rejects,
never an exception, and every article is storable as it is.

Examples are derandomized (the same every run, so the suite cannot flake) and few; set
``NEWSFLOW_FUZZ_EXAMPLES=5000`` for a deeper, random campaign.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks import file_names
from tasks.decode import decode_text
from tasks.errors import InputRejected
from tasks.file_names import path_from_shown, shown_path
from tasks.models import Article
from tasks.parse_file import parse_file
from tasks.parse_html import parse_html_article
from tasks.parse_json import iter_json_lines, parse_json_document
from tasks.parse_text import parse_text_article
from tasks.read import read_input_bytes
from tests.support.hostile_files import article_text
from tests.support.storable import reject_problems, storable_problems

_DEEP = os.environ.get("NEWSFLOW_FUZZ_EXAMPLES")
FUZZ = settings(
    max_examples=int(_DEEP or 60),
    deadline=None,
    derandomize=_DEEP is None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

ANY_CHARACTER = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
ANY_TEXT = st.text(ANY_CHARACTER, max_size=400)
TOKENS = [
    "\x00", "\ud800", "\udfff", "\ud83d\ude00", "\u2028", "\u2029", "\ufeff", "\u200d", "\r",
    "\n\n", "\x1b[0m", "\x93", "NaN", "Infinity", "-1e400", "9" * 30, '"', "\\", "\\ud800",
    "[", "]", "{", "}", ",", ":", "<", ">", "</p>", "<p>", "<div>" * 50, "&#xD800;", "&#0;",
    "0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "1e30", "true", "null",
]  # fmt: skip
GOOD_JSON = json.dumps(
    {
        "title": "A title",
        "body": article_text("fuzz json"),
        "published": "2024-03-01T10:00:00+01:00",
        "authors": ["Ann Lee"],
        "url": "https://example.com/a",
        "tags": ["x", 1],
    }
)
GOOD_TEXT = f"A title\n\n{article_text('fuzz text 1')}\n\n{article_text('fuzz text 2')}\n"
GOOD_HTML = (
    "<html><head><title>A page</title><meta property='article:published_time' "
    "content='2024-03-01T10:00:00Z'><script type='application/ld+json'>"
    '{"@type": "NewsArticle", "headline": "A page", "author": {"name": "Ann"}}</script></head>'
    f"<body><article><h1>A page</h1><p>{article_text('fuzz html 1')}</p>"
    f"<p>{article_text('fuzz html 2')}</p></article></body></html>"
)


@st.composite
def mutated(draw: st.DrawFn, sample: str) -> str:
    """``sample`` with tokens inserted, spans deleted or repeated, and an end cut off."""
    text = sample
    for _ in range(draw(st.integers(0, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "repeat", "any"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(TOKENS)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        elif action == "repeat":
            text = text[:at] + text[at : at + 30] * draw(st.integers(2, 5)) + text[at:]
        else:
            text = text[:at] + draw(ANY_TEXT) + text[at:]
    if draw(st.booleans()):
        text = text[: draw(st.integers(0, len(text)))]
    return text


def encoded(text: str) -> st.SearchStrategy[bytes]:
    def encode(encoding: str) -> bytes:
        return text.encode(encoding, "surrogatepass" if encoding.startswith("utf") else "replace")

    return st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "utf-32-le", "cp1252"]).map(encode)


def weird_values() -> st.SearchStrategy[Any]:
    leaves = (
        st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT
        | st.sampled_from([10**40, -(10**25), float("nan"), float("inf"), "\ud800", ""])
    )  # fmt: skip
    return st.recursive(
        leaves,
        lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ANY_TEXT, inner, max_size=4),
        max_leaves=12,
    )


def check_article(article: Article) -> None:
    assert storable_problems(article) == []


def check_outcomes(outcomes: list[tuple[str, Article | InputRejected]]) -> None:
    for where, outcome in outcomes:
        assert where.encode("utf-8", "surrogatepass")
        if isinstance(outcome, Article):
            check_article(outcome)
        else:
            assert isinstance(outcome, InputRejected) and outcome.reason


@FUZZ
@given(st.binary(max_size=3000) | ANY_TEXT.flatmap(encoded))
def test_decode_text_decodes_or_rejects(data: bytes) -> None:
    try:
        decoded = decode_text(data)
    except InputRejected as rejected:
        assert rejected.stage == "decode"
        return
    decoded.text.encode("utf-8")
    assert all(w.encode("utf-8") for w in decoded.warnings)


@FUZZ
@given(ANY_TEXT | mutated(GOOD_TEXT))
def test_parse_text_article_gives_a_storable_article_or_a_reject(text: str) -> None:
    try:
        check_article(parse_text_article(text, location="x.txt", source="s"))
    except InputRejected as rejected:
        assert rejected.reason


@FUZZ
@given(ANY_TEXT | mutated(GOOD_JSON) | mutated(f"[{GOOD_JSON}, {GOOD_JSON}]"))
def test_parse_json_document_gives_storable_outcomes(text: str) -> None:
    check_outcomes(parse_json_document(text, location="x.json", source=None))


@FUZZ
@given(st.dictionaries(st.sampled_from(["title", "body", "text", "published", "authors", "url", "source", "language", "canonical_url", "extra", "\ud800"]), weird_values()))  # fmt: skip
def test_any_field_of_any_type_gives_a_storable_article_or_a_reject(fields: dict[str, Any]) -> None:
    text = json.dumps({"body": article_text("typed"), **fields}, allow_nan=True)
    check_outcomes(parse_json_document(text, location="x.json", source=None))
    check_outcomes(list(iter_json_lines(text + "\n" + text, location="x.jsonl", source=None)))


@FUZZ
@given(ANY_TEXT | mutated(f"{GOOD_JSON}\n{GOOD_JSON}\n"))
def test_iter_json_lines_gives_storable_outcomes(text: str) -> None:
    check_outcomes(list(iter_json_lines(text, location="x.jsonl", source="s")))


@FUZZ
@given(st.binary(max_size=2000) | mutated(GOOD_HTML).flatmap(encoded))
def test_parse_html_article_gives_a_storable_article_or_a_reject(html: bytes) -> None:
    try:
        check_article(parse_html_article(html, location="x.html", source=None))
    except InputRejected as rejected:
        assert rejected.reason


@FUZZ
@given(data=st.binary(max_size=3000), gzipped=st.booleans(), members=st.integers(1, 3))
def test_read_input_bytes_reads_or_rejects(
    tmp_path_factory: Any, data: bytes, gzipped: bool, members: int
) -> None:
    folder = tmp_path_factory.mktemp("read")
    path = folder / ("x.txt.gz" if gzipped else "x.txt")
    raw = b"".join(gzip.compress(data) for _ in range(members)) if gzipped else data
    path.write_bytes(raw)
    try:
        got = read_input_bytes(path, max_bytes=4 * len(data) + 100)
    except InputRejected as rejected:
        assert (rejected.reason, rejected.stage) == ("empty file", "read") and not data
    else:
        assert got == data * (members if gzipped else 1)


SUFFIXES = [".txt", ".json", ".jsonl", ".html", ".htm", ".txt.gz", ".json.gz", ".bin", ""]


@FUZZ
@given(
    name=st.binary(min_size=1, max_size=40).filter(lambda b: b"/" not in b and b"\x00" not in b),
    suffix=st.sampled_from(SUFFIXES),
    content=st.binary(max_size=2000)
    | mutated(GOOD_TEXT).flatmap(encoded)
    | mutated(GOOD_JSON).flatmap(encoded)
    | mutated(GOOD_HTML).flatmap(encoded),
)
def test_parse_file_never_raises_and_everything_it_gives_is_storable(
    tmp_path_factory: Any, name: bytes, suffix: str, content: bytes
) -> None:
    folder = tmp_path_factory.mktemp("any")
    path = Path(os.fsdecode(os.fsencode(folder) + b"/" + name + suffix.encode()))
    if path.name in (".", ".."):
        return
    if suffix.endswith(".gz"):
        content = gzip.compress(content)
    path.write_bytes(content)
    parsed = parse_file(path, source=os.fsdecode(name), max_bytes=1 << 20)
    assert parsed.articles or parsed.rejects
    for article in parsed.articles:
        check_article(article)
        assert article.location.startswith(shown_path(path))
    for reject in parsed.rejects:
        assert reject_problems(reject) == []
        assert reject.reason != "internal error while parsing", reject.detail
        assert reject.input.startswith(shown_path(path))


@FUZZ
@given(st.binary(min_size=1, max_size=60))
def test_a_shown_path_is_utf8_and_gives_the_path_back(name: bytes) -> None:
    path = os.fsdecode(name)
    shown = shown_path(path)
    shown.encode("utf-8")
    assert path_from_shown(shown) == path
    if b"\\" not in name and all(32 <= b < 127 for b in name):
        assert shown == path


def test_every_character_is_escaped_as_the_pattern_says_though_plain_names_skip_it() -> None:
    # shown_path passes printable names without a backslash straight through: every code point
    # (lone surrogates, as os.fsdecode gives undecodable bytes, included) must agree with it.
    for code in range(0x110000):
        name = f"a{chr(code)}b"
        expected = file_names._NEEDS_ESCAPE.sub(file_names._escape, name)
        assert shown_path(name) == expected, hex(code)
