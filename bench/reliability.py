"""Benchmark: hostile inputs through the real CLI; nothing crashes, nothing is lost (issue 15).

1. The hostile file corpus (``tests/support/hostile_*.py``: every kind beside a good control
   file, each with its exact expected outcome) in one inbox, through ``newsflow ingest``.
2. Single huge inputs up to ``max_file_bytes`` (text, short lines, a JSON list, JSON lines,
   HTML), each through ``newsflow ingest`` on its own, for the peak memory of one input.
3. The web fault corpus (``tests/support/web_faults.py``: servers on 127.0.0.1 that trickle,
   reset, lie, bomb …) through ``newsflow fetch``.

A case is *handled* when its outcome is exactly the expected one, *lost* when its control file
(or a good item of the input) did not load, *silent* when a bad input left neither an article
nor a reject. Peak RSS is sampled over the CLI's whole process tree (workers included): the
largest single process, and the largest sum at one moment.

    .venv/bin/python bench/reliability.py [--skip-web] [--skip-big]
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import httpx
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tasks.file_names import shown_path
from tasks.models import Article, Reject
from tests.support.hostile_files import Observed, build_hostile_corpus, mismatches
from tests.support.web_faults import FAULT_FETCH, RunningFaults

MB = 1024 * 1024


@dataclass
class Run:
    returncode: int
    seconds: float
    peak_process_mb: float
    peak_tree_mb: float
    output: str


def run_cli(args: list[str], env: dict[str, str]) -> Run:
    """``newsflow *args`` in a process of its own, its tree's memory sampled every 20 ms."""
    command = [sys.executable, "-c", "from newsflow.cli import main; main()", *args]
    started = time.monotonic()
    with subprocess.Popen(
        command, env={**os.environ, **env}, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    ) as process:
        peaks = {"process": 0.0, "tree": 0.0}
        done = threading.Event()

        def sample() -> None:
            root = psutil.Process(process.pid)
            while not done.is_set():
                try:
                    tree = [root, *root.children(recursive=True)]
                    sizes = [p.memory_info().rss for p in tree if p.is_running()]
                except psutil.Error:
                    sizes = []
                if sizes:
                    peaks["process"] = max(peaks["process"], max(sizes) / MB)
                    peaks["tree"] = max(peaks["tree"], sum(sizes) / MB)
                done.wait(0.02)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        output, _ = process.communicate()
        done.set()
        sampler.join()
    return Run(
        process.returncode, time.monotonic() - started, peaks["process"], peaks["tree"],
        output.decode("utf-8", "replace"),
    )  # fmt: skip


_PREFECT: dict[str, str] = {}  # the bench's own Prefect server, as a scheduled setup has one


def base_env(data: Path) -> dict[str, str]:
    return {"NEWSFLOW_DATA_DIR": str(data), "NEWSFLOW_SETTLE_SECONDS": "0", **_PREFECT}


@contextmanager
def prefect_server(home: Path) -> Iterator[None]:
    """A Prefect server on a free loopback port for every CLI run of the bench: each run's
    embedded API would otherwise create a database of its own first (a minute, under load)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {
        **os.environ, "PREFECT_HOME": str(home), "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "DO_NOT_TRACK": "1",
    }  # fmt: skip
    command = [sys.executable, "-m", "prefect", "server", "start", "--host", "127.0.0.1",
               "--port", str(port)]  # fmt: skip
    with subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    ) as server:
        url = f"http://127.0.0.1:{port}/api"
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        else:
            server.kill()
            raise RuntimeError("the Prefect server did not start")
        _PREFECT.update(PREFECT_API_URL=url, PREFECT_SERVER_ANALYTICS_ENABLED="false",
                        DO_NOT_TRACK="1")  # fmt: skip
        try:
            yield
        finally:
            server.terminate()
            server.wait(timeout=60)


@dataclass
class Tally:
    inputs: int = 0
    handled: int = 0
    crashed: int = 0
    lost: int = 0
    silent: int = 0


def file_corpus(work: Path, tally: Tally) -> Run:
    inbox = work / "hostile" / "inbox"
    corpus = build_hostile_corpus(inbox)
    data = work / "hostile" / "data"
    run = run_cli(["ingest", str(inbox)], base_env(data))
    if run.returncode != 0:
        tally.crashed += 1
        print(run.output[-2000:])
    seen, rejects = _warehouse_rows(data / "newsflow.duckdb")
    for case in corpus:
        tally.inputs += 1
        folder = shown_path(case.control.parent) + "/"
        control = shown_path(case.control)
        observed = Observed(
            articles=[
                Article(title=t, body=b, source=s, location=loc, warnings=tuple(w or ()))
                for loc, t, b, s, w in seen
                if loc.startswith(folder) and loc != control
            ],
            rejects=[Reject(*row) for row in rejects if row[0].startswith(folder)],
            control_articles=sum(1 for row in seen if row[0] == control),
        )
        problems = mismatches(case, observed)
        if not problems:
            tally.handled += 1
            continue
        print(f"  file {case.kind}: {'; '.join(problems)[:300]}")
        if observed.control_articles != 1 or len(observed.articles) < case.articles:
            tally.lost += 1
        if not observed.articles and not observed.rejects and (case.rejects or case.articles):
            tally.silent += 1
    return run


def _warehouse_rows(path: Path) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    if not path.exists():
        return [], []
    with duckdb.connect(str(path), read_only=True) as connection:
        seen = connection.execute(
            "SELECT s.location, a.title, a.body, s.source, a.warnings"
            " FROM sightings s JOIN articles a USING (article_id)"
        ).fetchall()
        rejects = connection.execute(
            "SELECT input, reason, detail, stage, source FROM rejects"
        ).fetchall()
    return seen, rejects


def _huge_inputs(folder: Path) -> dict[str, Path]:
    """One input each, just under the 20 MB default of max_file_bytes."""
    folder.mkdir(parents=True)
    words = "the council approved the budget after a long debate about roads and schools "
    paragraph = (words * 12).strip() + "."
    size = 19 * MB
    files = {
        "text.txt": "A very long report\n\n" + "\n\n".join([paragraph] * (size // 960)),
        "short-lines.txt": "Short lines\n\n" + "\n".join(["a b c"] * (size // 6)),
        "list.json": "["
        + ",".join(
            f'{{"title": "Item {n}", "body": "{paragraph} {n}"}}' for n in range(size // 1000)
        )
        + "]",
        "lines.jsonl": "\n".join('{"title": "t", "body": "b"}' for _ in range(size // 28)),
        "page.html": "<html><head><title>Long page</title></head><body><article>"
        + "".join(f"<p>{paragraph} {n}</p>" for n in range(size // 980))
        + "</article></body></html>",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name.split(".")[0] / name
        paths[name].parent.mkdir()
        paths[name].write_text(text, "utf-8")
    return paths


def huge_inputs(work: Path, tally: Tally) -> list[tuple[str, Run]]:
    runs = []
    for name, path in _huge_inputs(work / "huge" / "inbox").items():
        data = work / "huge" / f"data-{name}"
        run = run_cli(["ingest", str(path.parent)], base_env(data))
        seen, rejects = _warehouse_rows(data / "newsflow.duckdb")
        tally.inputs += 1
        if run.returncode != 0:
            tally.crashed += 1
        elif not seen and not rejects:
            tally.silent += 1
        elif not seen:
            tally.lost += 1  # every one of them holds at least one good article
        else:
            tally.handled += 1
        runs.append((name, run))
        print(
            f"  huge {name:16} {path.stat().st_size / MB:5.1f} MB: {len(seen)} article(s), "
            f"{len(rejects)} reject(s), peak {run.peak_process_mb:.0f} MB one process, "
            f"{run.peak_tree_mb:.0f} MB all, {run.seconds:.1f} s"
        )
    return runs


def web_faults(work: Path, tally: Tally) -> tuple[int, int, Run | None]:
    data = work / "web" / "data"
    with RunningFaults() as running:
        sources = work / "web" / "sources.toml"
        sources.parent.mkdir(parents=True)
        sources.write_text(running.sources_toml(), "utf-8")
        env = {
            **base_env(data),
            "NEWSFLOW_REQUEST_DEADLINE_SECONDS": str(FAULT_FETCH["request_deadline"]),
            "NEWSFLOW_URL_RETRY_BUDGET_SECONDS": str(FAULT_FETCH["retry_budget"]),
            "NEWSFLOW_FETCH_READ_TIMEOUT_SECONDS": str(FAULT_FETCH["read_timeout"]),
            "NEWSFLOW_FETCH_CONNECT_TIMEOUT_SECONDS": str(FAULT_FETCH["connect_timeout"]),
            "NEWSFLOW_FETCH_RETRIES": str(FAULT_FETCH["retries"]),
            "NEWSFLOW_FETCH_BACKOFF_SECONDS": str(FAULT_FETCH["backoff_base"]),
            "NEWSFLOW_FETCH_MAX_BODY_BYTES": str(FAULT_FETCH["max_body_bytes"]),
            "NEWSFLOW_FETCH_MAX_RETRY_AFTER_SECONDS": str(FAULT_FETCH["max_retry_after"]),
        }
        run = run_cli(["fetch", "--sources-file", str(sources)], env)
        if run.returncode != 0:
            tally.crashed += 1
            print(run.output[-2000:])
            return 0, len(running.faults), run
        with duckdb.connect(str(data / "newsflow.duckdb"), read_only=True) as connection:
            rejects = connection.execute("SELECT input, reason, stage FROM rejects").fetchall()
            loaded = connection.execute(
                "SELECT url FROM fetch_state_latest WHERE kind = 'page' AND outcome = 'ok'"
            ).fetchall()
        outcomes = running.outcomes(rejects, [url for (url,) in loaded])
        held = 0
        for fault in running.faults:
            if running.held(fault, outcomes[fault.name]):
                held += 1
            else:
                print(f"  web {fault.name}: {outcomes[fault.name].sorted()}")
        return held, len(running.faults), run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--skip-web", action="store_true")
    parser.add_argument("--skip-big", action="store_true")
    args = parser.parse_args()
    tally = Tally()
    peaks: list[float] = []
    with (
        tempfile.TemporaryDirectory(prefix="newsflow-reliability-") as scratch,
        prefect_server(Path(scratch) / "prefect"),
    ):
        work = Path(scratch)
        run = file_corpus(work, tally)
        peaks.append(run.peak_process_mb)
        print(
            f"file corpus: {tally.inputs} kinds, {tally.handled} handled, exit {run.returncode}, "
            f"{run.seconds:.1f} s, peak {run.peak_process_mb:.0f} MB one process, "
            f"{run.peak_tree_mb:.0f} MB all"
        )
        if not args.skip_big:
            peaks.extend(r.peak_process_mb for _, r in huge_inputs(work, tally))
        held, faults = 0, 0
        if not args.skip_web:
            held, faults, web = web_faults(work, tally)
            if web is not None:
                peaks.append(web.peak_process_mb)
                print(f"web faults: {held}/{faults} held, {web.seconds:.1f} s")
    print(
        f"reliability: inputs={tally.inputs} handled={tally.handled} crashed={tally.crashed} "
        f"lost={tally.lost} silent={tally.silent} web_held={held}/{faults} "
        f"peak_rss_mb={max(peaks):.0f} (target: all handled, nothing lost)"
    )


if __name__ == "__main__":
    main()
