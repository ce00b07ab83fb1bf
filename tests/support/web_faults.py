"""The web fault corpus: hostile servers and documents, each with the exact outcome expected.

Each ``WebFault`` is one source on its own host (a ``FaultHost`` port): what the host serves
(``routes``), how the source reaches it (``kind``, ``entry``), and what must come of it: the
rejects (reason, stage, the path of the rejected input) and the pages that still load as
articles. Nothing else may come of it, and no fault may cost another source anything.

Run it with ``FAULT_FETCH`` (a short deadline and retry budget, so trickling servers give up
in seconds): ``newsflow fetch`` reads ``NEWSFLOW_REQUEST_DEADLINE_SECONDS`` and
``NEWSFLOW_URL_RETRY_BUDGET_SECONDS``; ``sources_toml`` writes a sources file for all faults.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from tests.support import web_fault_docs as docs
from tests.support.fault_server import Responder, start_hosts

# FetchConfig overrides the expectations are written for (settings in FAULT_SETTINGS).
FAULT_FETCH: dict[str, Any] = {
    "request_deadline": 1.0,
    "retry_budget": 2.5,
    "read_timeout": 2.0,
    "connect_timeout": 2.0,
    "retries": 2,
    "backoff_base": 0.05,
    "max_body_bytes": 2 * 1024 * 1024,
    "max_retry_after": 5.0,
    "max_crawl_delay": 0.1,
}
FAULT_SETTINGS = {"request_deadline_seconds": 1.0, "url_retry_budget_seconds": 2.5}


@dataclass(frozen=True)
class Rejected:
    """A reject expected on the fault's host (a reject whose input is off the host, such as a
    ``javascript:`` link named by its own text, is not attributed to any fault)."""

    reason: str
    stage: str
    path: str  # the rejected input's path on the fault's host (or the whole input, if no URL)


@dataclass(frozen=True)
class WebFault:
    name: str
    routes: Mapping[str, Responder]
    rejects: tuple[Rejected, ...] = ()
    articles: tuple[str, ...] = ()  # paths that load as articles
    kind: str = "feed"
    entry: str = "/feed.xml"
    max_articles: int = 20
    extra_routes: Mapping[str, Responder] = field(default_factory=dict)


def _page_fault(name: str, bad: Responder, *rejects: Rejected, loads: bool = False) -> WebFault:
    """A feed of a good page and ``/bad.html``, served by ``bad``."""
    articles = ("/good.html", "/bad.html") if loads else ("/good.html",)
    routes = {
        "/feed.xml": docs.feed_of("/good.html", "/bad.html"),
        "/good.html": docs.GOOD_PAGE,
        "/bad.html": bad,
    }
    return WebFault(name, routes, tuple(rejects), articles)


def _feed_fault(
    name: str,
    feed: Responder,
    *rejects: Rejected,
    articles: Sequence[str] = (),
    entry: str = "/feed.xml",
) -> WebFault:
    routes = {entry: feed, "/good.html": docs.GOOD_PAGE, "/good2.html": docs.GOOD_PAGE_2}
    return WebFault(name, routes, tuple(rejects), tuple(articles), entry=entry)


def _robots_fault(name: str, robots: Responder, *rejects: Rejected, loads: bool) -> WebFault:
    routes = {
        "/feed.xml": docs.feed_of("/good.html"),
        "/good.html": docs.GOOD_PAGE,
        "/robots.txt": robots,
    }
    return WebFault(name, routes, tuple(rejects), ("/good.html",) if loads else ())


def _fetch(reason: str, path: str = "/bad.html") -> Rejected:
    return Rejected(reason, "fetch", path)


def _found(reason: str, path: str = "/feed.xml") -> Rejected:
    return Rejected(reason, "discover", path)


FAULTS: list[WebFault] = [
    # --- one page of a good feed misbehaves: only that page is lost ---
    _page_fault("trickled headers", docs.TRICKLED_HEADERS, _fetch("deadline exceeded")),
    _page_fault("trickled body", docs.TRICKLED_BODY, _fetch("deadline exceeded")),
    _page_fault("reset mid-body", docs.RESET_MID_BODY, _fetch("transport error")),
    _page_fault("closes without a response", docs.HANG_UP, _fetch("transport error")),
    _page_fault("500 then 200", docs.ERROR_THEN_GOOD, loads=True),
    _page_fault("429 with Retry-After 1 then 200", docs.RATE_LIMITED, loads=True),
    _page_fault("503 with a huge Retry-After", docs.UNAVAILABLE_FOR_A_DAY, _fetch("http 503")),
    _page_fault(
        "503 with a Retry-After date in the past then 200", docs.RETRY_DATE_PAST, loads=True
    ),
    _page_fault("429 with an unreadable Retry-After then 200", docs.RETRY_GARBAGE, loads=True),
    _page_fault("always 500", docs.ALWAYS_500, _fetch("http 500")),
    _page_fault("redirect loop", docs.LOOP_A, _fetch("redirect loop")),
    _page_fault("redirect to a private address", docs.TO_PRIVATE, _fetch("unsafe url")),
    _page_fault("redirect to a file: URL", docs.TO_FILE, _fetch("unsafe url")),
    _page_fault("redirect to an unparseable Location", docs.TO_GARBAGE, _fetch("bad redirect")),
    _page_fault("301 without Location", docs.NO_LOCATION, _fetch("bad redirect")),
    _page_fault("gzip bomb", docs.GZIP_BOMB, _fetch("body too large")),
    _page_fault("declared 20 MB HTML", docs.HUGE_DECLARED, _fetch("body too large")),
    _page_fault("streamed 20 MB HTML", docs.HUGE_STREAMED, _fetch("body too large")),
    _page_fault(
        "Content-Length longer than the body", docs.LENGTH_TOO_LONG, _fetch("transport error")
    ),
    _page_fault(
        "Content-Length shorter than the body",
        docs.LENGTH_TOO_SHORT,
        Rejected("no article text", "parse", "/bad.html"),
    ),
    _page_fault("broken chunked encoding", docs.BAD_CHUNKS, _fetch("transport error")),
    _page_fault("unknown charset", docs.UNKNOWN_CHARSET, loads=True),
    _page_fault("charset declared wrong (UTF-8 sent as latin-1)", docs.WRONG_CHARSET, loads=True),
    _page_fault("invalid UTF-8 in a page", docs.INVALID_UTF8_PAGE, loads=True),
    _page_fault(
        "binary served as HTML", docs.BINARY_PAGE, Rejected("no article text", "parse", "/bad.html")
    ),
    _page_fault("empty 200", docs.EMPTY_200, _fetch("empty response")),
    _page_fault("204 No Content", docs.NO_CONTENT, _fetch("empty response")),
    _page_fault("page served as image/png", docs.PAGE_AS_PNG, _fetch("wrong content type")),
    _page_fault("page dated year 1", docs.YEAR_ONE_PAGE, loads=True),
    _page_fault(
        "bad gzip Content-Encoding", docs.CORRUPT_GZIP_PAGE, _fetch("bad content encoding")
    ),
    # --- the feed or sitemap itself is hostile: the source's other documents still count ---
    _feed_fault(
        "JSON Feed items is a number",
        docs.json_feed({"items": 5}),
        _found("malformed json feed", "/feed.json"),
        entry="/feed.json",
    ),
    _feed_fault(
        "JSON Feed items of every wrong type",
        docs.JSON_WRONG_TYPES,
        _found("feed item is not an object", "/feed.json"),
        _found("feed item is not an object", "/feed.json"),
        _found("feed item without a link", "/feed.json"),
        articles=("/good.html", "/good2.html"),
        entry="/feed.json",
    ),
    _feed_fault(
        "JSON Feed nested 100k deep",
        docs.JSON_DEEP,
        _found("malformed json feed", "/feed.json"),
        entry="/feed.json",
    ),
    _feed_fault(
        "JSON Feed with a 5000-digit number",
        docs.JSON_HUGE_NUMBER,
        _found("malformed json feed", "/feed.json"),
        entry="/feed.json",
    ),
    _feed_fault(
        "RSS declaring entities (billion laughs)",
        docs.BILLION_LAUGHS,
        _found("xml entity expansion"),
    ),
    _feed_fault("RSS with an external entity (XXE)", docs.XXE, _found("xml external entity")),
    _feed_fault(
        "RSS nested 10k deep",
        docs.DEEP_XML,
        _found("feed item without a link"),
        articles=("/good.html",),
    ),
    _feed_fault("HTML served as a feed", docs.HTML_AS_FEED, _found("not a feed")),
    _feed_fault("feed served as text/html", docs.FEED_AS_HTML, articles=("/good.html",)),
    _feed_fault(
        "feed with invalid UTF-8 and a lone surrogate",
        docs.FEED_BAD_TEXT,
        articles=("/good.html", "/good2.html"),
    ),
    _feed_fault("empty feed", docs.EMPTY_200, _fetch("empty response", "/feed.xml")),
    _feed_fault("binary feed", docs.BINARY_FEED, _found("not a feed")),
    dataclasses.replace(
        _feed_fault(
            "feed of 12000 items",
            docs.ENDLESS_FEED,
            _found("feed truncated"),
            articles=("/good.html", "/good2.html"),
        ),
        max_articles=2,
    ),
    WebFault(
        "sitemap index cycle", docs.SITEMAP_CYCLE, (), ("/good.html",), "sitemap", "/index-a.xml"
    ),
    WebFault(
        "sitemap indexes nested too deep",
        docs.SITEMAP_DEEP,
        (_found("sitemap index too deep", "/index-3.xml"),),
        (),
        "sitemap",
        "/index-0.xml",
    ),
    WebFault(
        "corrupt gzip sitemap",
        docs.SITEMAP_CORRUPT_GZIP,
        (_found("corrupt gzip", "/sitemap.xml.gz"),),
        (),
        "sitemap",
        "/sitemap.xml.gz",
    ),
    WebFault(
        "sitemap of bad URLs",
        docs.SITEMAP_BAD_URLS,
        (_found("sitemap entries without a usable url", "/sitemap.xml"),),
        ("/good.html",),
        "sitemap",
        "/sitemap.xml",
    ),
    WebFault(
        "gzipped news sitemap of two members",
        docs.SITEMAP_TWO_MEMBERS,
        (),
        ("/good.html", "/good2.html"),
        "sitemap",
        "/sitemap.xml.gz",
    ),
    # --- robots.txt ---
    _robots_fault(
        "robots.txt answers 500",
        docs.ALWAYS_500,
        _fetch("disallowed by robots.txt", "/feed.xml"),
        loads=False,
    ),
    _robots_fault("robots.txt is binary garbage", docs.BINARY_ROBOTS, loads=True),
    _robots_fault("robots.txt of 5 MB", docs.HUGE_ROBOTS, loads=True),
    _robots_fault("robots.txt with an endless Crawl-delay", docs.SLOW_ROBOTS, loads=True),
]


class RunningFaults:
    """Every fault's host started on 127.0.0.1 (a context manager)."""

    def __init__(self, faults: Sequence[WebFault] = tuple(FAULTS)) -> None:
        self.faults = list(faults)
        self.hosts = start_hosts({**f.routes, **f.extra_routes} for f in self.faults)
        self.by_port = {h.port: f for h, f in zip(self.hosts, self.faults, strict=True)}

    def __enter__(self) -> RunningFaults:
        return self

    def __exit__(self, *exc: object) -> None:
        with ThreadPoolExecutor(max_workers=16) as pool:  # each stop waits out a poll
            list(pool.map(lambda host: host.stop(), self.hosts))

    def source_name(self, fault: WebFault) -> str:
        return "fault-" + "".join(c if c.isalnum() else "-" for c in fault.name.lower())

    def sources_toml(self) -> str:
        blocks = []
        for fault, host in zip(self.faults, self.hosts, strict=True):
            blocks.append(
                f"[sources.{self.source_name(fault)}]\nkind = {json.dumps(fault.kind)}\n"
                f"urls = [{json.dumps(host.url(fault.entry))}]\nmin_delay = 0.0\n"
                f'concurrency = 2\nallow_hosts = ["127.0.0.1"]\nmax_articles = {fault.max_articles}\n'
            )
        return "\n".join(blocks)

    def fault_of(self, url: str) -> WebFault | None:
        """The fault whose host ``url`` is on (None for any other URL)."""
        try:
            port = urlsplit(url).port
        except ValueError:
            return None
        if port is None or not url.startswith("http://127.0.0.1:"):
            return None
        return self.by_port.get(port)

    def outcomes(
        self, rejects: Iterable[tuple[str, str, str]], article_urls: Iterable[str]
    ) -> dict[str, Outcome]:
        """What came of each fault, from (input, reason, stage) rejects and article URLs."""
        found = {f.name: Outcome() for f in self.faults}
        for url, reason, stage in rejects:
            fault = self.fault_of(url)
            if fault is not None:
                found[fault.name].rejects.append(Rejected(reason, stage, urlsplit(url).path))
        for url in article_urls:
            fault = self.fault_of(url)
            if fault is not None:
                found[fault.name].articles.append(urlsplit(url).path)
        return found

    def held(self, fault: WebFault, outcome: Outcome) -> bool:
        """Exactly the expected rejects (with multiplicity) and articles came of ``fault``."""
        return outcome.sorted() == Outcome(list(fault.rejects), list(fault.articles)).sorted()


@dataclass
class Outcome:
    rejects: list[Rejected] = field(default_factory=list)
    articles: list[str] = field(default_factory=list)

    def sorted(self) -> tuple[list[tuple[str, str, str]], list[str]]:
        rejects = sorted((r.reason, r.stage, r.path) for r in self.rejects)
        return rejects, sorted(self.articles)
