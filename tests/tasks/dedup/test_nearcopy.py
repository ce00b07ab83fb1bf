from __future__ import annotations

import pytest

from tasks.dedup.nearcopy import required_jaccard, verify
from tasks.dedup.shingles import shingles

from .texts import (
    SAME_EVENT_OTHER_OUTLET,
    SITE_FOOTER,
    SITE_HEADER,
    SITE_STORY_ONE,
    SITE_STORY_TWO,
    WIRE,
    WIRE_TEXT,
    brief,
)

EDITED = {
    "header swap": "RIVERTON (Wire Service) - Reporting by the Wire Service staff.\n\n" + WIRE_TEXT,
    "footer": WIRE_TEXT + "\n\n(c) 2024 The Gazette. Distributed by Wire Service. All rights "
    "reserved.",
    "trimmed ending": "\n\n".join(WIRE[:5]),
    "editor's note": "\n\n".join(
        [WIRE[0], "Editor's note: this story was updated to correct the vote count.", *WIRE[1:]]
    ),
    "dropped paragraph": "\n\n".join([*WIRE[:3], *WIRE[4:]]),
    "re-wrapped, curly quotes": WIRE_TEXT.replace(". ", ".\n").replace("'", "\u2019"),
}


@pytest.mark.parametrize("edit", sorted(EDITED))
def test_an_edited_copy_is_a_near_copy(edit: str) -> None:
    verdict = verify(shingles(WIRE_TEXT), shingles(EDITED[edit]))
    assert verdict.is_near_copy, verdict


def test_two_edits_together_still_make_a_near_copy() -> None:
    both = "RIVERTON (Wire Service) -\n\n" + "\n\n".join(WIRE[:5])
    assert verify(shingles(EDITED["footer"]), shingles(both)).is_near_copy


def test_same_event_by_another_outlet_is_not_a_near_copy() -> None:
    verdict = verify(shingles(WIRE_TEXT), shingles(SAME_EVENT_OTHER_OUTLET))
    assert not verdict.is_near_copy and verdict.jaccard < 0.1


def test_one_sites_boilerplate_does_not_merge_two_of_its_stories() -> None:
    one = "\n\n".join([SITE_HEADER, SITE_STORY_ONE, SITE_FOOTER])
    two = "\n\n".join([SITE_HEADER, SITE_STORY_TWO, SITE_FOOTER])
    verdict = verify(shingles(one), shingles(two))
    assert verdict.jaccard > 0.3  # the boilerplate is most of the text...
    assert not verdict.is_near_copy  # ...and still no merge


def test_briefs_from_one_template_do_not_collapse() -> None:
    first = brief("Riverton", 34, "Monday", "car chase", "Elm Street")
    others = [
        brief("Lakeside", 51, "Friday", "bar fight", "Main Street"),
        brief("Riverton", 34, "Monday", "car chase", "Oak Street"),  # one detail differs
        brief("Riverton", 43, "Monday", "car chase", "Elm Street"),
    ]
    for other in others:
        assert not verify(shingles(first), shingles(other)).is_near_copy


def test_tiny_texts_are_never_near_copies_even_when_equal() -> None:
    text = "Markets closed higher on Friday."
    assert not verify(shingles(text), shingles(text)).is_near_copy


def test_short_texts_need_more_similarity_than_long_ones() -> None:
    assert required_jaccard(40) > required_jaccard(150) > required_jaccard(400) == 0.5
