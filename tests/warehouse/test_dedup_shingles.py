"""Shingle sets the index keeps (``dedup_shingles``, migration 100): the earlier side of every
verified near-copy pair gets its set kept once, the set is its text's, later passes use it and
give what one pass gives, and a rebuild starts the table again with the rest of the index."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from settings import Settings
from tasks.dedup import linking
from tasks.dedup.linking import ALGORITHMS
from tasks.dedup.shingles import shingles
from tests.tasks.dedup.texts import WIRE
from tests.warehouse.dedup_support import article, ingest, query
from warehouse.dedup_run import dedup_pending

# Each copy adds a line of its own; five copies arrive per pass.
COPIES = [
    article("\n\n".join([*WIRE, f"Reporting by desk {n}, edition {n * 7}."]), slug=f"c{n}")
    for n in range(15)
]


def _index(settings: Settings) -> dict[str, object]:
    return {
        "duplicates": sorted(
            query(settings, "SELECT article_id, duplicate_of, kind, similarity FROM duplicates")
        ),
        "clusters": sorted(query(settings, "SELECT * FROM article_clusters")),
    }


def _kept(settings: Settings) -> dict[int, np.ndarray]:
    rows = query(settings, "SELECT doc_no, shingles FROM dedup_shingles ORDER BY doc_no")
    return {doc: np.frombuffer(blob, dtype="<u8") for doc, blob in rows}


def _doc_nos(settings: Settings) -> dict[str, int]:
    sql = "SELECT a.url, doc_no FROM dedup_docs JOIN articles AS a USING (article_id)"
    return dict(query(settings, sql))


def _assert_kept_sets_are_their_texts(settings: Settings) -> None:
    bodies = dict(
        query(
            settings, "SELECT doc_no, a.body FROM dedup_docs JOIN articles AS a USING (article_id)"
        )
    )
    kept = _kept(settings)
    assert query(settings, "SELECT count(*) - count(DISTINCT doc_no) FROM dedup_shingles") == [(0,)]
    for doc, stored in kept.items():
        assert np.array_equal(stored, shingles(bodies[doc]))


def test_passes_use_the_kept_sets_and_give_what_one_pass_gives(
    settings: Settings, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    whole = settings.with_overrides(data_dir=tmp_path / "whole")
    for n in range(0, len(COPIES), 5):
        ingest(whole, COPIES[n : n + 5], run_id=f"run-{n}")
    dedup_pending(whole, ALGORITHMS)

    shingled_by_pass: list[list[int]] = []
    real = linking._add_shingle_sets

    def counting(sets: dict[int, np.ndarray], known: dict[int, object], docs: list[int]) -> None:
        shingled_by_pass[-1].extend(docs)
        real(sets, known, docs)  # type: ignore[arg-type]

    monkeypatch.setattr(linking, "_add_shingle_sets", counting)
    for n in range(0, len(COPIES), 5):  # three passes, five new copies each
        ingest(settings, COPIES[n : n + 5], run_id=f"run-{n}")
        shingled_by_pass.append([])
        assert dedup_pending(settings, ALGORITHMS).indexed == 5

    doc_of = _doc_nos(settings)
    first_five = {doc_of[item.url] for item in COPIES[:5]}
    # the second pass verifies its copies against the first five and keeps their sets; the
    # third, verifying its copies against the same earliest members, reads none of their texts
    assert first_five <= set(shingled_by_pass[1])
    assert not first_five & set(shingled_by_pass[2])
    assert first_five <= _kept(settings).keys()
    assert doc_of[COPIES[-1].url] not in _kept(settings)  # earlier sides only

    assert _index(settings) == _index(whole)
    assert len(_index(settings)["duplicates"]) > len(COPIES)  # several links a copy
    _assert_kept_sets_are_their_texts(settings)

    dedup_pending(settings, ALGORITHMS, rebuild=True)
    assert _index(settings) == _index(whole)
    _assert_kept_sets_are_their_texts(settings)
    # the rebuild kept what one pass over everything keeps, nothing of the old table
    assert _kept(settings).keys() == _kept(whole).keys()
