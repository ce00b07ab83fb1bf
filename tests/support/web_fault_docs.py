"""What the fault hosts serve: good pages, and every kind of broken answer and document."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from tests.support.fault_server import (
    Responder,
    gzip_bomb,
    gzipped,
    hang_up,
    http_date,
    in_turn,
    raw,
    reset_after,
    respond,
    trickle,
)

XML = "application/xml; charset=utf-8"
_STORY = (
    "<p>The city council voted on Tuesday to build a new bridge across the river, ending a "
    "debate that had lasted more than ten years and divided the neighbourhoods on both banks.</p>"
    "<p>Construction is expected to begin next spring and to take about three years, the mayor "
    "said after the vote, adding that the old ferry would keep running until the opening.</p>"
    "<p>Opponents said they would keep asking for a tunnel instead, which they argue would "
    "spare the historic waterfront, its old warehouses and the trees along the quay.</p>"
)


def page_html(title: str, published: str = "2024-05-01T10:00:00+02:00", story: str = _STORY) -> str:
    return (
        f'<!doctype html><html lang="en"><head><meta charset="utf-8"><title>{title}</title>'
        f'<meta property="article:published_time" content="{published}"></head><body>'
        f"<article><h1>{title}</h1>{story}</article></body></html>"
    )


GOOD_BYTES = page_html("Council approves the new bridge").encode()
GOOD_PAGE = respond(GOOD_BYTES)
GOOD_PAGE_2 = respond(
    page_html("Ferry to keep running", story=_STORY.replace("city", "town")).encode()
)


def feed_of(*paths: str) -> Responder:
    items = "".join(
        f"<item><title>Item {n}</title><link>{p}</link><guid>{p}</guid>"
        "<pubDate>Wed, 01 May 2024 12:00:00 +0200</pubDate></item>"
        for n, p in enumerate(paths)
    )
    body = (
        f'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title>{items}</channel></rss>'
    )
    return respond(body.encode(), XML)


def json_feed(document: Mapping[str, Any]) -> Responder:
    full = {"version": "https://jsonfeed.org/version/1.1", "title": "J", **document}
    return respond(json.dumps(full).encode(), "application/feed+json")


HEAD_OK = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nConnection: close\r\n"
TRICKLED_HEADERS = trickle(b"HTTP/1.1 200 OK\r\n", b"X-Slow: 1\r\n", 0.3)
TRICKLED_BODY = trickle(HEAD_OK + b"Content-Length: 100000\r\n\r\n<html><body>", b"<p>a</p>", 0.3)
RESET_MID_BODY = reset_after(HEAD_OK + b"Content-Length: 100000\r\n\r\n" + GOOD_BYTES[:200])
HANG_UP = hang_up()
ALWAYS_500 = respond(b"oops", "text/plain", "500 Internal Server Error")
ERROR_THEN_GOOD = in_turn([ALWAYS_500, GOOD_PAGE])
RATE_LIMITED = in_turn(
    [respond(b"", "text/plain", "429 Too Many Requests", {"Retry-After": "1"}), GOOD_PAGE]
)
UNAVAILABLE_FOR_A_DAY = respond(
    b"", "text/plain", "503 Service Unavailable", {"Retry-After": "86400"}
)


class _RetryDatePast:
    def __init__(self) -> None:
        self.turns: Responder | None = None

    def __call__(self, conn: Any, path: str) -> None:
        if self.turns is None:  # the date is made when first asked, not at import
            past = {"Retry-After": http_date(-3600)}
            busy = respond(b"", "text/plain", "503 Service Unavailable", past)
            self.turns = in_turn([busy, GOOD_PAGE])
        self.turns(conn, path)


RETRY_DATE_PAST = _RetryDatePast()
RETRY_GARBAGE = in_turn(
    [respond(b"", "text/plain", "429 Too Many Requests", {"Retry-After": "soon²"}), GOOD_PAGE]
)
LOOP_A = respond(b"", None, "302 Found", {"Location": "/bad.html?again=1"})
TO_PRIVATE = respond(b"", None, "302 Found", {"Location": "http://10.0.0.1/admin"})
TO_FILE = respond(b"", None, "301 Moved Permanently", {"Location": "file:///etc/passwd"})
TO_GARBAGE = respond(b"", None, "302 Found", {"Location": "http://[::1/x"})
NO_LOCATION = respond(b"<p>moved</p>", "text/html", "301 Moved Permanently")
GZIP_BOMB = respond(gzip_bomb(64 << 20), "text/html", headers={"Content-Encoding": "gzip"})
HUGE_DECLARED = raw(HEAD_OK + b"Content-Length: 20971520\r\n\r\n" + GOOD_BYTES)


def _huge(conn: Any, path: str) -> None:
    conn.sendall(HEAD_OK + b"\r\n<html><body>")
    block = b"<p>" + b"x" * 65530 + b"</p>"
    for _ in range(20 * 16):
        conn.sendall(block)


HUGE_STREAMED: Responder = _huge
LENGTH_TOO_LONG = respond(GOOD_BYTES, length=len(GOOD_BYTES) + 5000)
LENGTH_TOO_SHORT = respond(GOOD_BYTES, length=40)
BAD_CHUNKS = raw(HEAD_OK + b"Transfer-Encoding: chunked\r\n\r\n10\r\n<html><body><p>ab\r\nzz\r\n")
UNKNOWN_CHARSET = respond(GOOD_BYTES, "text/html; charset=x-no-such-charset")
WRONG_CHARSET = respond(page_html("Café crème über alles").encode(), "text/html; charset=latin-1")
INVALID_UTF8_PAGE = respond(GOOD_BYTES.replace(b"ferry", b"fe\xff\xferry\xed\xa0\x80"))
BINARY_PAGE = respond(bytes(range(256)) * 64, "text/html")
EMPTY_200 = respond(b"", "text/html")
NO_CONTENT = respond(b"", None, "204 No Content")
PAGE_AS_PNG = respond(b"\x89PNG\r\n\x1a\n" + b"\0" * 100, "image/png")
YEAR_ONE_PAGE = respond(page_html("Old news", published="0001-01-01T00:00:00+05:00").encode())
CORRUPT_GZIP_PAGE = respond(
    b"\x1f\x8b\x08\x00garbage-not-gzip", "text/html", headers={"Content-Encoding": "gzip"}
)

JSON_WRONG_TYPES = json_feed(
    {
        "items": [
            {
                "id": {"a": 1},
                "url": "/good.html",
                "title": 5,
                "authors": 5,
                "date_published": "0001-01-01T00:00:00+05:00",
            },
            {
                "id": 2,
                "url": "/good2.html",
                "authors": [None, {"name": ["x"]}, {"name": "Al"}],
                "date_published": 1714557600,
                "title": "\ud83d lone",
            },
            7,
            None,
            {"url": 5, "title": "no link"},
            {"url": "javascript:alert(1)"},
        ]
    }
)
JSON_DEEP = respond(
    b'{"version": "https://jsonfeed.org/version/1", "items": '
    + b"[" * 100_000
    + b"]" * 100_000
    + b"}",
    "application/feed+json",
)
JSON_HUGE_NUMBER = respond(
    b'{"version": "https://jsonfeed.org/version/1", "items": [], "n": ' + b"9" * 5000 + b"}",
    "application/feed+json",
)
BILLION_LAUGHS = respond(
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
    b'<rss version="2.0"><channel><item><link>/good.html</link><title>&b;</title></item>'
    b"</channel></rss>",
    XML,
)
XXE = respond(
    b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
    b'<rss version="2.0"><channel><item><link>/good.html</link><title>&x;</title></item>'
    b"</channel></rss>",
    XML,
)
DEEP_XML = respond(
    b'<?xml version="1.0"?><rss version="2.0"><channel><item><title>Deep</title>'
    b"<link>/good.html</link></item><item>"
    + b"<d>" * 10_000
    + b"x"
    + b"</d>" * 10_000
    + b"</item></channel></rss>",
    XML,
)
HTML_AS_FEED = respond(GOOD_BYTES, "application/rss+xml")
FEED_AS_HTML = respond(
    b'<?xml version="1.0"?><rss version="2.0"><channel><title>F</title><item><title>A</title>'
    b"<link>/good.html</link></item></channel></rss>",
    "text/html; charset=utf-8",
)
FEED_BAD_TEXT = respond(
    b'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>F\xff</title>'
    b"<item><title>Bad \xed\xa0\x80 bytes &#55357; here</title><link>/good.html</link></item>"
    b"<item><title>Fine</title><link>/good2.html</link><author>\xc3</author></item>"
    b"</channel></rss>",
    XML,
)
BINARY_FEED = respond(bytes(range(1, 256)) * 40, "application/rss+xml")
ENDLESS_FEED = respond(
    (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Many</title>'
        "<item><title>G</title><link>/good.html</link></item>"
        "<item><title>G2</title><link>/good2.html</link></item>"
        + "".join(f"<item><link>/none/{n}.html</link></item>" for n in range(12_000))
        + "</channel></rss>"
    ).encode(),
    XML,
)


def _urlset(*locs: str) -> bytes:
    entries = "".join(f"<url><loc>{loc}</loc></url>" for loc in locs)
    return (
        f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"{entries}</urlset>"
    ).encode()


def _index(*locs: str) -> Responder:
    entries = "".join(f"<sitemap><loc>{loc}</loc></sitemap>" for loc in locs)
    return respond(
        (
            f'<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9">{entries}</sitemapindex>'
        ).encode(),
        XML,
    )


SITEMAP_CYCLE: dict[str, Responder] = {
    "/index-a.xml": _index("/index-b.xml", "/pages.xml"),
    "/index-b.xml": _index("/index-a.xml", "/index-b.xml"),
    "/pages.xml": respond(_urlset("/good.html"), XML),
    "/good.html": GOOD_PAGE,
}
SITEMAP_DEEP: dict[str, Responder] = {
    f"/index-{n}.xml": _index(f"/index-{n + 1}.xml") for n in range(6)
}
SITEMAP_CORRUPT_GZIP = {
    "/sitemap.xml.gz": respond(b"\x1f\x8b\x08\x00" + b"\x13" * 200, "application/x-gzip")
}
SITEMAP_BAD_URLS = {
    "/sitemap.xml": respond(
        _urlset(
            "javascript:alert(1)",
            "/good.html",
            "http://exa mple.com/",
            "http://[::1/x",
            "mailto:a@b.example",
            "",
        ),
        XML,
    ),
    "/good.html": GOOD_PAGE,
}
SITEMAP_TWO_MEMBERS = {
    "/sitemap.xml.gz": respond(
        gzipped(_urlset("/good.html")[:60]) + gzipped(_urlset("/good.html", "/good2.html")[60:]),
        "application/x-gzip",
    ),
    "/good.html": GOOD_PAGE,
    "/good2.html": GOOD_PAGE_2,
}
BINARY_ROBOTS = respond(
    bytes(range(256)) * 20 + b"\nDisallow: //[\nCrawl-delay: \xc2\xb2\n", "text/plain"
)
HUGE_ROBOTS = respond(b"User-agent: *\nAllow: /\n" + b"# padding\n" * 500_000, "text/plain")
SLOW_ROBOTS = respond(b"User-agent: *\nCrawl-delay: 1e308\nCrawl-delay: inf\n", "text/plain")
