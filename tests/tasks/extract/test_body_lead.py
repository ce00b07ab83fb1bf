"""The lead paragraph set apart between the headline and the body's container."""

from tasks.extract import extract_article

PROSE = (
    "The committee met on Tuesday and agreed, after a long debate, that the plan should go "
    "ahead next spring with a smaller budget than first proposed."
)
LEAD = "A summary of the story: the town will get its new bridge a year later than planned."


def _story(header: str, between: str = "") -> str:
    body = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(4))
    more = "".join(f"<li><a href='/s{n}'>Another story number {n}</a></li>" for n in range(6))
    return (
        "<html><body><nav><a href='/'>Home</a></nav><article>"
        f"<header>{header}</header>{between}<div class='story-body'>{body}</div>"
        f"<ul>{more}</ul></article></body></html>"
    )


def test_a_lead_in_the_header_beside_the_headline_is_read_first() -> None:
    page = _story(
        f"<h1>Bridge delayed</h1><p class='byline'>By A. Writer, 3 May 2021</p>"
        f"<p class='teaser'>{LEAD}</p>"
    )
    body = extract_article(page, None).body
    assert body.startswith(LEAD)
    assert "A. Writer" not in body and "Part 3" in body


def test_a_lead_box_under_the_headline_is_read_but_not_a_caption_or_date() -> None:
    between = (
        "<div class='date'>Published 3 May 2021, 10:45</div>"
        f"<div class='standfirst'><p>{LEAD}</p></div>"
        "<div class='picture'><img src='a.jpg'><p>The old bridge over the river, seen from "
        "the east bank at dawn last winter.</p></div>"
    )
    body = extract_article(_story("<h1>Bridge delayed</h1>", between), None).body
    assert body.startswith(LEAD)
    assert "old bridge" not in body and "Published" not in body


def test_no_headline_above_means_no_lead() -> None:
    page = (
        f"<html><body><div class='promo-box'><p>{LEAD}</p></div>"
        f"<div class='story-body'>{''.join(f'<p>{PROSE}</p>' for _ in range(4))}</div>"
        "</body></html>"
    )
    assert "A summary" not in extract_article(page, None).body


def test_a_lead_repeated_in_the_body_is_not_read_twice() -> None:
    page = _story(f"<h1>Bridge delayed</h1><p>{LEAD}</p>").replace(
        "<div class='story-body'>", f"<div class='story-body'><p>{LEAD}</p>"
    )
    assert extract_article(page, None).body.count("A summary") == 1


def test_a_lead_is_found_above_a_body_nested_in_a_deep_grid() -> None:
    body = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(4))
    grid = f"<div class='col'><div class='cell'><div class='text'>{body}</div></div></div>"
    page = (
        "<html><body><article>"
        f"<header><h1>Bridge delayed</h1><p class='excerpt'>{LEAD}</p></header>"
        f"<div class='module'><div class='grid'><div class='row'>{grid}</div></div></div>"
        "</article></body></html>"
    )
    assert extract_article(page, None).body.startswith(LEAD)
