"""A command for the runner's tests, run in its forked children instead of ``newsflow``:
``echo STATUS`` reports what the child got; ``wait MARKER`` waits for a signal; ``crash``
kills itself. Light on purpose: the runner's behaviour, not newsflow's, is under test."""

from __future__ import annotations

import json
import os
import signal
import sys
import time
from pathlib import Path


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def main() -> None:
    command, *rest = sys.argv[1:]
    if command == "ingest":  # handed over by the real `newsflow ingest`
        print(json.dumps({"handed over": sys.argv[1:], "cwd": os.getcwd()}))
        raise SystemExit(0)
    if command == "echo":
        report = {
            "argv": sys.argv[1:],
            "program": sys.argv[0],
            "cwd": os.getcwd(),
            "probe": os.environ.get("NEWSFLOW_PROBE"),
            "pid": os.getpid(),
            "umask": _umask(),
            "tz": time.strftime("%Z", time.localtime(0)),
        }
        print(json.dumps(report))
        print("to stderr", file=sys.stderr)
        raise SystemExit(int(rest[0]))
    if command == "wait":
        marker = Path(rest[0])
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        marker.with_suffix(".pid").write_text(str(os.getpid()))
        marker.write_text("started")
        try:
            while True:
                time.sleep(0.05)
        except KeyboardInterrupt:
            marker.write_text("interrupted")
            print("interrupted", flush=True)
            raise SystemExit(130) from None
    if command == "fail":
        raise RuntimeError("a bug in the command")
    if command == "crash":
        os.kill(os.getpid(), signal.SIGKILL)
    raise SystemExit(f"unknown test command {command}")
