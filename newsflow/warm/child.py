"""A command forked from the runner (``newsflow.warm``): the caller's streams, working folder,
environment and arguments, then the command's ``main``, then its exit status to the caller and
exit. Never returns into the runner's loop: every way out ends in ``os._exit``."""

from __future__ import annotations

import atexit
import contextlib
import importlib
import io
import os
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable, Sequence
from typing import Any, NoReturn

from newsflow.cli import exit_status
from newsflow.warm import wire

# True in a forked child: a command running here runs here, it is not handed over again.
active = False
_caller: socket.socket | None = None  # told the exit status (the runner may be gone by then)
_caller_pid = 0  # the child's own: a process forked from it inherits the socket, not the duty
_EXIT_IF_MAIN_RETURNS = 0
_EXIT_ON_ERROR = 70  # EX_SOFTWARE: the child could not even start the command


def run_child(
    request: dict[str, Any],
    fds: Sequence[int],
    caller: socket.socket,
    close: Callable[[socket.socket], None],
) -> NoReturn:
    global active, _caller, _caller_pid
    active, _caller, _caller_pid = True, caller, os.getpid()
    try:
        _reset_signals()
        close(caller)  # the runner's socket, its other connections, its wake-up pipe
        _take_streams(fds, request)
        os.chdir(request["cwd"])
        os.umask(int(request.get("umask", 0o022)))  # files the command makes: the caller's modes
        os.environ.clear()
        os.environ.update(request["env"])
        time.tzset()  # the caller's TZ, for local times
        sys.argv = [request.get("program", "newsflow"), *request["argv"]]
        main = _resolve(request["main"])
    except BaseException as exc:
        with contextlib.suppress(BaseException):
            print(f"newsflow: the command could not start: {exc!r}", file=sys.stderr)
        _exit(_EXIT_ON_ERROR)
    status = 1
    try:
        status = _run(main)
    except BaseException:  # uncaught, as the interpreter shows it: a traceback and status 1
        with contextlib.suppress(BaseException):
            traceback.print_exc()
    finally:
        _exit(status)


def _reset_signals() -> None:
    signal.set_wakeup_fd(-1)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    for number in (signal.SIGTERM, signal.SIGHUP, signal.SIGCHLD):
        signal.signal(number, signal.SIG_DFL)


def _take_streams(fds: Sequence[int], request: dict[str, Any]) -> None:
    """The caller's stdin, stdout and stderr become this process's 0, 1 and 2, with text
    streams made for them (the runner's were made for its log file: block-buffered)."""
    for target, fd in zip((0, 1, 2), fds, strict=True):
        if fd != target:
            os.dup2(fd, target)
            os.close(fd)
    encoding = request.get("encoding") or "utf-8"
    sys.stdin = _text(0, "r", encoding, "strict")
    sys.stdout = _text(1, "w", encoding, request.get("errors") or "strict")
    sys.stderr = _text(2, "w", encoding, "backslashreplace")


def _text(fd: int, mode: str, encoding: str, errors: str) -> io.TextIOWrapper:
    raw = io.FileIO(fd, mode, closefd=False)
    buffered = io.BufferedReader(raw) if mode == "r" else io.BufferedWriter(raw)
    interactive = os.isatty(fd)
    return io.TextIOWrapper(
        buffered,
        encoding=encoding,
        errors=errors,
        line_buffering=interactive or fd == 2,
        write_through=fd == 2,
    )


def _resolve(target: str) -> Callable[[], object]:
    module, _, name = target.partition(":")
    function: Callable[[], object] = getattr(importlib.import_module(module), name)
    return function


def _run(main: Callable[[], object]) -> int:
    """The command's exit status, as the interpreter would give it."""
    try:
        main()
    except SystemExit as done:
        return exit_status(done.code)
    except KeyboardInterrupt:
        return 128 + signal.SIGINT
    return _EXIT_IF_MAIN_RETURNS


def _exit(status: int) -> NoReturn:
    """Exit as the interpreter would: wait for the threads it would wait for, run the exit
    handlers, flush; then leave without unwinding into the runner's loop."""
    with contextlib.suppress(BaseException):
        for thread in threading.enumerate():
            if thread is not threading.current_thread() and not thread.daemon:
                thread.join()
        atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(BaseException):
            stream.flush()
    report_exit(status)
    os._exit(status)


def report_exit(status: int) -> None:
    """Tell the caller this command's exit status, when this is a runner's child (the last
    thing before ``os._exit``: ``newsflow.cli.exit_without_teardown`` calls it too)."""
    if _caller is not None and _caller_pid == os.getpid():
        with contextlib.suppress(BaseException):
            _caller.setblocking(True)
            wire.send(_caller, {"exit": status})
