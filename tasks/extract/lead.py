"""The standfirst: a lead paragraph between the headline and the body's container.

Story templates often set the summary paragraph apart from the body, in the header beside
the headline or in a box of its own under it, with the byline, date and photo between the
two. Walking back from the body's first block (and from its ancestors', a few levels up) to
the headline finds it: short furniture in between is stepped over, and anything large that
is not a lead (a teaser list, another story) means there is none.
"""

from __future__ import annotations

from bs4.element import Tag

from tasks.extract.hints import attr_text, hidden_by_class, is_hidden
from tasks.extract.rules.boilerplate import AFFILIATE, NOT_LEAD
from tasks.extract.rules.tags import DROP_TAGS, HEADINGS, PICTURES, TITLE_HEADINGS
from tasks.extract.score import BlockStats
from tasks.extract.text import squash

_LEVELS = 6  # ancestors of the body's container whose earlier siblings are looked at
_MIN_LEAD = 60  # characters of prose in a lead paragraph
_MAX_LEAD = 1200
_SMALL = 250  # characters of furniture (byline, date, share bar, credit) stepped over
_MAX_HEADER = 2000  # a headline's box larger than this is the page's masthead, not a header


def _labelled(node: Tag, stop: Tag) -> bool:
    """Whether the node or an ancestor below ``stop`` is named for metadata or a credit."""
    current: Tag | None = node
    while current is not None and current is not stop:
        if current.name in DROP_TAGS or (current.attrs and NOT_LEAD.search(attr_text(current))):
            return True
        current = current.parent
    return False


def _lead_like(node: Tag, block: BlockStats) -> bool:
    """A paragraph or two of plain prose: not a date line, a picture's caption or a button's
    hidden message."""
    if not (
        _MIN_LEAD <= block.prose <= _MAX_LEAD
        and block.prose >= 0.7 * block.text
        and block.links <= 0.2 * block.text
        and 1 <= block.paragraphs <= 3
        and node.name not in HEADINGS
    ):
        return False
    if hidden_by_class(node) or node.find(PICTURES) is not None:
        return False
    text = node.get_text(" ")
    if AFFILIATE.search(text):
        return False
    return sum(c.isdigit() for c in text) <= 0.08 * len(text) and "©" not in text


def _in_header(header: Tag, stats: dict[int, BlockStats]) -> list[Tag]:
    """Lead paragraphs after the last headline inside the headline's own box."""
    found: list[Tag] = []
    taken: set[int] = set()
    seen_heading = False
    for node in header.find_all(True):
        if node.name in TITLE_HEADINGS:
            seen_heading, found = True, []
            taken.clear()
            continue
        if not seen_heading or any(id(parent) in taken for parent in node.parents):
            continue
        block = stats.get(id(node))
        if block is None or node.name in DROP_TAGS or is_hidden(node):
            continue
        if _lead_like(node, block) and not _labelled(node, header):
            found.append(node)
            taken.add(id(node))
    return found


def _distinct(blocks: list[Tag]) -> list[Tag]:
    """The first of blocks that say the same (a summary in the header and again above)."""
    seen: set[str] = set()
    kept: list[Tag] = []
    for block in blocks:
        key = squash(block.get_text(" ")).casefold()
        if key not in seen:
            seen.add(key)
            kept.append(block)
    return kept


def lead_blocks(first: Tag, root: Tag, stats: dict[int, BlockStats]) -> list[Tag]:
    """Lead paragraphs set apart between the headline and ``first``, in page order."""
    found: list[Tag] = []  # nearest first
    node = first
    for _ in range(_LEVELS):
        if node is root or not isinstance(node.parent, Tag):
            return []
        for sibling in node.previous_siblings:
            if not isinstance(sibling, Tag):
                continue
            block = stats.get(id(sibling))
            if block is None or not block.text or sibling.name in DROP_TAGS:
                continue
            if is_hidden(sibling):
                continue
            if sibling.name in TITLE_HEADINGS or sibling.find(TITLE_HEADINGS) is not None:
                header = _in_header(sibling, stats) if block.text <= _MAX_HEADER else []
                return _distinct(header + found[::-1])
            labelled = _labelled(sibling, node.parent)
            if _lead_like(sibling, block) and not labelled:
                found.append(sibling)
            elif block.text <= 2 * _SMALL and (labelled or sibling.find(PICTURES) is not None):
                continue  # a byline, a date line, a photo and its caption
            elif block.text > _SMALL or block.prose > _MIN_LEAD:
                return []  # something else stands between the headline and the body
        node = node.parent
    return []
