"""The runner's loop (``newsflow.warm``): one thread, one ``selectors`` loop, a fork per command.

A child sends its caller its own exit status as it exits; the runner sends the status it reaps
too, which is the only one a child killed by a signal has (128 + the signal's number). Signals
reach the loop through a wake-up pipe: SIGCHLD (reap), and SIGTERM, SIGINT or SIGHUP (stop: the
socket goes, the runner exits, and the commands it is running go on to their end, as commands
run without a runner would: `newsflow down` does not cut a running ingest short). A caller that
goes away while its command runs (killed, its terminal closed) has its command interrupted, as
a terminal's hang-up would.
"""

from __future__ import annotations

import contextlib
import os
import select
import selectors
import signal
import socket
import sys
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from newsflow.warm import wire
from newsflow.warm.child import run_child
from newsflow.warm.fingerprint import code_fingerprint, python_startup

STOP_SIGNALS = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
REQUEST_SECONDS = 5.0  # for a caller to send its request once connected


@dataclass
class _Child:
    connection: socket.socket
    caller_gone: bool = False


@dataclass
class Runner:
    socket_path: Path
    fingerprint: str  # newsflow.warm.fingerprint.code_fingerprint() before the imports
    prefect_env: Mapping[str, str]  # the PREFECT_* variables Prefect was imported with
    main: str = "newsflow.cli:main"  # "module:function" run in each child
    python: dict[str, Any] = field(default_factory=python_startup)  # as it started
    say: Callable[[str], None] = print
    _children: dict[int, _Child] = field(default_factory=dict)
    _stopping: bool = False
    _reload: bool = False  # start again, as the same process, to import the changed files

    def serve(self) -> None:
        """Serve until a stop signal."""
        wake_read, wake_write = os.pipe()
        os.set_blocking(wake_read, False)
        os.set_blocking(wake_write, False)
        previous_wakeup = signal.set_wakeup_fd(wake_write, warn_on_full_buffer=False)
        for number in (*STOP_SIGNALS, signal.SIGCHLD):
            signal.signal(number, lambda *_: None)  # the wake-up pipe carries it to the loop
        listener = wire.listen(self.socket_path)
        selector = selectors.DefaultSelector()
        selector.register(listener, selectors.EVENT_READ, "listener")
        selector.register(wake_read, selectors.EVENT_READ, "wake")
        self.say(f"runner ready on {self.socket_path} (pid {os.getpid()})")

        def close_in_child(kept: socket.socket) -> None:
            selector.close()
            listener.close()
            for child in self._children.values():
                if child.connection is not kept:
                    child.connection.close()
            os.close(wake_read)
            os.close(wake_write)

        try:
            while not (self._stopping or self._reload):
                for key, _events in selector.select():
                    if key.data == "listener":
                        self._accept(listener, selector, close_in_child)
                    elif key.data == "wake":
                        self._on_signals(wake_read)
                    elif isinstance(key.data, int):
                        self._caller_gone(key.data, selector)
                self._reap(selector)
        finally:
            selector.close()
            listener.close()
            with contextlib.suppress(FileNotFoundError):
                self.socket_path.unlink()
            signal.set_wakeup_fd(previous_wakeup)
            os.close(wake_read)
            os.close(wake_write)
        running = len(self._children)
        if self._reload and not self._stopping:
            self.say(f"reloading; {running} command(s) it started go on and report themselves")
            # The same process (its PID and start time: the stack's record stays true) runs its
            # command line again; the commands still running stay its children and are reaped.
            os.execv(sys.executable, [sys.executable, *sys.orig_argv[1:]])
        self.say(f"runner stopped; {running} command(s) it started go on and report themselves")

    def _on_signals(self, wake_read: int) -> None:
        with contextlib.suppress(BlockingIOError):
            received = os.read(wake_read, 512)
            if any(number in received for number in STOP_SIGNALS):
                self._stopping = True

    def _accept(
        self,
        listener: socket.socket,
        selector: selectors.BaseSelector,
        close_in_child: Callable[[socket.socket], None],
    ) -> None:
        try:
            connection, _ = listener.accept()
        except OSError:
            return
        fds: list[int] = []
        pid = 0
        try:
            connection.settimeout(REQUEST_SECONDS)
            if wire.peer_uid(connection) != os.getuid():
                return  # another user's process: closed without a word
            request, fds = wire.receive(connection, max_fds=len(wire.STANDARD_STREAMS))
            refusal = self.refusal(request, fds)
            if refusal is not None:
                self.say(f"refused: {refusal}")
                wire.send(connection, {"refused": refusal})
                return
            assert request is not None
            request["main"] = self.main
            if _hung_up(connection):
                return  # it gave up waiting and runs the command itself
            pid = os.fork()
            if pid == 0:
                run_child(request, fds, connection, close_in_child)  # never returns
            self._children[pid] = _Child(connection)
            self.say(f"running `newsflow {' '.join(request['argv'])}` as pid {pid}")
            try:
                wire.send(connection, {"pid": pid})
            except OSError:  # gone: a quick command may have told it its status already
                self._caller_gone(pid, None)
                return
            connection.setblocking(False)
            selector.register(connection, selectors.EVENT_READ, pid)
        except Exception as exc:
            self.say(f"a request failed: {exc!r}")
            if pid in self._children:  # forked, but its caller cannot be told: interrupt it
                self._children[pid].caller_gone = True
                with contextlib.suppress(ProcessLookupError):
                    os.kill(pid, signal.SIGINT)
        finally:
            for fd in fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
            if pid not in self._children:
                connection.close()  # else kept until the child ends

    def refusal(self, request: dict[str, Any] | None, fds: list[int]) -> str | None:
        """Why this request is run by its caller instead; None when it is run here."""
        if request is None or len(fds) != len(wire.STANDARD_STREAMS):
            return "not a request"
        argv, cwd, env = request.get("argv"), request.get("cwd"), request.get("env")
        if not (isinstance(argv, list) and all(isinstance(a, str) for a in argv)):
            return "not a request: argv"
        if not (isinstance(env, dict) and all(isinstance(v, str) for v in env.values())):
            return "not a request: env"
        if not (isinstance(cwd, str) and os.path.isdir(cwd)):
            return "not a request: cwd"
        if not isinstance(request.get("umask", 0), int):
            return "not a request: umask"
        if request.get("fingerprint") != self.fingerprint:
            if request.get("fingerprint") == code_fingerprint():
                self._reload = True  # the files changed since it started (an upgrade, an edit)
                return "it is reloading the code that changed since it started (a few seconds)"
            theirs, ours = str(request.get("fingerprint"))[:12], self.fingerprint[:12]
            return f"it runs other code ({ours}, not {theirs}): restart the stack"
        if request.get("python") != self.python:
            return (
                "the caller's Python options (-X, -W, PYTHON* variables) differ from the runner's"
            )
        for name, value in env.items():
            if name.startswith("PREFECT_") and self.prefect_env.get(name) != value:
                return f"{name} differs from the runner's"
        if threading.active_count() != 1:  # a fork copies only this thread
            return "the runner has started threads: it cannot fork safely"
        return None

    def _caller_gone(self, pid: int, selector: selectors.BaseSelector | None) -> None:
        child = self._children.get(pid)
        if child is None:
            return
        if selector is not None:
            selector.unregister(child.connection)
        child.caller_gone = True
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGINT)  # as a terminal's hang-up: stage and stop

    def _reap(self, selector: selectors.BaseSelector) -> None:
        """Every ended child, also those of the image before a reload (not in ``_children``)."""
        while True:
            try:
                pid, wait_status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            child = self._children.pop(pid, None)
            if child is None:
                continue
            code = os.waitstatus_to_exitcode(wait_status)
            status = 128 - code if code < 0 else code  # killed by a signal: 128 + its number
            self.say(f"pid {pid} exited with {status}")
            if not child.caller_gone:
                with contextlib.suppress(KeyError, ValueError):
                    selector.unregister(child.connection)
                with contextlib.suppress(OSError):
                    child.connection.setblocking(True)
                    wire.send(child.connection, {"exit": status})
            child.connection.close()


def _hung_up(connection: socket.socket) -> bool:
    """Has the caller closed its end? (It sends nothing after its request.)"""
    poller = select.poll()
    poller.register(connection, select.POLLIN | select.POLLHUP)
    return bool(poller.poll(0))
