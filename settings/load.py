"""Settings read once at an entry point: defaults < config file < environment < overrides."""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from settings.model import ENV_PREFIX, SETTING_NAMES, Settings, unknown_settings
from settings.sources import config_path, environment_values, file_values, merged


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
    path = config_file or config_path(environ, ENV_PREFIX)
    from_file = file_values(path, SETTING_NAMES) if path is not None else {}
    from_environment = environment_values(environ, ENV_PREFIX, SETTING_NAMES)
    return Settings(**merged(from_file, from_environment, chosen))
