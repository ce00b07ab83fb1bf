"""Input files for bench/scale.py, written round by round: what a newsroom drops in two years.

    python bench/scale_corpus.py OUT --articles 200000 --pages 20000 --rounds 40

``OUT/round-NNNN/<source>/...`` holds round N's files; the benchmark moves each source folder
into the inbox (``inbox/<source>/round-NNNN``) when the round starts. With ``--probe``,
``OUT/probe/`` holds one more round of the same kind: the round the benchmark runs again and
again on copies of the warehouse at two sizes (early: after the first tenth of the rounds; final).
Its articles are new, dated in the days of the middle round of the first tenth (``probe_days``),
so that on both states they have the same neighbours to link stories with. Dated after the last
round, as they were, they had the last round's days to link with on the final state and nothing
on the early one, and the probe counted that difference as growth.

- Text articles (``.json``, one article each: url, title, body, published, authors, source),
  day by day over two years, about the same number a day, in the order they were published.
  Words are drawn from the dev bodies' vocabulary (bench/search_corpus.py). Of the originals,
  one in four belongs to a story: 2-5 outlets write their own texts on one event within 3 days,
  sharing its key words in the titles and leads. Two wire services file stories that 1-4 outlets
  republish a few hours later with a wire copy's edits (a dateline, a trimmed last paragraph, an
  editor's note, a new headline in one copy of two).
- HTML pages (``.html.gz``): the dev eval pages, each repeated under distinct URLs (its
  canonical and og:url rewritten) with a few words changed in its text (an edition line before
  the body's first words), spread over the rounds so copies of one page arrive months apart,
  and the sets interleaved in proportion (``interleaved``), so every round parses the same mix:
  in set order, one round got 500 pages of one set and a tenth of the run could cost a twentieth
  more CPU to parse than another, which the benchmark's first/last tenth would read as growth.

Everything comes from one seeded generator; the files' mtimes are set an hour back so the pickup
takes them at once (``settle_seconds``).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import re
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.search_corpus import _Writer, eval_texts, vocabulary

START = datetime(2024, 12, 1, tzinfo=UTC)
DAYS = 730
OUTLETS = tuple(
    f"{name}" for name in ("harbor-gazette", "valley-times", "metro-wire", "north-post",
                           "river-daily", "city-paper", "coast-herald", "plains-courier",
                           "capital-ledger", "evening-star")
)  # fmt: skip
WIRES = ("global-press", "news-agency")
AUTHORS = ("Ana Ruiz", "Tom Okafor", "Jonas Berg", "Mei Tanaka", "Lena Fischer", "Omar Haddad")
_PARAGRAPH = re.compile(r"<(?:p|li|div|td)(?:\s[^>]*)?>\s*(?=[^<]{40})")
_EVAL_SETS = ("fundus", "readability", "scrapinghub", "trafilatura-eval", "wcxb")


@dataclass(frozen=True)
class Page:
    set_name: str
    path: Path
    url: str
    lead: str  # the first words of the true body, where the edition line goes


def eval_pages(extraction: Path) -> list[Page]:
    pages = []
    for set_name in _EVAL_SETS:
        truth = extraction / set_name / "truth.jsonl"
        if not truth.is_file():
            continue
        for line in truth.open(encoding="utf-8"):
            row = json.loads(line)
            path = extraction / set_name / "pages" / f"{row['id']}.html.gz"
            if path.is_file():
                lead = " ".join((row.get("body") or "").split()[:4])
                pages.append(Page(set_name, path, row.get("url") or "", lead))
    return pages


def interleaved(pages: list[Page]) -> list[Page]:
    """``pages`` with their sets interleaved in proportion: each set's k-th of n pages at
    (k + 1/2) / n of the list, so any run of consecutive pages holds each set's share of them
    (to within a page). The order within a set is kept."""
    sizes: dict[str, int] = {}
    ranked: list[tuple[float, int, Page]] = []
    for page in pages:
        sizes[page.set_name] = sizes.get(page.set_name, 0) + 1
    seen: dict[str, int] = {}
    for number, page in enumerate(pages):
        k = seen.get(page.set_name, 0)
        seen[page.set_name] = k + 1
        ranked.append(((k + 0.5) / sizes[page.set_name], number, page))
    return [page for _, _, page in sorted(ranked, key=lambda item: item[:2])]


def page_variant(page: Page, copy: int) -> bytes:
    """The page under another URL, with an edition line in its text (not an exact copy)."""
    html = gzip.decompress(page.path.read_bytes()).decode("utf-8", errors="surrogateescape")
    if copy:
        if page.url:
            html = html.replace(page.url, f"{page.url.rstrip('/')}-edition-{copy}")
        html = re.sub(
            r"(<link[^>]*rel=[\"']?canonical[^>]*href=[\"'])([^\"']+)",
            lambda m: f"{m.group(1)}{m.group(2).rstrip('/')}-e{copy}",
            html,
            count=1,
        )
        edition = f"Edition {copy} update {copy * 7919 % 1000}: "
        for at in _text_starts(html, page.lead):
            html = html[:at] + edition + html[at:]
    return html.encode("utf-8", errors="surrogateescape")


def _text_starts(html: str, lead: str) -> list[int]:
    """Where the true body's lead starts a text node inside ``<body>`` (not the title, a meta
    description or JSON-LD), and the starts of the body's paragraphs of 40 characters or more of
    plain text (the first 3 of each), last first."""
    body = max(html.find("<body"), 0)
    starts = []
    if lead:
        starts += [m.end() for m in re.compile(r">\s*(?=" + re.escape(lead) + ")").finditer(html, body)][:3]  # fmt: skip
    starts += [m.end() for m in _PARAGRAPH.finditer(html, body)][:3]
    return sorted(set(starts), reverse=True)


class TextArticles:
    """Articles day by day: originals, story siblings and wire copies, in publication order."""

    def __init__(self, eval_dir: Path | None, articles: int, seed: int = 23) -> None:
        self.rng = np.random.default_rng(seed)
        self.writer = _Writer(vocabulary(eval_texts(eval_dir)), self.rng)
        self.per_day = articles / DAYS
        self.serial = 0

    def day(self, number: int) -> list[dict[str, object]]:
        rng = self.rng
        out: list[dict[str, object]] = []
        target = int(self.per_day * (number + 1)) - int(self.per_day * number)
        while len(out) < target:
            if rng.random() < 0.25:  # a story: several outlets, their own texts, 3 days
                key = self.writer.draw(3)
                for outlet in rng.choice(len(OUTLETS), size=int(rng.integers(2, 6)), replace=False):
                    when = self._when(number + int(rng.integers(0, 3)))
                    out.append(self._article(OUTLETS[outlet], when, key))
            elif rng.random() < 0.27:  # a wire story and the outlets that carry it
                wire = self._article(WIRES[int(rng.integers(0, 2))], self._when(number))
                out.append(wire)
                for copy in range(int(rng.integers(1, 5))):
                    out.append(self._copy(wire, copy))
            else:
                out.append(self._article(OUTLETS[int(rng.integers(0, len(OUTLETS)))],
                                         self._when(number)))  # fmt: skip
        return out[:target]

    def _when(self, day: int) -> datetime:
        return START + timedelta(days=day, minutes=int(self.rng.integers(0, 1440)))

    def _article(
        self, source: str, when: datetime, key: list[str] | None = None
    ) -> dict[str, object]:
        self.serial += 1
        title, body = self.writer.title(key), self.writer.body(key)
        slug = "-".join(title.lower().split()[:5])
        authors = [AUTHORS[int(i)] for i in self.rng.choice(len(AUTHORS), size=int(self.rng.integers(0, 3)), replace=False)]  # fmt: skip
        return {
            "url": f"https://{source}.example/{when:%Y/%m/%d}/{slug}-{self.serial}",
            "title": title,
            "body": body,
            "published": when.isoformat(),
            "authors": authors,
            "source": source,
        }

    def _copy(self, wire: dict[str, object], number: int) -> dict[str, object]:
        rng = self.rng
        paragraphs = str(wire["body"]).split("\n\n")
        if len(paragraphs) > 3 and rng.random() < 0.5:
            paragraphs = paragraphs[:-1]
        if rng.random() < 0.3:
            paragraphs.insert(1, "Editor's note: " + self.writer.sentence())
        body = "\n\n".join([f"CITY ({wire['source']}) - {paragraphs[0]}", *paragraphs[1:]])
        when = datetime.fromisoformat(str(wire["published"])) + timedelta(
            hours=int(rng.integers(1, 30))
        )
        outlet = OUTLETS[int(rng.integers(0, len(OUTLETS)))]
        copy = self._article(outlet, when)
        copy["body"] = body
        copy["title"] = wire["title"] if rng.random() < 0.5 else copy["title"]
        return copy


def write_rounds(
    out: Path, eval_dir: Path, articles: int, pages: int, rounds: int, *, probe: bool = False
) -> None:
    texts = TextArticles(eval_dir if eval_dir.is_dir() else None, articles)
    sources = interleaved(eval_pages(eval_dir / "extraction"))
    # Copy c of page p is item c * len(sources) + p: every page once, then every page again...
    # (the probe round's items follow the last round's: copies no round has)
    items = pages * (rounds + 1) // rounds if probe else pages
    page_items = [(i // len(sources), sources[i % len(sources)]) for i in range(items)] if sources else []  # fmt: skip
    past = datetime.now(UTC).timestamp() - 3600
    written = 0
    for number in range(rounds + 1 if probe else rounds):
        folder = out / (f"round-{number:04d}" if number < rounds else "probe")
        days_of = number if number < rounds else probe_days(rounds)
        first_day, last_day = DAYS * days_of // rounds, DAYS * (days_of + 1) // rounds
        for day in range(first_day, last_day):
            for article in texts.day(day):
                written += 1
                name = f"{str(article['published'])[:10]}-{written:07d}.json"
                _write(folder / str(article["source"]) / name, json.dumps(article).encode(), past)
        lo, hi = pages * number // rounds, min(pages * (number + 1) // rounds, len(page_items))
        for copy, page in page_items[lo:hi]:
            name = f"{page.path.name[: -len('.html.gz')]}-e{copy}.html.gz"
            data = gzip.compress(page_variant(page, copy), compresslevel=5)
            _write(folder / f"web-{page.set_name}" / name, data, past)


def probe_days(rounds: int) -> int:
    """The round whose days the probe round's articles are dated in: the middle one of the first
    tenth, which the benchmark's early state holds with the rounds on either side of it."""
    return max(1, rounds // 10) // 2


def _write(path: Path, data: bytes, mtime: float) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    os.utime(path, (mtime, mtime))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--eval", type=Path, required=True, help="the shared/eval folder")
    parser.add_argument("--articles", type=int, default=200_000)
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--probe", action="store_true", help="and one more round, OUT/probe")
    args = parser.parse_args()
    write_rounds(args.out, args.eval, args.articles, args.pages, args.rounds, probe=args.probe)


if __name__ == "__main__":
    main()
