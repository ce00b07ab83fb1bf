from tasks.extract.title import choose_title, strip_site_name


def test_a_trailing_site_name_after_a_pipe_or_dash_is_dropped() -> None:
    assert strip_site_name("Bridge reopens | Gazette", ["Gazette"], None) == "Bridge reopens"
    assert strip_site_name("Bridge reopens - Gazette", [], "https://www.gazette.com/x") == (
        "Bridge reopens"
    )


def test_a_leading_site_name_is_dropped() -> None:
    assert strip_site_name("Gazette – Bridge reopens", ["Gazette"], None) == "Bridge reopens"


def test_hyphenated_words_and_colons_in_the_headline_survive() -> None:
    title = "Mid-term results: a well-known pattern"
    assert strip_site_name(title, ["Gazette"], None) == title


def test_an_h1_the_metadata_agrees_with_is_the_title() -> None:
    chosen = choose_title(None, ["Bridge reopens | Gazette"], None, ["Bridge reopens"], [], None)
    assert chosen == "Bridge reopens"


def test_without_an_agreeing_h1_the_cleaned_headline_wins() -> None:
    chosen = choose_title("Bridge reopens", [], "Bridge reopens | Gazette", ["Menu"], [], None)
    assert chosen == "Bridge reopens"


def test_mojibake_in_metadata_is_repaired() -> None:
    chosen = choose_title(None, ["sanciÃ³n final"], None, [], [], None)
    assert chosen == "sanción final"


def test_a_visible_h1_sharing_most_words_with_the_metadata_beats_the_seo_title() -> None:
    chosen = choose_title(
        None,
        ["Bridge reopens after repairs, says council | Gazette"],
        None,
        ["Bridge reopens after long repairs"],
        ["Gazette"],
        None,
    )
    assert chosen == "Bridge reopens after long repairs"


def test_an_h1_that_shares_no_words_with_the_metadata_is_a_site_label() -> None:
    chosen = choose_title(
        None, ["Bridge reopens after repairs"], None, ["Silicon Ramblings"], [], None
    )
    assert chosen == "Bridge reopens after repairs"


def test_a_news_headline_written_apart_from_the_social_title_wins() -> None:
    args = ("Mayor opens the bridge", ["Bridge reopens"], None, ["Bridge reopens"], [], None)
    assert choose_title(*args, news=True) == "Mayor opens the bridge"
    assert choose_title(*args, news=False) == "Bridge reopens"


def test_an_h1_with_a_kicker_or_odd_spacing_reports_the_metadata_form() -> None:
    chosen = choose_title(
        None, ["Flood inquiry: two resign"], None, ["Flood inquiry : two resign"], [], None
    )
    assert chosen == "Flood inquiry: two resign"
    chosen = choose_title(
        None,
        ["Two ministers resign today"],
        None,
        ["Politics Two ministers resign today"],
        [],
        None,
    )
    assert chosen == "Two ministers resign today"


def test_a_shouted_h1_reports_the_metadata_case() -> None:
    chosen = choose_title(
        None, ["Best kettles of the year"], None, ["BEST KETTLES OF THE YEAR"], [], None
    )
    assert chosen == "Best kettles of the year"


def test_a_tagline_after_a_pipe_is_dropped() -> None:
    chosen = choose_title(
        None, ["Movers in the city compared | Top 19 companies"], None, [], [], None
    )
    assert chosen == "Movers in the city compared"


def test_an_h1_differing_only_in_quotes_case_or_soft_hyphens_reports_the_metadata_form() -> None:
    # Display filters curl quotes, re-case words and hyphenate the visible <h1>; the head
    # metadata keeps the headline as it was typed.
    chosen = choose_title(
        None, ["Why cheap SEO doesn't work"], None, ["Why cheap SEO doesn’t work"], [], None
    )
    assert chosen == "Why cheap SEO doesn't work"
    chosen = choose_title(
        None, ["How to Install Solar Panels"], None, ["How to install solar panels"], [], None
    )
    assert chosen == "How to Install Solar Panels"
    chosen = choose_title(
        None, ["Messenger services are no lawless space"], None,
        ["Mes\u00adsen\u00adger services are no law\u00adless space"], [], None,
    )  # fmt: skip
    assert chosen == "Messenger services are no lawless space"


def test_a_suffix_joined_without_spaces_goes_when_another_title_lacks_it() -> None:
    chosen = choose_title(
        None,
        ["Storm closes coast road-Politics|Daily", "Storm closes coast road"],
        None,
        [],
        [],
        None,
    )
    assert chosen == "Storm closes coast road"
    # a question mark or quote ending the shorter title is no suffix start
    chosen = choose_title(None, ["Why storms? A guide", "Why storms"], None, [], [], None)
    assert chosen == "Why storms? A guide"


def test_a_news_headline_agreed_by_json_ld_and_og_beats_an_h1_that_is_a_piece_of_it() -> None:
    agreed = "After the vote: Mayor calls for a new budget"
    chosen = choose_title(
        agreed, [agreed], f"{agreed} - Gazette", ["Mayor calls for a new budget"], ["Gazette"],
        None, news=True,
    )  # fmt: skip
    assert chosen == agreed
    longer = choose_title(
        agreed, [agreed], None, [f"{agreed} by spring"], ["Gazette"], None, news=True
    )
    assert longer == agreed
    # an <h1> in other words is still the page's own headline
    other = choose_title(
        agreed, [agreed], None, ["Mayor wants new budget after the vote"], [], None, news=True
    )
    assert other == "Mayor wants new budget after the vote"


def test_a_part_that_is_a_host_name_names_the_site() -> None:
    title = "Lake Radio | LakeRadio.co.uk - Ferry timetable changes in May"
    assert strip_site_name(title, ["Lake Radio"], "https://lakeradio.co.uk/n/1") == (
        "Ferry timetable changes in May"
    )
    assert strip_site_name("Ferry timetable changes - news.Example.org", [], None) == (
        "Ferry timetable changes"
    )
    # a version number or an amount is no host name
    assert strip_site_name("Release notes - 2.5", [], None) == "Release notes - 2.5"


def test_an_h1_the_title_ends_with_after_a_longer_part_is_the_site_name() -> None:
    chosen = choose_title(
        None, [], "Slow-cooked beef with onions | Kitchen Notes", ["Kitchen Notes"], [], None
    )
    assert chosen == "Slow-cooked beef with onions"
    # the part in front is another <h1>: the page shows both, the site's first
    chosen = choose_title(
        None, [], "Old tools | Stone Age & Co", ["Stone Age & Co", "Old tools"], [], None
    )
    assert chosen == "Old tools"
    # "Site | Story" with the story as <h1>: a short name leads, the <h1> is the headline
    chosen = choose_title(
        None, [], "NASA | Sea levels rise faster than expected",
        ["Sea levels rise faster than expected"], [], None,
    )  # fmt: skip
    assert chosen == "Sea levels rise faster than expected"
    # a front part that names the site leads however long it is
    chosen = choose_title(
        None, [], "Department of Lakes and Rivers | Flood warnings", ["Flood warnings"],
        ["Department of Lakes and Rivers"], None,
    )  # fmt: skip
    assert chosen == "Flood warnings"


def test_a_news_headline_that_only_repeats_the_title_tag_yields_to_the_h1_og_agrees_on() -> None:
    shown = "As the vote nears, the mayor answers for the budget"
    chosen = choose_title(
        "Mayor answers budget questions", [shown], "Mayor answers budget questions - Gazette",
        [shown], ["Gazette"], None, news=True,
    )  # fmt: skip
    assert chosen == shown
    # written apart from the <title> too, the JSON-LD headline still wins
    chosen = choose_title(
        "Mayor answers budget questions", [shown], f"{shown} - Gazette", [shown], ["Gazette"],
        None, news=True,
    )  # fmt: skip
    assert chosen == "Mayor answers budget questions"


def test_an_h1_that_closes_the_question_the_metadata_left_open_is_reported() -> None:
    chosen = choose_title(
        None, [], "Cloud costs: what comes next | Dev Blog", ["Cloud costs: what comes next?"],
        [], None,
    )  # fmt: skip
    assert chosen == "Cloud costs: what comes next?"


def test_an_h1_whose_characters_became_question_marks_reports_the_metadata() -> None:
    chosen = choose_title(
        None, ["Caf\u00e9 guide: Lisbon\u2019s best"], None, ["Caf? guide? Lisbon? best"], [], None
    )
    assert chosen == "Caf\u00e9 guide: Lisbon\u2019s best"
    # a real question in the <h1> is no lost character
    chosen = choose_title(
        None, ["Is coffee healthy? What studies say"], None,
        ["Is coffee healthy? What the studies say"], [], None,
    )  # fmt: skip
    assert chosen == "Is coffee healthy? What the studies say"


def test_a_short_label_leading_a_pipe_goes_unless_an_h1_shows_it() -> None:
    chosen = choose_title(
        None, [], "The Lab | Machine learning at the institute", ["University of Lakeside"], [],
        None,
    )  # fmt: skip
    assert chosen == "Machine learning at the institute"
    kicker = "BUDGET 2.0 | Tax office hires debt collectors"
    assert choose_title(None, [kicker], kicker, [kicker], [], None) == kicker


def test_a_title_that_is_only_the_host_name_yields_to_a_headline_h1() -> None:
    url = "https://www.stonepath.co.uk/posts/borrowing"
    chosen = choose_title(None, [], "Stonepath", ["Ownership and borrowing in Rust"], [], url)
    assert chosen == "Ownership and borrowing in Rust"
    # a short <h1> is a label on a home page; the site's name is all there is
    assert choose_title(None, [], "Stonepath", ["Garden views", "Views"], [], url) == "Stonepath"


def test_a_title_trail_from_the_site_name_ends_in_the_headline() -> None:
    tag = "Lake Notes » Blog Archive » Interning small integers in Python"
    chosen = choose_title(None, [], tag, ["Lake Notes"], [], None)
    assert chosen == "Interning small integers in Python"
    # the trail the other way round: the <h1> is the headline
    tag = "Interning small integers in Python › Archive › Lake Notes"
    chosen = choose_title(None, [], tag, ["Interning small integers in Python"], [], None)
    assert chosen == "Interning small integers in Python"


def test_a_site_name_with_a_separator_of_its_own_or_a_bare_pipe_goes_whole() -> None:
    name = "Gym Co | Gyms near you"
    assert strip_site_name(
        "Which machines to try first - Gym Co | Gyms near you", [name], None
    ) == ("Which machines to try first")
    assert strip_site_name("EASY NEWS|Parliament bans smacking", ["EASY NEWS"], None) == (
        "Parliament bans smacking"
    )
    # a "site name" that is the headline itself (an app title set per page) takes nothing
    headline = "How to switch your team to a new wiki"
    assert strip_site_name(f"{headline} | Wikio", [headline, "Wikio"], None) == headline
