"""How long hostile inputs take before they are refused or cut short: XML entity bombs in a
feed, and pathological HTML pages in the extractor (the tests check what comes out; how fast
is measured here, since a busy machine makes timed tests fail for no fault of the code).

    .venv/bin/python bench/hostile_inputs.py
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tasks.discover.feeds import FeedRejected, parse_feed  # noqa: E402
from tasks.extract import extract_article  # noqa: E402
from tests.simsite import content  # noqa: E402
from tests.tasks.extract.test_robustness import CASES  # noqa: E402

XML_TARGET_MS = 500.0
PAGE_TARGET_MS = 20_000.0


def _worst_ms(run: Callable[[], object], repeats: int = 3) -> float:
    worst = 0.0
    for _ in range(repeats):
        started = time.perf_counter()
        run()
        worst = max(worst, (time.perf_counter() - started) * 1000)
    return worst


def _refused(document: str) -> None:
    try:
        parse_feed(document.encode())
    except FeedRejected:
        return
    raise AssertionError("a hostile feed was parsed")


def main() -> int:
    xml = {
        "billion laughs": _worst_ms(partial(_refused, content.BILLION_LAUGHS)),
        "external entity": _worst_ms(partial(_refused, content.EXTERNAL_ENTITY)),
    }
    pages = {name: _worst_ms(partial(extract_article, page, None), 1)
             for name, page in CASES.items()}  # fmt: skip
    for name, ms in [*xml.items(), *pages.items()]:
        print(f"{name:>16}: {ms:9.2f} ms")
    print(
        f"hostile_inputs: xml_bomb_worst={max(xml.values()):.2f} ms "
        f"pathological_page_worst={max(pages.values()):.1f} ms "
        f"(target: xml < {XML_TARGET_MS:.0f} ms, pages < {PAGE_TARGET_MS:.0f} ms)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
