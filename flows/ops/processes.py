"""Background processes recorded by PID, so ``newsflow down`` stops exactly what ``up`` started.

A PID alone could have been reused by an unrelated process after a reboot or a crash, so each
record also keeps the process's start time (``/proc/<pid>/stat`` on Linux); a process whose
start time differs is not ours and is never signalled.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path


@dataclass(frozen=True)
class ProcessRecord:
    role: str  # server | worker | runner
    pid: int
    started_ticks: int | None  # /proc/<pid>/stat field 22; None where there is no /proc
    command: str
    log_file: str


# Started through a short-lived launcher that starts the command in its own session, prints
# its PID and exits: the command is then nobody's child (no zombie, no unwaited handle in the
# caller), and a Ctrl-C in the terminal of `newsflow up` leaves it running.
_LAUNCHER = """
import subprocess, sys
log = open(sys.argv[1], "ab")
child = subprocess.Popen(
    sys.argv[2:], stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
    start_new_session=True,
)
print(child.pid, flush=True)
"""


def spawn(
    role: str, command: Sequence[str], *, env: Mapping[str, str], cwd: Path, log_file: Path
) -> ProcessRecord:
    """Start ``command`` detached, logging to ``log_file``; return its record."""
    log_file.parent.mkdir(parents=True, exist_ok=True)
    launched = subprocess.run(
        [sys.executable, "-c", _LAUNCHER, str(log_file), *command],
        env=dict(env),
        cwd=cwd,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    if launched.returncode != 0 or not launched.stdout.strip().isdigit():
        raise OSError(f"could not start {role}: {(launched.stdout + launched.stderr).strip()}")
    pid = int(launched.stdout.strip())
    return ProcessRecord(role, pid, _start_ticks(pid), " ".join(command), str(log_file))


def is_running(record: ProcessRecord) -> bool:
    """Is the recorded process still alive, and still the one we started?"""
    try:
        os.kill(record.pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return False  # alive, but someone else's: not ours
    if _is_zombie(record.pid):
        return False
    return record.started_ticks is None or _start_ticks(record.pid) == record.started_ticks


def stop(record: ProcessRecord, *, grace_seconds: float = 20.0) -> str:
    """SIGTERM the recorded process, then SIGKILL after ``grace_seconds``; say what happened."""
    if not is_running(record):
        return "not running"
    os.kill(record.pid, signal.SIGTERM)
    deadline = time.monotonic() + grace_seconds
    while time.monotonic() < deadline:
        if not is_running(record):
            return "stopped"
        time.sleep(0.2)
    os.kill(record.pid, signal.SIGKILL)
    _wait_gone(record)  # SIGKILL takes effect when the process next runs: soon, not at once
    return "killed"


def _wait_gone(record: ProcessRecord, *, limit_seconds: float = 30.0) -> None:
    deadline = time.monotonic() + limit_seconds
    while is_running(record) and time.monotonic() < deadline:
        time.sleep(0.05)


def save_records(path: Path, records: Sequence[ProcessRecord], **details: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    document = {"processes": [asdict(r) for r in records], **details}
    temporary = path.with_name(path.name + ".tmp")
    temporary.write_text(json.dumps(document, indent=2) + "\n", "utf-8")
    os.replace(temporary, path)


def load_records(path: Path) -> tuple[list[ProcessRecord], dict[str, str]]:
    if not path.is_file():
        return [], {}
    document = json.loads(path.read_text("utf-8"))
    records = [ProcessRecord(**entry) for entry in document.pop("processes", [])]
    return records, {k: str(v) for k, v in document.items()}


def _stat_fields(pid: int) -> list[str] | None:
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    # The command name (field 2) may contain spaces; everything after its ")" is split cleanly.
    return text[text.rindex(")") + 2 :].split()


def _start_ticks(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[19]) if fields else None


def _is_zombie(pid: int) -> bool:
    fields = _stat_fields(pid)
    if fields and fields[0] == "Z":
        with contextlib.suppress(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)  # reap our own child, if it is one
        return True
    return False
