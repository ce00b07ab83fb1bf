"""The article body taken from JSON-LD when the page's markup shows less of it."""

from tasks.extract import extract_article

PROSE = (
    "The committee met on Tuesday and agreed, after a long debate, that the plan should go "
    "ahead next spring with a smaller budget than first proposed."
)


def test_json_ld_article_body_is_used_when_the_page_shows_less() -> None:
    ld = '{"@type": "NewsArticle", "articleBody": "' + (PROSE + " ") * 5 + '"}'
    page = (
        f"<html><head><script type='application/ld+json'>{ld}</script></head>"
        "<body><p>Short teaser.</p></body></html>"
    )
    article = extract_article(page, None)
    assert article.method == "json-ld"
    assert article.body.startswith(PROSE)


def test_entities_in_a_plain_text_json_ld_body_are_decoded() -> None:
    body = (PROSE + "&nbsp;It said &quot;no&quot;. ") * 5
    ld = '{"@type": "NewsArticle", "articleBody": "' + body + '"}'
    page = (
        f"<html><head><script type='application/ld+json'>{ld}</script></head>"
        "<body><p>Short teaser.</p></body></html>"
    )
    article = extract_article(page, None)
    assert "&nbsp;" not in article.body and "&quot;" not in article.body
    assert 'It said "no".' in article.body


def test_markup_escaped_twice_in_a_json_ld_body_is_read_as_text() -> None:
    paragraph = (
        "&lt;p class=&quot;texto&quot;&gt;" + PROSE + " A solu&amp;ccedil;&amp;atilde;o.&lt;/p&gt;"
    )
    ld = '{"@type": "NewsArticle", "articleBody": "' + paragraph * 5 + '"}'
    page = (
        f"<html><head><script type='application/ld+json'>{ld}</script></head>"
        "<body><p>Short teaser.</p></body></html>"
    )
    article = extract_article(page, None)
    assert article.method == "json-ld"
    assert "A solução." in article.body
    assert "<p" not in article.body and "&" not in article.body


def test_paywall_flag_comes_from_json_ld() -> None:
    ld = '{"@type": "NewsArticle", "isAccessibleForFree": false}'
    page = (
        f"<html><head><script type='application/ld+json'>{ld}</script></head><body></body></html>"
    )
    assert extract_article(page, None).is_paywalled
