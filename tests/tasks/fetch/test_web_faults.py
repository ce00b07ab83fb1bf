"""The web fault corpus (``tests/support/web_faults.py``), one fault at a time, through the
plain discovery, fetch and extraction functions: exactly the expected rejects (reason, stage,
input) and articles come of each, and nothing raises."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

import pytest

from tasks.fetch.articles import article_from_page
from tasks.fetch.batch import fetch_pages
from tasks.fetch.discovery import discover
from tasks.fetch.models import FetchConfig
from tasks.fetch.politeness import SHARED_GATES
from tasks.fetch.robots_cache import SHARED_ROBOTS
from tasks.models import Article, Reject
from tasks.sources import Source
from tests.support.web_faults import FAULT_FETCH, FAULTS, Outcome, RunningFaults, WebFault

CONFIG = dataclasses.replace(FetchConfig(**FAULT_FETCH), allowed_hosts=frozenset({"127.0.0.1"}))


@pytest.fixture(scope="module")
def running() -> Iterator[RunningFaults]:
    SHARED_GATES.clear()
    SHARED_ROBOTS.clear()
    with RunningFaults() as faults:
        yield faults


def outcome_of(running: RunningFaults, fault: WebFault) -> Outcome:
    host = running.hosts[running.faults.index(fault)]
    source = Source(
        running.source_name(fault), fault.kind, (host.url(fault.entry),),  # type: ignore[arg-type]
        min_delay=0.0, allow_hosts=("127.0.0.1",), max_articles=fault.max_articles,
    )  # fmt: skip
    found = discover(source, CONFIG)
    rejects: list[Reject] = list(found.rejects)
    articles: list[Article] = []
    candidates = found.candidates[: fault.max_articles]
    for candidate, result in zip(candidates, fetch_pages(candidates, CONFIG, {}), strict=True):
        if not result.ok:
            rejects.append(Reject(candidate.url, result.reason or "", stage="fetch"))
            continue
        made = article_from_page(result, source.name, candidate.hints, None)
        (rejects if isinstance(made, Reject) else articles).append(made)  # type: ignore[arg-type]
    for reject in rejects:
        assert reject.detail is not None and reject.reason
    triples = [(r.input, r.reason, r.stage) for r in rejects]
    return running.outcomes(triples, [a.location for a in articles])[fault.name]


def test_the_corpus_has_at_least_thirty_kinds_of_fault() -> None:
    assert len({f.name for f in FAULTS}) == len(FAULTS) >= 30


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_costs_exactly_what_it_should(running: RunningFaults, fault: WebFault) -> None:
    outcome = outcome_of(running, fault)
    expected = Outcome(list(fault.rejects), list(fault.articles))
    assert outcome.sorted() == expected.sorted()
