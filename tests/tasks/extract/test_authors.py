from tasks.extract import extract_article
from tasks.extract.authors import jsonld_authors, split_byline


def test_by_and_and_are_removed_from_a_byline() -> None:
    assert split_byline("By Ann Lee and Bo Chen") == ["Ann Lee", "Bo Chen"]


def test_commas_ampersands_and_other_languages_split_names() -> None:
    assert split_byline("Von Anna Fink, Jan Marchart & Birgit Baumann") == [
        "Anna Fink",
        "Jan Marchart",
        "Birgit Baumann",
    ]
    assert split_byline("Par Marie Curie et Pierre Curie") == ["Marie Curie", "Pierre Curie"]


def test_roles_emails_and_links_are_not_names() -> None:
    assert split_byline("Ann Lee, Staff Writer") == ["Ann Lee"]
    assert split_byline("ann@example.com") == []
    assert split_byline("https://example.com/authors/ann") == []


def test_a_middle_initial_is_not_a_joiner() -> None:
    assert split_byline("Sarah E. Needleman") == ["Sarah E. Needleman"]


def test_jsonld_people_are_preferred_to_organisations() -> None:
    article = {
        "author": [
            {"@type": "Person", "name": "Ann Lee"},
            {"@type": "Organization", "name": "Gazette"},
        ]
    }
    assert jsonld_authors(article, []) == ["Ann Lee"]


def test_jsonld_author_references_are_followed() -> None:
    objects = [{"@id": "#ann", "@type": "Person", "name": "Ann Lee"}]
    assert jsonld_authors({"author": {"@id": "#ann"}}, objects) == ["Ann Lee"]


def test_an_agency_named_in_structured_data_is_kept() -> None:
    assert jsonld_authors({"author": "dpa"}, []) == ["dpa"]


def test_credentials_stay_with_the_name_but_agencies_do_not() -> None:
    assert split_byline("Dylan Bailey, MS, RD") == ["Dylan Bailey, MS, RD"]
    assert split_byline("Paula Steiger, SDA") == ["Paula Steiger", "SDA"]


def test_a_named_team_is_a_byline_but_a_bare_team_or_editorial_desk_is_not() -> None:
    assert split_byline("The Investopedia Team") == ["The Investopedia Team"]
    assert split_byline("Podium Staff") == ["Podium Staff"]
    assert split_byline("Staff") == []
    assert split_byline("Flatworld Solutions Editorial Team") == []


def _page(body: str) -> str:
    story = "The council voted on the bridge after a long debate about costs. " * 5
    return f"<html><body><article><h1>Bridge vote</h1>{body}<p>{story}</p></article></body></html>"


def test_a_by_line_of_its_own_is_read_when_nothing_else_names_the_author() -> None:
    article = extract_article(_page("<p>By Amy Wilhelm</p>"), None)
    assert article.authors == ("Amy Wilhelm",)


def test_a_sort_by_control_is_not_a_byline() -> None:
    article = extract_article(_page("<ul><li>Sort by Category</li></ul>"), None)
    assert article.authors == ()


def test_an_author_class_element_names_the_author() -> None:
    page = _page('<div class="author-info"><span class="author-name">Dakota Hebert</span></div>')
    assert extract_article(page, None).authors == ("Dakota Hebert",)


def test_commenters_are_not_authors() -> None:
    comments = (
        '<div class="comments"><div itemprop="author">Mark Bernstein</div>'
        "<p>Great post, thanks for writing it all up.</p></div>"
    )
    page = _page('<span itemprop="author">Jeffrey Zeldman</span>' + comments)
    assert extract_article(page, None).authors == ("Jeffrey Zeldman",)


def test_a_person_in_the_page_beats_a_publisher_named_as_author_in_json_ld() -> None:
    ld = '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Gazette"}}'
    page = _page('<span class="byline-author">Jemima Kelly</span>').replace(
        "<body>", f'<head><script type="application/ld+json">{ld}</script></head><body>'
    )
    assert extract_article(page, None).authors == ("Jemima Kelly",)
    bare = _page("").replace(
        "<body>", f'<head><script type="application/ld+json">{ld}</script></head><body>'
    )
    assert extract_article(bare, None).authors == ("Gazette",)


def test_a_trailing_reporter_title_in_korean_is_not_part_of_the_name() -> None:
    assert split_byline("신현주 기자", strict=False) == ["신현주"]


def test_a_person_given_by_given_and_family_name_is_named() -> None:
    article = {
        "author": [
            {"@type": "Person", "givenName": "Anna Maria", "familyName": "Berg"},
            {"@type": "Person", "givenName": "Tom", "familyName": "Reed"},
        ]
    }
    assert jsonld_authors(article, []) == ["Anna Maria Berg", "Tom Reed"]


def test_the_site_named_as_author_yields_to_a_person_in_the_page() -> None:
    head = (
        '<head><meta property="og:site_name" content="Gazette">'
        '<meta name="author" content="Gazette"></head>'
    )
    page = _page('<p class="byline">By Ann Lee • March 12, 2025</p>')
    assert extract_article(page.replace("<html>", f"<html>{head}"), None).authors == ("Ann Lee",)
    bare = _page("").replace("<html>", f"<html>{head}")
    assert extract_article(bare, None).authors == ("Gazette",)
    # the host's own name beside a person is dropped too
    both = '<head><meta name="author" content="Ann Lee, Gazette.com"></head>'
    page = _page("").replace("<html>", f"<html>{both}")
    assert extract_article(page, "https://www.gazette.com/a").authors == ("Ann Lee",)


def test_text_by_leads_a_byline_and_a_row_of_single_words_is_not_one() -> None:
    page = _page('<div class="story-byline">Text by Hunter Dale</div>')
    assert extract_article(page, None).authors == ("Hunter Dale",)
    tags = _page('<div class="post-author">Energy / Solar / Storage / Markets</div>')
    assert extract_article(tags, None).authors == ()


def test_an_author_box_gives_the_name_not_the_biography() -> None:
    bio = "Lena Voss writes about hospital software and the people who buy it. " * 3
    page = _page(f'<div class="post-author-box"><h4>Lena Voss</h4><p>{bio}</p></div>')
    assert extract_article(page, None).authors == ("Lena Voss",)


def test_a_job_title_beside_the_name_is_not_part_of_it() -> None:
    named = _page(
        '<div class="author-line">Written By: <span class="author-name">Celia Long</span>'
        " Gardener &amp; Cook</div>"
    )
    assert extract_article(named, None).authors == ("Celia Long",)
    apart = _page(
        '<div class="byline"><span>Rasmus Berg</span><span>Founder &amp; Lead Reviewer</span>'
        "<span>Updated Feb 27, 2026</span></div>"
    )
    assert extract_article(apart, None).authors == ("Rasmus Berg",)
    labelled = _page(
        '<div class="author"><span>Guide</span> <span>May 2, 2025</span> <a href="/w">Will Judd</a>'
        "</div>"
    )
    assert extract_article(labelled, None).authors == ("Will Judd",)


def test_a_nameless_author_link_does_not_hide_the_byline() -> None:
    page = _page(
        '<a rel="author" href="/author/dw">View more posts</a>'
        '<span class="byline">Posted by Damon Walsh</span>'
    )
    assert extract_article(page, None).authors == ("Damon Walsh",)


def _with_ld(body: str, ld: str, head: str = "") -> str:
    script = f'<script type="application/ld+json">{ld}</script>'
    return _page(body).replace("<body>", f"<head>{head}{script}</head><body>")


def test_an_agency_other_than_the_site_is_the_byline_but_the_site_itself_yields() -> None:
    site = '<meta property="og:site_name" content="Gazette">'
    agency = '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "dpa"}}'
    teaser = '<div class="teaser-author">Von Karl Ritter</div>'
    assert extract_article(_with_ld(teaser, agency, site), None).authors == ("dpa",)
    own = '{"@type": "NewsArticle", "author": {"@type": "Organization", "name": "Gazette"}}'
    byline = '<p class="author">von Dana Stroh, Gazette Nord</p>'
    assert extract_article(_with_ld(byline, own, site), None).authors == (
        "Dana Stroh",
        "Gazette Nord",
    )


def test_a_domain_named_as_author_and_follow_buttons_are_not_people() -> None:
    head = '<meta name="author" content="gazette.de">'
    page = _page('<p class="author">von Dana Stroh</p>').replace(
        "<html>", f"<html><head>{head}</head>"
    )
    assert extract_article(page, None).authors == ("Dana Stroh",)
    buttons = (
        '<button class="follow-author">Folgen</button><a class="followAuthorBtn">Edit Topics</a>'
    )
    page = _page(buttons).replace("<html>", f"<html><head>{head}</head>")
    assert extract_article(page, None).authors == ("gazette.de",)


def test_an_organisation_author_keeps_its_whole_name() -> None:
    article = {"author": {"@type": "NewsMediaOrganization", "name": "Daily News"}}
    assert jsonld_authors(article, []) == ["Daily News"]


def test_a_by_line_may_end_in_a_section_or_a_date() -> None:
    page = _page('<p class="small">By TPN, in <a href="/s/business">Business</a></p>')
    assert extract_article(page, None).authors == ("TPN",)
    dated = _page("<p>By Lea Hart | May 4, 2024</p>")
    assert extract_article(dated, None).authors == ("Lea Hart",)
