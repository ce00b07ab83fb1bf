"""A flow run's parameters become the JSON Prefect would store, without importing FastAPI."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path
from typing import Any

from prefect import Flow

from flows.backfill import backfill
from flows.ingest_feeds import ingest_feeds
from flows.ingest_files import ingest_files
from flows.json_parameters import JsonParametersFlow, json_flow
from settings import load_settings


def test_ingest_parameters_are_the_json_prefect_makes(tmp_path: Path) -> None:
    assert isinstance(ingest_files, JsonParametersFlow)
    parameters: dict[str, Any] = {
        "paths": [str(tmp_path / "one.txt"), str(tmp_path / "inbox")],
        "warehouse": None,
        "pickup_mode": "move",
        "batch_size": 7,
        "settings": load_settings(data_dir=tmp_path, batch_size=7),
    }
    ours = ingest_files.serialize_parameters(parameters)
    assert ours == Flow.serialize_parameters(ingest_files, parameters)
    assert ours["settings"]["data_dir"] == str(tmp_path)


def test_fetch_and_backfill_parameters_are_the_json_prefect_makes(tmp_path: Path) -> None:
    settings = load_settings(data_dir=tmp_path)
    fetch: dict[str, Any] = {
        "sources": ["valley-times"], "urls": None, "allow_hosts": ["127.0.0.1"],
        "sources_file": str(tmp_path / "sources.toml"), "pages_per_batch": 25,
        "fetch_options": {"timeout": 2.5, "retries": 1, "hosts": ["a", "b"]},
        "settings": settings,
    }  # fmt: skip
    days: dict[str, Any] = {
        "start_date": date(2026, 1, 5), "end_date": date(2026, 1, 7),
        "sources": ("valley-times", "metro-wire"), "rerun": "failed", "dry_run": False,
        "max_concurrency": 2, "newest_first": True, "sources_file": None, "settings": settings,
    }  # fmt: skip
    pairs: list[tuple[Any, dict[str, Any]]] = [(ingest_feeds, fetch), (backfill, days)]
    for flow_, parameters in pairs:
        assert isinstance(flow_, JsonParametersFlow)
        ours = flow_.serialize_parameters(parameters)
        assert ours == Flow.serialize_parameters(flow_, parameters)
    assert backfill.serialize_parameters(days)["start_date"] == "2026-01-05"


def test_other_values_go_prefects_way() -> None:
    @json_flow(name="json-parameters-test")
    def takes(anything: object) -> None:
        pass

    odd: dict[str, Any] = {
        "anything": {1, 2}
    }  # a set: not a value both encoders are known to agree on
    assert takes.serialize_parameters(odd) == Flow.serialize_parameters(takes, odd)
    assert takes.serialize_parameters(odd) == {"anything": [1, 2]}


def test_no_fastapi_import() -> None:
    code = (
        "import sys\n"
        "from flows.ingest_files import ingest_files\n"
        "from settings import load_settings\n"
        "ingest_files.serialize_parameters({'paths': ['a'], 'settings': load_settings()})\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] == 'fastapi'))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]"
