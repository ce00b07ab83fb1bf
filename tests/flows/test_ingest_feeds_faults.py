"""The whole web fault corpus in one ``ingest_feeds`` run, one source per fault: the run ends,
every fault costs exactly its expected items (rejects rows) and its good pages load."""

from __future__ import annotations

from pathlib import Path

import duckdb

from tasks.fetch.politeness import SHARED_GATES
from tasks.fetch.robots_cache import SHARED_ROBOTS
from tests.support.web_faults import FAULT_FETCH, Outcome, Rejected, RunningFaults


def test_every_fault_in_one_run_costs_only_its_own_items(
    prefect_harness: None, tmp_path: Path
) -> None:
    from flows.ingest_feeds import ingest_feeds

    SHARED_GATES.clear()
    SHARED_ROBOTS.clear()
    with RunningFaults() as running:
        sources = tmp_path / "sources.toml"
        sources.write_text(running.sources_toml())
        summary = ingest_feeds(
            sources_file=str(sources), data_dir=str(tmp_path / "data"), fetch_options=FAULT_FETCH
        )
        assert set(summary["sources"]) == {running.source_name(f) for f in running.faults}
        assert all(s["batch_errors"] == 0 for s in summary["sources"].values())
        with duckdb.connect(str(tmp_path / "data" / "newsflow.duckdb"), read_only=True) as con:
            rejects = con.execute("SELECT input, reason FROM rejects").fetchall()
            loaded = con.execute(
                "SELECT url FROM fetch_state_latest WHERE kind = 'page' AND outcome = 'ok'"
            ).fetchall()
        # The warehouse keeps no stage yet: compare reasons and inputs.
        outcomes = running.outcomes([(i, r, "") for i, r in rejects], [u for (u,) in loaded])
        failed = {}
        for fault in running.faults:
            expected = Outcome([Rejected(r.reason, "", r.path) for r in fault.rejects],
                               list(fault.articles))  # fmt: skip
            if outcomes[fault.name].sorted() != expected.sorted():
                failed[fault.name] = outcomes[fault.name].sorted()
        assert failed == {}
