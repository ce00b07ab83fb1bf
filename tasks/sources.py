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

[sources.NAME]           # a site's history from Common Crawl News, for backfills only
kind = "ccnews"
domains = ["example.com"]   # records of other hosts are skipped (subdomains included)
base_url = "https://data.commoncrawl.org/"   # or a mirror with the same crawl-data/ layout
max_files_per_day = 0    # WARC files read a day (0: all of them)
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, cast, get_args
from urllib.parse import urlsplit

from errors import SourcesError as SourcesError
from tasks.urls import InvalidUrl, canonicalize_url

SourceKind = Literal["feed", "sitemap", "news_sitemap", "site", "urls", "auto", "ccnews"]
ARCHIVE_KINDS = frozenset({"ccnews"})  # read by backfills only, never by `newsflow fetch`
CCNEWS_BASE_URL = "https://data.commoncrawl.org/"
DEFAULT_SOURCES_FILE = Path("sources.toml")


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
    def is_archive(self) -> bool:
        return self.kind in ARCHIVE_KINDS

    @property
    def max_files_per_day(self) -> int:
        return int(self.extra.get("max_files_per_day") or 0)

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
    if kind == "ccnews":
        values = _ccnews_table(name, values)
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


def _ccnews_table(name: str, values: dict[str, Any]) -> dict[str, Any]:
    """A ``ccnews`` table in the terms of the others: ``base_url`` is its one URL, ``domains``
    its allowed domains, one connection at a time unless told otherwise."""
    domains = values.get("domains")
    if not isinstance(domains, list) or not domains or not all(isinstance(d, str) for d in domains):
        raise SourcesError(f'source {name}: a ccnews source needs domains = ["example.com", ...]')
    most = values.get("max_files_per_day", 0)
    if not isinstance(most, int) or isinstance(most, bool) or most < 0:
        raise SourcesError(f"source {name}: max_files_per_day must be a whole number ≥ 0")
    base = values.get("base_url", CCNEWS_BASE_URL)
    if not isinstance(base, str):
        raise SourcesError(f"source {name}: base_url must be a URL")
    table = {k: v for k, v in values.items() if k not in ("domains", "base_url")}
    table["urls"] = [base if base.endswith("/") else base + "/"]
    table["allowed_domains"] = [d.strip().lower().removeprefix("www.") for d in domains]
    table.setdefault("concurrency", 1)
    return table


def live_sources(sources: list[Source], names: list[str] | None = None) -> list[Source]:
    """The sources ``newsflow fetch`` reads: archive sources are for backfills only, and
    naming one is an error that says so."""
    named = [s.name for s in sources if s.is_archive and names and s.name in names]
    if named:
        raise SourcesError(
            f"{', '.join(named)}: an archive source (kind ccnews) is read by backfills only: "
            f"newsflow backfill {' '.join(named)} --start-date YYYY-MM-DD --end-date YYYY-MM-DD"
        )
    return [s for s in sources if not s.is_archive]


def _canonical(url: str, where: str) -> str:
    try:
        return canonicalize_url(url)
    except InvalidUrl as exc:
        raise SourcesError(f"source {where}: {exc}") from exc
