"""A near-copy test set built from real article bodies by SYNTHETIC edits.

No public labelled set of near-copies exists (see ../shared/eval/README.md), so each "family"
is one dev body from ../shared/eval/extraction (scrapinghub, fundus, wcxb articles) plus
``VARIANTS`` copies, each made with 2 or 3 of these documented edits, as an outlet republishing
a wire story would:

- ``header``: a dateline/agency header paragraph is put in front ("BERLIN (Wire Service) - ...");
- ``footer``: an outlet footer paragraph is appended (copyright, "distributed by", follow us);
- ``trim``: the ending is cut (the last 15-30 % of the paragraphs, one paragraph at least kept);
- ``note``: an editor's note paragraph is inserted after the first paragraph;
- ``title``: the headline is replaced by another one;
- ``rewrap``: paragraphs are hard-wrapped at 60-80 characters (the cleaner rejoins them);
- ``quotes``: straight quotes become typographic ones and back;
- ``drop``: one paragraph from the middle is left out.

Other dev bodies are added untouched as distinct articles. Every choice comes from one seeded
random generator, so the set is the same on every run.
"""

from __future__ import annotations

import json
import random
import textwrap
from dataclasses import dataclass
from pathlib import Path

EDITS = ("header", "footer", "trim", "note", "title", "rewrap", "quotes", "drop")
VARIANTS = 3
MIN_WORDS = 120
_SETS = ("scrapinghub", "fundus", "wcxb")
_AGENCIES = ("Wire Service", "Press Agency", "Newswire", "United Reports")
_CITIES = ("BERLIN", "NEW YORK", "PARIS", "MADRID", "WARSAW", "LONDON")


@dataclass(frozen=True)
class Item:
    family: int  # -1 for a distinct article
    edits: tuple[str, ...]
    document: dict[str, str]  # the JSON file written for the pickup


def dev_bodies(eval_dir: Path) -> list[dict[str, str]]:
    rows = []
    for name in _SETS:
        for line in (eval_dir / "extraction" / name / "truth.jsonl").open(encoding="utf-8"):
            row = json.loads(line)
            body = row.get("body") or ""
            if row.get("page_type", "article") == "article" and len(body.split()) >= MIN_WORDS:
                rows.append({"id": row["id"], "url": row["url"], "title": row.get("title") or "",
                             "body": body})  # fmt: skip
    return sorted(rows, key=lambda r: r["id"])


def build_set(eval_dir: Path, families: int, distinct: int, seed: int = 5) -> list[Item]:
    rng = random.Random(seed)
    rows = dev_bodies(eval_dir)
    rng.shuffle(rows)
    items: list[Item] = []
    for family, row in enumerate(rows[:families]):
        items.append(Item(family, (), _document(row, row["body"], row["title"], "origin", 0)))
        for variant in range(1, VARIANTS + 1):
            edits = tuple(sorted(rng.sample(EDITS, rng.choice((2, 3)))))
            title, body = _edited(rng, row, edits, variant)
            items.append(Item(family, edits, _document(row, body, title, f"outlet{variant}", 0)))
    for row in rows[families : families + distinct]:
        items.append(Item(-1, (), _document(row, row["body"], row["title"], "origin", 0)))
    return items


def write_files(items: list[Item], folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, item in enumerate(items):
        path = folder / f"{number:05d}.json"
        path.write_text(json.dumps(item.document, ensure_ascii=False), "utf-8")
        paths.append(path)
    return paths


def _document(row: dict[str, str], body: str, title: str, outlet: str, _: int) -> dict[str, str]:
    host = f"{outlet}.example" if outlet != "origin" else None
    url = f"https://{host}/{row['id'][:24]}" if host else row["url"]
    return {"url": url, "title": title, "body": body, "source": host or "origin"}


def _paragraphs(body: str) -> list[str]:
    parts = [p.strip() for p in body.replace("\r", "").split("\n")]
    return [p for p in parts if p]


def _edited(
    rng: random.Random, row: dict[str, str], edits: tuple[str, ...], variant: int
) -> tuple[str, str]:
    paragraphs = _paragraphs(row["body"])
    title = row["title"]
    agency = _AGENCIES[variant % len(_AGENCIES)]
    if "drop" in edits and len(paragraphs) >= 4:
        del paragraphs[rng.randrange(1, len(paragraphs) - 1)]
    if "trim" in edits and len(paragraphs) >= 2:
        keep = max(1, round(len(paragraphs) * (1 - rng.uniform(0.15, 0.30))))
        paragraphs = paragraphs[:keep]
    if "note" in edits:
        note = (f"Editor's note: this story was updated on {rng.randint(2, 28)} March to correct "
                f"a detail and to add comments from {agency}.")  # fmt: skip
        paragraphs.insert(1, note)
    if "header" in edits:
        paragraphs.insert(0, f"{rng.choice(_CITIES)} ({agency}) - Reporting by staff of {agency}.")
    if "footer" in edits:
        paragraphs.append(
            f"(c) {rng.randint(2019, 2025)} outlet{variant}. All rights reserved. Distributed by "
            f"{agency}. Follow outlet{variant} for more news from the region."
        )
    if "title" in edits:
        title = f"{agency}: " + " ".join(reversed((title or "news update").split()[:8]))
    if "quotes" in edits:
        paragraphs = [_swap_quotes(p) for p in paragraphs]
    if "rewrap" in edits:
        width = rng.randint(60, 80)
        paragraphs = ["\n".join(textwrap.wrap(p, width)) for p in paragraphs]
    return title, "\n\n".join(paragraphs)


def _swap_quotes(text: str) -> str:
    table = {"\u201c": '"', "\u201d": '"', "\u2019": "'", "\u2018": "'"}
    if any(ch in text for ch in table):
        return "".join(table.get(ch, ch) for ch in text)
    out, opening = [], True
    for ch in text:
        if ch == '"':
            out.append("\u201c" if opening else "\u201d")
            opening = not opening
        else:
            out.append("\u2019" if ch == "'" else ch)
    return "".join(out)
