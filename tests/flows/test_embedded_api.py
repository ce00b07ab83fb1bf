"""The embedded API the CLI launches before importing Prefect: a real server process."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path

import pytest

import flows.embedded_api as embedded_api
from tasks.fetch.health import api_answers


def test_the_launched_api_answers_until_stopped(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PREFECT_HOME", str(tmp_path / "prefect"))
    api_url = embedded_api.start_embedded_api()
    assert embedded_api._pending is not None
    process: subprocess.Popen[bytes] = embedded_api._pending[0]
    try:
        embedded_api.wait_for_embedded_api()
        assert embedded_api._pending is None
        assert api_answers(api_url, timeout=5.0)
    finally:
        embedded_api._stop(process)
    # Shut down when asked (uvicorn re-raises the signal once it has), not killed.
    assert process.returncode == -signal.SIGTERM
    assert not api_answers(api_url, timeout=1.0)
