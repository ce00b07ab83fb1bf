"""What a backfill will do: the request checked before any work, then the days to run.

Plain functions on plain values; the ``backfill`` flow calls them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal, get_args

from errors import BackfillRequestError as BackfillRequestError

Rerun = Literal["missing", "failed", "all"]
RERUN_MODES: tuple[str, ...] = get_args(Rerun)
MAX_CONCURRENCY_LIMIT = 32


@dataclass(frozen=True)
class BackfillRequest:
    start: date
    end: date
    sources: tuple[str, ...]
    rerun: Rerun
    max_concurrency: int
    newest_first: bool

    @property
    def days(self) -> list[date]:
        count = (self.end - self.start).days + 1
        days = [self.start + timedelta(days=offset) for offset in range(count)]
        return days[::-1] if self.newest_first else days


@dataclass(frozen=True)
class DayPlan:
    """One child run: the sources to backfill on ``day``, and those skipped (already done)."""

    day: date
    sources: tuple[str, ...]
    skipped: tuple[str, ...] = ()


def validate_request(
    *,
    start: date,
    end: date,
    sources: Sequence[str] | None,
    rerun: str,
    max_concurrency: int,
    newest_first: bool,
    known_sources: Sequence[str],
    max_days: int,
    today: date,
) -> BackfillRequest:
    """Check every parameter; raise ``BackfillRequestError`` listing all that are wrong."""
    problems = []
    if end < start:
        problems.append(f"end_date {end} is before start_date {start}")
    elif (end - start).days + 1 > max_days:
        problems.append(
            f"{(end - start).days + 1} days from {start} to {end} is more than the maximum of "
            f"{max_days} (setting backfill_max_days); split the range"
        )
    if start > today:
        problems.append(f"start_date {start} is in the future (today is {today}, UTC)")
    if rerun not in RERUN_MODES:
        problems.append(f"rerun must be one of {', '.join(RERUN_MODES)}, not {rerun!r}")
    if not 1 <= max_concurrency <= MAX_CONCURRENCY_LIMIT:
        problems.append(f"max_concurrency must be between 1 and {MAX_CONCURRENCY_LIMIT}")
    chosen = tuple(dict.fromkeys(sources)) if sources else tuple(known_sources)
    unknown = [name for name in chosen if name not in known_sources]
    if unknown:
        offered = ", ".join(known_sources) or "(none configured)"
        problems.append(f"unknown source(s): {', '.join(unknown)}; configured: {offered}")
    elif not chosen:
        problems.append("no sources to backfill: none are configured")
    if problems:
        raise BackfillRequestError("invalid backfill request: " + "; ".join(problems))
    return BackfillRequest(
        start=start,
        end=end,
        sources=chosen,
        rerun=rerun,  # type: ignore[arg-type]  # checked above
        max_concurrency=max_concurrency,
        newest_first=newest_first,
    )


def plan_days(request: BackfillRequest, statuses: Mapping[tuple[str, date], str]) -> list[DayPlan]:
    """The days to run, in order, each with the sources the rerun mode selects.

    ``missing`` runs every (source, day) not yet done (never tried, or failed); ``failed`` only
    those whose last attempt failed; ``all`` everything. Days with nothing to do are left out.
    """
    plans = []
    for day in request.days:
        chosen = tuple(s for s in request.sources if _wanted(request.rerun, statuses.get((s, day))))
        if chosen:
            skipped = tuple(s for s in request.sources if s not in chosen)
            plans.append(DayPlan(day, chosen, skipped))
    return plans


def _wanted(rerun: Rerun, status: str | None) -> bool:
    if rerun == "all":
        return True
    if rerun == "failed":
        return status == "failed"
    return status != "done"


def plan_as_rows(request: BackfillRequest, plans: Sequence[DayPlan]) -> list[dict[str, Any]]:
    """The plan as table rows (for the dry-run artifact): one row per day of the range."""
    by_day = {plan.day: plan for plan in plans}
    rows = []
    for day in request.days:
        plan = by_day.get(day)
        rows.append(
            {
                "day": day.isoformat(),
                "run": ", ".join(plan.sources) if plan else "",
                "skip": ", ".join(plan.skipped if plan else request.sources),
            }
        )
    return rows
