from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tasks.dedup.clusters import components

_IDS = st.sampled_from([f"id{n}" for n in range(12)])


def test_components_are_named_by_their_smallest_member() -> None:
    mapping = components(["d", "c", "b", "a", "e"], [("d", "b"), ("b", "c"), ("e", "e")])
    assert mapping == {"a": "a", "b": "b", "c": "b", "d": "b", "e": "e"}


@given(st.lists(st.tuples(_IDS, _IDS), max_size=20), st.randoms(use_true_random=False))
def test_any_order_of_links_gives_the_same_clusters(
    links: list[tuple[str, str]], rng: object
) -> None:
    shuffled = list(links)
    rng.shuffle(shuffled)  # type: ignore[attr-defined]
    flipped = [(b, a) for a, b in shuffled]
    assert components([], links) == components([], flipped)
