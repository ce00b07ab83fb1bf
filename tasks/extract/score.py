"""Find the elements that hold the article: paragraphs of prose, close together.

One pass over the tree measures, for every block element, the text of its own paragraphs
("own text": inline text not inside a nested block), sorted into good (prose-like) or bad
(link lists, short labels). Full sums up the tree guide the pruning later. For choosing the
container, each paragraph credits itself, its parent fully, its grandparent by half and
further ancestors less and less, as readability does: a story's paragraphs sit together, a
list of teasers spreads them over many small boxes. Credit stops at furniture (nav, aside,
footer, a "comments" or "related" box), so such boxes never win, yet an article inside a
page wrapper with an unlucky class name ("has-sidebar") still does.
"""

from __future__ import annotations

from dataclasses import dataclass

from bs4.element import NavigableString, Tag

from tasks.extract.hints import (
    attr_text,
    class_hint,
    hidden_by_class,
    is_hidden,
    names_story_body,
    negative_words,
)
from tasks.extract.rules.boilerplate import BOX_WORDS
from tasks.extract.rules.prose import CJK, SENTENCE_END
from tasks.extract.rules.tags import BLOCK_TAGS, BOX_TAGS, FURNITURE_TAGS, HEADINGS

PENALTY = 0.6
_CREDIT = (1.0, 1.0, 0.5, 1 / 6, 1 / 9, 1 / 12)  # self, parent, grandparent, ...
_POSITIVE_BONUS = 1.2
_MAX_NODES = 400_000
_WIDEN_STEPS = 6
_BOXED_MARGIN = 10.0
_ITEM_PROSE = 300  # characters of prose per linked item heading in a list article
_WRAPPER_SLACK = 40  # characters a wrapper may add around the text it wraps (a label)


@dataclass(slots=True)
class BlockStats:
    text: int = 0  # characters of text below, all of it
    links: int = 0  # characters of that text inside links
    prose: float = 0.0  # characters in prose-like paragraphs below
    paragraphs: int = 0  # prose-like paragraphs below
    credit: float = 0.0  # decayed credit from the paragraphs below, furniture excluded
    debit: float = 0.0  # decayed credit of the non-prose text below
    clean: float = 0.0  # prose characters below, furniture boxes excluded
    link_blocks: int = 0  # blocks below that are mostly link text
    link_headings: int = 0  # headings below that are mostly link text (teasers)
    boxed: bool = False  # inside a furniture box (comments, footer, aside): never the article


@dataclass(slots=True)
class _Frame:
    node: Tag
    stats: BlockStats
    pieces: list[str]
    own_links: int
    furniture: bool
    boxing: bool | None = None  # _boxing(node), once a child block asks


def _boxing(node: Tag) -> bool:
    """Furniture that holds whole other texts (comments, footers, side columns), not a page
    wrapper that merely carries an unlucky class name."""
    if node.name in BOX_TAGS:
        return True
    return negative_words(node) and BOX_WORDS.search(attr_text(node)) is not None


def _looks_like_code(text: str) -> bool:
    """JSON, escaped markup or script text that leaked into the page as text, not prose."""
    marks = sum(text.count(c) for c in ("{", "}", "\\", "<", ">", '":', '="'))
    return marks > 0.02 * len(text)


def _classify(own: str, own_links: int, name: str) -> tuple[float, float]:
    length = len(own)
    if not length:
        return 0.0, 0.0
    # Chinese, Japanese and Korean say in one character what takes three in other scripts.
    weighed = length * 3 if CJK.match(own) else length
    density = own_links / length
    if density > 0.5:
        return 0.0, float(length)
    if name in HEADINGS:
        return (0.3 * length, 0.0) if length < 200 else (0.0, float(length))
    prose = weighed >= 80 or (weighed >= 25 and SENTENCE_END.search(own) is not None)
    if prose and length >= 80 and _looks_like_code(own):
        return 0.0, float(length)
    if prose and density < 0.3:
        return float(length), float(own_links)
    return 0.0, float(length)


def measure(root: Tag) -> tuple[dict[int, BlockStats], list[Tag], bool]:
    """Stats for every block element below ``root`` (keyed by id), those elements in document
    order, and whether the walk was cut."""
    stats: dict[int, BlockStats] = {}
    blocks: list[Tag] = []
    frames: list[_Frame] = []
    # Elements to enter, and (tag,) when the walk leaves that tag.
    stack: list[object] = [root]
    link_depth = 0
    visited = 0
    truncated = False
    while stack:
        node = stack.pop()
        visited += 1
        if visited > _MAX_NODES:
            truncated = True
            break
        kind = type(node)
        if kind is NavigableString:
            if frames:
                piece = node.strip()  # type: ignore[attr-defined]
                if piece:
                    frame = frames[-1]
                    frame.pieces.append(piece)
                    if link_depth:
                        frame.own_links += len(piece)
            continue
        if kind is tuple:
            left: Tag = node[0]  # type: ignore[index]
            name = left.name
            if name == "a":
                link_depth -= 1
            if name in BLOCK_TAGS or left is root:
                _close(frames, stats)
            continue
        if not isinstance(node, Tag) or is_hidden(node):
            continue  # a comment, a doctype or a hidden element
        name = node.name
        stack.append((node,))
        if name == "a":
            link_depth += 1
        if name in BLOCK_TAGS or node is root:
            furniture = name in FURNITURE_TAGS or class_hint(node) < 0
            # A box hidden by its class (a sign-in prompt, a collapsed answer) never wins,
            # yet its text still counts for the story around it.
            hidden = hidden_by_class(node)
            block = BlockStats(boxed=hidden)
            if frames:
                parent = frames[-1]
                if parent.furniture and parent.boxing is None:
                    parent.boxing = _boxing(parent.node)
                block.boxed = hidden or parent.stats.boxed or bool(parent.boxing)
            frames.append(_Frame(node, block, [], 0, furniture))
            if node is not root:
                blocks.append(node)
        stack.extend(reversed(node.contents))
    while frames:
        _close(frames, stats)
    return stats, blocks, truncated


def _close(frames: list[_Frame], stats: dict[int, BlockStats]) -> None:
    frame = frames.pop()
    block = frame.stats
    own = " ".join(frame.pieces)
    good, bad = _classify(own, frame.own_links, frame.node.name)
    block.text += len(own)
    block.links += frame.own_links
    block.prose += good
    block.paragraphs += good >= 25 and frame.node.name not in HEADINGS
    block.clean += good
    block.link_blocks += bool(own) and frame.own_links > 0.5 * len(own)
    block.link_headings += frame.node.name in HEADINGS and frame.own_links > 0.5 * len(own) > 0
    if frame.furniture:
        block.clean = 0.0
    if good or bad:
        chain = [frame, *reversed(frames[-(len(_CREDIT) - 1) :])]
        for weight, holder in zip(_CREDIT, chain, strict=False):
            if holder.furniture:
                break
            holder.stats.credit += weight * good
            holder.stats.debit += weight * bad
    stats[id(frame.node)] = block
    if frames:
        parent = frames[-1].stats
        parent.text += block.text
        parent.links += block.links
        parent.prose += block.prose
        parent.paragraphs += block.paragraphs
        parent.clean += block.clean
        parent.link_blocks += block.link_blocks
        parent.link_headings += block.link_headings


def _score(node: Tag, block: BlockStats) -> float:
    score = block.credit - PENALTY * block.debit
    if class_hint(node) > 0 or node.name in ("article", "main"):
        score *= _POSITIVE_BONUS
    return score


def _widen(best: Tag, root: Tag, stats: dict[int, BlockStats]) -> Tag:
    """Climb to an ancestor that adds more of the story (a body split into chunks) but
    little else: few link blocks and little non-prose text per added paragraph."""
    chosen = stats[id(best)]
    node = best
    steps = 0
    while node is not root and steps < _WIDEN_STEPS and isinstance(node.parent, Tag):
        node = node.parent
        block = stats.get(id(node))
        if block is None:
            break
        steps += 1
        added_prose = block.clean - chosen.clean
        if added_prose <= 0:
            continue
        added_noise = (block.text - block.clean) - (chosen.text - chosen.clean)
        added_paragraphs = block.paragraphs - chosen.paragraphs
        added_links = block.link_blocks - chosen.link_blocks
        added_link_text = block.links - chosen.links
        added_teasers = block.link_headings - chosen.link_headings
        # Buying guides put a short "shop now" link after every item: few link characters
        # overall, however many link blocks; teaser lists put a linked headline on each.
        few_links = added_links <= 1 + 0.25 * added_paragraphs or (
            added_link_text <= 0.25 * added_prose and added_teasers <= 1 + 0.25 * added_paragraphs
        )
        # A list article links each item's heading (a book, a product) and then discusses
        # it at length, in several paragraphs or one long one; a teaser list gives each
        # linked headline a line or two.
        lengthy = added_prose >= 3 * _ITEM_PROSE * added_teasers
        reviewed = (
            (added_paragraphs >= 1.5 * added_teasers or lengthy)
            and added_prose >= _ITEM_PROSE * added_teasers
            and added_link_text <= 0.3 * added_prose
        )
        few_links = few_links or reviewed
        # The element the theme names as the story's body holds the rest of it: an intro
        # beside a list, product links between the paragraphs.
        named = (
            names_story_body(node)
            and not block.boxed
            and added_link_text <= 0.8 * added_prose
            and added_noise <= 1.5 * added_prose
        )
        if (added_noise <= 0.5 * added_prose and few_links) or named:
            best, chosen, steps = node, block, 0
    return best


def _outer_wrapper(best: Tag, root: Tag, stats: dict[int, BlockStats]) -> Tag:
    """The outermost ancestor that wraps ``best`` and next to nothing else: a page builder
    nests each chunk of the story in a box of boxes, so the next chunk is a sibling of the
    outer box, not of the text inside it."""
    text = stats[id(best)].text
    node = best
    while isinstance(node.parent, Tag) and node.parent is not root:
        block = stats.get(id(node.parent))
        if block is None or block.text > text + _WRAPPER_SLACK:
            break
        node = node.parent
    return node


def choose_containers(root: Tag, stats: dict[int, BlockStats], blocks: list[Tag]) -> list[Tag]:
    """The best-scored block and those of its siblings that continue the story, in order;
    ``blocks`` are the measured block elements below ``root`` in document order."""
    best: Tag | None = None
    best_score = 0.0
    boxed: Tag | None = None
    boxed_score = 0.0
    for node in blocks:
        block = stats.get(id(node))
        if block is None or block.credit <= 0:
            continue
        score = _score(node, block)
        if block.boxed:
            if score > boxed_score:
                boxed, boxed_score = node, score
        elif score > best_score:
            best, best_score = node, score
    if boxed is not None and (best is None or boxed_score > _BOXED_MARGIN * best_score):
        # Nothing unboxed comes close: the box is a stray one around the whole story
        # (markup left unclosed above it), not a comment thread beside it.
        best, best_score = boxed, boxed_score
    if best is None:
        return []
    best = _widen(best, root, stats)
    if best is root or not isinstance(best.parent, Tag):
        return [best]
    threshold = max(10.0, 0.2 * best_score)
    anchor = _outer_wrapper(best, root, stats)
    if not isinstance(anchor.parent, Tag):
        return [best]
    chosen: list[Tag] = []
    for sibling in anchor.parent.children:
        if sibling is anchor:
            chosen.append(best)
            continue
        if not isinstance(sibling, Tag):
            continue
        block = stats.get(id(sibling))
        if block is None or block.prose <= 0 or class_hint(sibling) < 0:
            continue
        density = block.links / block.text if block.text else 1.0
        few_links = block.link_blocks <= 1 + 0.25 * block.paragraphs
        # A continuation (a live blog's entries, the second half of a split body) carries
        # mostly prose even when its timestamps and share buttons weigh its score down.
        continues = block.paragraphs >= 3 and block.clean >= 0.5 * block.text
        if (_score(sibling, block) >= threshold or continues) and density < 0.3 and few_links:
            chosen.append(sibling)
    return chosen
