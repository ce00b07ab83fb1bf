"""Benchmark newsflow's language detection on labelled text, against the stopword guess it replaced.

    .venv/bin/python bench/language.py [--semeval FILE] [--pages DIR ...]

Labelled texts: the news articles of SemEval-2022 task 8 (../shared/eval/similarity), each
with its language field. Accuracy counts "no answer" as wrong; the target is on texts of 200
characters or more. A second table takes the truth bodies of the extraction sets (fundus:
pages from 41 countries) and compares each detector's answer with the language the page itself
declares: not a label (pages mis-declare), but it covers languages SemEval lacks.
Speed: ms per text, both detectors on the same texts in this one process; py3langid's model
loading, once per process, is timed apart. The last line sums it up.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.language_stopwords import detect_by_stopwords  # noqa: E402
from tasks.extract.language import _identifier, declared_language, detect_language  # noqa: E402

Detector = Callable[[str], str | None]
DETECTORS: dict[str, Detector] = {"py3langid": detect_language, "stopwords": detect_by_stopwords}
MIN_CHARS = 200
_EVAL = Path("shared") / "eval"
EVAL = next((p / _EVAL for p in ROOT.parents if (p / _EVAL).is_dir()), ROOT.parent / _EVAL)


def semeval_texts(path: Path) -> list[tuple[str, str]]:
    """(text, language) of every distinct article in the SemEval pairs."""
    texts: dict[str, str] = {}
    with path.open(encoding="utf-8") as lines:
        for line in lines:
            row = json.loads(line)
            for side in ("1", "2"):
                text, lang = row.get(f"text{side}"), row.get(f"lang{side}")
                if isinstance(text, str) and isinstance(lang, str) and text.strip():
                    texts[text] = lang
    return list(texts.items())


def _declared(html: bytes) -> str | None:
    from tasks.decode import decode_html
    from tasks.extract.jsonld import find_article, parse_jsonld
    from tasks.extract.meta import read_meta
    from tasks.extract.page_index import PageIndex
    from tasks.extract.preclean import strip_non_content
    from tasks.extract.tree import parse_page

    cleaned, blocks = strip_non_content(decode_html(html)[0])
    meta = read_meta(PageIndex(parse_page(cleaned)))
    return declared_language(meta, find_article(parse_jsonld(blocks)) or {})


def declared_texts(folder: Path) -> list[tuple[str, str]]:
    """(truth body, declared language) of the pages in an extraction set that declare one."""
    found: list[tuple[str, str]] = []
    with (folder / "truth.jsonl").open(encoding="utf-8") as lines:
        for line in lines:
            truth = json.loads(line)
            page = folder / "pages" / f"{truth['id']}.html.gz"
            if not truth.get("body") or not page.exists():
                continue
            lang = _declared(gzip.decompress(page.read_bytes()))
            if lang:
                found.append((truth["body"], lang))
    return found


def run(items: list[tuple[str, str]]) -> dict[str, tuple[list[str | None], float]]:
    """Each detector's answers and its ms per text."""
    results: dict[str, tuple[list[str | None], float]] = {}
    for name, detect in DETECTORS.items():
        started = time.perf_counter()
        answers = [detect(text) for text, _ in items]
        elapsed = time.perf_counter() - started
        results[name] = (answers, 1000 * elapsed / max(1, len(items)))
    return results


def _accuracy(items: list[tuple[str, str]], answers: list[str | None]) -> float:
    right = sum(answer == lang for (_, lang), answer in zip(items, answers, strict=True))
    return right / max(1, len(items))


def report(title: str, items: list[tuple[str, str]]) -> dict[str, tuple[float, float]]:
    """Print accuracy per language and overall; return (accuracy, ms per text) per detector."""
    results = run(items)
    names = list(DETECTORS)
    print(f"\n{title}: {len(items)} texts")
    print(f"{'language':10}{'texts':>7}" + "".join(f"{n:>12}" for n in names))
    for lang, count in Counter(lang for _, lang in items).most_common():
        rows = [i for i, (_, label) in enumerate(items) if label == lang]
        subset = [items[i] for i in rows]
        cells = [_accuracy(subset, [results[n][0][i] for i in rows]) for n in names]
        print(f"{lang:10}{count:>7}" + "".join(f"{cell:>12.3f}" for cell in cells))
    summary = {n: (_accuracy(items, results[n][0]), results[n][1]) for n in names}
    print(f"{'all':10}{len(items):>7}" + "".join(f"{summary[n][0]:>12.4f}" for n in names))
    print(f"{'ms/text':17}" + "".join(f"{summary[n][1]:>12.3f}" for n in names))
    for name in names:
        wrong = [
            f"{lang}->{answer}"
            for (_, lang), answer in zip(items, results[name][0], strict=True)
            if answer != lang
        ]
        print(f"{name} misses: {dict(Counter(wrong).most_common(8))}")
    return summary


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--semeval", type=Path, default=EVAL / "similarity" / "semeval2022.jsonl")
    parser.add_argument(
        "--pages", type=Path, action="append", help="extraction set folders (default: fundus)"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    _identifier()
    print(f"py3langid model loaded in {time.perf_counter() - started:.2f} s (once per process)")
    texts = semeval_texts(args.semeval)
    long_texts = [(t, lang) for t, lang in texts if len(t) >= MIN_CHARS]
    short_texts = [(t, lang) for t, lang in texts if len(t) < MIN_CHARS]
    summary = report(f"SemEval-2022 texts of {MIN_CHARS}+ characters", long_texts)
    if short_texts:
        report(f"SemEval-2022 texts under {MIN_CHARS} characters", short_texts)
    for folder in args.pages or [EVAL / "extraction" / "fundus"]:
        if (folder / "truth.jsonl").exists():
            report(f"{folder.name} truth bodies against the page's declared language", [
                item for item in declared_texts(folder) if len(item[0]) >= MIN_CHARS
            ])  # fmt: skip
    (accuracy, ms), (baseline, baseline_ms) = summary["py3langid"], summary["stopwords"]
    print(
        f"language: py3langid accuracy {accuracy:.4f} on {len(long_texts)} texts >= {MIN_CHARS} "
        f"chars (stopwords {baseline:.4f}), {ms:.2f} ms/text (stopwords {baseline_ms:.2f}) "
        "(target >= 0.98)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
