from __future__ import annotations

from tasks.dedup.story import StoryDoc, outlet_of, same_story, story_features

from .texts import SAME_EVENT_OTHER_OUTLET, SITE_FOOTER, SITE_HEADER, WIRE_TEXT


def _doc(text: str, outlet: str | None, day: int = 19_700, title: str | None = None) -> StoryDoc:
    return StoryDoc(story_features(title, text), outlet, day)


def test_two_outlets_reporting_one_event_share_a_story() -> None:
    first = _doc(WIRE_TEXT, "gazette", title="Riverton council approves Arlen bridge")
    second = _doc(SAME_EVENT_OTHER_OUTLET, "courier")
    assert same_story(first, second) is not None


def test_one_outlet_alone_never_makes_a_story_link() -> None:
    first = _doc(WIRE_TEXT, "gazette", title="Riverton council approves Arlen bridge")
    assert same_story(first, _doc(SAME_EVENT_OTHER_OUTLET, "gazette")) is None


def test_the_time_window_bounds_a_story() -> None:
    first = _doc(WIRE_TEXT, "gazette", day=19_700)
    assert same_story(first, _doc(SAME_EVENT_OTHER_OUTLET, "courier", day=19_703)) is not None
    assert same_story(first, _doc(SAME_EVENT_OTHER_OUTLET, "courier", day=19_704)) is None


def test_shared_boilerplate_with_different_headlines_is_no_story() -> None:
    banner = " ".join([SITE_HEADER, SITE_FOOTER])
    first = _doc(banner, "courier", title="Bakery fire on Elm Street")
    second = _doc(banner, "gazette", title="School band wins championship")
    assert same_story(first, second) is None


def test_unrelated_articles_are_no_story() -> None:
    sports = (
        "Lakeside United won the cup final on Saturday with two late goals from their captain, "
        "ending a season in which the club had twice changed its coach."
    )
    assert same_story(_doc(WIRE_TEXT, "gazette"), _doc(sports, "courier")) is None


def test_outlet_is_the_source_else_the_host() -> None:
    assert outlet_of(" Gazette ", "https://x.example/a") == "gazette"
    assert outlet_of(None, "https://www.courier.example/a") == "courier.example"
    assert outlet_of(None, None) is None


def test_key_terms_start_with_the_headline() -> None:
    features = story_features("Arlen bridge", WIRE_TEXT)
    assert features.key_terms[:2] == tuple(story_features("Arlen bridge", "").key_terms)
