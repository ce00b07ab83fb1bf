"""A smoke run over a few real dev pages, when the shared eval data is present."""

import gzip
import json
from pathlib import Path

import pytest

from tasks.extract import extract_article

_EVAL = Path("shared") / "eval" / "extraction"
# Next to the checkout (../shared), or further up for a git worktree in a sub-folder.
EVAL = next(
    (p / _EVAL for p in Path(__file__).resolve().parents[4:] if (p / _EVAL).is_dir()),
    Path(__file__).resolve().parents[4] / _EVAL,
)


@pytest.mark.skipif(not EVAL.exists(), reason="shared eval data absent")
@pytest.mark.parametrize("set_name", ["scrapinghub", "fundus", "wcxb"])
def test_real_pages_extract_with_a_body_and_aware_dates(set_name: str) -> None:
    folder = EVAL / set_name
    lines = (folder / "truth.jsonl").read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in lines[:5]]
    for row in rows:
        html = gzip.decompress((folder / "pages" / f"{row['id']}.html.gz").read_bytes())
        article = extract_article(html, row.get("url"))
        assert article.body
        assert "\n\n\n" not in article.body
        if article.published_at is not None:
            assert article.published_at.tzinfo is not None
