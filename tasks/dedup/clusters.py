"""Clusters as connected components of pairwise links, named so that any order gives one answer.

A cluster's id is the smallest ``article_id`` among its members (article ids are content
hashes, so this is stable and needs no counter). Its representative, shown by the views, is
chosen by ``REPRESENTATIVE_RULE``.
"""

from __future__ import annotations

from collections.abc import Iterable

REPRESENTATIVE_RULE = (
    "earliest event time (published, else first seen), then most complete metadata "
    "(title, authors, published date, canonical URL present), then most words, "
    "then smallest article_id"
)


def components(members: Iterable[str], links: Iterable[tuple[str, str]]) -> dict[str, str]:
    """Map every member (and every linked id) to the smallest id of its connected component."""
    parent: dict[str, str] = {}

    def find(node: str) -> str:
        parent.setdefault(node, node)
        root = node
        while parent[root] != root:
            root = parent[root]
        while parent[node] != root:
            parent[node], node = root, parent[node]
        return root

    for member in members:
        find(member)
    for first, second in links:
        root_first, root_second = find(first), find(second)
        if root_first != root_second:
            low, high = sorted((root_first, root_second))
            parent[high] = low
    return {node: find(node) for node in list(parent)}
