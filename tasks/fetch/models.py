"""Plain values describing a fetch: the settings it runs with and what came back."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Literal

from settings import Settings

# Identify ourselves honestly; the token is what robots.txt groups are matched against.
ROBOTS_TOKEN = "newsflow"
USER_AGENT = f"{ROBOTS_TOKEN}/0.1 (+https://github.com/newsflow/newsflow; news archiving bot)"

Kind = Literal["page", "feed", "sitemap", "robots", "archive"]
Outcome = Literal["ok", "not_modified", "failed", "refused"]


@dataclass(frozen=True)
class FetchConfig:
    user_agent: str = USER_AGENT
    robots_token: str = ROBOTS_TOKEN
    obey_robots: bool = True
    concurrency: int = 2  # per host
    min_delay: float = 1.0  # seconds between request starts, per host
    connect_timeout: float = 10.0
    read_timeout: float = 20.0
    # One attempt in total: connect, TLS, headers and body, however slowly the server trickles.
    request_deadline: float = 60.0
    # One URL in total: its attempts, the waits between them and its redirects.
    retry_budget: float = 120.0
    max_body_bytes: int = 10 * 1024 * 1024  # after decoding
    max_redirects: int = 5
    retries: int = 3  # attempts after the first
    backoff_base: float = 0.5
    backoff_max: float = 30.0
    max_retry_after: float = 120.0  # longer Retry-After: give up now, try on a later run
    max_crawl_delay: float = 30.0  # a longer robots.txt Crawl-delay is taken as this
    allowed_hosts: frozenset[str] = frozenset()  # hosts/addresses exempt from the SSRF guard


def fetch_config_from(settings: Settings, overrides: dict[str, Any] | None = None) -> FetchConfig:
    """The fetch settings of ``settings``; ``overrides`` (FetchConfig field names) win."""
    chosen: dict[str, Any] = {
        "request_deadline": settings.request_deadline_seconds,
        "retry_budget": settings.url_retry_budget_seconds,
        "connect_timeout": settings.fetch_connect_timeout_seconds,
        "read_timeout": settings.fetch_read_timeout_seconds,
        "retries": settings.fetch_retries,
        "backoff_base": settings.fetch_backoff_seconds,
        "max_body_bytes": settings.fetch_max_body_bytes,
        "max_retry_after": settings.fetch_max_retry_after_seconds,
    }
    return FetchConfig(**{**chosen, **(overrides or {})})


@dataclass(frozen=True)
class Validators:
    """What we remember about a URL for a conditional GET."""

    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None


@dataclass(frozen=True)
class RequestRecord:
    """One HTTP request as sent (a row of ``fetch_log``)."""

    url: str
    host: str
    started_at: datetime
    status: int | None
    bytes: int
    elapsed: float
    error: str | None
    attempt: int
    kind: str


@dataclass(frozen=True)
class FetchResult:
    url: str  # as asked for
    final_url: str  # after redirects
    outcome: Outcome
    status: int | None = None
    body: bytes = b""
    content_type: str | None = None
    charset: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_hash: str | None = None  # sha256 of the body
    unchanged: bool = False  # 304, or a 200 whose body hash equals the remembered one
    reason: str | None = None  # why it failed or was refused
    detail: str | None = None
    retryable: bool = False
    retry_after: float | None = None
    requests: tuple[RequestRecord, ...] = ()
    fetched_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def ok(self) -> bool:
        return self.outcome in ("ok", "not_modified")
