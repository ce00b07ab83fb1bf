"""Tag-name rules: which HTML elements are blocks, headings, never text, or furniture."""

from __future__ import annotations

BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "body",
        "center",
        "dd",
        "details",
        "dialog",
        "dir",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "html",
        "li",
        "main",
        "menu",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "summary",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "tr",
        "ul",
        "caption",
    ]
)
HEADINGS = frozenset(["h1", "h2", "h3", "h4", "h5", "h6"])
# Never article text, wherever they are.
DROP_TAGS = frozenset(
    [
        "nav",
        "aside",
        "footer",
        "form",
        "button",
        "input",
        "label",
        "option",
        "head",
        "title",
        "meta",
        "link",
        "object",
        "embed",
        "canvas",
        "audio",
        "video",
        "picture",
        "map",
        "area",
        "dialog",
        "menu",
        "figure",
        "figcaption",
    ]
)
# Outside the article's container these hold page furniture.
FURNITURE_TAGS = frozenset(["nav", "aside", "footer", "header", "form", "menu", "dialog"])
TITLE_HEADINGS = ("h1", "h2", "h3")
PICTURES = ("img", "picture", "figure", "video")
LIST_TAGS = frozenset(("ul", "ol", "dl", "table", "tbody", "div", "section", "p", "header"))
BOX_TAGS = frozenset(("aside", "footer"))
DATELESS_TAGS = frozenset(("a", "li", "nav", "footer", "aside", "option", "button", "td"))
CONTROL_TAGS = frozenset(("a", "button", "label", "li", "option", "nav", "form", "select"))
NAME_TAGS = ["a", "strong", "b", "span", "p", "div", "h2", "h3", "h4", "h5", "h6"]
HIDDEN_TAGS = frozenset(("script", "style", "noscript", "template", "title", "head"))
# A date in a link, a list, a menu or a side box dates something else (another story).
DATE_ELSEWHERE_TAGS = frozenset(("a", "nav", "footer", "aside", "option", "button"))
# Links, menus and lists hold other stories' bylines; quotes and figures, embedded posts'.
BYLINE_ELSEWHERE_TAGS = frozenset(
    ("button", "label", "li", "option", "nav", "form", "select", "a", "blockquote", "figure")
)
