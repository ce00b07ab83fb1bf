"""Errors a person understands: a mistyped path, `up` twice, --version, help without noise,
`extract` from .gz, stdin and URLs, and the reasons behind rejects under each summary."""

from __future__ import annotations

import gzip
import http.server
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from flows.ops.processes import ProcessRecord, _start_ticks, save_records
from newsflow.cli import _register_commands, app
from tasks.fetch.politeness import SHARED_GATES
from tasks.fetch.robots_cache import SHARED_ROBOTS

_register_commands()
runner = CliRunner()
PAGE = (
    "<html><head><title>Harbour ferry strike ends | Gazette</title>"
    '<meta name="author" content="Ana Ruiz"></head><body><article><h1>Harbour ferry strike'
    " ends</h1><p>Ferry crews on the northern routes returned to work on Monday after three days"
    " of strikes over pay, the operator said in a statement.</p><p>The agreement raises wages by"
    " four percent this year and another three percent next year, union leaders said.</p>"
    "</article></body></html>"
)


@pytest.fixture(autouse=True)
def clean_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for name in [n for n in os.environ if n.startswith("NEWSFLOW_")]:
        monkeypatch.delenv(name)
    from newsflow.cli import common

    for console in (common.console, common.error_console):
        monkeypatch.setattr(console, "width", 250)


def test_a_path_that_does_not_exist_exits_2_naming_it(tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    result = runner.invoke(app, ["ingest", "inbox", "/no/such/dir", "nope.txt"])
    assert result.exit_code == 2
    assert result.output.strip() == "no such file or folder: /no/such/dir, nope.txt"
    assert not (tmp_path / "data").exists()  # no run, no warehouse, no reject row


def test_version() -> None:
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0 and result.output.startswith("newsflow 0.")


def _commands(command: typer.core.TyperGroup, prefix: list[str]) -> Iterator[list[str]]:
    for name, sub in command.commands.items():
        yield [*prefix, name]
        if isinstance(sub, typer.core.TyperGroup):
            yield from _commands(sub, [*prefix, name])


def test_help_shows_no_type_after_plain_flags() -> None:
    group = typer.main.get_command(app)
    assert isinstance(group, typer.core.TyperGroup)
    every = [[], *_commands(group, [])]
    assert {"sql", "export", "tables", "schema", "ingest"} <= {c[0] for c in every if c}
    for command in every:
        result = runner.invoke(app, [*command, "--help"], env={"COLUMNS": "120"})
        assert result.exit_code == 0, command
        assert "<bool>" not in result.output, command
    assert "<int>" in runner.invoke(app, ["ingest", "--help"]).output  # types stay for values


def _record_as_running(data_dir: Path, roles: dict[str, int]) -> None:
    records = [
        ProcessRecord(role, pid, _start_ticks(pid), "test", str(data_dir / f"{role}.log"))
        for role, pid in roles.items()
    ]
    save_records(data_dir / "prefect" / "newsflow-up.json", records, ui="http://127.0.0.1:4999")


def test_up_when_already_up_says_where_and_exits_0(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    _record_as_running(data_dir, {"server": os.getpid(), "worker": os.getppid()})
    result = runner.invoke(app, ["up"], env={"NEWSFLOW_DATA_DIR": str(data_dir)})
    assert result.exit_code == 0, result.output
    assert "already running" in result.output and "http://127.0.0.1:4999" in result.output


def test_up_when_partly_up_says_what_to_do(tmp_path: Path) -> None:
    data_dir = tmp_path / "data"
    gone = 2**22 + 12345  # above the default pid_max: no such process
    _record_as_running(data_dir, {"server": os.getpid(), "worker": gone})
    result = runner.invoke(app, ["up"], env={"NEWSFLOW_DATA_DIR": str(data_dir)})
    assert result.exit_code == 1 and "newsflow down" in result.output


def _title(result) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == 0, result.output
    return next(line for line in result.output.splitlines() if line.startswith("title:"))


def test_extract_reads_gzip_files_and_stdin(tmp_path: Path) -> None:
    (tmp_path / "page.html.gz").write_bytes(gzip.compress(PAGE.encode()))
    (tmp_path / "saved.html").write_bytes(gzip.compress(PAGE.encode()))  # gzipped, plain name
    expected = "title: Harbour ferry strike ends"
    assert _title(runner.invoke(app, ["extract", "page.html.gz"])) == expected
    assert _title(runner.invoke(app, ["extract", "saved.html"])) == expected
    assert _title(runner.invoke(app, ["extract", "-"], input=PAGE.encode())) == expected
    piped = runner.invoke(app, ["extract", "-"], input=gzip.compress(PAGE.encode()))
    assert _title(piped) == expected
    (tmp_path / "broken.html.gz").write_bytes(b"\x1f\x8b" + b"\x00" * 30)
    broken = runner.invoke(app, ["extract", "broken.html.gz"])
    assert broken.exit_code == 1 and "gzip" in broken.output
    missing = runner.invoke(app, ["extract", "missing.html"])
    assert missing.exit_code == 2 and "no such file: missing.html" in missing.output


class _Pages(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        if self.path == "/news/strike":
            body, status = PAGE.encode(), 200
        else:
            body, status = b"not here", 404
        self.send_response(status)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def server() -> Iterator[str]:
    SHARED_GATES.clear()
    SHARED_ROBOTS.clear()
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Pages)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}"
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join()


def test_extract_fetches_a_url_through_the_fetcher_and_its_rules(server: str) -> None:
    page = f"{server}/news/strike"
    refused = runner.invoke(app, ["extract", page])  # loopback: refused by the SSRF guard
    assert refused.exit_code == 1 and "could not fetch" in refused.output
    assert "unsafe url" in refused.output
    fetched = runner.invoke(app, ["extract", page, "--allow-host", "127.0.0.1", "--json"])
    assert fetched.exit_code == 0, fetched.output
    assert '"title": "Harbour ferry strike ends"' in fetched.output
    assert '"canonical_url"' in fetched.output
    missing = runner.invoke(app, ["extract", f"{server}/gone", "--allow-host", "127.0.0.1"])
    assert missing.exit_code == 1 and "404" in missing.output


def test_ingest_prints_its_top_reject_reasons(prefect_harness: None, tmp_path: Path) -> None:
    inbox = tmp_path / "inbox" / "gazette"
    inbox.mkdir(parents=True)
    (inbox / "story.txt").write_text("Ferry strike ends\n\n" + "Crews returned to work. " * 20)
    (inbox / "photo.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    (inbox / "empty.txt").write_bytes(b"")
    (inbox / "blank.txt").write_bytes(b"")
    result = runner.invoke(
        app,
        ["ingest", str(tmp_path / "inbox")],
        env={"NEWSFLOW_DATA_DIR": str(tmp_path / "d"), "COLUMNS": "400"},
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    start = lines.index("top reject reasons:")
    # Only the reason lines (what a test run earlier in this process logs may follow them).
    reasons = [
        line.split(None, 1)
        for line in lines[start + 1 :]
        if line.strip().split(" ", 1)[0].isdigit() or line.startswith("  all of them:")
    ]
    assert [count for count, _ in reasons] == ["2", "1", "all"]
    assert "SELECT input, reason, detail FROM rejects WHERE run_id" in reasons[2][1]
    assert reasons[0][1].startswith("empty file (e.g. ")
    assert reasons[1][1].startswith("binary file") and "photo.txt" in reasons[1][1]
