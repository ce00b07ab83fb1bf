"""Find a source's article URLs: read its feeds, walk its sitemaps (bounded), or list its URLs.

Returns plain values: candidates with their feed/sitemap hints, rejects with reasons, every
request sent, and the fetch state of the feed and sitemap documents themselves (recorded by
the caller only once their pages are staged, so a crash never skips them).
"""

from __future__ import annotations

import dataclasses
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from functools import partial
from typing import Any

from tasks.decode import decode_declared
from tasks.discover.feeds import FeedItem, FeedRejected, parse_feed
from tasks.discover.robots_rules import RobotsRules, robots_url_for
from tasks.discover.sitemaps import MAX_ENTRIES, SitemapEntry, SitemapRejected, parse_sitemap
from tasks.fetch.client import Fetcher
from tasks.fetch.models import FetchConfig, FetchResult, Kind, RequestRecord, Validators
from tasks.models import Reject
from tasks.sources import Source


@dataclass(frozen=True)
class Candidate:
    url: str  # canonical
    source: str
    hints: dict[str, Any] = field(default_factory=dict)  # title, published, author, summary…


@dataclass
class Discovery:
    source: str
    candidates: list[Candidate] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
    requests: list[RequestRecord] = field(default_factory=list)
    documents: list[tuple[Kind, FetchResult]] = field(default_factory=list)  # bodies dropped
    unchanged_documents: int = 0


def fetch_config_for(source: Source, base: FetchConfig) -> FetchConfig:
    return dataclasses.replace(
        base,
        min_delay=source.min_delay,
        concurrency=source.concurrency,
        allowed_hosts=base.allowed_hosts | frozenset(source.allow_hosts),
    )


def discover(
    source: Source,
    config: FetchConfig,
    validators: Mapping[str, Validators] | None = None,
    *,
    now: datetime | None = None,
) -> Discovery:
    found = Discovery(source.name)
    walker = _Walker(source, fetch_config_for(source, config), validators or {}, found, now)
    try:
        walker.run()
    except Exception as exc:  # the source's boundary: what was found so far is kept
        walker.reject(source.urls[0] if source.urls else source.name, "internal error", exc)
    finally:
        walker.fetcher.close()
    return found


class _Walker:
    def __init__(
        self,
        source: Source,
        config: FetchConfig,
        validators: Mapping[str, Validators],
        found: Discovery,
        now: datetime | None,
    ) -> None:
        self.source = source
        self.fetcher = Fetcher(config)
        self.validators = validators
        self.found = found
        self.seen: set[str] = set()
        moment = now or datetime.now(UTC)
        self.cutoff = moment - timedelta(days=source.max_age_days) if source.max_age_days else None

    def run(self) -> None:
        kind = self.source.kind
        if kind == "urls":
            for url in self.source.urls:
                self._add(url, {"via": "config"})
        elif kind == "feed":
            for url in self.source.urls:
                self._guarded(url, "reading the feed", partial(self._feed, url))
        elif kind in ("sitemap", "news_sitemap"):
            self._walk_sitemaps(list(self.source.urls))
        elif kind == "site":
            self._walk_sitemaps(self._sitemaps_from_robots())
        else:
            for url in self.source.urls:
                self._guarded(url, "reading the document", partial(self._auto, url))

    def reject(
        self, url: str, reason: str, problem: BaseException | str, stage: str = "discover"
    ) -> None:
        detail = problem if isinstance(problem, str) else _describe(problem)
        self.found.rejects.append(Reject(url, reason, detail, stage=stage, source=self.source.name))

    def _guarded(self, url: str, doing: str, step: Callable[[], None]) -> None:
        """One document's boundary: a bug met while reading it costs that document only."""
        try:
            step()
        except Exception as exc:
            self.reject(url, f"internal error {doing}", exc)

    def _get(self, url: str, kind: Kind) -> FetchResult | None:
        result = self.fetcher.fetch(url, kind, self.validators.get(url))
        self.found.requests.extend(result.requests)
        self.found.documents.append((kind, dataclasses.replace(result, body=b"", requests=())))
        if not result.ok:
            self.reject(url, result.reason or "fetch failed", result.detail or "", stage="fetch")
            return None
        if result.unchanged:
            self.found.unchanged_documents += 1
            return None
        return result

    def _feed(self, url: str, fetched: FetchResult | None = None) -> None:
        result = fetched or self._get(url, "feed")
        if result is None:
            return
        try:
            feed = parse_feed(result.body, result.final_url, content_type=result.content_type)
        except FeedRejected as exc:
            self.reject(url, exc.reason, exc.detail)
            return
        for reason, detail in feed.item_problems:
            self.reject(url, reason, detail)
        if feed.truncated:
            self.reject(url, "feed truncated", f"only the first {len(feed.items)} items read")
        for item in feed.items:
            if item.link is None and item.raw_link:
                self.reject(item.raw_link[:2000], "not an http(s) url", f"in the feed {url}")
                continue
            if item.link is None:
                self.reject(url, "feed item without a link", item.title or item.guid or "")
                continue
            self._add(item.link, _feed_hints(item, url))

    def _walk_sitemaps(self, roots: list[str]) -> None:
        queue = deque((url, 0) for url in roots)
        visited: set[str] = set()
        while queue and len(visited) < self.source.max_sitemaps:
            url, depth = queue.popleft()
            if url in visited:
                continue
            visited.add(url)
            self._guarded(url, "reading the sitemap", partial(self._read, url, depth, queue))
        left = len([u for u, _ in queue if u not in visited])
        if left:
            self.reject(roots[0], "sitemap limit reached", f"{left} sitemaps left unread")

    def _read(self, url: str, depth: int, queue: deque[tuple[str, int]]) -> None:
        result = self._get(url, "sitemap")
        if result is not None:
            self._sitemap(url, result, depth, queue)

    def _sitemap(
        self, url: str, result: FetchResult, depth: int, queue: deque[tuple[str, int]]
    ) -> None:
        try:
            sitemap = parse_sitemap(result.body, result.final_url)
        except SitemapRejected as exc:
            self.reject(url, exc.reason, exc.detail)
            return
        if sitemap.truncated:
            self.reject(url, "sitemap truncated", f"only the first {MAX_ENTRIES} entries read")
        if sitemap.unusable:
            shown = ", ".join(repr(u) for u in sitemap.unusable[:5])
            count = len(sitemap.unusable)
            self.reject(url, "sitemap entries without a usable url", f"{count}: {shown}")
        if sitemap.kind == "index":
            if depth + 1 > self.source.max_sitemap_depth:
                self.reject(url, "sitemap index too deep", f"depth {depth}")
                return
            children = sorted(sitemap.sitemaps, key=_newest_first)
            for child in children:
                if self._recent(child.lastmod):
                    queue.append((child.url, depth + 1))
            return
        for entry in sitemap.entries:
            if self._recent(entry.published_hint):
                self._add(entry.url, _sitemap_hints(entry, url))

    def _sitemaps_from_robots(self) -> list[str]:
        found: list[str] = []
        for url in self.source.urls:
            robots_url = robots_url_for(url)
            result = self.fetcher.fetch(robots_url, "robots")
            self.found.requests.extend(result.requests)
            if result.ok and result.body:
                rules = RobotsRules.parse(decode_declared(result.body, result.charset))
                found.extend(rules.sitemaps(robots_url))
        if not found:
            found = [u.rstrip("/") + "/sitemap.xml" for u in self.source.urls]
        return found

    def _auto(self, url: str) -> None:
        result = self._get(url, "feed")
        if result is None:
            return
        head = result.body[:4096].lower()
        if result.body[:2] == b"\x1f\x8b" or b"<urlset" in head or b"<sitemapindex" in head:
            queue: deque[tuple[str, int]] = deque()
            self._sitemap(url, result, 0, queue)
            self._walk_sitemaps([u for u, _ in queue])
        else:
            self._feed(url, result)

    def _recent(self, when: datetime | None) -> bool:
        return self.cutoff is None or when is None or when >= self.cutoff

    def _add(self, url: str, hints: dict[str, Any]) -> None:
        if url in self.seen:
            return
        self.seen.add(url)
        if not self.source.allows(url) and self.source.kind != "urls":
            self.reject(url, "outside the source's domains", str(hints["via"]))
            return
        self.found.candidates.append(Candidate(url, self.source.name, hints))


def _describe(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {str(exc)[:500]}"


def _newest_first(entry: SitemapEntry) -> float:
    return -(entry.lastmod.timestamp() if entry.lastmod else 0.0)


def _feed_hints(item: FeedItem, via: str) -> dict[str, Any]:
    hints = {
        "via": via,
        "title": item.title,
        "published": item.published.isoformat() if item.published else None,
        "author": item.author,
        "summary": item.summary,
        "guid": item.guid,
    }
    return {k: v for k, v in hints.items() if v is not None}


def _sitemap_hints(entry: SitemapEntry, via: str) -> dict[str, Any]:
    published = entry.news_published
    hints = {
        "via": via,
        "title": entry.news_title,
        "published": published.isoformat() if published else None,
        "lastmod": entry.lastmod.isoformat() if entry.lastmod else None,
    }
    return {k: v for k, v in hints.items() if v is not None}
