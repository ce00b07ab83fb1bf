"""Fuzzing page → article: any bytes a server sends become an Article or a Reject, never an
exception; an article's text encodes as UTF-8 and its dates are plausible aware UTC."""

from __future__ import annotations

from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tasks.fetch.articles import article_from_page
from tasks.fetch.models import FetchResult
from tasks.models import Article, Reject
from tests.support.fuzz import assert_clean, json_values, mutated

FUZZ = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
URL = "https://news.example/2024/05/01/story.html"

PAGE = """<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Council approves the new bridge</title>
<meta property="article:published_time" content="{published}">
<meta name="author" content="{author}"><link rel="canonical" href="{canonical}">
<script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Bridge",
"datePublished": "{published}", "author": {{"name": "{author}"}}}}</script></head>
<body><article><h1>Council approves the new bridge</h1>
<p>The city council voted on Tuesday to build a new bridge across the river, ending a debate
that had lasted more than ten years and divided the neighbourhoods on both banks.</p>
<p>Construction is expected to begin next spring and to take about three years, the mayor
said after the vote, adding that the old ferry would keep running until then.</p>
<p>Opponents said they would keep asking for a tunnel instead, which they argue would spare
the historic waterfront and its trees.</p></article></body></html>"""


def page(published: str = "2024-05-01T10:00:00+02:00", author: str = "Ann Lee",
         canonical: str = URL) -> bytes:  # fmt: skip
    return PAGE.format(published=published, author=author, canonical=canonical).encode(
        "utf-8", "surrogatepass"
    )


def result_for(body: bytes, charset: str | None = "utf-8") -> FetchResult:
    return FetchResult(URL, URL, "ok", 200, body=body, content_type="text/html", charset=charset)


def check(made: Article | Reject) -> None:
    if isinstance(made, Reject):
        assert made.reason and made.stage in ("parse", "normalise")
        made.detail.encode("utf-8")
        return
    assert made.body.strip()
    assert_clean(made, "article")
    for url in (made.url, made.canonical_url):
        assert url is None or url.startswith(("http://", "https://"))


def test_the_seed_page_makes_an_article() -> None:
    made = article_from_page(result_for(page()), "news", {}, None)
    assert isinstance(made, Article) and made.title and made.published_at
    assert made.warnings == ()


def test_an_impossible_date_is_dropped_with_a_warning_and_the_article_stays() -> None:
    made = article_from_page(result_for(page("0001-01-01T00:00:00+05:00")), "news", {}, None)
    assert isinstance(made, Article)
    check(made)


@FUZZ
@given(st.binary(max_size=3000), st.sampled_from([None, "utf-8", "x-no-such-charset", "utf-16"]))
def test_random_bytes_never_escape(body: bytes, charset: str | None) -> None:
    check(article_from_page(result_for(body, charset), "news", {}, None))


@FUZZ
@given(st.just(page()).flatmap(mutated))
def test_mutated_pages_never_escape(body: bytes) -> None:
    check(article_from_page(result_for(body), "news", {}, None))


@FUZZ
@given(
    st.sampled_from(["0001-01-01T00:00:00+05:00", "9999-12-31T23:59:59-05:00", "\ud800",
                     "1e999", "", "2024-13-45", "javascript:alert(1)", "http://[::1"])
    | st.text(max_size=30),
    st.text(max_size=30),
    st.dictionaries(st.sampled_from(["title", "published", "author", "summary", "via"]),
                    json_values),
)  # fmt: skip
def test_hostile_fields_and_hints_never_escape(
    published: str, author: str, hints: dict[str, Any]
) -> None:
    data = page(published, author, canonical=published)
    check(article_from_page(result_for(data), "news", hints, None))
