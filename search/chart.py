"""Draw an attention-over-time chart with matplotlib (Agg: no display needed)."""

from __future__ import annotations

from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import matplotlib.dates as mdates
import matplotlib.pyplot as plt
from matplotlib.ticker import MaxNLocator

from search.attention import Attention

FORMATS = ("png", "svg")
DPI = 100


def draw_chart(data: Attention, path: Path, *, title: str, width: int, height: int) -> None:
    """Write the chart to ``path`` (PNG or SVG, by its suffix), ``width`` x ``height`` pixels."""
    suffix = path.suffix.lower().lstrip(".")
    if suffix not in FORMATS:
        raise ValueError(f"chart file must end in .png or .svg, not {path.name!r}")
    periods = mdates.date2num(data.periods)  # type: ignore[no-untyped-call]
    figure, axes = plt.subplots(figsize=(width / DPI, height / DPI), dpi=DPI)
    try:
        for name, counts in data.series.items():
            if len(data.periods) == 1:
                axes.bar(periods, counts, label=name, width=0.8 if data.by == "day" else 5)
            else:
                axes.plot(periods, counts, marker="o", markersize=3, linewidth=1.5, label=name)
        axes.set_title(title, fontsize=11)
        axes.set_ylabel(f"articles a {data.by} (near-copies once)")
        axes.yaxis.set_major_locator(MaxNLocator(integer=True))
        axes.set_ylim(bottom=0)
        axes.grid(True, alpha=0.3)
        locator = mdates.AutoDateLocator()  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_locator(locator)
        formatter = mdates.ConciseDateFormatter(locator)  # type: ignore[no-untyped-call]
        axes.xaxis.set_major_formatter(formatter)
        if len(data.series) > 1:
            axes.legend(fontsize=8, loc="upper left")
        figure.tight_layout()
        path.parent.mkdir(parents=True, exist_ok=True)
        figure.savefig(path, format=suffix, dpi=DPI)
    finally:
        plt.close(figure)
