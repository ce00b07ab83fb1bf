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
from newsflow.warm.fingerprint import code_fingerprint, python_startup

CONNECT_SECONDS = 2.0
ANSWER_SECONDS = 30.0  # for the runner to fork the command (milliseconds, when it is well)
# Ctrl-C, a kill, a closed terminal; and a resized one. The command runs in the runner's
# session, which has no controlling terminal: the terminal's signals reach this process only,
# and its job control never stops the command (checked with ``stty tostop``).
PASSED_ON = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP, signal.SIGWINCH)
LOST_STATUS = 1


def run_in_runner(socket_path: Path, argv: list[str]) -> int | None:
    """Run ``newsflow <argv>`` in the runner listening at ``socket_path``, on this process's
    stdin, stdout and stderr; its exit status, or None when the runner did not take it (absent,
    refused, no answer): the caller runs the command itself. Nothing was written then."""
    try:
        request = _request(argv)
        connection = wire.connect(socket_path, timeout=CONNECT_SECONDS)
    except Exception:
        return None  # whatever it is, the command runs here as it would have
    with connection, contextlib.ExitStack() as passing_on:
        try:
            wire.send(connection, request, wire.STANDARD_STREAMS)
            connection.settimeout(ANSWER_SECONDS)
        except Exception:
            return None  # nothing ran: the command runs here
        started = False
        while True:
            try:
                message, _ = wire.receive(connection)
            except Exception:
                message = None
            if message is None:
                break
            if isinstance(message.get("exit"), int):  # from the child, or the runner's reaping
                status: int = message["exit"]
                return status
            if isinstance(message.get("pid"), int) and not started:
                started = True
                connection.settimeout(None)  # the command takes as long as it takes
                passing_on.enter_context(_passed_on_to(message["pid"]))
            elif message.get("refused") and not started:
                print(
                    f"newsflow: not run by the stack's runner: {message['refused']}",
                    file=sys.stderr,
                )
                return None
        if not started:
            return None
    print(
        "newsflow: the command's exit status was lost (the stack's runner stopped and the "
        "command was killed); `newsflow status` shows the runner's log",
        file=sys.stderr,
    )
    return LOST_STATUS


def _request(argv: list[str]) -> dict[str, Any]:
    return {
        "argv": list(argv),
        "program": os.path.basename(sys.argv[0]) or "newsflow",
        "cwd": os.getcwd(),
        "umask": _umask(),
        "env": dict(os.environ),
        "fingerprint": code_fingerprint(),
        "python": python_startup(),
        "encoding": getattr(sys.stdout, "encoding", None),
        "errors": getattr(sys.stdout, "errors", None),
    }


def _umask() -> int:
    mask = os.umask(0o077)  # reading it means setting it: put back at once
    os.umask(mask)
    return mask


@contextlib.contextmanager
def _passed_on_to(pid: int) -> Iterator[None]:
    """The signals of ``PASSED_ON`` sent to this process go to the command instead."""

    def pass_on(number: int, _frame: FrameType | None) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, number)

    previous = {number: signal.signal(number, pass_on) for number in PASSED_ON}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
