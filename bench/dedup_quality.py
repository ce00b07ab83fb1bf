"""Quality halves of bench/dedup.py: near-copies on a synthetic-edit set, stories on SemEval.

Both sets go into a fresh warehouse as JSON files through the real ``ingest_files`` flow (which
loads, then runs the dedup step), and are scored on the clusters the warehouse ends with.
"""

from __future__ import annotations

import itertools
import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from bench.dedup_nearcopy_set import Item, build_set, write_files
from flows.ingest_files import ingest_files
from settings import load_settings
from warehouse.connection import read_connection


@dataclass(frozen=True)
class PairScore:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass(frozen=True)
class Clusters:
    article: dict[str, str]  # file path -> article_id
    copy: dict[str, str]  # file path -> copy_cluster_id
    story: dict[str, str]  # file path -> story_id


def ingest_folder(folder: Path, work: Path) -> Clusters:
    """Run the real flow on ``folder`` into a new warehouse under ``work``; read the clusters."""
    warehouse = work / "bench.duckdb"
    ingest_files(paths=[str(folder)], warehouse=str(warehouse))
    settings = load_settings(warehouse=warehouse)
    with read_connection(settings.warehouse_file) as connection:
        rows = connection.execute(
            "SELECT s.location, s.article_id, c.copy_cluster_id, c.story_id FROM sightings AS s "
            "JOIN article_clusters AS c USING (article_id)"
        ).fetchall()
    return Clusters(
        {loc: aid for loc, aid, _, _ in rows},
        {loc: copy for loc, _, copy, _ in rows},
        {loc: story for loc, _, _, story in rows},
    )


def nearcopy_quality(
    eval_dir: Path, families: int, distinct: int
) -> tuple[PairScore, dict[str, int]]:
    items = build_set(eval_dir, families, distinct)
    with tempfile.TemporaryDirectory(prefix="bench-dedup-") as tmp:
        paths = write_files(items, Path(tmp) / "inbox")
        clusters = ingest_folder(Path(tmp) / "inbox", Path(tmp))
    return _score_copies(items, [str(p) for p in paths], clusters)


def _score_copies(
    items: Sequence[Item], paths: Sequence[str], clusters: Clusters
) -> tuple[PairScore, dict[str, int]]:
    tp = fp = fn = 0
    missed_by_edit: dict[str, int] = {}
    for (a, item_a), (b, item_b) in itertools.combinations(enumerate(items), 2):
        same = item_a.family == item_b.family != -1
        found = clusters.copy.get(paths[a], f"missing-{a}") == clusters.copy.get(
            paths[b], f"missing-{b}"
        )
        tp += same and found
        fp += found and not same
        if same and not found:
            fn += 1
            for edit in {*item_a.edits, *item_b.edits}:
                missed_by_edit[edit] = missed_by_edit.get(edit, 0) + 1
    return PairScore(tp, fp, fn), missed_by_edit


@dataclass(frozen=True)
class SemevalResult:
    story: PairScore
    negatives_near_copy: int
    negatives_same_text: int
    positives_near_copy: int
    pairs: int


def semeval_quality(eval_dir: Path) -> SemevalResult:
    rows = [
        json.loads(line)
        for line in (eval_dir / "similarity" / "semeval2022.jsonl").open(encoding="utf-8")
    ]
    with tempfile.TemporaryDirectory(prefix="bench-semeval-") as tmp:
        inbox = Path(tmp) / "inbox"
        inbox.mkdir()
        file_of: dict[str, str] = {}
        for row in rows:
            for side in ("1", "2"):
                url, text = row[f"url{side}"], row[f"text{side}"]
                if url in file_of:
                    continue
                path = inbox / f"{len(file_of):05d}.json"
                # The text as given (headline, then body); no publication date is known.
                host = (urlsplit(url).hostname or "").removeprefix("www.")
                path.write_text(json.dumps({"url": url, "body": text, "source": host}), "utf-8")
                file_of[url] = str(path)
        clusters = ingest_folder(inbox, Path(tmp))
    tp = fp = fn = neg_copy = neg_same = pos_copy = 0
    for row in rows:
        first, second = file_of[row["url1"]], file_of[row["url2"]]
        same_story = clusters.story.get(first, "?1") == clusters.story.get(second, "?2")
        same_copy = clusters.copy.get(first, "?1") == clusters.copy.get(second, "?2")
        same_text = clusters.article.get(first, "?1") == clusters.article.get(second, "?2")
        if row["Overall"] <= 1.5:
            tp += same_story
            fn += not same_story
            pos_copy += same_copy
        elif row["Overall"] >= 3.5:
            fp += same_story
            neg_copy += same_copy and not same_text
            neg_same += same_text
    return SemevalResult(PairScore(tp, fp, fn), neg_copy, neg_same, pos_copy, len(rows))
