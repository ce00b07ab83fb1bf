"""kill -9 during an index update, at whatever point it lands: the next update makes the index
answer exactly as one rebuilt from scratch. The kill moments vary; the assertion does not
depend on where the kill landed (before, during or after the commit)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time

import pytest

from search.schema import index_dir
from search.searcher import SearchRequest, search
from search.update import update_index
from settings import Settings
from tasks.dedup.linking import ALGORITHMS
from tests.warehouse.dedup_support import article, ingest
from warehouse.dedup_run import dedup_pending

WORDS = [f"w{n}" for n in range(400)]
QUERIES = ["w1", "w2 w3", '"w4 w5"', "w6 OR w7", "w8 -w9", "source:outlet-3 w10"]


def _articles(count: int, seed: int):
    rng = random.Random(seed)
    return [
        article(
            " ".join(rng.choice(WORDS) for _ in range(120)),
            title=" ".join(rng.choice(WORDS) for _ in range(6)),
            source=f"outlet-{n % 7}",
            slug=f"{seed}-{n}",
            days=n % 20,
        )
        for n in range(count)
    ]


def _answers(settings: Settings) -> dict[str, list[tuple[str, int, str]]]:
    directory = index_dir(settings.warehouse_file)
    return {
        q: [
            (h.article_id, h.copies_total, h.snippet)
            for h in search(directory, SearchRequest(q, limit=50)).hits
        ]
        for q in QUERIES
    }


def _killed_update(settings: Settings, delay: float) -> None:
    code = (
        "import sys, pathlib; from settings import load_settings; "
        "from search.update import update_index; "
        "update_index(load_settings({}, data_dir=pathlib.Path(sys.argv[1])))"
    )
    process = subprocess.Popen([sys.executable, "-c", code, str(settings.data_dir)])
    time.sleep(delay)
    if process.poll() is None:
        os.kill(process.pid, signal.SIGKILL)
    process.wait()


@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0, 3.5])
def test_an_update_killed_anywhere_is_made_good_by_the_next(settings: Settings, delay: float):
    ingest(settings, _articles(600, seed=1))
    assert not dedup_pending(settings, ALGORITHMS).busy
    assert not update_index(settings).busy
    ingest(settings, _articles(900, seed=2), run_id="run-2")
    assert not dedup_pending(settings, ALGORITHMS).busy

    _killed_update(settings, delay)
    report = update_index(settings)
    assert not report.busy and report.documents == 1500
    incremental = _answers(settings)
    assert any(incremental.values())

    update_index(settings, rebuild=True)
    assert _answers(settings) == incremental
