"""What the runner imports before it serves: all of it imports, and no import starts a thread
(a fork copies only the thread that calls it; the runner refuses to serve otherwise)."""

from __future__ import annotations

import json
import os
import subprocess
import sys

PROBE = (
    "import json, threading; from newsflow.warm.__main__ import import_everything; "
    "failed = import_everything(); "
    "print(json.dumps({'failed': failed, 'threads': threading.active_count()}))"
)


def test_every_module_the_runner_shares_imports_and_starts_no_thread() -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    done = subprocess.run(
        [sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report == {"failed": [], "threads": 1}
