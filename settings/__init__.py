"""newsflow's configuration, outside the CLI so that every layer may take it.

Read once at an entry point (``load_settings``) and passed down as a value. Sources, later
ones winning: built-in defaults, a TOML config file (``newsflow.toml`` in the working
directory, or the file named by ``NEWSFLOW_CONFIG``), environment variables with the
``NEWSFLOW_`` prefix, and explicit overrides (command-line options, flow parameters).

Plain Python, no pydantic: every command reads the settings first, and `newsflow sql` must not
pay the third of a second importing pydantic-settings took (``settings.model``).
"""

from settings.errors import SettingsError
from settings.load import load_settings
from settings.model import ENV_PREFIX, SETTING_NAMES, PickupMode, Settings

__all__ = [
    "ENV_PREFIX",
    "SETTING_NAMES",
    "PickupMode",
    "Settings",
    "SettingsError",
    "load_settings",
]
