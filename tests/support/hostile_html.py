"""Hostile saved pages: cut, empty, deep, huge, oddly encoded, with odd metadata."""

from __future__ import annotations

import codecs
import json
from pathlib import Path

from tests.support.hostile_files import Builder, HostileCase, article_text, expect, rejected


def _paragraphs(seed: str, count: int = 5) -> str:
    return "".join(f"<p>{article_text(f'{seed} {i}')}</p>\n" for i in range(count))


def _page(title: str, body: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head><meta charset='utf-8'><title>{title}</title>{head}</head>"
        f"<body><article><h1>{title}</h1>{body}</article></body></html>"
    )


def case_truncated_html(folder: Path) -> HostileCase:
    (folder / "cut.html").write_text(
        "<html><head><title>Cut off</title></head><body><article><p>The council met on Mon", "utf-8"
    )
    return expect(
        "a page cut mid-download", folder / "cut.html", rejects=rejected("truncated HTML", "parse")
    )


def case_html_without_text(folder: Path) -> HostileCase:
    (folder / "gallery.html").write_text(
        "<html><head><title>Gallery</title></head><body><nav><a href='/'>Home</a></nav>"
        "<img src='a.jpg'></body></html>",
        "utf-8",
    )
    return expect(
        "a page with no text", folder / "gallery.html", rejects=rejected("no article text", "parse")
    )


def case_empty_html_element(folder: Path) -> HostileCase:
    (folder / "empty.html").write_text("<html></html>", "utf-8")
    return expect(
        "<html></html>", folder / "empty.html", rejects=rejected("no article text", "parse")
    )


def case_html_without_body_tag(folder: Path) -> HostileCase:
    html = f"<html><head><title>No body tag</title></head>{_paragraphs('nobody')}</html>"
    (folder / "nobody.html").write_text(html, "utf-8")
    return expect(
        "paragraphs with no <body>", folder / "nobody.html", articles=1, title="No body tag"
    )


def case_html_fragment(folder: Path) -> HostileCase:
    (folder / "fragment.htm").write_text(_paragraphs("fragment") + "\n", "utf-8")
    return expect("bare <p> elements, no <html>", folder / "fragment.htm", articles=1)


def case_deeply_nested_html(folder: Path) -> HostileCase:
    depth = 100_000
    html = f"<html><head><title>Deep</title></head><body>{'<div>' * depth}{_paragraphs('deep')}{'</div>' * depth}</body></html>"
    (folder / "deep.html").write_text(html, "utf-8")
    return expect(
        "100,000 nested <div>s around the text",
        folder / "deep.html",
        rejects=rejected("no article text", "parse"),
    )


def case_html_utf16_bom(folder: Path) -> HostileCase:
    html = _page("Page en UTF-16", _paragraphs("utf16 page")).replace("utf-8", "utf-16")
    (folder / "utf16.html").write_bytes(codecs.BOM_UTF16_LE + html.encode("utf-16-le"))
    return expect(
        "a page in UTF-16 with a BOM", folder / "utf16.html", articles=1, title="Page en UTF-16"
    )


def case_html_with_nul(folder: Path) -> HostileCase:
    html = _page(
        "A page with a NUL", _paragraphs("nul page").replace("went on.", "went\x00 on.", 1)
    )
    (folder / "nul.html").write_text(html, "utf-8")
    return expect(
        "one NUL inside the text of a page",
        folder / "nul.html",
        articles=1,
        title="A page with a NUL",
    )


def case_html_surrogate_references(folder: Path) -> HostileCase:
    html = _page(
        "Lone &#xD800; reference",
        _paragraphs("surrogate ref") + "<p>Broken &#xDFFF; &#55357; end.</p>",
    )
    (folder / "refs.html").write_text(html, "utf-8")
    return expect(
        "character references to lone surrogates",
        folder / "refs.html",
        articles=1,
        title="Lone \ufffd reference",
        body_contains=("Broken \ufffd \ufffd end.",),
    )


def case_html_impossible_dates(folder: Path) -> HostileCase:
    head = (
        "<meta property='article:published_time' content='9999-12-31T23:59:59-05:00'>"
        "<meta name='date' content='0001-01-01T00:00:00+05:00'>"
    )
    (folder / "dates.html").write_text(
        _page("Impossible dates", _paragraphs("dates"), head), "utf-8"
    )
    return expect(
        "year 9999 and year 1 in the metadata",
        folder / "dates.html",
        articles=1,
        title="Impossible dates",
    )


def case_html_jsonld_wrong_types(folder: Path) -> HostileCase:
    ld = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": ["a", "list"],
        "datePublished": 5,
        "author": 5,
        "articleBody": {"not": "text"},
        "image": None,
        "publisher": [1, 2],
    }
    head = f"<script type='application/ld+json'>{json.dumps(ld)}</script>"
    (folder / "ld.html").write_text(_page("Odd JSON-LD", _paragraphs("jsonld"), head), "utf-8")
    return expect(
        "JSON-LD with every field of the wrong type",
        folder / "ld.html",
        articles=1,
        title="Odd JSON-LD",
    )


def case_html_broken_jsonld(folder: Path) -> HostileCase:
    head = '<script type=\'application/ld+json\'>{"@type": "NewsArticle", "headline": [[[[</script>'
    (folder / "ldbroken.html").write_text(
        _page("Broken JSON-LD", _paragraphs("ldbroken"), head), "utf-8"
    )
    return expect(
        "JSON-LD that is not JSON", folder / "ldbroken.html", articles=1, title="Broken JSON-LD"
    )


def case_html_huge(folder: Path) -> HostileCase:
    paragraph = f"<p>{article_text('huge page')}</p>\n"
    with (folder / "huge.html").open("w", encoding="utf-8") as handle:
        handle.write("<html><head><title>An 18 MB page</title></head><body><article>")
        for _ in range(18 * 1024 * 1024 // len(paragraph)):
            handle.write(paragraph)
        handle.write("</article></body></html>")
    return expect(
        "an 18 MB page: the extractor reads 3,000,000 characters, the body is cut to 1,000,000",
        folder / "huge.html",
        articles=1,
        title="An 18 MB page",
        warnings=("body: 2,9",),
    )


def case_html_that_is_rss(folder: Path) -> HostileCase:
    rss = "<?xml version='1.0'?><rss version='2.0'><channel><title>Feed</title><item><title>One</title></item></channel></rss>"
    (folder / "feed.html").write_text(rss, "utf-8")
    return expect(
        "an RSS feed saved as .html",
        folder / "feed.html",
        rejects=rejected("no article text", "parse"),
    )


def case_html_control_characters(folder: Path) -> HostileCase:
    body = _paragraphs("controls").replace("went on.", "went\x01 on\x1b.", 1)
    (folder / "controls.html").write_text(_page("Controls\x02 in a page", body), "utf-8")
    return expect(
        "control characters in a page's title and text",
        folder / "controls.html",
        articles=1,
        title="Controls in a page",
        warnings=("title: 1 control character(s) removed", "body: 2 control character(s) removed"),
    )


HTML_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
