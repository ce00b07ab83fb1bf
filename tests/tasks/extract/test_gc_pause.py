import gc
import weakref

import pytest

from tasks.extract.extractor import extract_article
from tasks.extract.gc_pause import collector_paused
from tasks.extract.tree import parse_page


def test_the_collector_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_collector_turned_off_by_the_caller_stays_off() -> None:
    gc.disable()
    try:
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_page_tree_is_freed_when_the_pause_ends() -> None:
    with collector_paused():
        soup = parse_page("<html><body><div><p>One</p><p>Two</p></div></body></html>")
        tree = weakref.ref(soup)
        del soup
        assert tree() is not None  # a cycle: only the collector frees it
    assert tree() is None


def test_extraction_leaves_the_collector_on_even_when_it_fails() -> None:
    assert extract_article(b"<html><body><p>Short.</p></body></html>", None).body is not None
    assert gc.isenabled()
    with pytest.raises(AttributeError):
        extract_article(123, None)  # type: ignore[arg-type]
    assert gc.isenabled()
