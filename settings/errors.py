"""A setting newsflow cannot use, told by name."""

from __future__ import annotations

from pydantic import ValidationError

from errors import SettingsError as SettingsError


def described(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"])
        problems.append(f"setting {name}={item.get('input')!r}: {item['msg']}")
    return "; ".join(problems)
