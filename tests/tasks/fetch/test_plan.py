"""Which pages a run fetches, and the per-URL retry/backoff state it records."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tasks.fetch.discovery import Candidate
from tasks.fetch.models import FetchResult
from tasks.fetch.plan import MAX_FAILURES, RETRY_BASE, plan_pages, state_row
from tasks.models import UrlState

NOW = datetime(2024, 5, 1, 12, tzinfo=UTC)


def state(url: str, outcome: str, *, retry: bool = False, after: datetime | None = None,
          failures: int = 0) -> UrlState:  # fmt: skip
    return UrlState(url, "page", "s", outcome, retry=retry, next_attempt_after=after,
                    failures=failures, hints={"title": "from feed"})  # fmt: skip


def test_plan_skips_done_waiting_and_given_up_and_caps_the_run() -> None:
    candidates = [Candidate(f"https://a.example/{i}", "s") for i in range(8)]
    states = {
        candidates[0].url: state(candidates[0].url, "ok"),
        candidates[1].url: state(candidates[1].url, "failed", retry=True, after=NOW + timedelta(1)),
        candidates[2].url: state(candidates[2].url, "refused"),
        candidates[3].url: state(candidates[3].url, "failed", retry=True, after=NOW),
    }
    due = [state("https://a.example/old", "failed", retry=True, after=NOW - timedelta(hours=1))]
    plan = plan_pages(candidates, states, due, now=NOW, max_articles=4)
    assert plan.already_done == 1 and plan.waiting == 1 and plan.given_up == 1
    assert [c.url for c in plan.to_fetch] == [candidates[i].url for i in (3, 4, 5, 6)]
    assert plan.over_limit == 2  # candidate 7 and the due retry wait for the next run
    wide = plan_pages(candidates, states, due, now=NOW, max_articles=100)
    retried = wide.to_fetch[-1]
    assert retried.url == "https://a.example/old" and retried.hints == {"title": "from feed"}


def failed(retryable: bool = True, retry_after: float | None = None) -> FetchResult:
    return FetchResult("https://a.example/x", "https://a.example/x", "failed",
                       reason="transport error", retryable=retryable, retry_after=retry_after)  # fmt: skip


def test_backoff_doubles_per_failure_and_gives_up() -> None:
    first = state_row(failed(), kind="page", source="s", run_id="r", now=NOW)
    assert first["failures"] == 1 and first["retry"]
    assert first["next_attempt_after"] == NOW + RETRY_BASE
    previous = state("https://a.example/x", "failed", retry=True, failures=3)
    fourth = state_row(failed(), kind="page", source="s", run_id="r", now=NOW, previous=previous)
    assert fourth["failures"] == 4 and fourth["next_attempt_after"] == NOW + RETRY_BASE * 8
    last = state("https://a.example/x", "failed", retry=True, failures=MAX_FAILURES - 1)
    final = state_row(failed(), kind="page", source="s", run_id="r", now=NOW, previous=last)
    assert not final["retry"] and final["next_attempt_after"] is None


def test_retry_after_longer_than_backoff_wins_and_success_resets() -> None:
    row = state_row(failed(retry_after=7200), kind="page", source="s", run_id="r", now=NOW)
    assert row["next_attempt_after"] == NOW + timedelta(hours=2)
    permanent = state_row(failed(retryable=False), kind="page", source="s", run_id="r", now=NOW)
    assert not permanent["retry"]
    ok = FetchResult("https://a.example/x", "https://a.example/x", "ok", status=200, etag='"e"')
    previous = state("https://a.example/x", "failed", retry=True, failures=3)
    done = state_row(ok, kind="page", source="s", run_id="r", now=NOW, previous=previous)
    assert done["failures"] == 0 and not done["retry"] and done["etag"] == '"e"'
