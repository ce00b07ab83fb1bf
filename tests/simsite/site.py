"""The simulated news site: three hosts on 127.0.0.1 (different ports).

- ``news``: robots.txt (Disallow /private/, Crawl-delay, Sitemap), RSS and JSON feeds, a sitemap
  index -> one Google News sitemap per day + a gzipped urlset, article pages in three templates.
- ``wire``: an Atom feed with relative links, and its own articles.
- ``faults``: the fault routes (see ``FAULT_PATHS``) and a feed listing them.

Use as a context manager: ``with SimSite() as site: site.url("news", "/feed.xml")``.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import itertools
import threading
import zlib
from collections.abc import Iterator
from datetime import date
from typing import Self

from tests.simsite import content
from tests.simsite.server import Reply, RequestLog, SimHost

FAULT_PATHS = {
    "slow": "/slow.html",
    "rate_limited": "/rate-limited.html",  # 429 Retry-After: 1, then 200
    "flaky": "/flaky.html",  # 500, then 200
    "reset": "/reset.html",  # connection reset, every time
    "loop": "/loop-a.html",  # -> /loop-b.html -> /loop-a.html
    "huge": "/huge.html",  # 50 MB, streamed without Content-Length
    "image": "/photo.html",  # served as image/png
    "bomb": "/bomb.html",  # gzip bomb: 100 kB on the wire, 100 MB decoded
    "etag": "/etag.html",  # ETag + 304 on If-None-Match
    "billion_laughs": "/laughs.xml",
    "external_entity": "/xxe.xml",
    "gone": "/gone.html",  # 404
}
XML = "application/xml; charset=utf-8"


@functools.cache
def _bomb() -> bytes:
    """100 MB of zeros as ~0.5 MB of gzip (built once a process, before any request waits)."""
    compressor = zlib.compressobj(1, zlib.DEFLATED, 31)
    zeros = b"\0" * (1 << 20)
    return b"".join(compressor.compress(zeros) for _ in range(100)) + compressor.flush()


class SimSite:
    def __init__(
        self,
        *,
        start: date = date(2024, 5, 1),
        days: int = 6,
        per_day: int = 2,
        crawl_delay: float | None = 0.2,
        latency: float = 0.0,
        slow_seconds: float = 3.0,
    ) -> None:
        self.log = RequestLog()
        _bomb()
        self.crawl_delay = crawl_delay
        self.slow_seconds = slow_seconds
        self._counters: dict[str, itertools.count[int]] = {}
        self._lock = threading.Lock()
        self.hosts = {
            name: SimHost(name, self._router(name), self.log, latency)
            for name in ("news", "wire", "faults")
        }
        self.articles = {
            "news": content.make_articles("news", start=start, days=days, per_day=per_day),
            "wire": content.make_articles("wire", start=start, days=days, per_day=1, seed=3),
        }
        self.days = [a.published.date() for a in self.articles["news"][::per_day]]

    def __enter__(self) -> Self:
        for host in self.hosts.values():
            host.start()
        return self

    def __exit__(self, *exc: object) -> None:
        for host in self.hosts.values():
            host.stop()

    def base(self, host: str) -> str:
        return self.hosts[host].base_url

    def url(self, host: str, path: str) -> str:
        return self.base(host) + path

    def article_url(self, article: content.SimArticle) -> str:
        return self.base(article.host_key) + article.path

    def fault_url(self, name: str) -> str:
        return self.url("faults", FAULT_PATHS[name])

    def _hit(self, key: str) -> int:
        with self._lock:
            return next(self._counters.setdefault(key, itertools.count()))

    def _router(self, host: str):  # type: ignore[no-untyped-def]
        def route(path: str, headers: dict[str, str]) -> Reply:
            clean = path.split("?", 1)[0]
            if host == "faults":
                return self._faults(clean, headers)
            return _with_etag(self._publisher(host, clean), headers)

        return route

    def _publisher(self, host: str, path: str) -> Reply:
        base = self.base(host)
        articles = self.articles[host]
        by_path = {a.path: a for a in articles}
        if path in by_path:
            return Reply(body=content.render_page(by_path[path], base).encode())
        if path == "/robots.txt":
            delay = f"Crawl-delay: {self.crawl_delay}\n" if self.crawl_delay else ""
            text = f"User-agent: *\nDisallow: /private/\n{delay}Sitemap: {base}/sitemap_index.xml\n"
            return Reply(body=text.encode(), content_type="text/plain")
        if path == "/private/secret.html":
            return Reply(body=b"<html><body><p>secret</p></body></html>")
        if path == "/feed.xml":
            return Reply(body=content.rss_feed(articles, base).encode(), content_type=XML)
        if path == "/atom.xml":
            return Reply(
                body=content.atom_feed(articles, base).encode(),
                content_type="application/atom+xml",
            )
        if path == "/feed.json":
            return Reply(
                body=content.json_feed(articles, base).encode(),
                content_type="application/feed+json",
            )
        if path == "/sitemap_index.xml":
            days = sorted({a.published.date() for a in articles})
            locations: list[tuple[str, str | None]] = [
                (f"{base}/sitemaps/news-{d}.xml", str(d)) for d in days
            ]
            locations.append((f"{base}/sitemaps/pages.xml.gz", None))
            return Reply(body=content.sitemap_index(locations).encode(), content_type=XML)
        if path.startswith("/sitemaps/news-") and path.endswith(".xml"):
            day = path.removeprefix("/sitemaps/news-").removesuffix(".xml")
            chosen = [a for a in articles if str(a.published.date()) == day]
            if chosen:
                return Reply(body=content.news_sitemap(chosen, base).encode(), content_type=XML)
        if path == "/sitemaps/pages.xml.gz":
            data = gzip.compress(content.urlset(articles, base).encode())
            return Reply(body=data, content_type="application/x-gzip")
        return Reply(status=404, body=b"not found")

    def _faults(self, path: str, headers: dict[str, str]) -> Reply:
        base = self.base("faults")
        if path == "/robots.txt":
            return Reply(status=404, body=b"")
        if path == "/feed.xml":
            items = "".join(
                f"<item><title>{name}</title><link>{base}{p}</link></item>"
                for name, p in FAULT_PATHS.items()
            )
            rss = f'<rss version="2.0"><channel><title>Faults</title>{items}</channel></rss>'
            return Reply(body=rss.encode(), content_type=XML)
        if path == "/mixed.xml":  # links newsflow must not follow
            links = ["ftp://127.0.0.1/a.html", "file:///etc/passwd", "https://elsewhere.example/x",
                     f"{base}/gone.html"]  # fmt: skip
            items = "".join(f"<item><title>t</title><link>{link}</link></item>" for link in links)
            rss = f'<rss version="2.0"><channel><title>Mixed</title>{items}</channel></rss>'
            return Reply(body=rss.encode(), content_type=XML)
        if path == "/self-index.xml":
            index = content.sitemap_index([(f"{base}/self-index.xml", None)])
            return Reply(body=index.encode(), content_type=XML)
        page = f"<html><body><article><h1>{path}</h1><p>{'word ' * 80}</p></article></body></html>"
        ok = Reply(body=page.encode())
        if path == FAULT_PATHS["slow"]:
            return Reply(body=page.encode(), delay=self.slow_seconds)
        if path == FAULT_PATHS["rate_limited"]:
            first = self._hit(path) == 0
            return Reply(status=429, headers={"Retry-After": "1"}) if first else ok
        if path == FAULT_PATHS["flaky"]:
            return Reply(status=500, body=b"oops") if self._hit(path) == 0 else ok
        if path == FAULT_PATHS["reset"]:
            return Reply(reset=True)
        if path in ("/loop-a.html", "/loop-b.html"):
            target = "/loop-b.html" if path == "/loop-a.html" else "/loop-a.html"
            return Reply(status=302, headers={"Location": target}, body=b"")
        if path == FAULT_PATHS["huge"]:
            return Reply(body=_endless(50 * 1024 * 1024))
        if path == FAULT_PATHS["image"]:
            return Reply(body=b"\x89PNG\r\n\x1a\n" + b"\0" * 100, content_type="image/png")
        if path == FAULT_PATHS["bomb"]:
            return Reply(body=_bomb(), headers={"Content-Encoding": "gzip"})
        if path == FAULT_PATHS["etag"]:
            if headers.get("if-none-match") == '"v1"':
                return Reply(status=304, body=b"", content_type=None, headers={"ETag": '"v1"'})
            return Reply(body=page.encode(), headers={"ETag": '"v1"'})
        if path == FAULT_PATHS["billion_laughs"]:
            return Reply(body=content.BILLION_LAUGHS.encode(), content_type=XML)
        if path == FAULT_PATHS["external_entity"]:
            return Reply(body=content.EXTERNAL_ENTITY.encode(), content_type=XML)
        return Reply(status=404, body=b"not found")


def _with_etag(reply: Reply, headers: dict[str, str]) -> Reply:
    """Publisher documents carry an ETag and answer 304 to a matching If-None-Match."""
    if reply.status != 200 or not isinstance(reply.body, bytes):
        return reply
    etag = '"' + hashlib.sha256(reply.body).hexdigest()[:16] + '"'
    if headers.get("if-none-match") == etag:
        return Reply(status=304, body=b"", content_type=None, headers={"ETag": etag})
    reply.headers["ETag"] = etag
    return reply


def _endless(total: int) -> Iterator[bytes]:
    chunk = b"<p>" + b"x" * (64 * 1024 - 7) + b"</p>\n"
    sent = 0
    while sent < total:
        yield chunk
        sent += len(chunk)
