"""robots.txt rules (RFC 9309), parsed from text: allow/disallow, Crawl-delay, Sitemap lines."""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.robotparser import RobotFileParser

from tasks.urls import InvalidUrl, canonicalize_url


@dataclass(frozen=True)
class RobotsRules:
    """What one site's robots.txt says; ``allow_all()`` when there is none (404)."""

    text: str = ""
    disallow_all: bool = False  # robots.txt unreachable (5xx or network error): assume no
    _parser: RobotFileParser | None = field(default=None, compare=False, repr=False)

    @classmethod
    def parse(cls, text: str) -> RobotsRules:
        parser = RobotFileParser()
        parser.parse(text.splitlines())
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
            if any(a != "*" and a in token for a in agents):
                return delay
        for agents, delay in groups:
            if "*" in agents:
                return delay
        return None

    def sitemaps(self, base_url: str) -> list[str]:
        """The ``Sitemap:`` URLs, canonical, resolved against the robots.txt URL."""
        found: list[str] = []
        for line in self.text.splitlines():
            key, _, value = line.partition(":")
            if key.strip().lower() != "sitemap" or not value.strip():
                continue
            try:
                url = canonicalize_url(value.strip(), base_url)
            except InvalidUrl:
                continue
            if url not in found:
                found.append(url)
        return found


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
                    delay = max(0.0, float(value))
                except ValueError:
                    delay = None
    if agents:
        groups.append((agents, delay))
    return groups
