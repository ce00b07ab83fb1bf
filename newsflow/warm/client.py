"""A flow command's side of the warm runner (``newsflow.warm``): hand the command over, pass
signals on, wait for its exit status."""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Iterator
from pathlib import Path
from types import FrameType
from typing import Any

from newsflow.warm import wire
from newsflow.warm.fingerprint import code_fingerprint

CONNECT_SECONDS = 2.0
ANSWER_SECONDS = 30.0  # for the runner to fork the command (milliseconds, when it is well)
PASSED_ON = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
LOST_STATUS = 1


def run_in_runner(socket_path: Path, argv: list[str]) -> int | None:
    """Run ``newsflow <argv>`` in the runner listening at ``socket_path``, on this process's
    stdin, stdout and stderr; its exit status, or None when the runner did not take it (absent,
    refused, no answer): the caller runs the command itself. Nothing was written then."""
    try:
        request = _request(argv)
        connection = wire.connect(socket_path, timeout=CONNECT_SECONDS)
    except Exception:
        return None
    with connection:
        try:
            wire.send(connection, request, wire.STANDARD_STREAMS)
            connection.settimeout(ANSWER_SECONDS)
            answer, _ = wire.receive(connection)
        except Exception:
            return None
        if answer is None or not isinstance(answer.get("pid"), int):
            refused = answer.get("refused") if answer else None
            if refused:
                print(f"newsflow: not run by the stack's runner: {refused}", file=sys.stderr)
            return None
        connection.settimeout(None)
        with _passed_on_to(answer["pid"]):
            try:
                done, _ = wire.receive(connection)
            except (OSError, wire.WireError):
                done = None
    if done is None or not isinstance(done.get("exit"), int):
        print(
            "newsflow: the stack's runner stopped while it ran this command; "
            "`newsflow status` shows its log",
            file=sys.stderr,
        )
        return LOST_STATUS
    status: int = done["exit"]
    return status


def _request(argv: list[str]) -> dict[str, Any]:
    return {
        "argv": list(argv),
        "program": os.path.basename(sys.argv[0]) or "newsflow",
        "cwd": os.getcwd(),
        "env": dict(os.environ),
        "fingerprint": code_fingerprint(),
        "encoding": getattr(sys.stdout, "encoding", None),
        "errors": getattr(sys.stdout, "errors", None),
    }


@contextlib.contextmanager
def _passed_on_to(pid: int) -> Iterator[None]:
    """Ctrl-C, SIGTERM and SIGHUP sent to this process go to the command instead."""

    def pass_on(number: int, _frame: FrameType | None) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, number)

    previous = {number: signal.signal(number, pass_on) for number in PASSED_ON}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
