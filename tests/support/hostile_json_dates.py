"""Hostile `published` values in JSON: impossible years, overflowing offsets, wrong types."""

from __future__ import annotations

from pathlib import Path

from tests.support.hostile_files import (
    Builder,
    HostileCase,
)
from tests.support.hostile_json import good_text, one_file


def _published(folder: Path, seed: str, value: str, warning: str, description: str) -> HostileCase:
    text = good_text(seed)[:-1] + f', "published": {value}}}'
    return one_file(folder, seed, description, text, articles=1, warnings=(warning,))


def case_json_published_year_9999(folder: Path) -> HostileCase:
    return _published(
        folder,
        "y9999",
        '"9999-12-31T23:59:59Z"',
        "published: 9999-12-31 is in the future",
        "published in year 9999",
    )


def case_json_published_year_1_with_offset(folder: Path) -> HostileCase:
    return _published(
        folder,
        "y1",
        '"0001-01-01T00:00:00+05:00"',
        "published: 0001-01-01T00:00:00+05:00 is out of range",
        "year 1 with a positive offset",
    )


def case_json_published_year_9999_negative_offset(folder: Path) -> HostileCase:
    return _published(
        folder,
        "y9999neg",
        '"9999-12-31T23:00:00-05:00"',
        "is out of range",
        "year 9999 that overflows in UTC",
    )


def case_json_published_year_1(folder: Path) -> HostileCase:
    return _published(
        folder,
        "y1utc",
        '"0001-01-01"',
        "published: 0001-01-01 is before 1600",
        "year 1, a CMS placeholder",
    )


def case_json_published_bool(folder: Path) -> HostileCase:
    return _published(folder, "pbool", "true", "published: True is not a date", "published: true")


def case_json_published_huge_timestamp(folder: Path) -> HostileCase:
    return _published(
        folder, "pbig", "1e30", "published: 1e+30 is not a date", "a timestamp past any calendar"
    )


def case_json_published_object(folder: Path) -> HostileCase:
    return _published(
        folder,
        "pobj",
        '{"date": "2024-01-01"}',
        "published: a dict is not a date",
        "published as an object",
    )


def case_json_published_nan(folder: Path) -> HostileCase:
    return _published(folder, "pnan", "NaN", "json: NaN is not a JSON number", "published: NaN")


def case_json_published_words(folder: Path) -> HostileCase:
    return _published(
        folder,
        "pwords",
        '"yesterday-ish"',
        "published: 'yesterday-ish' is not a date",
        "published in words",
    )


JSON_DATE_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
