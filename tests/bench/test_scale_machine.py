"""bench/scale_machine.py: the fixed parse the scale benchmark times the machine by, and the
whole-machine CPU readings beside each round."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from bench.scale_machine import MachineTimes, calibration_pages, drift, parse_seconds

_PAGE = """<!doctype html><html><head><title>{title}</title></head><body><article>
<h1>{title}</h1>{paragraphs}</article></body></html>"""


def _eval_dir(root: Path, sets: dict[str, int]) -> Path:
    for name, count in sets.items():
        pages = root / "extraction" / name / "pages"
        pages.mkdir(parents=True)
        for number in range(count):
            title = f"{name} story {number}"
            paragraphs = "".join(
                f"<p>Paragraph {k} of the {title}, with enough words to be kept as text.</p>"
                for k in range(12)
            )
            html = _PAGE.format(title=title, paragraphs=paragraphs)
            (pages / f"page-{number:03d}.html.gz").write_bytes(gzip.compress(html.encode()))
    return root


def test_the_pages_are_spread_over_every_set_and_the_same_each_time(tmp_path: Path) -> None:
    eval_dir = _eval_dir(tmp_path, {"alpha": 10, "beta": 10, "gamma": 10})
    pages = calibration_pages(eval_dir, count=6)
    assert len(pages) == len(set(pages)) == 6
    assert {page.parts[-3] for page in pages} == {"alpha", "beta", "gamma"}
    assert pages == calibration_pages(eval_dir, count=6)


def test_fewer_pages_than_asked_gives_every_page(tmp_path: Path) -> None:
    eval_dir = _eval_dir(tmp_path, {"alpha": 3})
    assert len(calibration_pages(eval_dir, count=24)) == 3


def test_no_pages_is_an_error_not_an_empty_calibration(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        calibration_pages(tmp_path)


def test_the_fixed_parse_runs_in_processes_and_times_their_passes(tmp_path: Path) -> None:
    pages = calibration_pages(_eval_dir(tmp_path, {"alpha": 4}), count=4)
    seconds = parse_seconds(pages, processes=2)
    assert 0 < seconds < 60


def test_drift_is_the_median_of_the_last_tenth_over_the_first() -> None:
    assert drift([1.0, 1.2, 1.1], [1.3, 1.32, 9.0]) == pytest.approx(1.32 / 1.1)


def test_machine_times_only_go_forward() -> None:
    before = MachineTimes.now()
    sum(range(2_000_000))
    used = MachineTimes.now() - before
    assert used.busy >= 0 and used.steal >= 0
    assert before.busy > 0
