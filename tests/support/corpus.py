"""A mixed inbox written by code: distinct articles, exact copies far apart in path order (so
that they land in different batches), near-copies (a wire story with another header and
ending), reports of one event by several outlets, and bad files."""

from __future__ import annotations

import json
import random
from pathlib import Path

from tests.support.files import write_bad_inputs

_SYLLABLES = ["ba", "ko", "ri", "ten", "mar", "lo", "vi", "sen", "da", "pol", "gra", "nu"]
_COMMON = ["the", "a", "of", "to", "and", "in", "on", "for", "with", "said", "after", "from"]
_OUTLETS = ("harbor-gazette", "valley-times", "metro-wire", "north-post")


def _words(rng: random.Random, vocabulary: list[str], count: int) -> str:
    return " ".join(
        rng.choice(_COMMON) if rng.random() < 0.4 else rng.choice(vocabulary) for _ in range(count)
    )


def _paragraphs(rng: random.Random, vocabulary: list[str], count: int) -> list[str]:
    return [_words(rng, vocabulary, rng.randint(40, 70)).capitalize() + "." for _ in range(count)]


def write_mixed_inbox(folder: Path, stories: int = 60, seed: int = 3) -> int:
    """Write the inbox; return the number of files written (bad ones included)."""
    rng = random.Random(seed)
    vocabulary = sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(800)})
    files = 0
    for number in range(stories):
        outlet = _OUTLETS[number % len(_OUTLETS)]
        topic = rng.sample(vocabulary, 40)
        title = " ".join(rng.sample(topic, 6)).capitalize()
        body = _paragraphs(rng, topic, rng.randint(3, 6))
        day = f"2026-01-{1 + number % 9:02d}"
        _write(folder / outlet / f"{day}-{number:03d}.txt", title, body)
        files += 1
        if number % 5 == 0:  # the same text again, under a name sorting far away
            _write(folder / "zz-archive" / f"copy-{number:03d}.txt", title, body)
            files += 1
        if number % 4 == 1:  # a wire copy: another outlet's header and footer
            wire = [f"({outlet.upper()}) {body[0]}", *body[1:], "Reporting by the wire desk."]
            other = _OUTLETS[(number + 1) % len(_OUTLETS)]
            _write(folder / other / f"{day}-wire-{number:03d}.txt", title, wire)
            files += 1
        if number % 6 == 2:  # the same event told by another outlet, in its own words
            retold = _paragraphs(rng, topic, 3)
            other = _OUTLETS[(number + 2) % len(_OUTLETS)]
            item = {"title": title, "body": "\n\n".join(retold), "published": f"{day}T09:00:00Z"}
            path = folder / other / f"{day}-event-{number:03d}.json"
            path.write_text(json.dumps(item), "utf-8")
            files += 1
    return files + len(write_bad_inputs(folder / "zz-bad"))


def _write(path: Path, title: str, paragraphs: list[str]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"{title}\n\n" + "\n\n".join(paragraphs) + "\n", "utf-8")


def write_big_families(folder: Path, outlets: int = 14, seed: int = 5) -> int:
    """One wire story carried by ``outlets`` outlets (near-copies: each its own header and
    ending) and one event told by as many in their own words: families larger than the links a
    document keeps (``LINKS_PER_DOC``), spread over the path order. Return the files written."""
    rng = random.Random(seed)
    vocabulary = sorted({"".join(rng.choices(_SYLLABLES, k=rng.randint(2, 4))) for _ in range(400)})
    topic = rng.sample(vocabulary, 40)
    title = " ".join(rng.sample(topic, 6)).capitalize()
    wire = _paragraphs(rng, topic, 6)
    for number in range(outlets):
        outlet = f"outlet-{(number * 7) % outlets:02d}"
        copy = [f"({outlet.upper()}) {wire[0]}", *wire[1:], f"Carried by {outlet} desk {number}."]
        _write(folder / outlet / f"2026-01-03-wire-{number:03d}.txt", title, copy)
        retold = _paragraphs(rng, topic, 3)
        _write(folder / outlet / f"2026-01-03-event-{number:03d}.txt", title, retold)
    return 2 * outlets
