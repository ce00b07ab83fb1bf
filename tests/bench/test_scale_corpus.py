"""bench/scale_corpus.py: every round of HTML pages is the same mix of the eval sets, so the
benchmark's first and last tenth parse alike, and copies of a page still arrive rounds apart."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from bench.scale_corpus import Page, interleaved


def _pages(sizes: dict[str, int]) -> list[Page]:
    return [
        Page(name, Path(f"{name}-{number}.html.gz"), f"https://{name}.test/{number}", "")
        for name, size in sizes.items()
        for number in range(size)
    ]


def test_any_run_of_interleaved_pages_holds_each_sets_share_to_within_a_page() -> None:
    sizes = {"fundus": 118, "readability": 36, "scrapinghub": 93, "trafilatura-eval": 500,
             "wcxb": 915}  # fmt: skip
    pages = _pages(sizes)
    mixed = interleaved(pages)
    assert sorted(mixed, key=pages.index) == pages  # the same pages, each once
    for name in sizes:  # each set's own order kept
        assert [p for p in mixed if p.set_name == name] == [p for p in pages if p.set_name == name]
    total = len(pages)
    for length in (25, 125, 500):
        for start in range(0, total - length, 37):
            counts = Counter(page.set_name for page in mixed[start : start + length])
            for name, size in sizes.items():
                assert abs(counts[name] - size * length / total) <= 1.5, (start, length, name)


def test_in_set_order_a_run_of_pages_would_be_one_set() -> None:
    """What the interleave is for: the pages as the eval sets list them."""
    pages = _pages({"a": 300, "b": 300})
    assert Counter(p.set_name for p in pages[:200]) == {"a": 200}
    assert Counter(p.set_name for p in interleaved(pages)[:200]) == {"a": 100, "b": 100}


def test_the_probe_is_dated_in_the_first_tenth_with_rounds_of_it_on_either_side() -> None:
    """The early state (the first tenth of the rounds) and the final one both hold the probe's
    days and their neighbours: its story links cost the same on both, and its round measures
    what grows with the warehouse, not whether its days have neighbours."""
    from bench.scale_corpus import probe_days

    for rounds in (10, 20, 40, 400):
        tenth = max(1, rounds // 10)
        assert probe_days(rounds) < tenth
        if tenth >= 3:
            assert 0 < probe_days(rounds) < tenth - 1
