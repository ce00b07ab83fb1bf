"""End to end: serve the scrapinghub pages over HTTP, ingest them through ``ingest_feeds`` and
score the warehouse bodies with the shingle F1 against extraction run directly on the same
bytes (what ``bench/extraction.py`` reports). Equal scores mean nothing was lost in between.

    .venv/bin/python bench/fetch_e2e.py [--data ../shared/eval/extraction/scrapinghub]

A local server on 127.0.0.1 serves every page at its original path (bytes as captured, no
charset header) and an RSS feed listing them; a temporary data directory holds the warehouse.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit
from xml.sax.saxutils import escape

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scoring_extraction import shingle_prf  # noqa: E402

DEFAULT_DATA = ROOT.parent / "shared" / "eval" / "extraction" / "scrapinghub"


def _path_of(url: str) -> str:
    parts = urlsplit(url)
    return (parts.path or "/") + (f"?{parts.query}" if parts.query else "")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    if not (args.data / "truth.jsonl").is_file():
        print(f"fetch_e2e: no evaluation data at {args.data}")
        return 2
    truths = [json.loads(line) for line in (args.data / "truth.jsonl").open() if line.strip()]
    pages = {t["id"]: gzip.decompress((args.data / "pages" / f"{t['id']}.html.gz").read_bytes())
             for t in truths}  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="newsflow-e2e-") as scratch:
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        os.environ.setdefault("DO_NOT_TRACK", "1")
        os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")
        os.environ.setdefault("PREFECT_HOME", str(Path(scratch) / "prefect"))
        os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "180")
        return _run(truths, pages, Path(scratch))


def _run(truths: list[dict[str, str]], pages: dict[str, bytes], scratch: Path) -> int:
    from flows.ingest_feeds import ingest_feeds
    from tasks.extract import extract_article
    from tests.simsite.server import Reply, RequestLog, SimHost
    from warehouse.connection import read_connection

    by_path = {_path_of(t["url"]): t["id"] for t in truths}

    def route(path: str, headers: dict[str, str]) -> Reply:
        if path == "/feed.xml":
            return Reply(body=feed.encode(), content_type="application/rss+xml")
        if path in by_path:
            return Reply(body=pages[by_path[path]], content_type="text/html")
        return Reply(status=404, body=b"")

    host = SimHost("e2e", route, RequestLog())
    items = "".join(f"<item><link>{escape(host.base_url + p)}</link></item>" for p in by_path)
    feed = f'<rss version="2.0"><channel><title>e2e</title>{items}</channel></rss>'
    sources = scratch / "sources.toml"
    sources.write_text(
        f'[sources.e2e]\nkind = "feed"\nurls = ["{host.base_url}/feed.xml"]\n'
        'min_delay = 0.0\nconcurrency = 4\nmax_articles = 1000\nallow_hosts = ["127.0.0.1"]\n'
    )
    host.start()
    try:
        started = time.perf_counter()
        summary = ingest_feeds(
            sources=["e2e"], sources_file=str(sources), data_dir=str(scratch / "data")
        )
        seconds = time.perf_counter() - started
    finally:
        host.stop()

    with read_connection(scratch / "data" / "newsflow.duckdb") as connection:
        rows = connection.execute(
            "SELECT s.location, a.body FROM sightings s JOIN articles a USING (article_id)"
        ).fetchall()
        rejects = connection.execute("SELECT input, reason FROM rejects").fetchall()
    stored = {location: body for location, body in rows}

    direct = [(t["body"], extract_article(pages[t["id"]], t["url"]).body) for t in truths]
    through = [(t["body"], stored.get(host.base_url + _path_of(t["url"]), "")) for t in truths]
    direct_prf, through_prf = shingle_prf(direct), shingle_prf(through)
    differing = sum(1 for (_, a), (_, b) in zip(direct, through, strict=True) if a != b)
    print(f"pages: {len(truths)}; ingested in {seconds:.1f} s; articles stored "
          f"{len(stored)}; rejects {len(rejects)}; warehouse new {summary['new']}, "
          f"duplicate {summary['duplicate']}")  # fmt: skip
    for location, reason in rejects[:10]:
        print(f"  reject {reason}: {location}")
    print(f"direct extraction (as bench/extraction.py): P={direct_prf.precision:.4f} "
          f"R={direct_prf.recall:.4f} F1={direct_prf.f1:.4f}")  # fmt: skip
    print(f"through fetch + warehouse:                 P={through_prf.precision:.4f} "
          f"R={through_prf.recall:.4f} F1={through_prf.f1:.4f}")  # fmt: skip
    print(f"pages whose stored body differs from direct extraction: {differing}")
    same = abs(direct_prf.f1 - through_prf.f1) < 1e-9
    print(f"fetch_e2e: shingle_f1={through_prf.f1:.4f} vs direct {direct_prf.f1:.4f} "
          f"({'equal' if same else 'DIFFERENT'}) (target: equal)")  # fmt: skip
    return 0 if same else 1


if __name__ == "__main__":
    raise SystemExit(main())
