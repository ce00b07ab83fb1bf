"""Settings read once at an entry point: defaults < config file < environment < overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pydantic_settings

from settings.errors import SettingsError
from settings.model import ENV_PREFIX, Settings, checked, unknown_settings
from settings.sources import Origins, config_path, current_origins


def load_settings(
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings from the config file (``config_file``, else the one named by
    ``NEWSFLOW_CONFIG``, else ``./newsflow.toml`` if there is one), the environment (``env``,
    else ``os.environ``) and ``overrides`` (``None``: not given)."""
    environ = os.environ if env is None else env
    chosen = {k: v for k, v in overrides.items() if v is not None}
    unknown_settings(chosen)
    origins = Origins(environ, config_file or config_path(environ, ENV_PREFIX))
    token = current_origins.set(origins)
    try:
        return checked(chosen)
    except pydantic_settings.SettingsError as exc:  # a source could not read a value
        raise SettingsError(str(exc)) from exc
    finally:
        current_origins.reset(token)
