"""Short lines in the story that are furniture by what they say: stamps, credits, pointers."""

from tasks.extract import extract_article
from tasks.extract.lines import is_furniture_line

PROSE = (
    "The committee met on Tuesday and agreed, after a long debate, that the plan should go "
    "ahead next spring with a smaller budget than first proposed."
)


def test_date_stamps_credits_and_pointers_inside_the_story_are_dropped() -> None:
    story = (
        "<p>Updated: 11.04.2020, 10:27</p>"
        f"<p>{PROSE} One.</p>"
        "<p>The mayor at the opening on Monday. © Agency / Jane Doe</p>"
        f"<p>{PROSE} Two.</p>"
        "<p>Read more: Why the bridge took so long</p>"
        f"<p>{PROSE} Three.</p>"
        "<p>Never miss a story: sign up for our newsletter today!</p>"
        f"<p>{PROSE} Four.</p>"
    )
    body = extract_article(f"<html><body><main>{story}</main></body></html>", None).body
    assert "One." in body and "Four." in body
    for junk in ("Updated", "Agency", "Read more", "newsletter"):
        assert junk not in body


def test_lines_about_the_subject_itself_are_kept() -> None:
    kept = [
        "How to take landscape photos: 7 tips",
        "- Free newsletter templates and a builder",
        "— A. Person (@aperson) November 20, 2019",
        "4:14 p.m.",
        "Summarize the seven newsletters with the highest score",
        "It is important to sign up for automated contributions to each savings plan.",
    ]
    for line in kept:
        assert not is_furniture_line(line), line
    for line in ("15. Mai 2019, 05:28 Uhr", "(Foto: Getty)", "Lesen Sie auch:"):
        assert is_furniture_line(line), line


def test_a_screen_reader_label_before_every_chunk_is_not_read() -> None:
    chunks = "".join(
        "<section><div class='visually-hidden'>Article content</div>"
        f"<p>{PROSE} Part {n}.</p></section>"
        for n in range(4)
    )
    body = extract_article(f"<html><body><main>{chunks}</main></body></html>", None).body
    assert "Part 0" in body and "Part 3" in body
    assert "Article content" not in body
