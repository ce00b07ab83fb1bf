"""Text helpers: the fast case-insensitive pattern agrees with re.IGNORECASE."""

import re

import pytest

from tasks.extract.text import Caseless

PATTERN = r"(?:^|[\s_-])(?:nav|share)(?:$|[\s_-])|comment|\bmehr zum thema|gefällt"
TEXTS = [
    "main-NAV",
    "Share",
    "post-share-buttons",
    "navbar",
    "Comments",
    "x COMMENT y",
    "Mehr zum Thema",
    "GEFÄLLT DIR",
    "Übersicht Nav",
    "İstanbul share",
    "",
    "article-body",
]


@pytest.mark.parametrize("text", TEXTS)
def test_caseless_finds_what_ignorecase_finds(text: str) -> None:
    expected = re.compile(PATTERN, re.IGNORECASE).search(text)
    found = Caseless(PATTERN).search(text)
    assert (found is None) == (expected is None)
    if expected is not None and found is not None:
        assert found.span() == expected.span()


def test_caseless_patterns_are_written_in_lower_case() -> None:
    with pytest.raises(ValueError):
        Caseless(r"Nav|share")
    Caseless(r"\W\S\bnav")  # escapes are not letters to fold
