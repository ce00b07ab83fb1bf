"""``Settings`` as a Prefect flow parameter: validated by pydantic as a dataclass, made JSON
for the run's record, and back from that JSON for a deployment's run."""

from __future__ import annotations

import json

import pytest

from settings import load_settings


def test_settings_pass_a_flow_s_parameter_checks_unchanged() -> None:
    from prefect.exceptions import ParameterTypeError

    from flows.ingest_files import ingest_files

    settings = load_settings({"NEWSFLOW_COLOUR": "blue"}, warehouse="/tmp/w.duckdb", batch_size=7)
    assert ingest_files.validate_parameters({"settings": settings})["settings"] is settings
    recorded = ingest_files.serialize_parameters({"settings": settings})
    assert recorded["settings"]["warehouse"] == "/tmp/w.duckdb"
    assert recorded["settings"]["extra"] == {"colour": "blue"}
    from_json = ingest_files.validate_parameters(json.loads(json.dumps(recorded)))
    assert from_json["settings"] == settings
    with pytest.raises(ParameterTypeError, match="batch_size"):
        ingest_files.validate_parameters({"settings": {**recorded["settings"], "batch_size": 0}})
