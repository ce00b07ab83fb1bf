"""The script a user would write instead of newsflow: trafilatura in a process pool, one insert.

python bench/ingest_html_peer.py INBOX WAREHOUSE.duckdb
"""

import gzip
import hashlib
import multiprocessing
import os
import sys
from pathlib import Path

import duckdb
import trafilatura


def extract(path: Path) -> tuple[str, str, str | None, str | None] | None:
    html = gzip.decompress(path.read_bytes()).decode("utf-8", errors="replace")
    doc = trafilatura.bare_extraction(html, with_metadata=True)
    if not isinstance(doc, trafilatura.settings.Document) or not doc.text:
        return None
    return hashlib.sha256(doc.text.encode()).hexdigest(), doc.text, doc.title, doc.url


def main(inbox: str, warehouse: str) -> None:
    paths = sorted(Path(inbox).glob("*.html.gz"))
    with multiprocessing.Pool(os.cpu_count()) as pool:
        rows = [row for row in pool.map(extract, paths, chunksize=8) if row is not None]
    unique = list({row[0]: row for row in rows}.values())  # exact dedup on the text hash
    con = duckdb.connect(warehouse)
    con.execute(
        "CREATE TABLE IF NOT EXISTS articles (hash TEXT PRIMARY KEY, body TEXT, title TEXT, url TEXT)"
    )
    con.executemany("INSERT OR IGNORE INTO articles VALUES (?, ?, ?, ?)", unique)
    con.close()
    print(f"peer: {len(paths)} pages, {len(unique)} articles")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
