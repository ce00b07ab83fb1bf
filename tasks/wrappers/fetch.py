"""Prefect tasks of the HTTP ingest: each calls one plain function with plain values."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime

from prefect import task
from prefect.cache_policies import NO_CACHE

from settings import Settings
from staging.steps import StageTarget, stage, stage_if_any
from tasks.fetch.batch import (
    FLOW_NAME,
    PageBatchOutcome,
    discovery_rows,
    documents_rows,
    fetch_page_batch,
)
from tasks.fetch.discovery import Candidate, Discovery, discover
from tasks.fetch.models import FetchConfig, Validators
from tasks.models import UrlState
from tasks.sources import Source
from tasks.wrappers.retry import TRANSIENT_RETRIES
from warehouse.fetch_state import (
    read_document_states,
    read_due_retries,
    read_url_states,
)


@task(name="read document state", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def read_document_states_task(settings: Settings, sources: Iterable[str]) -> dict[str, UrlState]:
    return read_document_states(
        settings.warehouse_file,
        sources,
        wait_seconds=settings.load_wait_seconds,
        staging_dir=settings.staging_dir,
    )


@task(name="read page state", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def read_page_states_task(
    settings: Settings, urls: Iterable[str], source: str, now: datetime
) -> tuple[dict[str, UrlState], list[UrlState]]:
    wait = settings.load_wait_seconds
    states = read_url_states(
        settings.warehouse_file, urls, wait_seconds=wait, staging_dir=settings.staging_dir
    )
    due = read_due_retries(settings.warehouse_file, [source], now=now, wait_seconds=wait)
    # A due retry already fetched again in a batch still waiting to be loaded is not due.
    staged = read_url_states(
        settings.warehouse_file,
        [s.url for s in due],
        wait_seconds=wait,
        staging_dir=settings.staging_dir,
    )
    due = [s for s in due if staged.get(s.url, s).recorded_at == s.recorded_at]
    return states, due


@task(name="discover", cache_policy=NO_CACHE, task_run_name="discover {source.name}")
def discover_task(
    source: Source, config: FetchConfig, validators: Mapping[str, Validators]
) -> Discovery:
    return discover(source, config, validators)


# Not retried as a whole: each page's request already retries its transient failures
# (``FetchConfig``), and a page that still fails is recorded with a due retry for a later run.
@task(name="fetch and stage pages", cache_policy=NO_CACHE)
def fetch_page_batch_task(
    candidates: Sequence[Candidate],
    source: Source,
    config: FetchConfig,
    states: Mapping[str, UrlState],
    settings: Settings,
    run_id: str,
    epoch: datetime | None = None,
    seq: int = 0,
) -> PageBatchOutcome:
    outcome, rows = fetch_page_batch(
        candidates, source=source, config=config, states=states, settings=settings,
        run_id=run_id, seq=seq,
    )  # fmt: skip
    stage(rows, StageTarget.of(settings, run_id, FLOW_NAME, epoch))
    return outcome


@task(name="stage discovery", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def stage_discovery_task(
    discovery: Discovery,
    settings: Settings,
    run_id: str,
    epoch: datetime | None = None,
    seq: int = 0,
) -> None:
    rows = discovery_rows(discovery, run_id=run_id, seq=seq)
    stage_if_any(rows, StageTarget.of(settings, run_id, FLOW_NAME, epoch))


@task(name="stage document state", cache_policy=NO_CACHE, **TRANSIENT_RETRIES)
def stage_documents_task(
    discovery: Discovery,
    settings: Settings,
    run_id: str,
    previous: Mapping[str, UrlState],
    complete: bool,
    epoch: datetime | None = None,
    seq: int = 0,
) -> None:
    rows = documents_rows(discovery, run_id=run_id, previous=previous, complete=complete, seq=seq)
    stage_if_any(rows, StageTarget.of(settings, run_id, FLOW_NAME, epoch))
