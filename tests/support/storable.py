"""What every article newsflow produces must be: storable in DuckDB as it is."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from tasks.models import Article, Reject


def storable_problems(article: Article) -> list[str]:
    problems = []
    if not article.body.strip():
        problems.append("empty body")
    texts = [article.body, article.location, *article.authors, *article.warnings]
    texts += [t for t in (article.title, article.source, article.language, article.url) if t]
    texts += [article.canonical_url or ""]
    for text in texts:
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(f"not UTF-8: {text[:60]!r}")
    try:
        json.dumps(article.extra, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (ValueError, TypeError, RecursionError) as exc:
        problems.append(f"extra is not storable JSON: {exc}")
    moment = article.published_at
    if moment is not None:
        if moment.utcoffset() != timedelta(0):
            problems.append(f"published_at not UTC: {moment!r}")
        elif not datetime(1, 1, 1, tzinfo=UTC) <= moment <= datetime.now(UTC) + timedelta(days=2):
            problems.append(f"published_at out of range: {moment!r}")
    return problems


def reject_problems(reject: Reject) -> list[str]:
    problems = []
    for text in (reject.input, reject.reason, reject.detail, reject.stage, reject.source or ""):
        try:
            text.encode("utf-8")
        except UnicodeEncodeError:
            problems.append(f"reject not UTF-8: {text[:60]!r}")
    if not reject.reason:
        problems.append("reject without a reason")
    if reject.stage not in ("read", "decode", "parse", "normalise"):
        problems.append(f"reject stage {reject.stage!r}")
    return problems
