"""The hostile file corpus through the real ``ingest_files`` flow and a real warehouse: every
kind gives in the warehouse exactly what it gives from ``parse_file``, beside its control."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from flows.ingest_files import ingest_files
from settings import load_settings
from tasks.file_names import shown_path
from tasks.models import Article, Reject
from tests.support.hostile_files import Observed, build_hostile_corpus, mismatches

pytestmark = pytest.mark.usefixtures("prefect_harness")


def test_every_hostile_kind_lands_in_the_warehouse_as_expected(tmp_path: Path) -> None:
    corpus = build_hostile_corpus(tmp_path / "inbox")
    settings = load_settings({}, data_dir=tmp_path / "data", settle_seconds=0)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NEWSFLOW_DATA_DIR", str(settings.data_dir))
        patch.setenv("NEWSFLOW_SETTLE_SECONDS", "0")
        patch.setenv("NEWSFLOW_WORKER_PROCESSES", "2")
        summary = ingest_files(
            paths=[str(tmp_path / "inbox")], warehouse=str(settings.warehouse_file)
        )
    with duckdb.connect(str(settings.warehouse_file), read_only=True) as connection:
        seen = connection.execute(
            "SELECT s.location, a.title, a.body, s.source, a.warnings"
            " FROM sightings s JOIN articles a USING (article_id)"
        ).fetchall()
        rejects = connection.execute(
            "SELECT input, reason, detail, stage, source FROM rejects"
        ).fetchall()
    assert summary["warehouse_busy"] is False
    failures = {}
    for case in corpus:
        folder = shown_path(case.control.parent) + "/"
        control = shown_path(case.control)
        observed = Observed(
            articles=[
                Article(title=t, body=b, source=s, location=loc, warnings=tuple(w or ()))
                for loc, t, b, s, w in seen
                if loc.startswith(folder) and loc != control
            ],
            rejects=[Reject(*row) for row in rejects if row[0].startswith(folder)],
            control_articles=sum(1 for row in seen if row[0] == control),
        )
        problems = mismatches(case, observed)
        if problems:
            failures[case.kind] = problems
    assert failures == {}
    assert sum(1 for r in rejects if r[1] == "internal error while parsing") == 0
