"""A local Prefect stack for newsflow: server on 127.0.0.1, process work pool, deployments, worker,
and the warm runner that flow commands are forked from (``newsflow.warm``).

``start_stack`` is what ``newsflow up`` runs; ``stop_stack`` and ``stack_status`` back ``down`` and
``status``. Prefect's own CLI does the work (``prefect server start``, ``prefect work-pool
create``, ``prefect deploy --all``, ``prefect worker start``), run with this interpreter, so the
commands in the README are exactly what happens here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from errors import StackError as StackError
from flows.ops.processes import ProcessRecord, is_running, load_records, save_records, spawn
from flows.prefect_template import seed_new_home
from settings import Settings

PROJECT_DIR = Path(__file__).resolve().parents[2]  # holds prefect.yaml and the flows package
STATE_FILE_NAME = "newsflow-up.json"
RUNNER_SOCKET_NAME = "runner.sock"  # in the stack's Prefect home: newsflow.warm listens there
_PREFECT = (sys.executable, "-m", "prefect")
_RUNNER = (sys.executable, "-m", "newsflow.warm")
STOP_ORDER = ("worker", "runner", "server")  # no run starts, then none is running, then the API


@dataclass(frozen=True)
class StackLayout:
    data_dir: Path  # absolute
    port: int
    work_pool: str
    schedule_timezone: str
    project_dir: Path = PROJECT_DIR
    cache_dir: Path | None = None  # holds the template of Prefect's database, if any

    @classmethod
    def from_settings(cls, settings: Settings, *, port: int | None = None) -> StackLayout:
        return cls(
            data_dir=settings.data_dir.resolve(),
            port=port or settings.prefect_port,
            work_pool=settings.work_pool,
            schedule_timezone=settings.schedule_timezone,
            cache_dir=settings.cache_dir,
        )

    @property
    def prefect_home(self) -> Path:
        return self.data_dir / "prefect"

    @property
    def state_file(self) -> Path:
        return self.prefect_home / STATE_FILE_NAME

    @property
    def runner_socket(self) -> Path:
        return self.prefect_home / RUNNER_SOCKET_NAME

    @property
    def ui_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return f"{self.ui_url}/api"

    def environment(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """The environment of every Prefect command and process of this stack."""
        env = dict(os.environ if base is None else base)
        env.update(
            PREFECT_HOME=str(self.prefect_home),
            PREFECT_API_URL=self.api_url,
            PREFECT_SERVER_API_HOST="127.0.0.1",
            PREFECT_SERVER_API_PORT=str(self.port),
            PREFECT_SERVER_ANALYTICS_ENABLED="false",
            DO_NOT_TRACK="1",
            # Flow runs started by the worker read the same data directory and time zone.
            NEWSFLOW_DATA_DIR=str(self.data_dir),
            NEWSFLOW_SCHEDULE_TIMEZONE=self.schedule_timezone,
            NEWSFLOW_WORK_POOL=self.work_pool,
        )
        return env


def start_stack(
    layout: StackLayout,
    *,
    say: Callable[[str], None] = print,
    start_timeout: float = 180.0,
    deploy: bool = True,
) -> list[ProcessRecord]:
    """Start server and worker, create the pool, deploy ``prefect.yaml``; return the records."""
    running = [r for r in load_records(layout.state_file)[0] if is_running(r)]
    if running:
        pids = ", ".join(f"{r.role} {r.pid}" for r in running)
        raise StackError(f"already running ({pids}); run `newsflow down` first")
    layout.prefect_home.mkdir(parents=True, exist_ok=True)
    if layout.cache_dir is not None:  # a new home: its server need not run every migration
        seed_new_home(layout.prefect_home, layout.cache_dir)
    env = layout.environment()
    logs = layout.prefect_home / "logs"
    records: list[ProcessRecord] = []
    server_command = [*_PREFECT, "server", "start", "--host", "127.0.0.1"]
    server_command += ["--port", str(layout.port), "--analytics-off"]
    server = spawn(
        "server", server_command, env=env, cwd=layout.project_dir, log_file=logs / "server.log"
    )
    records.append(server)
    _save(layout, records)  # recorded at once, so `down` can stop it whatever happens next
    say(f"Prefect server starting (pid {server.pid}, log {server.log_file})")
    wait_until_healthy(layout, server, timeout=start_timeout)
    _run(layout, ["work-pool", "create", layout.work_pool, "--type", "process", "--overwrite"])
    if deploy:
        say("deploying every deployment in prefect.yaml")
        _run(layout, ["--no-prompt", "deploy", "--all"])
    worker_command = [*_PREFECT, "worker", "start", "--pool", layout.work_pool]
    worker_command += ["--type", "process", "--name", f"newsflow-{layout.port}"]
    worker = spawn(
        "worker", worker_command, env=env, cwd=layout.project_dir, log_file=logs / "worker.log"
    )
    records.append(worker)
    _save(layout, records)
    say(f"worker started (pid {worker.pid}, pool {layout.work_pool})")
    runner_command = [*_RUNNER, "--socket", str(layout.runner_socket)]
    runner = spawn(
        "runner", runner_command, env=env, cwd=layout.project_dir, log_file=logs / "runner.log"
    )
    records.append(runner)
    _save(layout, records)
    wait_until_runner_listens(layout, runner, timeout=start_timeout)
    say(f"runner ready (pid {runner.pid}): flow commands run from it, with Prefect imported")
    say(f"Prefect UI: {layout.ui_url}")
    return records


def stop_stack(layout: StackLayout, *, say: Callable[[str], None] = print) -> list[str]:
    """Stop the recorded processes (worker first, so no run starts on a dying server)."""
    from flows.ops.processes import stop

    records, _ = load_records(layout.state_file)
    outcomes = []
    for record in sorted(records, key=_stop_rank):
        outcome = f"{record.role} {record.pid}: {stop(record)}"
        outcomes.append(outcome)
        say(outcome)
    if layout.state_file.exists():
        layout.state_file.unlink()
    return outcomes


def stack_status(layout: StackLayout) -> tuple[list[tuple[ProcessRecord, bool]], dict[str, str]]:
    records, details = load_records(layout.state_file)
    return [(r, is_running(r)) for r in records], details


def running_stack_api_url(settings: Settings, *, timeout: float = 1.0) -> str | None:
    """The API address of a stack `newsflow up` started for this data directory, when its
    recorded server process is alive and its API answers within ``timeout``; else None.

    A missing, unreadable or stale record (the server gone) costs no network call. Imports no
    Prefect: that would fix Prefect's settings before the caller sets ``PREFECT_API_URL``."""
    try:
        records, details = load_records(StackLayout.from_settings(settings).state_file)
    except (OSError, ValueError, TypeError):
        return None
    api_url = details.get("api")
    server = next((r for r in records if r.role == "server"), None)
    if not api_url or server is None or not is_running(server):
        return None
    from tasks.fetch.health import api_answers

    return api_url if api_answers(api_url, timeout=timeout) else None


def running_stack_runner_socket(settings: Settings) -> Path | None:
    """The socket of the warm runner (``newsflow.warm``) of the stack `newsflow up` started for
    this data directory, when its recorded process is alive and the socket is there."""
    layout = StackLayout.from_settings(settings)
    try:
        records, _ = load_records(layout.state_file)
    except (OSError, ValueError, TypeError):
        return None
    runner = next((r for r in records if r.role == "runner"), None)
    if runner is None or not is_running(runner) or not layout.runner_socket.exists():
        return None
    return layout.runner_socket


def wait_until_runner_listens(
    layout: StackLayout, runner: ProcessRecord, *, timeout: float
) -> None:
    """Until the runner has imported what it shares and listens (a few seconds)."""
    deadline = time.monotonic() + timeout
    while not layout.runner_socket.exists():
        if not is_running(runner):
            raise StackError(f"the runner exited; see {runner.log_file}")
        if time.monotonic() > deadline:
            raise StackError(f"the runner did not listen in time; see {runner.log_file}")
        time.sleep(0.1)


def _stop_rank(record: ProcessRecord) -> int:
    return STOP_ORDER.index(record.role) if record.role in STOP_ORDER else len(STOP_ORDER)


def wait_until_healthy(
    layout: StackLayout, server: ProcessRecord | None, *, timeout: float
) -> None:
    from prefect.client.orchestration import get_client
    from prefect.settings import PREFECT_API_URL, temporary_settings

    deadline = time.monotonic() + timeout
    with temporary_settings({PREFECT_API_URL: layout.api_url}):
        while True:
            if server is not None and not is_running(server):
                raise StackError(
                    f"the Prefect server exited; see {layout.prefect_home / 'logs' / 'server.log'}"
                )
            with get_client(sync_client=True) as client:
                if client.api_healthcheck() is None:
                    return
            if time.monotonic() > deadline:
                raise StackError(f"the Prefect server at {layout.api_url} did not answer in time")
            time.sleep(0.5)


def _save(layout: StackLayout, records: list[ProcessRecord]) -> None:
    save_records(
        layout.state_file,
        records,
        ui=layout.ui_url,
        api=layout.api_url,
        prefect_home=str(layout.prefect_home),
        work_pool=layout.work_pool,
    )


def _run(layout: StackLayout, arguments: list[str]) -> None:
    completed = subprocess.run(
        [*_PREFECT, *arguments],
        env=layout.environment(),
        cwd=layout.project_dir,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode != 0:
        output = (completed.stdout + completed.stderr).strip()[-3000:]
        raise StackError(f"`prefect {' '.join(arguments)}` failed:\n{output}")
