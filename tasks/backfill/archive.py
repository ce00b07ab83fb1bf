"""Archive pages: a web source's day index, for backfills of days its sitemaps no longer list.

A source in sources.toml may name a date-templated archive page, one per day, that links to
that day's articles::

    [sources.gazette]
    kind = "feed"
    urls = ["https://gazette.example/feed.xml"]
    archive_url = "https://gazette.example/archive/{date:%Y/%m/%d}"   # {date} is the UTC day
    archive_link_pattern = "/20\\d\\d/"    # optional: keep only links whose URL matches

A backfill's child run for a day fetches that day's archive page (through the fetch module's
client: robots.txt, politeness, the SSRF guard) and takes every link on it that is on the
source's domains, is neither an archive page (a URL starting like the template before
``{date``) nor the site's home, and matches the pattern if one is given. Pages found this
way are placed on the archive's day.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup

from errors import ArchiveConfigError as ArchiveConfigError
from tasks.fetch.client import Fetcher
from tasks.fetch.discovery import Candidate, Discovery, fetch_config_for
from tasks.fetch.models import FetchConfig
from tasks.models import Reject
from tasks.sources import Source
from tasks.urls import InvalidUrl, canonicalize_url

ARCHIVE_URL_KEY = "archive_url"
LINK_PATTERN_KEY = "archive_link_pattern"
_NO_SUCH_DAY = (404, 410)


@dataclass(frozen=True)
class ArchiveDay:
    source: str
    day: date
    candidates: list[Candidate] = field(default_factory=list)
    discovery: Discovery | None = None  # requests and rejects, to stage
    error: str | None = None  # the page could not be fetched (a 404 is a day with no page)


def has_archive(source: Source) -> bool:
    return bool(source.extra.get(ARCHIVE_URL_KEY))


def check_archive_config(source: Source) -> None:
    """Raise ``ArchiveConfigError`` when the source's archive settings cannot work."""
    if not has_archive(source):
        return
    archive_url_for(source, date(2000, 1, 2))
    _link_pattern(source)


def archive_url_for(source: Source, day: date) -> str:
    template = str(source.extra[ARCHIVE_URL_KEY])
    try:
        url = template.format(date=day)
    except (KeyError, IndexError, ValueError) as exc:
        raise ArchiveConfigError(
            f"source {source.name}: archive_url {template!r} must use only {{date}} or "
            f"{{date:<strftime format>}} ({type(exc).__name__}: {exc})"
        ) from exc
    if url == template:
        raise ArchiveConfigError(
            f"source {source.name}: archive_url {template!r} has no {{date}} in it"
        )
    try:
        return canonicalize_url(url)
    except InvalidUrl as exc:
        raise ArchiveConfigError(f"source {source.name}: archive_url gives {url!r}: {exc}") from exc


def _link_pattern(source: Source) -> re.Pattern[str] | None:
    pattern = source.extra.get(LINK_PATTERN_KEY)
    if not pattern:
        return None
    try:
        return re.compile(str(pattern))
    except re.error as exc:
        raise ArchiveConfigError(
            f"source {source.name}: archive_link_pattern {pattern!r} is not a valid regex: {exc}"
        ) from exc


def archive_links(html: bytes | str, page_url: str, source: Source) -> list[str]:
    """The article links of an archive page, canonical, in page order, each once."""
    pattern = _link_pattern(source)
    soup = BeautifulSoup(html, "lxml")
    page, archives = canonicalize_url(page_url), _archive_prefix(source)
    links: dict[str, None] = {}
    for anchor in soup.find_all("a", href=True):
        href = str(anchor["href"]).strip()
        if not href or href.startswith(("#", "mailto:", "javascript:")):
            continue
        try:
            url = canonicalize_url(urljoin(page_url, href))
        except InvalidUrl:
            continue
        path = urlsplit(url).path
        if url == page or path in ("", "/") or not source.allows(url):
            continue
        if archives is not None and url.startswith(archives):
            continue
        if pattern is not None and not pattern.search(url):
            continue
        links[url] = None
    return list(links)


def _archive_prefix(source: Source) -> str | None:
    """The URL every archive page starts with (the template before ``{date``), if any."""
    if not has_archive(source):
        return None
    fixed = str(source.extra[ARCHIVE_URL_KEY]).split("{", 1)[0]
    return fixed if urlsplit(fixed).path not in ("", "/") else None


def discover_archive_day(source: Source, config: FetchConfig, day: date) -> ArchiveDay:
    """Fetch ``source``'s archive page of ``day`` and list its article links."""
    url = archive_url_for(source, day)
    found = Discovery(source.name)
    with Fetcher(fetch_config_for(source, config)) as fetcher:
        result = fetcher.fetch(url, "page")
    found.requests.extend(result.requests)
    if not result.ok:
        reason = result.reason or "archive page not fetched"
        found.rejects.append(Reject(url, reason, result.detail or "", "fetch", source.name))
        missing = result.status in _NO_SUCH_DAY
        return ArchiveDay(source.name, day, [], found, None if missing else f"{url}: {reason}")
    hints = {"via": url, "archive_day": day.isoformat()}
    links = archive_links(result.body, result.final_url, source)
    found.candidates.extend(Candidate(link, source.name, dict(hints)) for link in links)
    return ArchiveDay(source.name, day, list(found.candidates), found)
