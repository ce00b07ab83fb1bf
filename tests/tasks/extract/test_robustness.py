"""Pathological inputs return quickly with an empty or partial body and a warning."""

import time

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
def test_pathological_pages_finish_quickly_with_a_warning(name: str) -> None:
    started = time.perf_counter()
    article = extract_article(CASES[name], None)
    assert time.perf_counter() - started < 20  # generous: shared, slow CI machines
    assert article.warnings
    assert len(article.body) < 1000
