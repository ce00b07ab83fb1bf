"""The page index answers as BeautifulSoup's find_all does, from one walk of the tree."""

import re

from bs4 import BeautifulSoup

from tasks.extract.page_index import PageIndex

PAGE = """<html lang="en"><head><title>T</title>
<link rel="stylesheet alternate" href="/a.css"><link rel="author" href="/me">
<meta property="article:published_time" content="2024-05-04">
<meta itemprop="datePublished" content="2024-05-05"></head>
<body><div class="post byline-wrap"><span class="byline">By Ann Lee</span>
<a rel="author nofollow" href="/ann">Ann Lee</a>
<p class="a b">Posted on May 4, 2024</p><h1>Headline here</h1>
<div class="meta data"><time datetime="2024-05-04">May 4</time></div>
<p class="x-date">Second</p><p>By the river, by the sea</p>
<span property="dc:date" content="2024-05-06">x</span><span property="dc:date">y</span>
<ul class="one"><li class="date">1 May 2024</li></ul></div></body></html>"""


def _same(found: list[object], expected: list[object]) -> bool:
    return [id(x) for x in found] == [id(x) for x in expected]


def test_attribute_lookups_match_find_all() -> None:
    soup = BeautifulSoup(PAGE, "lxml")
    page = PageIndex(soup)
    byline = re.compile(r"byline|author", re.IGNORECASE)
    date = re.compile(r"date|time|meta", re.IGNORECASE)
    joined = re.compile(r"^a b$")  # only the joined class value "a b" matches
    spaced = re.compile(r"meta data")
    cases = [
        (page.with_attrs(class_=byline), soup.find_all(class_=byline)),
        (page.with_attrs(limit=2, class_=date), soup.find_all(class_=date, limit=2)),
        (page.with_attrs(class_=joined), soup.find_all(class_=joined)),
        (page.with_attrs(class_=spaced), soup.find_all(class_=spaced)),
        (page.with_attrs(rel="author"), soup.find_all(rel="author")),
        (page.with_attrs(names=("link",), rel=True), soup.find_all("link", rel=True)),
        (
            page.with_attrs(names=("time", "meta"), itemprop="datePublished"),
            soup.find_all(["time", "meta"], itemprop="datePublished"),
        ),
        (
            page.with_attrs(property=re.compile("date"), content=True),
            soup.find_all(True, property=re.compile("date"), content=True),
        ),
    ]
    for found, expected in cases:
        assert expected and _same(found, expected)


def test_string_lookups_match_find_all() -> None:
    soup = BeautifulSoup(PAGE, "lxml")
    page = PageIndex(soup)
    by_line = re.compile(r"^By ")
    assert _same(page.strings_matching(by_line), soup.find_all(string=by_line))
    assert len(page.strings_matching(by_line, limit=1)) == 1

    def starts_with_b(text: str) -> bool:
        return text.startswith("B")

    assert _same(page.strings_matching(starts_with_b), soup.find_all(string=starts_with_b))
    h1 = soup.find("h1")
    assert h1 is not None and page.first("h1") is h1
    assert _same(page.strings_after(h1, 6), h1.find_all_next(string=True, limit=6))
    assert _same(page.strings_before(h1, 6), h1.find_all_previous(string=True, limit=6))
    assert _same(page.strings_before(h1, 500), h1.find_all_previous(string=True, limit=500))
    assert _same(page.named("p", "li"), soup.find_all(["p", "li"]))
    assert page.first("nosuch") is None
