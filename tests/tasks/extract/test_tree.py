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
    "<html><head><meta http-equiv='Content-Type' content='text/html; charset=latin1'>"
    "<style>p {}</style></head><body>\n  \n<template><p>in <b>template</b></p></template>"
    "<ruby>漢<rp>(</rp><rt>kan</rt><rp>)</rp></ruby> <script>var a = 1;</script>"
    "<p>a<b>b</b>c<i>d<u>e</u></i>  </p>\t<br>\r\n<img src=x alt=''></body></html>",
]


_LINKS = ("parent", "previous_element", "next_element", "previous_sibling", "next_sibling")


def _shape(soup: BeautifulSoup) -> list[tuple[object, ...]]:
    nodes = [soup, *soup.descendants]
    number = {id(node): n for n, node in enumerate(nodes)}
    shape: list[tuple[object, ...]] = []
    for node in nodes:
        links = [number.get(id(getattr(node, link)), "none") for link in _LINKS]
        if isinstance(node, Tag):
            attrs = [(type(k).__name__, k, type(v).__name__, v) for k, v in node.attrs.items()]
            own = {k: v for k, v in vars(node).items() if k not in (*_LINKS, "contents", "builder")}
            shape.append((node.name, node.prefix, node.namespace, type(node.attrs).__name__,
                          attrs, sorted(own.items(), key=str), links))  # fmt: skip
        else:
            shape.append((type(node).__name__, str(node), sorted(vars(node)), links))
    return shape


@pytest.mark.parametrize("page", PAGES)
def test_same_tree_as_beautifulsoup_lxml(page: str) -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", XMLParsedAsHTMLWarning)
        expected = BeautifulSoup(page, "lxml")
    built = parse_page(page)
    assert built.decode() == expected.decode()
    assert _shape(built) == _shape(expected)
