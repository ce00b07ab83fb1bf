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
