"""A flow run's parameters become the JSON Prefect would store, without importing FastAPI."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from prefect import Flow

from flows.ingest_files import ingest_files
from flows.json_parameters import JsonParametersFlow, json_flow
from settings import load_settings


def test_ingest_parameters_are_the_json_prefect_makes(tmp_path: Path) -> None:
    assert isinstance(ingest_files, JsonParametersFlow)
    parameters = {
        "paths": [str(tmp_path / "one.txt"), str(tmp_path / "inbox")],
        "warehouse": None,
        "pickup_mode": "move",
        "batch_size": 7,
        "settings": load_settings(data_dir=tmp_path, batch_size=7),
    }
    ours = ingest_files.serialize_parameters(parameters)
    assert ours == Flow.serialize_parameters(ingest_files, parameters)
    assert ours["settings"]["data_dir"] == str(tmp_path)


def test_other_values_go_prefects_way() -> None:
    @json_flow(name="json-parameters-test")
    def takes(anything: object) -> None:
        pass

    odd = {"anything": {1, 2}}  # a set: not a value both encoders are known to agree on
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
