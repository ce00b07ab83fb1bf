from tasks.extract import extract_article

_STORY = "<p>" + "The council voted on the bridge after a long debate about costs. " * 5 + "</p>"


def _authors(byline: str) -> tuple[str, ...]:
    page = f"<html><body><h1>Bridge vote</h1>{byline}{_STORY}</body></html>"
    return extract_article(page, None).authors


def test_a_by_label_with_the_name_in_an_element_of_its_own_is_a_byline() -> None:
    assert _authors("<div><span>Written by:</span><span>Elise Nass</span></div>") == ("Elise Nass",)
    assert _authors("<div>Article by <b>Matias Heikkilä</b> <a>Let's talk</a></div>") == (
        "Matias Heikkilä",
    )
    assert _authors("<div>Written by <a>Ann Lee</a> and <a>Bo Chen</a></div>") == (
        "Ann Lee",
        "Bo Chen",
    )


def test_the_names_end_at_a_separator_a_date_or_a_section() -> None:
    dotted = "<div><span>By</span> <a>Matthew Richardson</a> ⋅ Review Editor ⋅ Updated May 1</div>"
    assert _authors(dotted) == ("Matthew Richardson",)
    posted = (
        "<footer><p>Posted by <a>Colin Watson</a> on 2025-12-18 in <a>debusine</a></p></footer>"
    )
    assert _authors(posted) == ("Colin Watson",)


def test_sentences_licences_and_embedded_posts_that_say_by_are_not_bylines() -> None:
    assert _authors("<p>By submitting, you acknowledge Tiger Data's terms</p>") == ()
    assert _authors("<p>By doing so, SMBs can improve security</p>") == ()
    assert _authors("<p><a>CC Attribution</a> by <a>Roland Alton</a>, the communities</p>") == ()
    assert _authors("<p>By U.S. CUSTOMS AND BORDER PROTECTION</p>") == ()
    embed = (
        "<blockquote><p>Prices rise.</p><p>Posted by <a>Pamela Rendi</a> on Monday</p></blockquote>"
    )
    assert _authors(embed) == ()
