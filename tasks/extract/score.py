"""Find the element that holds the article: most paragraph text, least furniture around it.

One pass over the tree measures, for every block element, the text of its own paragraphs
("own text": inline text not inside a nested block) and sums it up the tree as good
(prose-like paragraphs) or bad (link lists, short labels, text under furniture). The
container maximising good - PENALTY * bad is the article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from bs4.element import NavigableString, Tag

from tasks.extract.hints import BLOCK_TAGS, FURNITURE_TAGS, HEADINGS, class_hint, is_hidden

PENALTY = 0.6
_SENTENCE_END = re.compile(r"[.!?。…:;»”\"')]\s|[.!?。…]$")
_POSITIVE_BONUS = 1.15
_MAX_NODES = 400_000


@dataclass
class BlockStats:
    text: int = 0  # characters of text below, all of it
    links: int = 0  # characters of that text inside links
    good: float = 0.0
    bad: float = 0.0
    paragraphs: int = 0


def _classify(own: str, own_links: int, name: str, furniture: bool) -> tuple[float, float, int]:
    length = len(own)
    if not length:
        return 0.0, 0.0, 0
    if furniture:
        return 0.0, float(length), 0
    if name in HEADINGS:
        return (0.3 * length, 0.0, 0) if length < 200 else (0.0, float(length), 0)
    density = own_links / length
    if density > 0.5:
        return 0.0, float(length), 0
    prose = length >= 80 or (length >= 25 and _SENTENCE_END.search(own) is not None)
    if prose and density < 0.3:
        return float(length), float(own_links), 1
    return 0.0, float(length), 0


def measure(root: Tag) -> tuple[dict[int, BlockStats], bool]:
    """Stats for every block element below ``root`` (keyed by id) and whether the walk was cut."""
    stats: dict[int, BlockStats] = {}
    # Each frame: element, its stats, own text pieces, own link chars, furniture flag.
    frames: list[tuple[Tag, BlockStats, list[str], list[int], bool]] = []
    stack: list[tuple[object, bool]] = [(root, False)]
    link_depth = 0
    visited = 0
    truncated = False
    while stack:
        node, leaving = stack.pop()
        visited += 1
        if visited > _MAX_NODES:
            truncated = True
            break
        if isinstance(node, NavigableString):
            if type(node) is NavigableString and frames:
                piece = node.strip()
                if piece:
                    frame = frames[-1]
                    frame[2].append(piece)
                    if link_depth:
                        frame[3][0] += len(piece)
            continue
        if not isinstance(node, Tag):
            continue
        name = node.name
        if leaving:
            if name == "a":
                link_depth -= 1
            if name in BLOCK_TAGS or node is root:
                _close(frames, stats)
            continue
        if is_hidden(node):
            continue
        stack.append((node, True))
        if name == "a":
            link_depth += 1
        if name in BLOCK_TAGS or node is root:
            parent_furniture = frames[-1][4] if frames else False
            furniture = parent_furniture or name in FURNITURE_TAGS or class_hint(node) < 0
            frames.append((node, BlockStats(), [], [0], furniture))
        stack.extend((child, False) for child in reversed(node.contents))
    while frames:
        _close(frames, stats)
    return stats, truncated


def _close(
    frames: list[tuple[Tag, BlockStats, list[str], list[int], bool]], stats: dict[int, BlockStats]
) -> None:
    node, block, pieces, own_links, furniture = frames.pop()
    own = " ".join(pieces)
    good, bad, paragraphs = _classify(own, own_links[0], node.name, furniture)
    block.text += len(own)
    block.links += own_links[0]
    block.good += good
    block.bad += bad
    block.paragraphs += paragraphs
    stats[id(node)] = block
    if frames:
        parent = frames[-1][1]
        parent.text += block.text
        parent.links += block.links
        parent.good += block.good
        parent.bad += block.bad
        parent.paragraphs += block.paragraphs


def best_container(root: Tag, stats: dict[int, BlockStats]) -> tuple[Tag | None, float]:
    """The block element with the highest score, and that score."""
    best: Tag | None = None
    best_score = 0.0
    for node in root.find_all(BLOCK_TAGS):
        block = stats.get(id(node))
        if block is None or block.good <= 0:
            continue
        score = block.good - PENALTY * block.bad
        if class_hint(node) > 0 or node.name in ("article", "main"):
            score *= _POSITIVE_BONUS
        if score > best_score:
            best, best_score = node, score
    return best, best_score
