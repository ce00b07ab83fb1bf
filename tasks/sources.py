"""News sources declared in ``sources.toml``: what to fetch, and how politely.

[sources.NAME]
kind = "feed"            # feed | sitemap | news_sitemap | site | urls | auto
urls = ["https://..."]   # feed/sitemap URLs; the site's home for "site"; pages for "urls"
min_delay = 1.0          # seconds between requests to one host (robots Crawl-delay wins)
concurrency = 2          # requests in flight to one host
allowed_domains = []     # pages outside these are skipped (default: the hosts of urls)
max_articles = 200       # new pages fetched a run
max_age_days = 0         # sitemap entries older than this are skipped (0 = no limit)
enabled = true
allow_hosts = []         # hosts exempt from the private-address guard (local servers)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args
from urllib.parse import urlsplit

from tasks.urls import InvalidUrl, canonicalize_url

SourceKind = Literal["feed", "sitemap", "news_sitemap", "site", "urls", "auto"]
DEFAULT_SOURCES_FILE = Path("sources.toml")


class SourcesError(ValueError):
    """The sources file is missing, unreadable, or declares a source newsflow cannot use."""


@dataclass(frozen=True)
class Source:
    name: str
    kind: SourceKind
    urls: tuple[str, ...]
    min_delay: float = 1.0
    concurrency: int = 2
    allowed_domains: tuple[str, ...] = ()
    max_articles: int = 200
    max_age_days: int = 0
    enabled: bool = True
    allow_hosts: tuple[str, ...] = ()
    max_sitemaps: int = 50  # sitemap files read a run (index recursion is bounded by this)
    max_sitemap_depth: int = 3
    extra: dict[str, Any] = field(default_factory=dict, compare=False)

    @property
    def domains(self) -> tuple[str, ...]:
        if self.allowed_domains:
            return self.allowed_domains
        return tuple(sorted({(urlsplit(u).hostname or "") for u in self.urls}))

    def allows(self, url: str) -> bool:
        """Is ``url`` on one of this source's domains (or a subdomain of one)?"""
        host = (urlsplit(url).hostname or "").lower()
        return any(host == d or host.endswith("." + d) for d in self.domains)


def load_sources(path: Path = DEFAULT_SOURCES_FILE) -> list[Source]:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except FileNotFoundError as exc:
        raise SourcesError(f"no sources file at {path}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourcesError(f"{path} is not valid TOML: {exc}") from exc
    table = document.get("sources", {})
    if not isinstance(table, dict):
        raise SourcesError(f"{path}: [sources] must be a table")
    return [source_from_table(name, values) for name, values in table.items()]


def select_sources(sources: list[Source], names: list[str] | None) -> list[Source]:
    """The named sources (enabled or not), or every enabled source when no names are given."""
    if not names:
        return [s for s in sources if s.enabled]
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise SourcesError(f"unknown source(s): {', '.join(unknown)}; known: {', '.join(by_name)}")
    return [by_name[n] for n in names]


def adhoc_source(url: str, *, allow_hosts: tuple[str, ...] = (), max_articles: int = 200) -> Source:
    """A source for ``newsflow fetch --url``: a feed or sitemap, decided by its content."""
    canonical = _canonical(url, "--url")
    host = urlsplit(canonical).hostname or "adhoc"
    return Source(
        name=f"adhoc:{host}",
        kind="auto",
        urls=(canonical,),
        allow_hosts=allow_hosts,
        max_articles=max_articles,
        min_delay=1.0,
    )


def source_from_table(name: str, values: Any) -> Source:
    if not isinstance(values, dict):
        raise SourcesError(f"source {name}: must be a table")
    known = set(Source.__dataclass_fields__) - {"name", "extra"}
    kind = values.get("kind")
    if kind not in get_args(SourceKind):
        raise SourcesError(f"source {name}: kind must be one of {', '.join(get_args(SourceKind))}")
    urls = values.get("urls") or ([values["url"]] if values.get("url") else [])
    if not urls or not all(isinstance(u, str) for u in urls):
        raise SourcesError(f"source {name}: give at least one URL in urls")
    chosen = {k: v for k, v in values.items() if k in known and k not in ("urls", "kind")}
    for key in ("allowed_domains", "allow_hosts"):
        if key in chosen:
            chosen[key] = tuple(str(v).lower() for v in chosen[key])
    try:
        source = Source(
            name=name,
            kind=cast(SourceKind, kind),
            urls=tuple(_canonical(u, name) for u in urls),
            extra={k: v for k, v in values.items() if k not in known and k != "url"},
            **chosen,
        )
    except TypeError as exc:
        raise SourcesError(f"source {name}: {exc}") from exc
    if source.concurrency < 1 or source.min_delay < 0 or source.max_articles < 0:
        raise SourcesError(f"source {name}: concurrency ≥ 1, min_delay ≥ 0, max_articles ≥ 0")
    return source


def _canonical(url: str, where: str) -> str:
    try:
        return canonicalize_url(url)
    except InvalidUrl as exc:
        raise SourcesError(f"source {where}: {exc}") from exc
