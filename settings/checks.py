"""Each kind of setting's check: the value made its type, or a ValueError saying why not.

What pydantic's lax mode made of the values people give (strings from the environment and
the command line, TOML's ints, floats, bools and strings, ``Path`` objects, ints for floats),
kept so that a config that loaded before loads the same now; pydantic itself is not imported
(see ``settings.model``).
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

Check = Callable[[Any], Any]

_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")
# pydantic's integers from text: ASCII digits, single underscores between them, a ".0" end.
_INTEGER = re.compile(r"[+-]?[0-9]+(?:_[0-9]+)*(?:\.0+)?")
_INT64 = 2**63


def _text_of(value: Any) -> str | None:
    return str.__str__(value) if isinstance(value, str) else None


def integer(value: Any) -> int:
    if isinstance(value, int):  # bool included, as pydantic took True for 1
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError("Input should be a finite number")
        if not value.is_integer():
            raise ValueError("Input should be a valid integer, got a number with a fractional part")
        if abs(value) >= _INT64:
            raise ValueError("Input should be a valid integer, too large")
        return int(value)
    text = _text_of(value)
    if text is None:
        raise ValueError("Input should be a valid integer")
    text = text.strip()
    if not _INTEGER.fullmatch(text):
        raise ValueError("Input should be a valid integer, unable to parse string as an integer")
    return int(text.partition(".")[0])


def number(value: Any) -> float:
    if isinstance(value, float):
        return value
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            raise ValueError("Input should be a valid number, too large") from None
    text = _text_of(value)
    if text is None:
        raise ValueError("Input should be a valid number")
    unreadable = ValueError("Input should be a valid number, unable to parse string as a number")
    if not text.isascii():  # float() reads other scripts' digits, pydantic did not
        raise unreadable
    try:
        return float(text)
    except ValueError:
        raise unreadable from None


def yes_no(value: Any) -> bool:
    text = _text_of(value)
    if text is not None:
        text = text.strip().lower()
        if text in _TRUE or text in _FALSE:
            return text in _TRUE
        raise ValueError(f"{value!r} is not a yes/no value")
    if isinstance(value, int | float) and value in (0, 1):  # True and 1.0 too
        return bool(value)
    raise ValueError("Input should be a valid boolean")


def text(value: Any) -> str:
    result = _text_of(value)
    if result is None:
        raise ValueError("Input should be a valid string")
    return result


def home_path(value: Any) -> Path:
    """A path with ``~`` expanded."""
    if not isinstance(value, str | os.PathLike):
        raise ValueError("Input is not a valid path")
    try:
        return Path(value).expanduser()
    except RuntimeError as exc:  # ~someone with no such user
        raise ValueError(str(exc)) from None


def mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, Mapping):
        raise ValueError("Input should be a valid dictionary")
    return dict(value)


def one_of(*choices: str) -> Check:
    def check(value: Any) -> str:
        if isinstance(value, str) and value in choices:
            return str.__str__(value)
        raise ValueError("Input should be " + " or ".join(repr(c) for c in choices))

    return check


def optional(check: Check) -> Check:
    return lambda value: None if value is None else check(value)


def at_least(check: Check, low: float) -> Check:
    def limited(value: Any) -> Any:
        result = check(value)
        if not result >= low:  # NaN fails too
            raise ValueError(f"Input should be greater than or equal to {low}")
        return result

    return limited


def above(check: Check, low: float) -> Check:
    def limited(value: Any) -> Any:
        result = check(value)
        if not result > low:
            raise ValueError(f"Input should be greater than {low}")
        return result

    return limited
