"""robots.txt rules (RFC 9309), parsed from text: allow/disallow, Crawl-delay, Sitemap lines."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from urllib.parse import unquote, urlparse, urlsplit
from urllib.robotparser import RobotFileParser

from tasks.discover.clean import repair_text, safe_url

MAX_ROBOTS_CHARS = 512 * 1024  # Google reads 500 KiB of a robots.txt and ignores the rest
MAX_SITEMAP_LINES = 1_000
_RULE_KEYS = frozenset({"user-agent", "allow", "disallow"})


def robots_url_for(url: str) -> str:
    """The robots.txt of ``url``'s origin."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}/robots.txt"


@dataclass(frozen=True)
class RobotsRules:
    """What one site's robots.txt says; ``allow_all()`` when there is none (404)."""

    text: str = ""
    disallow_all: bool = False  # robots.txt unreachable (5xx or network error): assume no
    _parser: RobotFileParser | None = field(default=None, compare=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> RobotsRules:
        """Rules from any text: lines that are no rule, or that the standard library's parser
        would choke on (``Crawl-delay: ²``, ``Disallow: //[``), are skipped, as RFC 9309 asks."""
        text = repair_text(text[:MAX_ROBOTS_CHARS])
        parser = RobotFileParser()
        try:
            parser.parse(_rule_lines(text))
        except Exception:  # whatever slipped past the filter: read no path rules, not crash
            parser = RobotFileParser()
            parser.parse([])
        return cls(text=text, _parser=parser)

    @classmethod
    def allow_all(cls) -> RobotsRules:
        return cls.parse("")

    @classmethod
    def unreachable(cls) -> RobotsRules:
        return cls(disallow_all=True)

    def can_fetch(self, user_agent: str, url: str) -> bool:
        if self.disallow_all:
            return False
        return self._parser is None or self._parser.can_fetch(user_agent, url)

    def crawl_delay(self, user_agent: str) -> float | None:
        """Crawl-delay of the group naming ``user_agent``, else of ``*`` (fractions allowed,
        which the standard library's parser drops)."""
        groups = _crawl_delays(self.text)
        token = user_agent.lower()
        for agents, delay in groups:
            if any(a not in ("*", "") and a in token for a in agents):
                return delay
        for agents, delay in groups:
            if "*" in agents:
                return delay
        return None

    def sitemaps(self, base_url: str) -> list[str]:
        """The ``Sitemap:`` URLs, canonical, resolved against the robots.txt URL."""
        found: dict[str, None] = {}  # ordered, and a set
        for line in self.text.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() != "sitemap" or not value.strip():
                continue
            url = safe_url(value.strip(), base_url)
            if url is not None:
                found[url] = None
            if len(found) >= MAX_SITEMAP_LINES:
                break
        return list(found)


def _rule_lines(text: str) -> list[str]:
    """The user-agent/allow/disallow lines whose value the standard library can read."""
    kept: list[str] = []
    for raw in text.splitlines():
        line = raw.split("#", 1)[0]
        key, colon, value = line.partition(":")
        if not colon or key.strip().lower() not in _RULE_KEYS:
            if not line.strip():
                kept.append("")  # a blank line ends a group for the standard library
            continue
        try:
            urlparse(unquote(value.strip()))
        except ValueError:
            continue
        kept.append(line)
    return kept


def _crawl_delays(text: str) -> list[tuple[list[str], float | None]]:
    groups: list[tuple[list[str], float | None]] = []
    agents: list[str] = []
    delay: float | None = None
    in_rules = False
    for raw in text.splitlines():
        key, _, value = raw.split("#", 1)[0].partition(":")
        key, value = key.strip().lower(), value.strip()
        if key == "user-agent":
            if in_rules:
                groups.append((agents, delay))
                agents, delay, in_rules = [], None, False
            agents.append(value.lower())
        elif key in ("allow", "disallow", "crawl-delay") and agents:
            in_rules = True
            if key == "crawl-delay":
                try:
                    number = float(value)
                except ValueError:
                    number = math.nan
                delay = max(0.0, number) if math.isfinite(number) else None
    if agents:
        groups.append((agents, delay))
    return groups
