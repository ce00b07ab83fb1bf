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

from errors import StackError
from tasks.fetch.health import api_answers, free_local_port

_STARTUP_TIMEOUT_SECONDS = 180.0  # the first start creates Prefect's database: slow when busy
_pending: tuple[subprocess.Popen[bytes], str] | None = None


def start_embedded_api() -> str:
    """Launch the embedded API on a free 127.0.0.1 port; return its API URL (not yet ready:
    ``wait_for_embedded_api`` waits)."""
    global _pending
    port = free_local_port()
    env = {
        **os.environ,
        "PREFECT_UI_ENABLED": "0",
        "PREFECT__SERVER_EPHEMERAL": "1",
        "PREFECT__SERVER_FINAL": "1",
    }
    command = [sys.executable, "-m", "flows.embedded_server", str(port)]
    process = subprocess.Popen(command, env=env, stdin=subprocess.DEVNULL)
    atexit.register(_stop, process)
    api_url = f"http://127.0.0.1:{port}/api"
    _pending = (process, api_url)
    return api_url


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


def _stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
