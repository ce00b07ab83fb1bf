"""The DuckDB warm-up thread a flow command starts must not turn an early exit into an abort."""

from __future__ import annotations

import subprocess
import sys

EXIT_DURING_WARM_UP = (
    "from warehouse.opening import warm_up_in_background\n"
    "warm_up_in_background()\n"
    "raise SystemExit(3)\n"
)


def test_a_command_that_exits_at_once_exits_with_its_own_status() -> None:
    # A daemon thread inside DuckDB's connect at interpreter shutdown aborted the process
    # (SIGABRT) in about one exit of four here; every exit must keep its status.
    statuses = [
        subprocess.run([sys.executable, "-c", EXIT_DURING_WARM_UP], capture_output=True).returncode
        for _ in range(16)
    ]
    assert statuses == [3] * 16
