"""The backfill form explains itself: Prefect builds the Custom run form from the flow's
parameter schema, which takes each description from the docstring's ``Args:`` section."""

from __future__ import annotations

import inspect

import pytest
from prefect.utilities.callables import parameter_schema, parameter_schema_from_entrypoint

from flows.backfill import backfill


@pytest.mark.parametrize(
    "schema",
    [
        parameter_schema_from_entrypoint(
            "flows/backfill.py:backfill"
        ),  # what `prefect deploy` sends
        parameter_schema(backfill.fn),
    ],
    ids=["deployed", "in-process"],
)
def test_every_backfill_parameter_has_a_description(schema) -> None:  # type: ignore[no-untyped-def]
    properties = schema.model_dump()["properties"]
    assert set(properties) == set(inspect.signature(backfill.fn).parameters)
    undescribed = [name for name, spec in properties.items() if not spec.get("description")]
    assert undescribed == []
    sources = " ".join(properties["sources"]["description"].split())
    assert "`newsflow sources list` shows them" in sources and "`files`" in sources


def test_sources_is_a_list_of_names_that_may_stay_empty() -> None:
    sources = parameter_schema_from_entrypoint("flows/backfill.py:backfill").model_dump()[
        "properties"
    ]["sources"]
    assert sources["type"] == "array" and sources["items"] == {"type": "string"}
    assert sources["default"] == []
    assert "anyOf" not in sources  # a null branch made the UI say 'Property is type "None"'
