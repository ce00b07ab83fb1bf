"""One round of bench/scale.py in a process of its own, as each `newsflow ingest` (or each run
of a deployment) is: the ``ingest_files`` flow on the inbox, with its steps timed.

    python bench/scale_round.py   # settings from NEWSFLOW_*, the API from PREFECT_API_URL

Prints one JSON line: the run's summary fields the benchmark adds up, the busy seconds of each
step (bench/scale_timing.py) and this process's peak RSS while each step ran.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.scale_timing import RssSampler, StepTimers


def main() -> None:
    from flows.embedded import embedded_run_settings
    from flows.ingest_files import ingest_files
    from settings import load_settings

    settings = load_settings()
    timers = StepTimers()
    timers.install()
    with RssSampler(timers) as rss, embedded_run_settings(heartbeats=False):
        summary = ingest_files(settings=settings)
    fields = ("files", "new", "duplicate", "rejected", "pending_batches")
    out: dict[str, object] = {field: int(summary[field]) for field in fields}
    out |= {"steps": timers.snapshot(), "own_peak_by_step": rss.own_peak_by_step}
    print(json.dumps(out), flush=True)


if __name__ == "__main__":
    main()
