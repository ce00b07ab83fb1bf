"""Score each extractor's run per set and lay the results out side by side."""

from __future__ import annotations

from bench.extraction_runner import PageSpec, RunResult
from bench.scoring_extraction import (
    authors_correct,
    bow_f1,
    published_correct,
    shingle_prf,
    snippet_counts,
    snippet_f1,
    title_correct,
)

Scores = dict[str, float]
_META_CHECKS = {"title": title_correct, "authors": authors_correct, "date": published_correct}
_TRUTH_KEY = {"title": "title", "authors": "authors", "date": "published"}


def _is_article(page: PageSpec) -> bool:
    return page.truth.get("page_type") in (None, "article")


def score_run(run: RunResult, pages: list[PageSpec]) -> Scores:
    """Every metric the pages' truth allows, keyed "<set> <metric>", plus speed and memory."""
    scores: Scores = {}
    by_set: dict[str, list[PageSpec]] = {}
    for page in pages:
        by_set.setdefault(page.set_name, []).append(page)
    pooled = {field: [0, 0] for field in _META_CHECKS}
    for set_name, set_pages in by_set.items():
        predicted = {p.page_id: run.predictions.get((set_name, p.page_id)) for p in set_pages}

        def body(page: PageSpec, found: dict[str, dict[str, object] | None] = predicted) -> str:
            prediction = found[page.page_id]
            return str(prediction.get("body") or "") if prediction else ""

        with_body = [p for p in set_pages if p.truth.get("body") is not None]
        if with_body:
            prf = shingle_prf((p.truth["body"], body(p)) for p in with_body)
            scores[f"{set_name} shingle P"] = prf.precision
            scores[f"{set_name} shingle R"] = prf.recall
            scores[f"{set_name} shingle F1"] = prf.f1
            articles = [p for p in with_body if _is_article(p)]
            if articles:
                total = sum(bow_f1(p.truth["body"], body(p)) for p in articles)
                scores[f"{set_name} BoW F1 articles"] = total / len(articles)
            if len(articles) < len(with_body):
                total = sum(bow_f1(p.truth["body"], body(p)) for p in with_body)
                scores[f"{set_name} BoW F1 all"] = total / len(with_body)
        with_snippets = [p for p in set_pages if p.truth.get("with") or p.truth.get("without")]
        if with_snippets:
            counts = (
                snippet_counts(
                    body(p) if predicted[p.page_id] else None,
                    p.truth.get("with") or [],
                    p.truth.get("without") or [],
                )
                for p in with_snippets
            )
            scores[f"{set_name} snippet F1"] = snippet_f1(counts)
        for field, check in _META_CHECKS.items():
            judged = [
                p
                for p in set_pages
                if p.truth.get(_TRUTH_KEY[field]) is not None and _is_article(p)
            ]
            if not judged:
                continue
            correct = 0
            for page in judged:
                prediction = predicted[page.page_id] or {}
                value = prediction.get("published" if field == "date" else field)
                correct += bool(check(page.truth[_TRUTH_KEY[field]], value))
            scores[f"{set_name} {field} acc"] = correct / len(judged)
            pooled[field][0] += correct
            pooled[field][1] += len(judged)
    for field, (right, total) in pooled.items():
        if total:
            scores[f"all {field} acc"] = right / total
    scores["pages/s"] = len(pages) / run.seconds if run.seconds else 0.0
    scores["peak memory MB"] = run.peak_mb
    scores["slowest page s"] = run.slowest[0]
    scores["errors"] = float(len(run.errors))
    return scores


def table(scores: dict[str, Scores]) -> str:
    names = list(scores)
    rows = list(dict.fromkeys(key for s in scores.values() for key in s))
    width = max(len(r) for r in rows) + 2
    lines = ["metric".ljust(width) + "".join(n.rjust(13) for n in names)]
    lines.append("-" * len(lines[0]))
    for row in rows:
        cells = []
        for name in names:
            value = scores[name].get(row)
            if value is None:
                cells.append("—".rjust(13))
            elif row in ("pages/s", "peak memory MB", "errors", "slowest page s"):
                cells.append(f"{value:13.1f}" if row != "slowest page s" else f"{value:13.2f}")
            else:
                cells.append(f"{value:13.3f}")
        lines.append(row.ljust(width) + "".join(cells))
    return "\n".join(lines)


def summary_line(ours: Scores, trafilatura: Scores | None) -> str:
    def get(key: str) -> str:
        return f"{ours[key]:.3f}" if key in ours else "n/a"

    shingle = "scrapinghub shingle F1" if "scrapinghub shingle F1" in ours else ""
    bow = "wcxb BoW F1 articles" if "wcxb BoW F1 articles" in ours else ""
    if trafilatura and trafilatura.get("pages/s"):
        speed = f"{ours['pages/s'] / trafilatura['pages/s']:.2f}"
    else:
        speed = "n/a"
    return (
        f"extraction: shingle_f1={get(shingle)} bow_f1={get(bow)} title={get('all title acc')} "
        f"authors={get('all authors acc')} date={get('all date acc')} speed_vs_trafilatura={speed}x"
    )
