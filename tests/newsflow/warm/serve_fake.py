"""``python -m tests.newsflow.warm.serve_fake SOCKET [FINGERPRINTS]``: a runner whose children
run ``fake_command`` (no Prefect imported), for the runner's tests. Its Prefect settings are
those of its environment with newsflow's defaults, as the real runner's (``newsflow.warm``).

FINGERPRINTS, a file of lines, gives the fingerprint of the code it "imported": its first line,
taken out at each start (so a runner that reloads gets the next); the real one without it."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from newsflow import prefect_env
from newsflow.warm.fingerprint import code_fingerprint
from newsflow.warm.server import Runner

if __name__ == "__main__":
    socket_path = Path(sys.argv[1])
    fingerprint = code_fingerprint()
    if len(sys.argv) > 2:
        queue = Path(sys.argv[2])
        first, *rest = queue.read_text().splitlines()
        queue.write_text("".join(f"{line}\n" for line in rest))
        fingerprint = first
    prefect_env.set_defaults()
    Runner(
        socket_path,
        fingerprint,
        {k: v for k, v in os.environ.items() if k.startswith("PREFECT_")},
        main="tests.newsflow.warm.fake_command:main",
        say=lambda line: print(line, flush=True),
    ).serve()
