"""The published extraction metrics, implemented as ../shared/eval/README.md defines them."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

_WORD = re.compile(r"\w+")
_SPACE = re.compile(r"\s+")


def _shingles(text: str, size: int = 4) -> Counter[tuple[str, ...]]:
    tokens = _WORD.findall(text)
    count = max(1, len(tokens) - size + 1)
    return Counter(tuple(tokens[i : i + size]) for i in range(count))


def shingle_counts(truth: str, predicted: str) -> tuple[float, float, float]:
    """Normalised (tp, fp, fn) of 4-token shingles matched as multisets (scrapinghub)."""
    truth_shingles, predicted_shingles = _shingles(truth), _shingles(predicted)
    tp = fp = fn = 0
    for key in truth_shingles.keys() | predicted_shingles.keys():
        in_truth, in_predicted = truth_shingles[key], predicted_shingles[key]
        tp += min(in_truth, in_predicted)
        fp += max(0, in_predicted - in_truth)
        fn += max(0, in_truth - in_predicted)
    total = tp + fp + fn
    if total == 0:
        return 0.0, 0.0, 0.0
    return tp / total, fp / total, fn / total


def _page_precision(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fp == 0:
        return 0.0
    return tp / (tp + fp)


def _page_recall(tp: float, fp: float, fn: float) -> float:
    if fp == 0 and fn == 0:
        return 1.0
    if tp == 0 and fn == 0:
        return 0.0
    return tp / (tp + fn)


@dataclass(frozen=True)
class PRF:
    precision: float
    recall: float
    f1: float


def shingle_prf(pairs: Iterable[tuple[str, str]]) -> PRF:
    """Shingle precision, recall and F1 over (truth, predicted) pages, each weighing the same."""
    precisions: list[float] = []
    recalls: list[float] = []
    for truth, predicted in pairs:
        tp, fp, fn = shingle_counts(truth, predicted)
        if tp + fp > 0:
            precisions.append(_page_precision(tp, fp, fn))
        if tp + fn > 0:
            recalls.append(_page_recall(tp, fp, fn))
    precision = sum(precisions) / len(precisions) if precisions else 0.0
    recall = sum(recalls) / len(recalls) if recalls else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return PRF(precision, recall, f1)


def bow_f1(truth: str, predicted: str) -> float:
    """Bag-of-words F1 of one page (wcxb); an empty prediction scores 0."""
    predicted_words = Counter(_WORD.findall(predicted.lower()))
    truth_words = Counter(_WORD.findall(truth.lower()))
    if not predicted_words or not truth_words:
        return 0.0
    overlap = sum((predicted_words & truth_words).values())
    if overlap == 0:
        return 0.0
    precision = overlap / sum(predicted_words.values())
    recall = overlap / sum(truth_words.values())
    return 2 * precision * recall / (precision + recall)


def _normal(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


def snippet_counts(
    predicted: str | None, with_snippets: Sequence[str], without_snippets: Sequence[str]
) -> tuple[int, int, int]:
    """(tp, fp, fn) of trafilatura-eval's snippets; ``None`` (a crash) misses every snippet."""
    if predicted is None:
        return 0, 0, len(with_snippets)
    text = _normal(predicted)
    tp = sum(1 for s in with_snippets if _normal(s) in text)
    fp = sum(1 for s in without_snippets if _normal(s) in text)
    return tp, fp, len(with_snippets) - tp


def snippet_f1(counts: Iterable[tuple[int, int, int]]) -> float:
    tp = fp = fn = 0
    for page_tp, page_fp, page_fn in counts:
        tp, fp, fn = tp + page_tp, fp + page_fp, fn + page_fn
    return 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else 0.0


def title_correct(truth: str, predicted: str | None) -> bool:
    return predicted is not None and _normal(truth) == _normal(predicted)


def authors_correct(truth: Sequence[str], predicted: Sequence[str] | None) -> bool:
    def key(names: Iterable[str]) -> set[str]:
        return {_normal(n).casefold() for n in names if _normal(n)}

    return key(truth) == key(predicted or ())


_HAS_TIME = re.compile(r"\d[T ]\d{1,2}:\d{2}")


def _parse(value: str) -> datetime | None:
    text = value.strip().replace("Z", "+00:00")
    text = re.sub(r"([+-]\d{2})(\d{2})$", r"\1:\2", text)  # +0100 -> +01:00
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def published_correct(truth: str, predicted: str | None) -> bool:
    """Same calendar date; where the truth has a time, also the same instant.

    A prediction that gives only a date is judged on the date (as trafilatura's are).
    Where either side has no time zone, the written dates and wall-clock times are compared.
    """
    if not predicted:
        return False
    truth_moment, predicted_moment = _parse(truth), _parse(predicted)
    if truth_moment is None or predicted_moment is None:
        return False
    has_time = _HAS_TIME.search(truth) is not None and _HAS_TIME.search(predicted) is not None
    if has_time and truth_moment.tzinfo is not None and predicted_moment.tzinfo is not None:
        return truth_moment == predicted_moment
    if truth_moment.date() != predicted_moment.date():
        return False
    if not has_time:
        return True
    return truth_moment.replace(tzinfo=None) == predicted_moment.replace(tzinfo=None)
