"""The query language: what each form means, and a one-line error for every mistake."""

from __future__ import annotations

import pytest

from search.errors import QuerySyntaxError
from search.query_syntax import And, Not, Or, Term, parse_query


@pytest.mark.parametrize(
    ("text", "tree"),
    [
        ("ferry", Term("ferry")),
        ("ferry strike", And((Term("ferry"), Term("strike")))),
        ("ferry AND strike", And((Term("ferry"), Term("strike")))),
        ('"ferry strike"', Term("ferry strike", phrase=True)),
        ("a b OR c", Or((And((Term("a"), Term("b"))), Term("c")))),
        ("a (b OR c)", And((Term("a"), Or((Term("b"), Term("c")))))),
        ("ferry -strike", And((Term("ferry"), Not(Term("strike"))))),
        ("ferry NOT strike", And((Term("ferry"), Not(Term("strike"))))),
        ("title:ferry", Term("ferry", "title")),
        ('title:"pay deal"', Term("pay deal", "title", phrase=True)),
        ("TITLE:ferry", Term("ferry", "title")),
        ("source:harbor-gazette", Term("harbor-gazette", "source")),
        ("body:(a OR b)", Or((Term("a", "body"), Term("b", "body")))),
        ("covid-19", Term("covid-19")),
        ("and or not", And((Term("and"), Term("or"), Term("not")))),
        ("Hamburg: talks", And((Term("Hamburg:"), Term("talks")))),
        ("https://example.com/a", Term("https://example.com/a")),
        ("10:30", Term("10:30")),
        ("title: ferry", And((Term("title:"), Term("ferry")))),
    ],
)
def test_queries_read_as_meant(text, tree):
    assert parse_query(text) == tree


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "empty query"),
        ("   \t ", "empty query"),
        ('"ferry strike', "unbalanced quote"),
        ('ferry "strike', "unbalanced quote"),
        ("(ferry OR boat", "a ( is never closed"),
        ("ferry)", "a ) has no matching ("),
        ("author:smith", "unknown field author:"),
        ("NOT ferry", "every term of the query is negated"),
        ("-ferry -boat", "every term of the query is negated"),
        ("ferry OR", "the query ends where a word was expected"),
        ("AND ferry", "AND must stand between"),
        ("x" * 10_000, "query too long: 10,000 characters"),
        (" ".join(["w"] * 101), "query too long: 101 terms"),
        ("(" * 30 + "a" + ")" * 30, "nested too deep"),
    ],
)
def test_mistakes_are_one_line_errors(text, message):
    with pytest.raises(QuerySyntaxError) as caught:
        parse_query(text)
    assert message in str(caught.value)
    assert "\n" not in str(caught.value)


def test_undecodable_command_line_bytes_and_nuls_do_not_escape_as_errors():
    assert parse_query("caf\udce9 x\x00y") == And((Term("caf\ufffd"), Term("x\ufffdy")))
