"""URL canonicalisation, table-driven."""

from __future__ import annotations

import pytest

from tasks.urls import InvalidUrl, canonicalize_url, host_of, is_tracking_parameter

CASES = [
    # (input, base, expected)
    ("HTTP://Example.COM/News", None, "http://example.com/News"),
    ("https://example.com:443/a", None, "https://example.com/a"),
    ("http://example.com:80/a", None, "http://example.com/a"),
    ("http://example.com:8080/a", None, "http://example.com:8080/a"),
    ("https://example.com:80/a", None, "https://example.com:80/a"),
    ("https://example.com", None, "https://example.com/"),
    ("https://example.com/a#section-2", None, "https://example.com/a"),
    ("https://example.com/a?utm_source=x&utm_medium=y", None, "https://example.com/a"),
    ("https://example.com/a?id=7&utm_campaign=z", None, "https://example.com/a?id=7"),
    ("https://example.com/a?fbclid=abc", None, "https://example.com/a"),
    ("https://example.com/a?gclid=abc&page=2", None, "https://example.com/a?page=2"),
    ("https://example.com/a?mc_cid=1&mc_eid=2", None, "https://example.com/a"),
    ("https://example.com/a?UTM_Source=news", None, "https://example.com/a"),
    ("https://example.com/a?b=2&a=1", None, "https://example.com/a?b=2&a=1"),
    ("https://example.com/a?tag=x&tag=y", None, "https://example.com/a?tag=x&tag=y"),
    ("https://example.com/a?", None, "https://example.com/a"),
    ("https://example.com/a?flag", None, "https://example.com/a?flag"),
    ("https://example.com/a?q=", None, "https://example.com/a?q="),
    ("https://example.com/a/./b/../c", None, "https://example.com/a/c"),
    ("https://example.com/a/b/..", None, "https://example.com/a/"),
    ("https://example.com/../a", None, "https://example.com/a"),
    ("https://example.com/%7euser/%e2%82%ac", None, "https://example.com/~user/%E2%82%AC"),
    ("https://example.com/caf\u00e9", None, "https://example.com/caf%C3%A9"),
    ("https://example.com/a b", None, "https://example.com/a%20b"),
    ("https://example.com/Path/CASE", None, "https://example.com/Path/CASE"),
    ("https://example.com./a", None, "https://example.com/a"),
    ("https://user:pw@example.com/a", None, "https://example.com/a"),
    ("https://b\u00fccher.example/a", None, "https://xn--bcher-kva.example/a"),
    ("https://[2001:DB8::1]:443/a", None, "https://[2001:db8::1]/a"),
    ("  https://example.com/a  ", None, "https://example.com/a"),
    (
        "/2024/05/story.html",
        "https://news.example/section/",
        "https://news.example/2024/05/story.html",
    ),
    (
        "story.html?utm_source=rss",
        "https://news.example/world/",
        "https://news.example/world/story.html",
    ),
    ("../b.html", "https://news.example/x/y/a.html", "https://news.example/x/b.html"),
    ("//cdn.example/a", "https://news.example/", "https://cdn.example/a"),
    ("#top", "https://news.example/a?x=1", "https://news.example/a?x=1"),
    ("https://example.com/a?q=a%2fb", None, "https://example.com/a?q=a%2Fb"),
    ("https://example.com/a?q=x+y", None, "https://example.com/a?q=x+y"),
    ("https://example.com/a;jsessionid=1", None, "https://example.com/a;jsessionid=1"),
    ("https://example.com/a?_ga=2.1&id=3&pk_campaign=x", None, "https://example.com/a?id=3"),
]


@pytest.mark.parametrize(("url", "base", "expected"), CASES)
def test_canonical_form(url: str, base: str | None, expected: str) -> None:
    assert canonicalize_url(url, base) == expected


def test_there_are_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


@pytest.mark.parametrize(("url", "base", "expected"), CASES)
def test_canonicalisation_is_idempotent(url: str, base: str | None, expected: str) -> None:
    assert canonicalize_url(expected) == expected


@pytest.mark.parametrize(
    "url",
    [
        "",
        "ftp://example.com/a",
        "file:///etc/passwd",
        "javascript:alert(1)",
        "mailto:a@b.c",
        "https:///nohost",
        "http://example.com:99999/",
        "relative/only",
    ],
)
def test_rejects_what_is_not_an_http_url(url: str) -> None:
    with pytest.raises(InvalidUrl):
        canonicalize_url(url)


def test_tracking_parameters_and_host() -> None:
    assert is_tracking_parameter("utm_term")
    assert not is_tracking_parameter("id")
    assert host_of("http://127.0.0.1:8081/x") == "127.0.0.1:8081"
    assert host_of("https://News.Example/x") == "news.example"
