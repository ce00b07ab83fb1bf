"""Flows whose run parameters become JSON without importing FastAPI.

Prefect stores a flow run's parameters as JSON made by FastAPI's ``jsonable_encoder``, and
importing it imports all of FastAPI (its app, routing and OpenAPI models): about a fifth of a
second of every `newsflow ingest`, whose work may take less. newsflow's flows take plain values
and ``Settings`` (a dataclass): pydantic makes the same JSON of them itself. Any other value
(a future, a state, a type neither knows the same way) goes Prefect's own way.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from pathlib import PurePath
from typing import Any, ParamSpec, TypeVar

from prefect import Flow
from pydantic import BaseModel
from pydantic_core import to_jsonable_python

from settings import Settings

P = ParamSpec("P")
R = TypeVar("R")

# Types pydantic and FastAPI's encoder turn into the same JSON.
_PLAIN = (str, int, float, bool, type(None), PurePath, date, datetime, BaseModel, Settings)


class JsonParametersFlow(Flow[P, R]):
    def serialize_parameters(self, parameters: dict[str, Any]) -> dict[str, Any]:
        if not all(_plain(value) for value in parameters.values()):
            return super().serialize_parameters(parameters)
        serialized: dict[str, Any] = to_jsonable_python(parameters)
        return serialized


def json_flow(**options: Any) -> Callable[[Callable[P, R]], JsonParametersFlow[P, R]]:
    """``@prefect.flow(**options)``, the parameters made JSON by pydantic."""

    def decorate(fn: Callable[P, R]) -> JsonParametersFlow[P, R]:
        return JsonParametersFlow(fn, **options)

    return decorate


def _plain(value: object) -> bool:
    if isinstance(value, list | tuple):
        return all(_plain(item) for item in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and _plain(v) for k, v in value.items())
    return isinstance(value, _PLAIN)
