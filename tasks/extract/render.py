"""Write the article container out as text, skipping the furniture inside it.

Paragraphs are separated by a blank line, headings stand on their own line, list items
start with "- ", and <br> breaks a line inside a paragraph.
"""

from __future__ import annotations

from bs4.element import NavigableString, Tag

from tasks.extract.hints import (
    class_hint,
    hidden_by_class,
    inline_junk,
    is_hidden,
    negative_words,
    screen_reader_only,
)
from tasks.extract.lines import is_furniture_line
from tasks.extract.rules.boilerplate import PROMO
from tasks.extract.rules.tags import BLOCK_TAGS, DROP_TAGS, HEADINGS, LIST_TAGS
from tasks.extract.score import BlockStats
from tasks.extract.text import repair_mojibake, squash

_MAX_PROMO = 6
_MAX_LABEL = 200  # characters of a screen-reader label; a whole story is never one


def _skip(node: Tag, stats: dict[int, BlockStats], container: BlockStats) -> bool:
    """Furniture inside the article container: dropped tags, hidden, link lists, labelled boxes."""
    name = node.name
    if name in DROP_TAGS or is_hidden(node):
        return True
    if hidden_by_class(node):
        # Collapsed answers and tabs inside the story open on a click; a hidden box that
        # asks readers to subscribe or sign in stays shut.
        return PROMO.search(node.get_text(" ")) is not None
    block = stats.get(id(node))
    if block is None:
        return inline_junk(node)
    if block.text < _MAX_LABEL and screen_reader_only(node):
        return True
    if block.text and name in LIST_TAGS:
        density = block.links / block.text
        if density > 0.5 and (block.paragraphs < 2 or density > 0.8):
            return True
    if name in ("ul", "ol") and _is_link_list(node, stats):
        return True
    if name == "h1":
        return True  # the headline, reported as the title
    if negative_words(node) and (class_hint(node) < 0 or block.prose < 0.5 * block.text):
        # a labelled box (share bar, related links, byline) rather than a wrapper of the story
        return block.prose < 0.3 * container.prose or block.paragraphs <= 1
    return False


def _is_link_list(node: Tag, stats: dict[int, BlockStats]) -> bool:
    """A list of short items that nearly all carry a link: related stories, not the story."""
    items = [stats.get(id(li)) for li in node.find_all("li", recursive=False)]
    found = [item for item in items if item is not None and item.text]
    if len(found) < 3:
        return False
    linked = sum(1 for item in found if item.links > 0)
    average = sum(item.text for item in found) / len(found)
    density = sum(item.links for item in found) / sum(item.text for item in found)
    return linked >= 0.8 * len(found) and average < 150 and density > 0.35


def _preformatted(node: NavigableString) -> bool:
    parent = node.parent
    return parent is not None and (
        parent.name in ("pre", "code", "textarea")
        or "pre" in {p.name for p in list(parent.parents)[:3]}
    )


def render(containers: list[Tag], stats: dict[int, BlockStats], skip_texts: set[str]) -> list[str]:
    """The container's paragraphs, leaving out those whose folded text is in ``skip_texts``."""
    container_stats = BlockStats()
    for container in containers:
        found = stats.get(id(container))
        if found is not None:
            container_stats.prose += found.prose
    paragraphs: list[str] = []
    pieces: list[str] = []
    headings: set[str] = set()

    def flush(prefix: str = "") -> None:
        if not pieces:
            return
        lines = [squash(line) for line in "".join(pieces).split("\n")]
        text = repair_mojibake("\n".join(line for line in lines if line))
        pieces.clear()
        if text and text.casefold() not in skip_texts:
            paragraphs.append(prefix + text)

    roots = {id(c) for c in containers}
    stack: list[tuple[object, str | None]] = [(c, None) for c in reversed(containers)]
    while stack:
        node, leaving = stack.pop()
        if leaving is not None:
            flush(leaving)
            continue
        if isinstance(node, NavigableString):
            if type(node) is NavigableString:
                piece = str(node)
                if "\n" in piece and not _preformatted(node):
                    piece = piece.replace("\n", " ")  # a line break in the source, not on screen
                pieces.append(piece)
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if name == "br":
            pieces.append("\n")
            continue
        if id(node) not in roots and _skip(node, stats, container_stats):
            continue
        if name in BLOCK_TAGS:
            flush()
            stack.append((node, "- " if name == "li" else ""))
            if name in HEADINGS:
                headings.add(squash(node.get_text(" ")))
        stack.extend((child, None) for child in reversed(node.contents))
    flush()
    paragraphs = [p for p in paragraphs if not is_furniture_line(p)]
    # The story's last lines are often a call to subscribe, tip or donate, signed off with
    # a short line; and a heading with nothing after it introduced something pruned.
    cut = len(paragraphs)
    for index in range(len(paragraphs) - 1, max(-1, len(paragraphs) - 1 - _MAX_PROMO), -1):
        text = paragraphs[index]
        if len(text) < 400 and PROMO.search(text):
            cut = index
        elif len(text) >= 60 and text not in headings:
            break
    del paragraphs[cut:]
    while paragraphs and paragraphs[-1] in headings:
        paragraphs.pop()
    return paragraphs
