"""Where settings come from besides explicit values: a TOML config file and ``NEWSFLOW_*``
environment variables, as pydantic-settings sources. Names no setting has go to ``extra``."""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic.fields import FieldInfo
from pydantic_settings import BaseSettings, EnvSettingsSource, PydanticBaseSettingsSource
from pydantic_settings.sources.utils import parse_env_vars

from settings.errors import SettingsError


@dataclass(frozen=True)
class Origins:
    """The environment and config file one ``load_settings`` call reads."""

    environ: Mapping[str, str]
    config_file: Path | None


# Set by load_settings while it builds Settings; unset, Settings reads only the values given.
current_origins: ContextVar[Origins | None] = ContextVar("newsflow_settings_origins", default=None)


class MappingEnvSource(EnvSettingsSource):
    """``NEWSFLOW_*`` variables from the given mapping (``os.environ`` at the entry point)."""

    def __init__(self, settings_cls: type[BaseSettings], environ: Mapping[str, str]) -> None:
        super().__init__(settings_cls)
        self.env_vars = parse_env_vars(
            environ, self.case_sensitive, self.env_ignore_empty, self.env_parse_none_str
        )
        self.environ = environ

    def __call__(self) -> dict[str, Any]:
        values = super().__call__()
        known = set(self.settings_cls.model_fields) | {"config"}
        prefix = self.env_prefix.lower()
        unknown = {
            key.lower()[len(prefix) :]: raw
            for key, raw in self.environ.items()
            if key.lower().startswith(prefix) and key.lower()[len(prefix) :] not in known
        }
        if unknown:
            values["extra"] = {**values.get("extra", {}), **unknown}
        return values


class TomlFileSource(PydanticBaseSettingsSource):
    """The ``[newsflow]`` table of a TOML file (or the whole file when it has no such table)."""

    def __init__(self, settings_cls: type[BaseSettings], path: Path | None) -> None:
        super().__init__(settings_cls)
        self.path = path

    def get_field_value(self, field: FieldInfo, field_name: str) -> tuple[Any, str, bool]:
        return None, field_name, False  # __call__ reads the whole table at once

    def __call__(self) -> dict[str, Any]:
        if self.path is None:
            return {}
        section = read_config_file(self.path)
        extra = dict(section.pop("extra", None) or {})
        for key in [k for k in section if k not in self.settings_cls.model_fields]:
            extra[key] = section.pop(key)
        return {**section, "extra": extra} if extra else section


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
