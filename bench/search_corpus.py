"""Generated articles for the search benchmarks: originals, near-copies and stories.

Words are drawn with Zipf weights from the vocabulary of the dev bodies in
../shared/eval/extraction (real words of several languages, accents included), or from made-up
words when that folder is absent. Each article has a title of 6-12 words and a body of 120-400
words in sentences and paragraphs, an outlet (``source``) and a publication time in 2025.

- Stories: one original in four belongs to a story of 2-6 originals from different outlets,
  published within 3 days, whose titles and leads share the story's 3 key words.
- Near-copies: one original in five is republished by 1-4 other outlets with the edits a wire
  copy gets (a dateline header, a trimmed last paragraph, an editor's note, a new headline in
  one copy of two).
- With ``eval_dir``, the dev bodies themselves (with their titles) are added as articles too.

Cluster ids follow the warehouse's rule (the smallest article id of the cluster), so the rows
can go straight into ``article_clusters``. Everything comes from one seeded generator.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

START = datetime(2025, 1, 1, tzinfo=UTC)
_EVAL_SETS = ("scrapinghub", "fundus", "wcxb")
_LANGUAGES = ("en", "en", "en", "de", "fr", "es")
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class GeneratedArticle:
    article_id: str
    title: str
    body: str
    source: str
    language: str
    url: str
    published_at: datetime
    copy_cluster_id: str
    story_id: str


@dataclass(frozen=True)
class EvalText:
    title: str
    body: str
    url: str


def eval_texts(eval_dir: Path | None) -> list[EvalText]:
    if eval_dir is None:
        return []
    texts = []
    for name in _EVAL_SETS:
        path = eval_dir / "extraction" / name / "truth.jsonl"
        if not path.is_file():
            continue
        for line in path.open(encoding="utf-8"):
            row = json.loads(line)
            body = row.get("body") or ""
            if len(body.split()) >= 50:
                title = row.get("title") or " ".join(body.split()[:8])
                texts.append(EvalText(title, body, row.get("url") or ""))
    return texts


def vocabulary(texts: list[EvalText], size: int = 60_000, seed: int = 3) -> list[str]:
    """Words by falling frequency: the dev bodies' own words, padded with made-up ones."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(w.lower() for w in _WORD.findall(text.body))
    words = [w for w, _ in counts.most_common() if len(w) > 1][:size]
    rng = np.random.default_rng(seed)
    letters = np.array(list("abcdefghijklmnopqrstuvwxyzäéöüñ"))
    known = set(words)
    while len(words) < size:
        made = "".join(rng.choice(letters, size=int(rng.integers(4, 12))))
        if made not in known:
            known.add(made)
            words.append(made)
    return words


class _Writer:
    def __init__(self, words: list[str], rng: np.random.Generator) -> None:
        self.words = words
        self.rng = rng
        weights = 1.0 / (np.arange(len(words)) + 20.0)
        self.weights = weights / weights.sum()
        self._pool = np.empty(0, dtype=np.int64)

    def draw(self, count: int) -> list[str]:
        if self._pool.size < count:
            fresh = self.rng.choice(len(self.words), size=max(count, 1_000_000), p=self.weights)
            self._pool = np.concatenate([self._pool, fresh])
        ids, self._pool = self._pool[:count], self._pool[count:]
        return [self.words[i] for i in ids]

    def sentence(self, lead: list[str] | None = None) -> str:
        words = self.draw(int(self.rng.integers(8, 21)))
        if lead:
            words[1 : 1 + len(lead)] = lead
        return words[0].capitalize() + " " + " ".join(words[1:]) + "."

    def body(self, lead: list[str] | None = None) -> str:
        target = int(self.rng.integers(120, 401))
        sentences = [self.sentence(lead)]
        while sum(s.count(" ") + 1 for s in sentences) < target:
            sentences.append(self.sentence())
        paragraphs, at = [], 0
        while at < len(sentences):
            step = int(self.rng.integers(2, 6))
            paragraphs.append(" ".join(sentences[at : at + step]))
            at += step
        return "\n\n".join(paragraphs)

    def title(self, key: list[str] | None = None) -> str:
        words = self.draw(int(self.rng.integers(6, 13)))
        if key:
            words[: len(key)] = key
            self.rng.shuffle(words)
        return words[0].capitalize() + " " + " ".join(words[1:])


def _article_id(body: str, serial: int) -> str:
    return hashlib.sha256(f"{serial}\n{body}".encode()).hexdigest()[:20]


def generate(count: int, eval_dir: Path | None = None, seed: int = 19) -> list[GeneratedArticle]:
    """About ``count`` articles (originals, copies, story siblings and the dev texts)."""
    rng = np.random.default_rng(seed)
    texts = eval_texts(eval_dir)
    writer = _Writer(vocabulary(texts), rng)
    outlets = [f"outlet-{n:03d}" for n in range(300)]
    rows: list[dict[str, object]] = []
    serial = 0
    for text in texts:
        rows.append(_row(serial, text.title, text.body, "eval-" + str(serial % 7), text.url, rng))
        serial += 1
    story = 0
    while len(rows) < count:
        story += 1
        size = int(rng.integers(2, 7)) if rng.random() < 0.25 else 1
        key = writer.draw(3) if size > 1 else None
        day = int(rng.integers(0, 365))
        members = rng.choice(len(outlets), size=size, replace=False)
        for outlet in members:
            title, body = writer.title(key), writer.body(key)
            when = START + timedelta(
                days=day + int(rng.integers(0, 3)), minutes=int(rng.integers(0, 1440))
            )
            original = _row(serial, title, body, outlets[outlet], "", rng, when, story)
            rows.append(original)
            serial += 1
            if rng.random() < 0.2:
                for copy in range(int(rng.integers(1, 5))):
                    rows.append(_copy(serial, original, writer, outlets, rng, copy))
                    serial += 1
    return _with_clusters(rows[:count])


def _row(
    serial: int,
    title: str,
    body: str,
    source: str,
    url: str,
    rng: np.random.Generator,
    when: datetime | None = None,
    story: int = 0,
) -> dict[str, object]:
    article_id = _article_id(body, serial)
    if when is None:
        when = START + timedelta(minutes=int(rng.integers(0, 365 * 1440)))
    language = (
        _LANGUAGES[zlib.crc32(source.encode()) % len(_LANGUAGES)]
        if source.startswith("outlet")
        else "en"
    )
    return {
        "article_id": article_id,
        "title": title,
        "body": body,
        "source": source,
        "language": language,
        "url": url or f"https://{source}.example/news/{article_id}",
        "published_at": when,
        "copy_of": article_id,
        "story": story or -serial - 1,
    }


def _copy(
    serial: int,
    original: dict[str, object],
    writer: _Writer,
    outlets: list[str],
    rng: np.random.Generator,
    number: int,
) -> dict[str, object]:
    paragraphs = str(original["body"]).split("\n\n")
    if len(paragraphs) > 3 and rng.random() < 0.5:
        paragraphs = paragraphs[:-1]
    if rng.random() < 0.3:
        paragraphs.insert(1, "Editor's note: " + writer.sentence())
    body = "\n\n".join([f"CITY (Wire {number}) - {paragraphs[0]}", *paragraphs[1:]])
    title = str(original["title"]) if rng.random() < 0.5 else writer.title()
    source = outlets[int(rng.integers(0, len(outlets)))]
    when = original["published_at"]
    assert isinstance(when, datetime)
    row = _row(
        serial, title, body, source, "", rng, when + timedelta(hours=int(rng.integers(1, 30)))
    )
    row["copy_of"] = original["article_id"]
    row["story"] = original["story"]
    return row


def _with_clusters(rows: list[dict[str, object]]) -> list[GeneratedArticle]:
    copy_ids: dict[object, str] = {}
    story_ids: dict[object, str] = {}
    for row in rows:
        aid = str(row["article_id"])
        copy_ids[row["copy_of"]] = min(copy_ids.get(row["copy_of"], aid), aid)
        story_ids[row["story"]] = min(story_ids.get(row["story"], aid), aid)
    return [
        GeneratedArticle(
            article_id=str(r["article_id"]),
            title=str(r["title"]),
            body=str(r["body"]),
            source=str(r["source"]),
            language=str(r["language"]),
            url=str(r["url"]),
            published_at=r["published_at"],  # type: ignore[arg-type]
            copy_cluster_id=copy_ids[r["copy_of"]],
            story_id=story_ids[r["story"]],
        )
        for r in rows
    ]


def batches(articles: list[GeneratedArticle], size: int) -> Iterator[list[GeneratedArticle]]:
    for start in range(0, len(articles), size):
        yield articles[start : start + size]
