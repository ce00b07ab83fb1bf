"""A setting newsflow cannot use, told by name."""

from __future__ import annotations

from pydantic import ValidationError


class SettingsError(ValueError):
    """A setting has a value newsflow cannot use."""


def described(error: ValidationError) -> str:
    problems = []
    for item in error.errors():
        name = ".".join(str(part) for part in item["loc"])
        problems.append(f"setting {name}={item.get('input')!r}: {item['msg']}")
    return "; ".join(problems)
