"""Decide which discovered pages to fetch, and turn fetch results into state and log rows.

A page already fetched successfully is never fetched again; a page that failed transiently is
tried again on a later run after an exponential per-URL backoff (or the server's Retry-After),
up to ``MAX_FAILURES`` times; a page refused or rejected for good is not tried again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from tasks.fetch.discovery import Candidate
from tasks.fetch.models import FetchResult, Kind, RequestRecord, Validators
from tasks.models import UrlState

RETRY_BASE = timedelta(minutes=15)
RETRY_MAX = timedelta(hours=24)
MAX_FAILURES = 8
_DONE = frozenset({"ok", "not_modified"})


@dataclass
class PagePlan:
    to_fetch: list[Candidate] = field(default_factory=list)
    already_done: int = 0
    waiting: int = 0  # in backoff
    given_up: int = 0  # failed for good earlier
    over_limit: int = 0  # left for the next run by max_articles


def plan_pages(
    discovered: Iterable[Candidate],
    states: Mapping[str, UrlState],
    due_retries: Iterable[UrlState],
    *,
    now: datetime,
    max_articles: int,
) -> PagePlan:
    plan = PagePlan()
    chosen: dict[str, Candidate] = {}
    for candidate in discovered:
        state = states.get(candidate.url)
        if candidate.url in chosen:
            continue
        if state is None:
            chosen[candidate.url] = candidate
        elif state.outcome in _DONE:
            plan.already_done += 1
        elif not state.retry:
            plan.given_up += 1
        elif state.next_attempt_after and state.next_attempt_after > now:
            plan.waiting += 1
        else:
            chosen[candidate.url] = candidate
    for state in due_retries:
        if state.url not in chosen and state.source:
            chosen[state.url] = Candidate(state.url, state.source, dict(state.hints or {}))
    ordered = list(chosen.values())
    plan.to_fetch = ordered[:max_articles]
    plan.over_limit = max(0, len(ordered) - max_articles)
    return plan


def validators_for(state: UrlState | None) -> Validators | None:
    if state is None:
        return None
    return Validators(state.etag, state.last_modified, state.content_hash)


def state_row(
    result: FetchResult,
    *,
    kind: Kind,
    source: str,
    run_id: str,
    now: datetime,
    previous: UrlState | None = None,
    hints: Mapping[str, Any] | None = None,
    rejected_reason: str | None = None,
    keep_validators: bool = True,
) -> dict[str, Any]:
    """One ``fetch_state`` row for ``result`` (a page rejected by extraction is final)."""
    failed = result.outcome in ("failed", "refused")
    failures = ((previous.failures if previous else 0) + 1) if failed else 0
    retry = failed and result.retryable and failures < MAX_FAILURES
    next_attempt = None
    if retry:
        wait = min(RETRY_MAX, RETRY_BASE * (2 ** (failures - 1)))
        if result.retry_after:
            wait = max(wait, timedelta(seconds=result.retry_after))
        next_attempt = now + wait
    outcome = "rejected" if rejected_reason else result.outcome
    return {
        "url": result.url,
        "kind": kind,
        "source": source,
        "outcome": outcome,
        "status": result.status,
        "etag": result.etag if keep_validators else None,
        "last_modified": result.last_modified if keep_validators else None,
        "content_hash": result.content_hash if keep_validators else None,
        "failures": failures,
        "retry": retry,
        "next_attempt_after": next_attempt,
        "reason": rejected_reason or result.reason,
        "hints": dict(hints) if hints and failed else None,
        "run_id": run_id,
        "recorded_at": now,
    }


def log_rows(requests: Iterable[RequestRecord], run_id: str) -> list[dict[str, Any]]:
    return [
        {
            "run_id": run_id,
            "url": r.url,
            "host": r.host,
            "kind": r.kind,
            "attempt": r.attempt,
            "started_at": r.started_at,
            "status": r.status,
            "bytes": r.bytes,
            "elapsed": r.elapsed,
            "error": r.error,
        }
        for r in requests
    ]
