"""The warm runner, as real processes: a runner (``serve_fake``: children run ``fake_command``)
and callers that hand their commands over with ``run_in_runner``, each in its own process with
its own stdout and stderr. The e2e tests run ``newsflow ingest`` through the real stack's."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from newsflow.warm import wire
from newsflow.warm.client import run_in_runner
from newsflow.warm.fingerprint import code_fingerprint

ROOT = Path(__file__).resolve().parents[3]
NOT_TAKEN = 99  # the caller's status when the runner did not take the command
CALLER = (
    "import sys; from pathlib import Path; from newsflow.warm.client import run_in_runner; "
    "status = run_in_runner(Path(sys.argv[1]), sys.argv[2:]); "
    f"sys.exit({NOT_TAKEN} if status is None else status)"
)
STATE_WAIT_SECONDS = 120.0  # a ceiling for a state to be reached, not a speed


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + STATE_WAIT_SECONDS
    while not condition():
        assert time.monotonic() < deadline, f"never: {what}"
        time.sleep(0.02)


def caller_env(**extra: str) -> dict[str, str]:
    """The test's environment without Prefect variables (the fake runner has its own)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    return {**env, **extra}


def finish(process: subprocess.Popen[str]) -> int:
    process.communicate(timeout=STATE_WAIT_SECONDS)  # reads and closes its pipes
    return process.returncode


class FakeRunner:
    def __init__(self, socket_path: Path, process: subprocess.Popen[str]) -> None:
        self.socket_path = socket_path
        self.process = process

    def call(
        self, *argv: str, cwd: Path, env: dict[str, str] | None = None, prelude: str = ""
    ) -> subprocess.Popen[str]:
        """A caller process handing ``argv`` over (``prelude``: Python run before it does)."""
        return subprocess.Popen(
            [sys.executable, "-c", f"{prelude}\n{CALLER}", str(self.socket_path), *argv],
            cwd=cwd,
            env=env or caller_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )


def start_waiting(runner: FakeRunner, folder: Path) -> tuple[subprocess.Popen[str], Path]:
    """A command that waits for a signal, once it has started (its marker says so)."""
    marker = folder / "marker"
    waiting = runner.call("wait", str(marker), cwd=folder)
    wait_for(lambda: marker.exists(), "the command started")
    return waiting, marker


def start_runner(
    socket_path: Path, *fingerprint: str, env: dict[str, str] | None = None
) -> FakeRunner:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.newsflow.warm.serve_fake", str(socket_path), *fingerprint],
        cwd=ROOT,
        env=env or caller_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    wait_for(lambda: socket_path.exists() or process.poll() is not None, "the runner listens")
    assert process.poll() is None, process.communicate()[0]
    return FakeRunner(socket_path, process)


def stop_runner(runner: FakeRunner) -> str:
    """Stop it; its log."""
    if runner.process.poll() is None:
        runner.process.send_signal(signal.SIGTERM)
    log, _ = runner.process.communicate(timeout=STATE_WAIT_SECONDS)
    return log or ""


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[FakeRunner]:
    started = start_runner(tmp_path / "home" / "runner.sock")
    try:
        yield started
    finally:
        stop_runner(started)


def test_a_command_runs_with_the_callers_streams_folder_environment_and_status(
    runner: FakeRunner, tmp_path: Path
) -> None:
    here = tmp_path / "where the caller is"
    here.mkdir()
    env = caller_env(NEWSFLOW_PROBE="é 1", TZ="Asia/Tokyo")
    caller = runner.call("echo", "3", cwd=here, env=env, prelude="import os; os.umask(0o027)")
    out, err = caller.communicate(timeout=STATE_WAIT_SECONDS)
    assert caller.returncode == 3, out + err
    report = json.loads(out)
    assert report["argv"] == ["echo", "3"]
    assert report["cwd"] == str(here)
    assert report["probe"] == "é 1"
    assert report["umask"] == 0o027
    assert report["tz"] == "JST"
    assert report["pid"] not in (caller.pid, runner.process.pid)  # a child of the runner
    assert err == "to stderr\n"


def test_commands_run_side_by_side_and_ctrl_c_reaches_the_command(
    runner: FakeRunner, tmp_path: Path
) -> None:
    waiting, _ = start_waiting(runner, tmp_path)
    other = runner.call("echo", "0", cwd=tmp_path)  # while the first one still runs
    assert finish(other) == 0
    assert waiting.poll() is None

    waiting.send_signal(signal.SIGINT)  # Ctrl-C, sent to the caller as a terminal does
    out, _ = waiting.communicate(timeout=STATE_WAIT_SECONDS)
    assert waiting.returncode == 130
    assert out == "interrupted\n"


def test_a_caller_that_goes_away_has_its_command_interrupted(
    runner: FakeRunner, tmp_path: Path
) -> None:
    waiting, marker = start_waiting(runner, tmp_path)
    waiting.kill()
    finish(waiting)
    wait_for(lambda: marker.read_text() == "interrupted", "the command was interrupted")


def test_an_uncaught_error_shows_its_traceback_and_exits_1(
    runner: FakeRunner, tmp_path: Path
) -> None:
    failing = runner.call("fail", cwd=tmp_path)
    _, err = failing.communicate(timeout=STATE_WAIT_SECONDS)
    assert failing.returncode == 1
    assert "Traceback" in err
    assert "RuntimeError: a bug in the command" in err


def test_a_command_killed_by_a_signal_exits_128_plus_its_number(
    runner: FakeRunner, tmp_path: Path
) -> None:
    crashing = runner.call("crash", cwd=tmp_path)
    crashing.communicate(timeout=STATE_WAIT_SECONDS)
    assert crashing.returncode == 128 + signal.SIGKILL


def test_a_stopped_runner_leaves_its_commands_running_and_they_report_themselves(
    tmp_path: Path,
) -> None:
    """`newsflow down` must not cut a running ingest short (without a runner it would not)."""
    started = start_runner(tmp_path / "runner.sock")
    waiting, _ = start_waiting(started, tmp_path)
    started.process.send_signal(signal.SIGTERM)
    log, _ = started.process.communicate(timeout=STATE_WAIT_SECONDS)
    assert started.process.returncode == 0, log
    assert "1 command(s) it started go on" in log
    assert not started.socket_path.exists()
    assert run_in_runner(started.socket_path, ["echo", "0"]) is None  # the caller runs it

    assert waiting.poll() is None  # still running, and still reachable with Ctrl-C
    waiting.send_signal(signal.SIGINT)
    out, err = waiting.communicate(timeout=STATE_WAIT_SECONDS)
    assert waiting.returncode == 130, err  # told by the command itself
    assert out == "interrupted\n"


def test_a_command_killed_after_its_runner_stopped_has_its_status_lost_not_invented(
    tmp_path: Path,
) -> None:
    started = start_runner(tmp_path / "runner.sock")
    waiting, marker = start_waiting(started, tmp_path)
    stop_runner(started)
    os.kill(int(marker.with_suffix(".pid").read_text()), signal.SIGKILL)
    _, err = waiting.communicate(timeout=STATE_WAIT_SECONDS)
    assert waiting.returncode == 1
    assert "exit status was lost" in err


def test_a_quick_command_reports_its_status_whatever_the_order_of_the_messages(
    runner: FakeRunner, tmp_path: Path
) -> None:
    callers = [runner.call("echo", str(n), cwd=tmp_path) for n in range(8)]
    assert [finish(c) for c in callers] == list(range(8))


def fingerprints(folder: Path, *lines: str) -> str:
    queue = folder / "fingerprints"
    queue.write_text("".join(f"{line}\n" for line in lines))
    return str(queue)


def test_a_runner_of_other_code_refuses_and_the_caller_runs_the_command(tmp_path: Path) -> None:
    """A caller of another install: neither the runner's code nor the code on disk."""
    started = start_runner(tmp_path / "runner.sock", fingerprints(tmp_path, "0" * 64))
    other_install = "import newsflow.warm.client as c; c.code_fingerprint = lambda: '1' * 64"
    try:
        caller = started.call("echo", "0", cwd=tmp_path, prelude=other_install)
        out, err = caller.communicate(timeout=STATE_WAIT_SECONDS)
    finally:
        stop_runner(started)
    assert caller.returncode == NOT_TAKEN
    assert out == ""  # nothing ran
    assert "restart the stack" in err


def test_a_runner_whose_files_changed_since_it_started_reloads_them_as_the_same_process(
    tmp_path: Path,
) -> None:
    """An upgrade or an edit: the caller runs the code now on disk, which the runner did not
    import. It refuses this once and starts again (same PID: the stack's record stays true)."""
    now = code_fingerprint()
    started = start_runner(tmp_path / "runner.sock", fingerprints(tmp_path, "0" * 64, now))
    try:
        caller = started.call("echo", "0", cwd=tmp_path)
        out, err = caller.communicate(timeout=STATE_WAIT_SECONDS)
        assert caller.returncode == NOT_TAKEN
        assert out == ""
        assert "reloading" in err

        def served() -> bool:  # refused (None) while it starts again, then run by it
            return finish(started.call("echo", "0", cwd=tmp_path)) == 0

        wait_for(served, "the reloaded runner serves")
        assert started.process.poll() is None
    finally:
        log = stop_runner(started)
    assert log.count(f"(pid {started.process.pid})") == 2  # ready twice, as one process


def test_other_prefect_settings_are_refused(runner: FakeRunner, tmp_path: Path) -> None:
    same = runner.call("echo", "0", cwd=tmp_path, env=caller_env(PREFECT_LOGGING_LEVEL="WARNING"))
    assert finish(same) == 0
    other = runner.call("echo", "0", cwd=tmp_path, env=caller_env(PREFECT_LOGGING_LEVEL="DEBUG"))
    out, err = other.communicate(timeout=STATE_WAIT_SECONDS)
    assert other.returncode == NOT_TAKEN
    assert out == ""
    assert "PREFECT_LOGGING_LEVEL differs" in err


def test_other_python_options_are_refused(runner: FakeRunner, tmp_path: Path) -> None:
    other = runner.call("echo", "0", cwd=tmp_path, env=caller_env(PYTHONWARNINGS="error"))
    out, err = other.communicate(timeout=STATE_WAIT_SECONDS)
    assert other.returncode == NOT_TAKEN
    assert out == ""
    assert "Python options" in err


def test_a_socket_path_longer_than_an_address_holds_works(tmp_path: Path) -> None:
    deep = tmp_path.joinpath(*["a-rather-long-folder-name"] * 6)
    started = start_runner(deep / "runner.sock")
    try:
        caller = started.call("echo", "0", cwd=tmp_path)
        assert finish(caller) == 0
    finally:
        stop_runner(started)
    assert len(str(deep / "runner.sock")) > 108


@pytest.mark.parametrize(
    ("message", "with_streams"),
    [
        (b"not json", True),
        (b"[1, 2]", True),
        (b'{"argv": "ingest", "cwd": "/", "env": {}}', True),
        (b'{"argv": ["echo", "0"], "cwd": "/no/such/folder", "env": {}}', True),
        (b'{"argv": ["echo", "0"], "cwd": "/", "env": {"A": 1}}', True),
        (json.dumps({"argv": ["echo", "0"], "cwd": "/", "env": {}}).encode(), False),
    ],
)
def test_a_broken_request_is_answered_with_nothing_run_and_the_runner_serves_on(
    runner: FakeRunner, tmp_path: Path, message: bytes, with_streams: bool
) -> None:
    with wire.connect(runner.socket_path, timeout=STATE_WAIT_SECONDS) as raw:
        raw.settimeout(STATE_WAIT_SECONDS)
        if with_streams:
            socket.send_fds(raw, [message], list(wire.STANDARD_STREAMS))
        else:
            raw.sendall(message)
        answer, _ = wire.receive(raw)
    assert answer is None or "refused" in answer  # closed, or refused: never a pid
    assert finish(runner.call("echo", "0", cwd=tmp_path)) == 0


def test_no_runner_is_not_an_error(tmp_path: Path) -> None:
    assert run_in_runner(tmp_path / "runner.sock", ["echo", "0"]) is None
    (tmp_path / "runner.sock").write_text("not a socket")
    assert run_in_runner(tmp_path / "runner.sock", ["echo", "0"]) is None
