"""Boilerplate pruning and container choice, on hand-written pages."""

from tasks.extract import extract_article

PROSE = (
    "The committee met on Tuesday and agreed, after a long debate, that the plan should go "
    "ahead next spring with a smaller budget than first proposed."
)


def _page(article: str, around: str = "") -> str:
    return f"<html><body>{around}<main>{article}</main>{around}</body></html>"


def test_teasers_in_many_small_boxes_lose_to_a_story_of_paragraphs() -> None:
    story = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(4))
    teasers = "".join(
        f'<li><h3><a href="/t{n}">Teaser headline {n}</a></h3><p>{PROSE} Teaser {n}.</p></li>'
        for n in range(6)
    )
    page = f"<html><body><div class='story'>{story}</div><ul>{teasers}</ul></body></html>"
    body = extract_article(page, None).body
    assert "Part 0" in body and "Part 3" in body
    assert "Teaser" not in body


def test_a_story_split_in_chunks_around_an_ad_is_read_whole() -> None:
    chunk = "<div class='chunk'><div class='text'>{}</div></div>"
    first = chunk.format("".join(f"<p>{PROSE} First {n}.</p>" for n in range(3)))
    second = chunk.format("".join(f"<p>{PROSE} Second {n}.</p>" for n in range(3)))
    page = _page(f"<div>{first}<div class='ad-slot'></div>{second}</div>")
    body = extract_article(page, None).body
    assert "First 0" in body and "Second 2" in body


def test_share_bars_captions_and_hidden_text_are_pruned() -> None:
    article = (
        f"<p>{PROSE}</p>"
        "<div class='social-share'><a href='#'>Facebook</a><a href='#'>Twitter</a></div>"
        "<p>Second paragraph of prose that carries on the story at some length here."
        "<span class='image-credit'>Photo: Agency</span></p>"
        "<p style='display:none'>Invisible tracking text that should never be read.</p>"
        "<figure><img src='a.jpg'><figcaption>A caption under the photo</figcaption></figure>"
        "<div class='comments'><p>A reader comment that is long enough to look like prose.</p></div>"
    )
    body = extract_article(_page(article), None).body
    for junk in ("Facebook", "Photo: Agency", "Invisible", "caption", "reader comment"):
        assert junk not in body
    assert body.count("\n\n") == 1


def test_headings_and_list_items_keep_their_own_lines() -> None:
    article = f"<p>{PROSE}</p><h2>Next steps</h2><ul><li>First item</li><li>Second item</li></ul>"
    paragraphs = extract_article(_page(article), None).body.split("\n\n")
    assert paragraphs[1:] == ["Next steps", "- First item", "- Second item"]


def test_a_long_comment_inside_the_comments_box_loses_to_a_short_story() -> None:
    story = f"<div class='entry-content'><p>{PROSE} Story.</p><p>{PROSE} End.</p></div>"
    comment = "".join(f"<p>{PROSE} Reply {n}.</p>" for n in range(6))
    comments = (
        "<div class='comments-area'><ol><li><div class='comment-body'>"
        f"{comment}</div></li></ol></div>"
    )
    page = f"<html><body><article>{story}</article>{comments}</body></html>"
    body = extract_article(page, None).body
    assert "Story." in body and "End." in body
    assert "Reply" not in body


def test_a_footer_text_loses_to_a_one_paragraph_story() -> None:
    story = f"<div class='story'><p>{PROSE} Story.</p></div>"
    footer = f"<footer><div class='bottom-text'><p>{PROSE} {PROSE} Footer.</p></div></footer>"
    page = f"<html><body>{story}{footer}</body></html>"
    body = extract_article(page, None).body
    assert "Story." in body
    assert "Footer." not in body


def test_an_article_inside_a_stray_footer_is_still_found() -> None:
    page = (
        f"<html><body><footer><div class='story'><p>{PROSE} Only.</p></div></footer></body></html>"
    )
    assert "Only." in extract_article(page, None).body


def test_leaked_json_text_is_not_prose() -> None:
    leaked = '{"id":"x1","spot":"\\u0130srail","items":[{"name":"mail","url":"mailto:a"}]} ' * 40
    page = _page(f"<div class='story'><p>{PROSE}</p><p>{PROSE} Again.</p></div><div>{leaked}</div>")
    body = extract_article(page, None).body
    assert "Again" in body and '"spot"' not in body


def test_a_cookie_consent_dialog_never_wins() -> None:
    policy = "".join(f"<p>{PROSE} Your privacy choices, item {n}.</p>" for n in range(8))
    dialog = f"<div id='onetrust-consent-sdk'><div class='main-content'>{policy}</div></div>"
    story = f"<p>{PROSE} The story.</p><p>{PROSE} It goes on.</p>"
    page = f"<html><body>{dialog}<article>{story}</article></body></html>"
    body = extract_article(page, None).body
    assert "The story" in body and "privacy choices" not in body


def test_a_live_blog_beside_the_intro_is_kept() -> None:
    intro = (
        "<div class='intro'>" + "".join(f"<p>{PROSE} Intro {n}.</p>" for n in range(5)) + "</div>"
    )
    entries = "".join(
        f"<div class='entry'><span>10:{n:02d}</span><a href='#'>Share</a><a href='#'>Post</a>"
        f"<p>{PROSE} Entry {n}.</p></div>"
        for n in range(4)
    )
    page = _page(f"<div>{intro}<div class='live'>{entries}</div></div>")
    body = extract_article(page, None).body
    assert "Intro 0" in body and "Entry 3" in body


def test_a_page_builder_body_with_one_widget_per_paragraph_is_read_whole() -> None:
    def widget(text: str) -> str:
        inner = f"<div class='elementor-widget-container'><p>{text}</p></div>"
        for name in ("elementor-element", "elementor-widget-wrap", "elementor-column"):
            inner = f"<div class='{name}'>{inner}</div>"
        return f"<section class='elementor-section'><div class='elementor-container'>{inner}</div></section>"

    page = _page(
        "<div class='elementor'>"
        + "".join(widget(f"{PROSE} Block {n}.") for n in range(6))
        + "</div>"
    )
    body = extract_article(page, None).body
    assert "Block 0" in body and "Block 5" in body


def test_short_cjk_lines_count_as_prose() -> None:
    lines = "".join(f"<p>宮崎県：延岡市、西都市、木城町、川南町、都農町{n}。</p>" for n in range(6))
    page = _page(f"<div class='story'>{lines}</div>", around="<div><p>Menu</p></div>")
    body = extract_article(page, None).body
    assert "都農町0" in body and "都農町5" in body


def test_trailing_calls_to_subscribe_or_donate_are_dropped() -> None:
    story = "".join(f"<p>{PROSE} Part {n}.</p>" for n in range(3))
    promo = (
        "<p>We need your financial support to keep reporting.</p>"
        "<p>Sign up for our newsletter to get the news first.</p><p>The Team</p>"
    )
    body = extract_article(_page(f"<div class='story'>{story}{promo}</div>"), None).body
    assert body.endswith("Part 2.")


def test_text_that_was_utf8_read_as_latin1_upstream_is_repaired() -> None:
    garbled = "It\u00e2\u0080\u0099s not budgeting\u00e2\u0080\u0094it\u00e2\u0080\u0099s crisis"
    page = _page(f"<div class='story'><p>{PROSE} {garbled}.</p><p>{PROSE}</p></div>")
    assert "It’s not budgeting—it’s crisis" in extract_article(page, None).body


def test_a_post_parked_in_a_template_script_inside_the_article_body_is_read() -> None:
    post = "".join(f"<p>{PROSE} Templated {n}.</p>" for n in range(3))
    page = (
        "<html><body><div class='post-body' itemprop='articleBody'>"
        f"<script type='text/template'>{post}</script></div>"
        "<script type='text/template'><p>Another post preview that is not this one.</p></script>"
        "</body></html>"
    )
    body = extract_article(page, None).body
    assert "Templated 0" in body and "Templated 2" in body and "preview" not in body


def test_a_story_inside_an_unclosed_comment_box_still_beats_a_tiny_intro() -> None:
    story = "".join(f"<p>{PROSE} Boxed {n}.</p>" for n in range(8))
    page = (
        "<html><body><header><div class='intro'><p>Welcome to the site, read on.</p></div></header>"
        f"<div class='comments'><article>{story}</article></div></body></html>"
    )
    body = extract_article(page, None).body
    assert "Boxed 0" in body and "Boxed 7" in body


def test_a_page_drawn_by_scripts_falls_back_to_its_description() -> None:
    page = (
        "<html><head><meta name='description' content='A summary of the story.'></head>"
        "<body><div id='app'></div></body></html>"
    )
    article = extract_article(page, None)
    assert article.body == "A summary of the story." and article.method == "description"


def test_read_more_pointers_in_other_languages_are_dropped_at_the_end() -> None:
    story = "".join(f"<p>{PROSE} Teil {n}.</p>" for n in range(3))
    tail = "<p>Auch interessant:</p><p>Schon gelesen? Die besten Touren im Herbst</p>"
    body = extract_article(_page(f"<div class='story'>{story}{tail}</div>"), None).body
    assert body.endswith("Teil 2.")


def test_a_list_article_with_linked_item_headings_is_read_whole() -> None:
    # Each item's linked heading is long, so links weigh more than a quarter of its prose.
    intro = "".join(f"<p>{PROSE} Intro {n}.</p>" for n in range(5))
    title = "the long linked title of a novel under review in this list of the books"
    items = "".join(
        f"<div class='item'><h3><a href='https://shop.example/b{n}'>Book {n}: {title}</a></h3>"
        f"<p>{PROSE} Review {n} begins here.</p><p>{PROSE} Review {n} ends here.</p></div>"
        for n in range(5)
    )
    page = (
        f"<html><body><div class='post'><div class='intro'>{intro}</div>"
        f"<div class='items'>{items}</div></div></body></html>"
    )
    body = extract_article(page, None).body
    assert "Intro 0" in body and "Review 0 begins" in body and "Review 4 ends" in body


def test_a_list_article_with_one_long_paragraph_per_linked_item_is_read_whole() -> None:
    # Page builders nest every block deeply: the intro block alone scores best at first.
    def block(text: str) -> str:
        return f"<div class='block'><div class='inner'><div class='html'><p>{text}</p></div></div></div>"

    intro = block(" ".join([PROSE] * 12) + " Intro ends.")
    title = "the long linked title of a camera under review in this list of cameras"
    items = "".join(
        f"<div class='item'><h3><a href='https://shop.example/c{n}'>Camera {n}: {title}</a></h3>"
        + block(" ".join([PROSE] * 7) + f" Review {n} ends here.")
        + "</div>"
        for n in range(5)
    )
    page = f"<html><body><div class='post'>{intro}{items}</div></body></html>"
    body = extract_article(page, None).body
    assert "Intro ends" in body and "Review 0 ends" in body and "Review 4 ends" in body


def test_a_box_hidden_by_its_class_never_wins_but_a_collapsed_answer_is_kept() -> None:
    offer = " ".join(
        ["Unlimited digital access to every story, award-winning letters and events."] * 4
    )
    prompt = f"<div class='offer hidden'><p>{offer}</p><p>{offer}</p></div>"
    story = f"<div class='story'><p>{PROSE} Start.</p><p>{PROSE} Middle.</p></div>"
    answer = f"<div class='answer is-hidden'><p>{PROSE} Answer.</p></div>"
    faq = f"<div class='faq'><h3>Does the plan go ahead?</h3>{answer}</div>"
    page = f"<html><body><header>{prompt}</header><main>{story}{faq}</main></body></html>"
    body = extract_article(page, None).body
    assert "Start." in body and "Answer." in body
    assert "Unlimited" not in body


def test_a_hidden_sign_up_box_inside_the_story_is_dropped() -> None:
    prompt = "<div class='hidden'><p>Subscribe now to read the latest news in your city.</p></div>"
    story = f"<p>{PROSE} One.</p>{prompt}<p>{PROSE} Two.</p><p>{PROSE} Three.</p>"
    body = extract_article(_page(story), None).body
    assert "One." in body and "Three." in body and "Subscribe" not in body


def test_hidden_classes_shown_again_at_some_width_are_visible() -> None:
    from bs4 import BeautifulSoup

    from tasks.extract.hints import hidden_by_class

    soup = BeautifulSoup(
        "<div class='hidden md:block'></div><div class='d-none d-lg-block'></div>"
        "<div class='hide show@medium'></div><div class='d-none'></div>",
        "lxml",
    )
    assert [hidden_by_class(div) for div in soup.find_all("div")] == [False, False, False, True]
