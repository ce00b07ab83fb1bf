"""A setting newsflow cannot use, told by name."""

from __future__ import annotations

from errors import SettingsError as SettingsError
