"""The only package that talks to the network.

User agent: ``newsflow/0.1 (+https://github.com/newsflow/newsflow; news archiving bot)``;
robots.txt groups are matched against the token ``newsflow`` (a ``User-agent: newsflow`` group,
else ``*``). See ``client.Fetcher`` for the rules every request follows.
"""

from tasks.fetch.client import Fetcher
from tasks.fetch.models import (
    ROBOTS_TOKEN,
    USER_AGENT,
    FetchConfig,
    FetchResult,
    RequestRecord,
    Validators,
)

__all__ = [
    "ROBOTS_TOKEN",
    "USER_AGENT",
    "FetchConfig",
    "FetchResult",
    "Fetcher",
    "RequestRecord",
    "Validators",
]
