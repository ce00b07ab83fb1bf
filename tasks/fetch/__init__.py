"""The only package that talks to the network.

User agent: ``newsflow/0.1 (+https://github.com/newsflow/newsflow; news archiving bot)``;
robots.txt groups are matched against the token ``newsflow`` (a ``User-agent: newsflow`` group,
else ``*``). See ``client.Fetcher`` for the rules every request follows.

The names below load on first use: a command that only probes a local API
(``tasks.fetch.health``) does not pay for the fetcher's imports (httpx, robots, decoding).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tasks.fetch.client import Fetcher
    from tasks.fetch.models import (
        ROBOTS_TOKEN,
        USER_AGENT,
        FetchConfig,
        FetchResult,
        RequestRecord,
        Validators,
    )

_HOMES = {
    "Fetcher": "tasks.fetch.client",
    "ROBOTS_TOKEN": "tasks.fetch.models",
    "USER_AGENT": "tasks.fetch.models",
    "FetchConfig": "tasks.fetch.models",
    "FetchResult": "tasks.fetch.models",
    "RequestRecord": "tasks.fetch.models",
    "Validators": "tasks.fetch.models",
}

__all__ = [
    "ROBOTS_TOKEN",
    "USER_AGENT",
    "FetchConfig",
    "FetchResult",
    "Fetcher",
    "RequestRecord",
    "Validators",
]


def __getattr__(name: str) -> Any:
    home = _HOMES.get(name)
    if home is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value
    return value
