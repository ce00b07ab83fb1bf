"""Where settings come from besides explicit values: a TOML config file and ``NEWSFLOW_*``
environment variables. Names no setting has go to ``extra``.

Read the way pydantic-settings read them before (see ``settings.model`` for why it is not
used): variable names compared lower-cased, values left as text for ``Settings`` to check,
``NEWSFLOW_EXTRA`` parsed as JSON.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Collection, Mapping
from pathlib import Path
from typing import Any

from settings.errors import SettingsError

_EXTRA = "extra"


def environment_values(
    environ: Mapping[str, str], prefix: str, names: Collection[str]
) -> dict[str, Any]:
    """The settings named by ``<prefix><NAME>`` variables in any case; the other
    ``<prefix>*`` variables (but ``<prefix>CONFIG``) in ``extra``, by lower-cased name."""
    prefix = prefix.lower()
    values: dict[str, Any] = {}
    unknown: dict[str, Any] = {}
    for key, raw in environ.items():
        lowered = key.lower()
        if not lowered.startswith(prefix):
            continue
        name = lowered[len(prefix) :]
        if name in names:
            values[name] = raw
        elif name != "config":
            unknown[name] = raw
    if _EXTRA in values:
        values[_EXTRA] = _json_object(values[_EXTRA], prefix.upper() + _EXTRA.upper())
    if unknown:
        values[_EXTRA] = {**values.get(_EXTRA, {}), **unknown}
    return values


def _json_object(raw: str, variable: str) -> dict[str, Any]:
    try:
        parsed = json.loads(raw)
    except ValueError as exc:
        raise SettingsError(f"setting extra: {variable} is not JSON: {exc}") from None
    if not isinstance(parsed, dict):
        raise SettingsError(f"setting extra={parsed!r}: {variable} should be a JSON object")
    return parsed


def file_values(path: Path, names: Collection[str]) -> dict[str, Any]:
    """The ``[newsflow]`` table of a TOML file (or the whole file when it has no such
    table); names no setting has, and its ``[extra]`` table, in ``extra``."""
    section = read_config_file(path)
    extra = section.pop(_EXTRA, None) or {}
    if not isinstance(extra, dict):
        raise SettingsError(f"setting extra={extra!r} in {path}: should be a table")
    extra = dict(extra)
    for key in [k for k in section if k not in names]:
        extra[key] = section.pop(key)
    return {**section, _EXTRA: extra} if extra else section


def config_path(environ: Mapping[str, str], prefix: str) -> Path | None:
    named = environ.get(prefix + "CONFIG")
    if named:
        return Path(named)
    default = Path("newsflow.toml")
    return default if default.is_file() else None


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as exc:
        raise SettingsError(f"cannot read config file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
    section = document.get("newsflow", document)
    if not isinstance(section, dict):
        raise SettingsError(f"config file {path}: [newsflow] must be a table")
    return dict(section)


def merged(*sources: Mapping[str, Any]) -> dict[str, Any]:
    """The sources' values, later ones winning; tables (``extra``) merged key by key, at
    every depth, as pydantic-settings merged its sources."""
    result: dict[str, Any] = {}
    for source in sources:
        for key, value in source.items():
            if isinstance(result.get(key), dict) and isinstance(value, dict):
                result[key] = merged(result[key], value)
            else:
                result[key] = value
    return result
