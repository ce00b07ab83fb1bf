"""End to end on a real local stack, sharing one Prefect server for the whole module:

`newsflow up` (server on a free 127.0.0.1 port, temporary PREFECT_HOME, process work pool,
`prefect deploy --all` from prefect.yaml, a worker process) -> `newsflow status` -> the
deployments as prefect.yaml describes them -> a backfill triggered through the API and run by
the worker over the simulated site -> the same from the UI's Run > Custom run form in headless
Chromium -> `newsflow down` stops exactly the recorded processes.

The tests run in file order and share the stack; each one also stands alone (the stack is
started by the fixture whatever is selected), except that nothing may run after the `down` test.
"""

from __future__ import annotations

import re
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from flows.ops.processes import is_running, load_records
from tests.e2e.stack import (
    SCHEDULE_TIMEZONE,
    SITE_DAYS,
    SITE_START,
    WORK_POOL,
    Stack,
    free_port,
    pause_schedules,
    prepare_site_and_settings,
)
from tests.simsite import SimSite

if TYPE_CHECKING:
    from playwright.sync_api import Page

REPO_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = REPO_ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]  # fmt: skip

pytestmark = [pytest.mark.slow]


@pytest.fixture(scope="module")
def stack(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    tmp = tmp_path_factory.mktemp("stack")
    with (
        pytest.MonkeyPatch.context() as monkeypatch,
        SimSite(start=SITE_START, days=SITE_DAYS, per_day=2, crawl_delay=None) as site,
    ):
        data_dir = prepare_site_and_settings(tmp, site, monkeypatch)
        running = Stack(port=free_port(), data_dir=data_dir, site=site)
        try:
            up = running.cli("up")
            assert up.exit_code == 0, up.output
            assert running.ui_url in up.output
            pause_schedules(running)
            yield running
        finally:
            running.cli("down")  # idempotent: after the `down` test it finds nothing recorded


def test_up_started_a_server_a_worker_and_a_runner_and_status_shows_them(stack: Stack) -> None:
    records, details = load_records(stack.data_dir / "prefect" / "newsflow-up.json")
    assert sorted(r.role for r in records) == ["runner", "server", "worker"]
    assert all(is_running(r) for r in records)
    assert details["prefect_home"] == str(stack.data_dir / "prefect")  # temporary, per stack

    status = stack.cli("status")
    assert status.exit_code == 0, status.output
    for record in records:
        assert f"pid {record.pid}" in status.output
    assert status.output.count("running") == 3
    assert f"UI: {stack.ui_url}" in status.output


def test_prefect_yaml_is_deployed_on_the_process_pool_with_schedules_and_limits(
    stack: Stack,
) -> None:
    with stack.client() as client:
        deployments = {d.name: d for d in client.read_deployments()}
        pool = client.read_work_pool(WORK_POOL)
    assert pool.type == "process"
    assert set(deployments) == {"feeds", "inbox", "backfill", "reprocess", "maintenance", "digest"}
    for deployment in deployments.values():
        assert deployment.work_pool_name == WORK_POOL
        assert not Path(deployment.entrypoint or "/").is_absolute()
        assert deployment.global_concurrency_limit.limit == 1  # type: ignore[union-attr]
    crons = {
        name: [(s.schedule.cron, s.schedule.timezone) for s in d.schedules]  # type: ignore[union-attr]
        for name, d in deployments.items()
    }
    assert crons == {
        "feeds": [("*/15 * * * *", SCHEDULE_TIMEZONE)],
        "inbox": [("*/5 * * * *", SCHEDULE_TIMEZONE)],
        "maintenance": [("30 3 * * *", SCHEDULE_TIMEZONE)],
        "digest": [("0 6 * * *", SCHEDULE_TIMEZONE)],
        "backfill": [],
        "reprocess": [],
    }
    strategies = {
        name: d.concurrency_options.collision_strategy.value  # type: ignore[union-attr]
        for name, d in deployments.items()
    }
    assert strategies == {
        "feeds": "CANCEL_NEW", "inbox": "CANCEL_NEW", "maintenance": "CANCEL_NEW",
        "digest": "CANCEL_NEW", "backfill": "ENQUEUE", "reprocess": "ENQUEUE",
    }  # fmt: skip

    schema = deployments["backfill"].parameter_openapi_schema
    assert deployments["backfill"].enforce_parameter_schema
    assert schema["required"] == ["start_date", "end_date"]
    properties = schema["properties"]
    assert properties["start_date"]["format"] == "date"
    assert properties["end_date"]["format"] == "date"
    assert properties["rerun"]["enum"] == ["missing", "failed", "all"]
    assert properties["dry_run"]["type"] == "boolean"
    assert properties["sources"]["type"] == "array"
    assert [name for name, spec in properties.items() if not spec.get("description")] == []


def test_a_backfill_triggered_through_the_api_runs_on_the_worker(stack: Stack) -> None:
    deployment = stack.deployment("backfill/backfill")
    first, last = SITE_START, SITE_START + timedelta(days=2)
    with stack.client() as client:
        created = client.create_flow_run_from_deployment(
            deployment.id,
            parameters={"start_date": str(first), "end_date": str(last), "sources": ["news"]},
        )
    run = stack.wait_for_run(created.id)
    assert run.state.is_completed(), run.state.message
    assert run.name == f"backfill {first}..{last} (missing)"
    days = [first + timedelta(days=n) for n in range(3)]
    assert stack.child_run_names(run.id) == [f"backfill {d}" for d in days]

    rows = stack.rows(
        f"SELECT source, day, status, urls, articles FROM backfill_days "
        f"WHERE day BETWEEN '{first}' AND '{last}' ORDER BY day"
    )
    assert rows == [("news", d, "done", 2, 2) for d in days]
    expected = {a.title for a in stack.site.articles["news"] if a.published.date() <= last}
    assert {r[0] for r in stack.rows("SELECT title FROM articles WHERE source = 'news'")} == (
        expected
    )


def test_a_backfill_from_the_ui_custom_run_form(stack: Stack) -> None:
    if not CHROMIUM.exists():
        pytest.skip(
            "Debian Chromium is not installed at /usr/bin/chromium (apt-get install chromium)"
        )
    from playwright.sync_api import expect, sync_playwright

    deployment = stack.deployment("backfill/backfill")
    first = SITE_START + timedelta(days=SITE_DAYS - 2)
    last = first + timedelta(days=1)
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1400, "height": 1200})
            page.set_default_timeout(60_000)
            page.goto(f"{stack.ui_url}/deployments/deployment/{deployment.id}")
            page.get_by_role("button", name="Run", exact=True).click()
            page.get_by_text("Custom run").click()
            page.wait_for_url("**/run**")
            _expect_descriptions(page)
            _pick_date(page, "start_date", first)
            _pick_date(page, "end_date", last)
            page.screenshot(path=str(ARTIFACTS / "backfill-custom-run-form.png"), full_page=True)
            failures: list[str] = []  # the page's failed requests: said if no run comes
            page.on("requestfailed", lambda r: failures.append(f"{r.method} {r.url}: {r.failure}"))
            page.on(
                "response",
                lambda r: (
                    failures.append(f"{r.request.method} {r.url}: {r.status}")
                    if r.status >= 400
                    else None
                ),
            )
            submit = page.get_by_role("button", name="Submit", exact=True)
            expect(submit).to_be_enabled()
            submit.click()
            # What counts is the run the form created, read from the API: on a loaded 2-core
            # machine the page the UI shows next can take long to load or fail to (Prefect's
            # "Oops" page), while the run itself was created.
            try:
                created = _wait_for_run_created(stack, deployment.id, str(first), page, timeout=180)
            except AssertionError as failed:
                shown = _what_the_page_shows(page, stack, deployment.id)
                raise AssertionError(f"{shown}; failed requests: {failures!r}") from failed
            page.screenshot(path=str(ARTIFACTS / "backfill-after-submit.png"))
        finally:
            browser.close()

    assert [r.id for r in stack.runs_of(deployment.id, start_date=str(first))] == [created.id]
    run = stack.wait_for_run(created.id)
    assert run.state.is_completed(), run.state.message
    assert run.parameters["start_date"] == str(first)
    assert run.parameters["end_date"] == str(last)
    assert stack.rows(
        f"SELECT source, day, status FROM backfill_days "
        f"WHERE day BETWEEN '{first}' AND '{last}' ORDER BY day, source"
    ) == [(s, d, "done") for d in (first, last) for s in ("news", "wire")]


def _expect_descriptions(page: Page) -> None:
    """Every parameter of the form says what it is for (from the flow's docstring)."""
    from playwright.sync_api import expect

    for text in (
        "First day to backfill (UTC day, included).",
        "Which sources to backfill, by name",
        "Only plan: publish the plan as the backfill-plan artifact",
        "How many days run at once",
    ):
        expect(page.get_by_text(text)).to_be_visible(timeout=60_000)


def _wait_for_run_created(
    stack: Stack, deployment_id: Any, start_date: str, page: Page, timeout: float
) -> Any:
    """The run the form created. If the UI says its request failed ("Something went wrong",
    seen on a loaded 2-core machine) and no run came, submit once more, as a user would: a
    failed request created nothing, and the caller checks that exactly one run exists."""
    deadline = time.monotonic() + timeout
    retried = False
    while True:
        runs = stack.runs_of(deployment_id, start_date=start_date)
        if runs:
            return runs[0]
        assert time.monotonic() < deadline, "the form did not create a flow run"
        if not retried and page.get_by_text("Something went wrong").first.is_visible():
            retried = True
            page.screenshot(path=str(ARTIFACTS / "backfill-submit-retried.png"))
            page.get_by_role("button", name="Submit", exact=True).click()
        time.sleep(1)


def _what_the_page_shows(page: Page, stack: Stack, deployment_id: Any) -> str:
    """Why no run came from the form, as far as the page and the API tell: a screenshot in
    ``ARTIFACTS``, the page's address and text (a toast, an error page), the deployment's runs."""
    shot = ARTIFACTS / "backfill-submit-failed.png"
    try:
        page.screenshot(path=str(shot), full_page=True)
        text = " ".join(page.inner_text("body", timeout=10_000).split())[:1500]
        url = page.url
    except Exception as exc:  # the page itself may be what broke
        text, url = f"(the page could not be read: {exc!r})", "?"
    runs = [(r.name, r.parameters) for r in stack.runs_of(deployment_id)]
    return (
        f"the form did not create a flow run; screenshot {shot}; page {url} shows: {text!r}; "
        f"the deployment's runs: {runs!r}"
    )


def _pick_date(page: Page, name: str, day: date) -> None:
    """Open the date picker of parameter ``name``, type the date in it, Apply."""
    field = page.locator(".schema-form-property").filter(has=page.get_by_text(name, exact=True))
    field.locator(".p-date-button__control").click()
    picker = page.locator(".p-date-picker").last
    picker.locator("input[type=date]").fill(day.isoformat())
    picker.get_by_role("button", name="Apply").click()
    from playwright.sync_api import expect

    # The button shows the date once the UI has re-rendered: wait for it (a loaded machine
    # can take seconds), rather than read it at once.
    expect(field.locator(".p-date-button__value")).not_to_have_text("Select date", timeout=30_000)


def test_down_stops_exactly_the_recorded_processes(stack: Stack) -> None:
    records, _ = load_records(stack.data_dir / "prefect" / "newsflow-up.json")
    assert len(records) == 3
    # A bystander, started the same way (own session) but not by `up`: it must survive.
    bystander = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(120)"], start_new_session=True
    )
    try:
        down = stack.cli("down")
        assert down.exit_code == 0, down.output
        for record in records:
            # "stopped", or "killed" where a starved machine kept it past its grace time:
            # either way this process, and only the recorded ones (test_stop_processes.py).
            assert re.search(rf"^{record.role} {record.pid}: (stopped|killed)$", down.output, re.M)
            assert not is_running(record)
        assert bystander.poll() is None
        assert not (stack.data_dir / "prefect" / "newsflow-up.json").exists()
        assert not (stack.data_dir / "prefect" / "runner.sock").exists()

        status = stack.cli("status")
        assert status.exit_code == 1
        assert "not running" in status.output
    finally:
        bystander.kill()
        bystander.wait()
