"""The page tree is the one BeautifulSoup's own lxml builder makes, on plain and odd markup."""

import warnings

import pytest
from bs4 import BeautifulSoup, Tag, XMLParsedAsHTMLWarning

from tasks.extract.tree import parse_page

PAGES = [
    "<html><head><title>T</title><meta charset='utf-8'></head><body><p class='a  b\tc'>x</p>"
    "<a rel='nofollow noopener' href='/x'>y</a><td headers='h1 h2'>z</td></body></html>",
    '<html xmlns="http://www.w3.org/1999/xhtml" xml:lang="de" lang="de"><body><p>Text</p>'
    '<svg xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="#i"></use></svg>'
    "<math><mi>x</mi></math></body></html>",
    "<body><o:p>Office</o:p><fb:like href='x'></fb:like><p CLASS='Upper' ID=Main>Hi</p>"
    "<div class=''></div><div class='a' class='b'>dup</div><input disabled><br/></body>",
    "<p>unclosed <b>bold <i>both</p> after <table><tr><td>cell<td>cell 2</table>",
    "<?xml version='1.0'?><root><item a='1'>text</item></root>",
    "<div data-x='{\"a\": 1}' {odd}='v' aria-hidden='true' style='display:none'>x</div>"
    "<form accept-charset='utf-8 latin1'></form><p>&nbsp;&amp;&lt;tag&gt;</p>",
    "plain text, no markup at all",
    "<pre>  keep\n   spaces  </pre><textarea> as\n is </textarea>",
]


def _shape(soup: BeautifulSoup) -> list[tuple[object, ...]]:
    shape: list[tuple[object, ...]] = []
    for node in soup.descendants:
        if isinstance(node, Tag):
            attrs = [(type(k).__name__, k, type(v).__name__, v) for k, v in node.attrs.items()]
            shape.append((node.name, node.prefix, node.namespace, type(node.attrs).__name__, attrs))
        else:
            shape.append((type(node).__name__, str(node)))
    return shape


@pytest.mark.parametrize("page", PAGES)
def test_same_tree_as_beautifulsoup_lxml(page: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        expected = BeautifulSoup(page, "lxml")
    built = parse_page(page)
    assert built.decode() == expected.decode()
    assert _shape(built) == _shape(expected)
