"""Build the page's BeautifulSoup tree with the lxml parser, minus work an HTML page never needs.

BeautifulSoup's lxml builder treats every tag as possibly namespaced XML: it copies the
attributes twice and looks the tag's and each attribute's name up for a namespace. In an
HTML page (no namespace declarations in play) none of that changes the tree, and it costs
about a tenth of the time a page takes to parse. The builder below skips it there and hands
everything else to BeautifulSoup's own code, so the tree is the one
``BeautifulSoup(text, "lxml")`` builds (tests/tasks/extract/test_tree.py compares them).
"""

from __future__ import annotations

from typing import Any
from warnings import catch_warnings, simplefilter

from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning, XMLParsedAsHTMLWarning
from bs4.builder._lxml import LXMLTreeBuilder


class _HTMLBuilder(LXMLTreeBuilder):
    def start(self, tag: Any, attrib: Any, nsmap: Any = None) -> None:
        # Names in {namespace}name form only come with namespaces in play (XML): those,
        # and anything else unusual, go to BeautifulSoup's own handling.
        if nsmap or len(self.nsmaps) != 1 or not isinstance(tag, str) or tag.startswith("{"):
            super().start(tag, attrib, nsmap or {})
            return
        attrs = self.attribute_dict_class(attrib)
        for key in attrs:
            if key.startswith("{"):
                super().start(tag, attrib, nsmap or {})
                return
        assert self.soup is not None
        self.soup.handle_starttag(
            tag, None, None, attrs, namespaces=self.active_namespace_prefixes[-1]
        )

    def end(self, tag: Any) -> None:
        if len(self.nsmaps) != 1 or not isinstance(tag, str) or tag.startswith("{"):
            super().end(tag)
            return
        assert self.soup is not None
        self.soup.endData()
        self.soup.handle_endtag(tag, None)


def parse_page(text: str) -> BeautifulSoup:
    """The page's tree; markup that looks like XML or a file name is parsed as HTML all the same."""
    with catch_warnings():
        simplefilter("ignore", XMLParsedAsHTMLWarning)
        simplefilter("ignore", MarkupResemblesLocatorWarning)
        return BeautifulSoup(text, builder=_HTMLBuilder())
