"""Benchmark: reading WARC archives (issue 18), FastWARC against warcio, and end to end.

    .venv/bin/python bench/warc.py [--data DIR] [--pages N] [--big-gb 2] [--skip-big]

1. Builds a CC-NEWS-like archive (``bench/warc_archive.py``): the dev eval pages under their
   own URLs, each followed by four responses of other hosts (HTML, JSON, images, revisits),
   every response with its request record, a gzip member per record.
2. Scan and filter by domain (the eval pages' domains), no extraction: records per CPU second
   of this process (one core), with the reader newsflow uses (FastWARC) and with warcio.
3. End to end into a fresh warehouse (extract, stage, load, dedup): kept pages/s from the
   archive, against the same pages dropped as ``.html.gz`` files through the ``ingest_files``
   flow; and how many of the articles came out with the same body both ways.
4. Peak RSS of a process reading a generated archive of ``--big-gb`` GB (a small share of it on
   the kept domains, extracted and staged), written in a temporary folder and deleted after.
   The peak is the process's own (``VmHWM``): ``ru_maxrss`` would count the pages of this
   process it was forked from.
"""

from __future__ import annotations

import argparse
import gzip
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.warc_archive import EvalPage, eval_pages, kept_domains, write_archive  # noqa: E402


def default_data() -> Path:
    for base in (ROOT.parent, ROOT.parent.parent):
        if (base / "shared" / "eval" / "extraction").is_dir():
            return base / "shared" / "eval" / "extraction"
    return ROOT.parent / "shared" / "eval" / "extraction"


def scan_fastwarc(archive: Path, domains: list[str]) -> tuple[int, int, float]:
    from tasks.warc_input import local_opener, read_warc_chunks

    started = time.process_time()
    records = pages = 0
    for chunk in read_warc_chunks(local_opener(archive), str(archive), domains=domains):
        records += chunk.records
        pages += len(chunk.pages)
    return records, pages, time.process_time() - started


def scan_warcio(archive: Path, domains: list[str]) -> tuple[int, int, float]:
    """The same work with warcio: classify, filter by host, read the kept responses."""
    from warcio.archiveiterator import ArchiveIterator

    from tasks.warc_input import host_matches, normalise_domains

    wanted = normalise_domains(domains)
    started = time.process_time()
    records = pages = 0
    with archive.open("rb") as stream:
        for record in ArchiveIterator(stream):
            records += 1
            if record.rec_type != "response":
                continue
            host = urlsplit(record.rec_headers.get_header("WARC-Target-URI") or "").hostname
            if not host or not host_matches(host, wanted):
                continue
            if record.http_headers and record.http_headers.get_statuscode() == "200":
                record.content_stream().read()
                pages += 1
    return records, pages, time.process_time() - started


def warm_up_workers(processes: int) -> None:
    """Start the worker processes and import the extractor there (once per process, like
    Prefect's start-up: not counted)."""
    from tasks.warc_ingest import extract_pages
    from tasks.warc_input import WarcPage

    page = WarcPage("warm-up", 0, "https://a.example/", None, 200, "text/html", None, b"<p>x")
    extract_pages([page] * 50, None, processes)


def end_to_end_warc(archive: Path, domains: list[str], data_dir: Path) -> tuple[float, int]:
    from settings import load_settings
    from staging.steps import StageTarget, stage_steps
    from tasks.dedup.linking import ALGORITHMS
    from tasks.warc_ingest import ingest_archive
    from tasks.warc_input import local_opener
    from warehouse.dedup_run import dedup_pending
    from warehouse.load import load_staged

    settings = load_settings().with_overrides(data_dir=data_dir)
    warm_up_workers(settings.worker_processes)
    started = time.perf_counter()
    steps = ingest_archive(
        local_opener(archive), str(archive), source=None, domains=domains,
        processes=settings.worker_processes, run_id="bench-warc",
    )  # fmt: skip
    target = StageTarget(settings.staging_dir, "bench-warc", "bench_warc", settings.warehouse_file)
    outcome = stage_steps(steps, target)
    load = load_staged(settings)
    dedup_pending(settings, ALGORITHMS)
    assert outcome.done and load.pending_batches == 0, (outcome, load)
    return time.perf_counter() - started, outcome.pages


def end_to_end_files(pages: list[EvalPage], work: Path) -> float:
    from flows.embedded import embedded_run_settings
    from flows.ingest_files import ingest_files

    inbox = work / "inbox" / "pages"
    inbox.mkdir(parents=True)
    for number, page in enumerate(pages):
        (inbox / f"{number:05d}.html.gz").write_bytes(gzip.compress(page.body, 1))
    os.environ["NEWSFLOW_DATA_DIR"] = str(work / "files-data")
    with embedded_run_settings():
        ingest_files(paths=[str(work / "warm")])  # Prefect's start-up, not counted
        started = time.perf_counter()
        summary = ingest_files(paths=[str(work / "inbox")])
    assert summary["files"] == len(pages), summary
    return time.perf_counter() - started


def same_bodies(warc_dir: Path, files_dir: Path) -> tuple[int, int]:
    """Articles of the archive run whose URL the file run has too, and how many of those have
    the same body (the file path cleans trailing boilerplate the page path keeps)."""
    import duckdb

    with duckdb.connect(str(warc_dir / "newsflow.duckdb"), read_only=True) as db:
        db.execute(f"ATTACH '{files_dir / 'newsflow.duckdb'}' AS files (READ_ONLY)")
        row = db.execute(
            "SELECT count(*), count(*) FILTER (WHERE w.content_hash = f.content_hash) "
            "FROM articles w JOIN files.articles f ON f.canonical_url = w.canonical_url"
        ).fetchone()
    return (int(row[0]), int(row[1])) if row else (0, 0)


def big_archive_rss(pages: list[EvalPage], domains: list[str], work: Path, gb: float) -> str:
    archive = work / "big.warc.gz"
    started = time.perf_counter()
    stats = write_archive(archive, pages, level=1, min_bytes=int(gb * 1e9), keep_every=25, seed=2)
    written = time.perf_counter() - started
    code = (
        "import sys, time\n"
        "from pathlib import Path\n"
        "sys.path.insert(0, sys.argv[1])\n"
        "from settings import load_settings\n"
        "from staging.steps import StageTarget, stage_steps\n"
        "from tasks.warc_ingest import ingest_archive\n"
        "from tasks.warc_input import local_opener\n"
        "s = load_settings().with_overrides(data_dir=sys.argv[3], worker_processes=1)\n"
        "t = time.perf_counter()\n"
        "steps = ingest_archive(local_opener(Path(sys.argv[2])), sys.argv[2], source=None,\n"
        "    domains=sys.argv[4].split(','), processes=1, run_id='big')\n"
        "o = stage_steps(steps, StageTarget(s.staging_dir, 'big', 'bench', s.warehouse_file))\n"
        "status = Path('/proc/self/status').read_text()\n"
        "peak = next(l for l in status.splitlines() if l.startswith('VmHWM:'))\n"
        "print(o.records, o.pages, time.perf_counter() - t, int(peak.split()[1]) // 1024)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(ROOT), str(archive), str(work / "big-data"),
         ",".join(domains)],
        check=True, capture_output=True, text=True,
    )  # fmt: skip
    records, kept, seconds, rss_mb = result.stdout.split()
    size_gb = archive.stat().st_size / 1e9
    archive.unlink()
    print(
        f"big archive: {size_gb:.2f} GB, {stats.records:,} records written in {written:.0f} s; "
        f"read {int(records):,} records ({int(kept):,} pages kept, extracted, staged) in "
        f"{float(seconds):.0f} s, peak RSS {rss_mb} MB"
    )
    return rss_mb


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=default_data())
    parser.add_argument("--pages", type=int, default=None, help="eval pages kept (default all)")
    parser.add_argument("--big-gb", type=float, default=2.0)
    parser.add_argument("--skip-big", action="store_true")
    parser.add_argument("--big-only", action="store_true", help="only the memory measurement")
    options = parser.parse_args()
    os.environ.update(
        PREFECT_SERVER_ANALYTICS_ENABLED="false", DO_NOT_TRACK="1",
        PREFECT_LOGGING_LEVEL="WARNING", NEWSFLOW_SETTLE_SECONDS="0",
    )  # fmt: skip
    work = Path(tempfile.mkdtemp(prefix="newsflow-bench-warc-"))
    os.environ["PREFECT_HOME"] = str(work / "prefect")
    (work / "warm").mkdir()
    try:
        run(options, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def run(options: argparse.Namespace, work: Path) -> None:
    pages = eval_pages(options.data, options.pages)
    domains = kept_domains(pages)
    if options.big_only:
        rss = big_archive_rss(pages, domains, work, options.big_gb)
        print(f"warc: peak RSS {rss} MB on {options.big_gb:g} GB (target <= 500)")
        return
    archive = work / "cc-news-like.warc.gz"
    stats = write_archive(archive, pages)
    print(
        f"archive: {stats.records:,} records ({stats.responses:,} responses, {stats.kept:,} "
        f"kept pages on {len(domains)} domains), {stats.compressed_bytes / 1e6:.0f} MB gzipped"
    )
    fast = scan_fastwarc(archive, domains)
    slow = scan_warcio(archive, domains)
    for name, (records, kept, seconds) in (("fastwarc", fast), ("warcio", slow)):
        print(f"scan+filter {name}: {records:,} records, {kept:,} kept, {seconds:.2f} CPU s = "
              f"{records / seconds:,.0f} records/s")  # fmt: skip
    scan_rate = fast[0] / fast[2]
    warc_seconds, kept = end_to_end_warc(archive, domains, work / "warc-data")
    files_seconds = end_to_end_files(pages, work)
    warc_rate, files_rate = kept / warc_seconds, len(pages) / files_seconds
    print(f"end to end, archive: {kept:,} pages in {warc_seconds:.1f} s = {warc_rate:.1f} pages/s")
    print(f"end to end, .html.gz files (ingest_files flow): {len(pages):,} pages in "
          f"{files_seconds:.1f} s = {files_rate:.1f} pages/s")  # fmt: skip
    both, same = same_bodies(work / "warc-data", work / "files-data")
    print(f"articles by canonical URL in both warehouses: {both:,}, same body: {same:,}")
    rss = "skipped" if options.skip_big else big_archive_rss(pages, domains, work, options.big_gb)
    print(
        f"warc: scan {scan_rate:,.0f} records/s (target >= 5000; warcio "
        f"{slow[0] / slow[2]:,.0f}), end to end {warc_rate:.1f} pages/s vs files "
        f"{files_rate:.1f} (target: same), peak RSS {rss} MB on {options.big_gb:g} GB "
        f"(target <= 500); self {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024} MB"
    )


if __name__ == "__main__":
    main()
