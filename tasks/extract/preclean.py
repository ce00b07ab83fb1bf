"""Cut markup that never holds article text out of the page before the tree is built.

Scripts, styles, SVG drawings and comments are a large share of a page's bytes and nodes;
removing them with linear string scans makes the BeautifulSoup tree smaller and faster to
build. JSON-LD blocks are kept aside first because the metadata lives there.
"""

from __future__ import annotations

import string

from tasks.extract.rules.preclean import JSONLD_TYPE, OPEN, TEMPLATE_TYPE

_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


def _lowered(html: str) -> str:
    """The page in lower case, character for character: a few letters lower-case to two
    ("İ" to "i̇"), which would shift every position after them."""
    lower = html.lower()
    return lower if len(lower) == len(html) else html.translate(_ASCII_LOWER)


def strip_non_content(html: str) -> tuple[str, list[str]]:
    """Return the page without dropped elements and comments, and the JSON-LD texts found."""
    lower = _lowered(html)
    kept: list[str] = []
    jsonld: list[str] = []
    position = 0
    for match in OPEN.finditer(lower):
        start = match.start()
        if start < position:
            continue  # inside an element already cut
        kept.append(html[position:start])
        opener = match.group(1).lower()
        if opener == "!--":
            end = lower.find("-->", start + 4)
            position = len(html) if end < 0 else end + 3
            continue
        tag_end = lower.find(">", start)
        if tag_end < 0:
            position = len(html)
            break
        closer = f"</{opener}"
        end = lower.find(closer, tag_end)
        if opener == "script" and JSONLD_TYPE.search(html, start, tag_end):
            jsonld.append(html[tag_end + 1 : end if end >= 0 else len(html)])
        elif (
            opener == "script"
            and end >= 0
            and TEMPLATE_TYPE.search(html, start, tag_end)
            and "articlebody" in lower[max(0, start - 300) : start]
        ):
            # Blog engines park the post's markup in a template script inside the element
            # that declares itself the article body, and render it there.
            kept.append(html[tag_end + 1 : end])
        if end < 0:
            position = len(html)
            break
        close_end = lower.find(">", end)
        position = len(html) if close_end < 0 else close_end + 1
    kept.append(html[position:])
    return "".join(kept), jsonld
