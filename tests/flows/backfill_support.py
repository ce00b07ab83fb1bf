"""A simulated news site wired up as a newsflow source, for the backfill tests and the bench."""

from __future__ import annotations

from pathlib import Path

from tests.simsite import SimSite


def write_sources_file(path: Path, site: SimSite, *, names: tuple[str, ...] = ("news",)) -> Path:
    """A sources.toml with one sitemap source per simulated publisher host in ``names``."""
    blocks = [
        f'[sources.{name}]\nkind = "sitemap"\n'
        f'urls = ["{site.url(name, "/sitemap_index.xml")}"]\n'
        'min_delay = 0.0\nconcurrency = 4\nallow_hosts = ["127.0.0.1"]\n'
        for name in names
    ]
    path.write_text("\n".join(blocks), "utf-8")
    return path
