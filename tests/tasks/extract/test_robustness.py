"""Pathological inputs end with an empty or partial body and a warning (how fast: measured by
bench/hostile_inputs.py, not asserted here, where a busy machine would fail it)."""

import pytest

from tasks.extract import extract_article

CASES = {
    "nested divs": "<html><body>" + "<div>x " * 400_000 + "</body></html>",
    "deep nesting": "<div>" * 100_000 + "deep" + "</div>" * 100_000,
    "only a script": "<script>" + "var a = 1;" * 100_000 + "</script>",
    "many links": "".join(f'<a href="/p{i}">link {i}</a> ' for i in range(50_000)),
    "empty": "",
}


@pytest.mark.parametrize("name", list(CASES))
def test_pathological_pages_end_with_a_warning(name: str) -> None:
    article = extract_article(CASES[name], None)
    assert article.warnings
    assert len(article.body) < 1000
