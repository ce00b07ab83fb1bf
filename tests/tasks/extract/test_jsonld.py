import json

from tasks.extract.jsonld import find_article, parse_jsonld


def test_the_article_is_found_inside_a_graph() -> None:
    block = json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "name": "Gazette"},
                {"@type": "NewsArticle", "headline": "Bridge reopens"},
            ],
        }
    )
    assert find_article(parse_jsonld([block])) == {
        "@type": "NewsArticle",
        "headline": "Bridge reopens",
    }


def test_a_top_level_list_and_a_type_list_are_understood() -> None:
    block = json.dumps(
        [{"@type": "BreadcrumbList"}, {"@type": ["Article", "Thing"], "headline": "A"}]
    )
    found = find_article(parse_jsonld([block]))
    assert found is not None and found["headline"] == "A"


def test_broken_json_and_html_comments_do_not_break_parsing() -> None:
    good = '<!-- {"@type": "BlogPosting", "headline": "B"} -->'
    assert find_article(parse_jsonld(["{not json", good])) == {
        "@type": "BlogPosting",
        "headline": "B",
    }


def test_raw_newlines_inside_strings_are_tolerated() -> None:
    block = '{"@type": "NewsArticle", "articleBody": "one\ntwo"}'
    found = find_article(parse_jsonld([block]))
    assert found is not None and found["articleBody"] == "one\ntwo"
