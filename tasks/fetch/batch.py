"""One batch of pages: fetch (bounded, polite), keep the raw bytes, extract; the rows come back
to be staged.

Everything a batch produces (articles, rejects, fetch_state, fetch_log, raw_pages rows) goes
into one batch (the caller stages it), so a crash either keeps all of it or none: the pages of
a lost batch have no state yet and are fetched again by the next run.
"""

from __future__ import annotations

import uuid
from collections import deque
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from settings import Settings
from tasks.fetch.articles import article_from_page
from tasks.fetch.client import Fetcher
from tasks.fetch.discovery import Candidate, Discovery, fetch_config_for
from tasks.fetch.models import FetchConfig, FetchResult, RequestRecord
from tasks.fetch.plan import log_rows, state_row, validators_for
from tasks.fetch.warc import write_warc
from tasks.models import Article, BatchRows, Reject, UrlState
from tasks.sources import Source
from tasks.urls import host_of

FLOW_NAME = "ingest_feeds"
_MAX_THREADS = 32


@dataclass(frozen=True)
class PageBatchOutcome:
    source: str
    pages: int
    articles: int
    rejects: int
    not_modified: int
    failed: int


def fetch_pages(
    candidates: Sequence[Candidate], config: FetchConfig, states: Mapping[str, UrlState]
) -> list[FetchResult]:
    """Fetch every candidate; results in the candidates' order.

    Each host gets ``concurrency`` worker loops draining its own queue, so a slow host never
    holds threads that another host could use (no head-of-line blocking at the gates).
    """
    queues: dict[str, deque[int]] = {}
    for index, candidate in enumerate(candidates):
        queues.setdefault(host_of(candidate.url), deque()).append(index)
    results: list[FetchResult | None] = [None] * len(candidates)

    def drain(queue: deque[int], fetcher: Fetcher) -> None:
        while True:
            try:
                index = queue.popleft()
            except IndexError:
                return
            url = candidates[index].url
            results[index] = fetcher.fetch(url, "page", validators_for(states.get(url)))
            # Fetcher.fetch turns every error into a failed result, so no page goes missing.

    loops = [(q, n) for q in queues.values() for n in range(min(config.concurrency, len(q)))]
    threads = max(1, min(len(loops), _MAX_THREADS))
    with Fetcher(config) as fetcher, ThreadPoolExecutor(max_workers=threads) as pool:
        for future in [pool.submit(drain, queue, fetcher) for queue, _ in loops]:
            future.result()
    return [r for r in results if r is not None]


def fetch_page_batch(
    candidates: Sequence[Candidate],
    *,
    source: Source,
    config: FetchConfig,
    states: Mapping[str, UrlState],
    settings: Settings,
    run_id: str,
    seq: int = 0,
) -> tuple[PageBatchOutcome, BatchRows]:
    """Fetch, keep and extract the pages; return the counts and the rows to stage."""
    results = fetch_pages(candidates, fetch_config_for(source, config), states)
    fresh = [r for r in results if r.outcome == "ok" and not r.unchanged]
    raw_dir = settings.data_dir / "raw"
    refs = write_warc(raw_dir, f"{run_id[:12]}-{uuid.uuid4().hex[:12]}", fresh)
    now = datetime.now(UTC)
    articles: list[Article] = []
    rejects: list[Reject] = []
    states_out: list[dict[str, Any]] = []
    raw_rows: list[dict[str, Any]] = []
    requests: list[RequestRecord] = []
    not_modified = failed = 0
    for candidate, result in zip(candidates, results, strict=True):
        requests.extend(result.requests)
        previous = states.get(candidate.url)
        rejected_reason = None
        if not result.ok:
            failed += 1
            rejects.append(
                Reject(
                    candidate.url,
                    result.reason or "fetch failed",
                    result.detail or "",
                    stage="fetch",
                    source=source.name,
                )
            )
        elif result.unchanged:
            not_modified += 1
        else:
            ref = refs.get(result.url)
            made = article_from_page(result, source.name, candidate.hints, ref)
            if isinstance(made, Reject):
                rejects.append(made)
                rejected_reason = made.reason
            else:
                articles.append(made)
            if ref is not None:
                raw_rows.append(_raw_row(result, ref.as_dict(), run_id))
        states_out.append(
            state_row(
                result,
                kind="page",
                source=source.name,
                run_id=run_id,
                now=now,
                previous=previous,
                hints=candidate.hints,
                rejected_reason=rejected_reason,
            )
        )
    rows = BatchRows(
        articles=articles,
        rejects=rejects,
        tables={
            "fetch_state": states_out,
            "fetch_log": log_rows(requests, run_id),
            "raw_pages": raw_rows,
        },
        seq=seq,
    )
    outcome = PageBatchOutcome(
        source.name, len(candidates), len(articles), len(rejects), not_modified, failed
    )
    return outcome, rows


def discovery_rows(discovery: Discovery, *, run_id: str, seq: int = 0) -> BatchRows | None:
    """The discovery's request log and rejects to stage (not the documents' state: see
    below); None when there is nothing."""
    if not (discovery.requests or discovery.rejects):
        return None
    return BatchRows(
        rejects=discovery.rejects,
        tables={"fetch_log": log_rows(discovery.requests, run_id)},
        seq=seq,
    )


def documents_rows(
    discovery: Discovery,
    *,
    run_id: str,
    previous: Mapping[str, UrlState],
    complete: bool,
    seq: int = 0,
) -> BatchRows | None:
    """The feeds' and sitemaps' validators, to stage once their pages are staged. When the run
    left pages for later (``complete`` false), validators are not kept, so the next run reads
    the documents in full instead of getting a 304 and missing those pages."""
    now = datetime.now(UTC)
    rows = [
        state_row(
            result,
            kind=kind,
            source=discovery.source,
            run_id=run_id,
            now=now,
            previous=previous.get(result.url),
            keep_validators=complete,
        )
        for kind, result in discovery.documents
        if kind != "robots"
    ]
    return BatchRows(tables={"fetch_state": rows}, seq=seq) if rows else None


def _raw_row(result: FetchResult, ref: dict[str, Any], run_id: str) -> dict[str, Any]:
    return {
        "url": result.url,
        "final_url": result.final_url,
        "content_hash": result.content_hash,
        "content_type": result.content_type,
        "charset": result.charset,
        "warc_file": ref["warc"],
        "warc_offset": ref["offset"],
        "warc_length": ref["length"],
        "fetched_at": result.fetched_at,
        "run_id": run_id,
    }
