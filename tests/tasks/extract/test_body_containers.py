"""Which blocks make up the story: the chosen container and the chunks beside it."""

from bs4 import BeautifulSoup, Tag

from tasks.extract import extract_article
from tasks.extract.score import choose_containers, measure

PROSE = (
    "The committee met on Tuesday and agreed, after a long debate, that the plan should go "
    "ahead next spring with a smaller budget than first proposed."
)


def _widget(kind: str, inner: str) -> str:
    return f"<div class='widget widget-{kind}'><div class='wrap'><div class='text'>{inner}</div></div></div>"


def test_a_chunk_nested_in_boxes_finds_the_next_chunk_beside_its_outer_box() -> None:
    first = _widget("text", "".join(f"<p>{PROSE} First {n}.</p>" for n in range(8)))
    related = "".join(f"<li><a href='/r{n}'>Another story headline {n}</a></li>" for n in range(12))
    teasers = _widget("list", f"<ul>{related}</ul>")
    second = _widget("text", "".join(f"<p>{PROSE} Second {n}.</p>" for n in range(3)))
    page = f"<html><body><main><div class='widgets'>{first}{teasers}{second}</div></main></body></html>"
    body = extract_article(page, None).body
    assert "First 0" in body and "Second 2" in body
    assert "Another story" not in body


def test_the_element_named_as_the_story_body_holds_the_intro_beside_its_list() -> None:
    group = "".join(f"<p>{PROSE} Item {n}.</p>" for n in range(10))
    shops = "".join(f"<p><a href='/shop{n}'>Buy it at the shop</a></p>" for n in range(8))
    page = (
        "<html><body><div class='entry-content'>"
        f"<p>{PROSE} Intro.</p>{shops}<p>{PROSE} Outro.</p>"
        f"<div class='group'><div class='inner'>{group}</div></div>"
        "</div></body></html>"
    )
    body = extract_article(page, None).body
    assert "Intro." in body and "Item 9" in body and "Outro." in body


def test_chapters_classed_as_table_of_contents_entries_are_read_whole() -> None:
    chapters = "".join(
        f"<section class='toc-para'><div class='body'><p>{PROSE} Chapter {n}.</p>"
        f"<p>{PROSE} More {n}.</p></div></section>"
        for n in range(4)
    )
    page = f"<html><body><div class='toc-chapters'>{chapters}</div></body></html>"
    body = extract_article(page, None).body
    assert "Chapter 0" in body and "More 3" in body


def test_a_long_sidebar_text_widget_never_beats_a_short_post() -> None:
    disclaimer = " ".join([PROSE] * 6)
    page = (
        "<html><body><div class='wrapper'><div class='content'><div class='post'>"
        f"<h1>Silhouettes</h1><p>{PROSE} The post.</p><p>{PROSE} Its end.</p></div></div>"
        "<div id='sidebar'><div class='widget widget_text'><div class='textwidget'>"
        f"<p>{disclaimer} The disclaimer.</p></div></div></div>"
        "</div></body></html>"
    )
    body = extract_article(page, None).body
    assert "The post." in body and "Its end." in body
    assert "The disclaimer." not in body


def test_a_wrapper_merely_named_after_its_sidebar_is_not_a_sidebar() -> None:
    page = (
        "<html><body><div class='sidebar-wrapper'><article>"
        f"<p>{PROSE} One.</p><p>{PROSE} Two.</p></article></div>"
        f"<div class='sidebar'><p>{PROSE} Aside.</p></div></body></html>"
    )
    body = extract_article(page, None).body
    assert "One." in body and "Two." in body and "Aside." not in body


def test_a_short_line_closed_by_a_german_quote_mark_is_prose() -> None:
    dialogue = (
        "<p>\u201eIch wei\u00df, ich bin m\u00fcde und sollte das nicht sagen\u2026\u201c</p>"
        "<p>\u2013 \u201eDann sag es nicht.\u201c</p>"
    )
    tweets = "".join(f"<li>Short tweet number {n} with a link</li>" for n in range(3))
    soup = BeautifulSoup(
        f"<html><body><div class='post'><h1>Dialog</h1>{dialogue}</div>"
        f"<div class='side'><ul class='tweets'>{tweets}</ul></div></body></html>",
        "lxml",
    )
    root = soup.body
    assert isinstance(root, Tag)
    stats, blocks, _ = measure(root)
    containers = choose_containers(root, stats, blocks)
    texts = [c.get_text() for c in containers]
    assert texts and "sollte das nicht sagen" in texts[0]
    assert not any("tweet" in text for text in texts)


def test_a_subheading_keeps_its_line_whatever_its_anchor_id_says() -> None:
    paragraphs = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(3))
    page = (
        f"<html><body><article>{paragraphs}"
        "<h3 class='subheading' id='nav_only_the_foil_remains__1'>Only the foil remains</h3>"
        f"{paragraphs}</article></body></html>"
    )
    assert "\n\nOnly the foil remains\n\n" in extract_article(page, None).body
