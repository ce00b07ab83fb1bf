"""Prefect's embedded API, started by newsflow before Prefect is imported.

Prefect starts its embedded ("ephemeral") API itself when a run needs one: the CLI process
first imports Prefect's whole server package (about 2 s here) only to launch the server as a
subprocess, then waits for that subprocess's own imports and start (3-4 s). Launching the same
server (``flows.embedded_server``: Prefect's app under uvicorn with its ephemeral flags, UI off)
as the CLI starts lets the server start while the CLI imports the flows, and the CLI never
imports the server package. Runs then go to it through ``PREFECT_API_URL``; it
is stopped when the CLI exits, as Prefect stops its own.
"""

from __future__ import annotations

import atexit
import os
import subprocess
import sys
import time
from pathlib import Path

from errors import StackError
from flows.embedded_start import start_skips
from flows.prefect_template import seed_new_home
from tasks.fetch.health import api_answers, free_local_port

_STARTUP_TIMEOUT_SECONDS = 180.0  # the first start creates Prefect's database: slow when busy
# The settings of the CLI process's Prefect client for this API, which is its own: a server of
# the same installation (no version handshake per client) without CSRF protection (no token
# fetched per client: it listens on 127.0.0.1 and lives as long as the command).
CLIENT_SETTINGS = {
    "PREFECT_CLIENT_SERVER_VERSION_CHECK_ENABLED": "false",
    "PREFECT_CLIENT_CSRF_SUPPORT_ENABLED": "false",
}
_pending: tuple[subprocess.Popen[bytes], str] | None = None
_launched: list[subprocess.Popen[bytes]] = []  # stopped at exit, or by stop_embedded_api


def start_embedded_api(cache_dir: Path | None = None) -> str:
    """Launch the embedded API on a free 127.0.0.1 port; return its API URL (not yet ready:
    ``wait_for_embedded_api`` waits). With a ``cache_dir``, a new Prefect home starts from the
    template database there, or the server saves one (``flows.prefect_template``)."""
    global _pending
    port = free_local_port()
    template = None
    if cache_dir is not None:
        template = seed_new_home(_prefect_home(), cache_dir)
    env = {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
        "PREFECT_SERVER_API_CSRF_PROTECTION_ENABLED": "false",
        **start_skips(_prefect_home(), cache_dir),
    }
    command = [sys.executable, "-m", "flows.embedded_server", str(port)]
    command += [str(template)] if template is not None else []
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
    _launched.append(process)
    api_url = f"http://127.0.0.1:{port}/api"
    _pending = (process, api_url)
    return api_url


def _prefect_home() -> Path:
    return Path(os.environ.get("PREFECT_HOME") or "~/.prefect").expanduser()


def embedded_api_pending() -> bool:
    """Whether an API ``start_embedded_api`` launched has not yet been waited for."""
    return _pending is not None


def wait_for_embedded_api() -> None:
    """Return once the API ``start_embedded_api`` launched answers (at once if none is
    pending); raise ``StackError`` if it exits or does not answer in time."""
    global _pending
    if _pending is None:
        return
    process, api_url = _pending
    deadline = time.monotonic() + _STARTUP_TIMEOUT_SECONDS
    while not api_answers(api_url, timeout=1.0):
        if process.poll() is not None:
            status = process.returncode
            raise StackError(f"Prefect's embedded API exited at start (status {status})")
        if time.monotonic() > deadline:
            raise StackError(f"Prefect's embedded API at {api_url} did not answer in time")
        time.sleep(0.05)
    _pending = None


@atexit.register
def stop_embedded_api() -> None:
    """Stop every API ``start_embedded_api`` launched (Prefect stops its own at exit too)."""
    global _pending
    _pending = None
    while _launched:
        process = _launched.pop()
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
