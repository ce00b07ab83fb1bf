from __future__ import annotations

from tasks.clean import clean_body, split_paragraphs, strip_trailer
from tasks.fingerprint import content_hash, normalised_text
from tasks.parse_text import parse_text_article

NBSP = "\u00a0"


def test_paragraphs_are_split_on_blank_lines_and_lines_joined() -> None:
    text = f"First line\nwraps here.{NBSP} \n\n\n  Second\u200b paragraph.\t\n"
    assert split_paragraphs(text) == ["First line wraps here.", "Second paragraph."]


def test_trailer_is_removed_only_at_the_end() -> None:
    paragraphs = ["Intro.", "Read more: this phrase mid-text stays.", "Body.", "More reads:"]
    assert strip_trailer(paragraphs) == [
        "Intro.",
        "Read more: this phrase mid-text stays.",
        "Body.",
    ]


def test_trailer_with_a_list_of_links_is_removed_whole() -> None:
    paragraphs = ["A long body paragraph. " * 5, "Related:", "Headline one", "Headline two"]
    assert strip_trailer(paragraphs) == [paragraphs[0]]


def test_each_trailer_kind_is_recognised() -> None:
    for trailer in (
        "More reads:",
        "Read more",
        "Related: Ten things to know",
        "Follow us on Twitter and Facebook",
        "Sign up for our daily newsletter here.",
    ):
        assert clean_body(f"Body text.\n\n{trailer}") == "Body text.", trailer


def test_a_long_paragraph_starting_like_a_trailer_is_kept() -> None:
    long = "Related: " + "words " * 40
    assert clean_body(f"Body.\n\n{long}") == f"Body.\n\n{long.strip()}"


def test_repeated_title_is_dropped_but_not_a_different_first_paragraph() -> None:
    article = parse_text_article('Title “here”\n\nTitle "here"\n\nBody.', location="x", source=None)
    assert article.body == "Body."
    article = parse_text_article("Title\n\nNot the title.\n\nBody.", location="x", source=None)
    assert article.body == "Not the title.\n\nBody."


def test_hash_ignores_form_but_not_words() -> None:
    assert content_hash("It’s  “here”\u00a0now") == content_hash('it\'s "HERE" now')
    assert content_hash("It is here now") != content_hash("It is there now")
    assert normalised_text(" A\n\nB ") == "a b"
