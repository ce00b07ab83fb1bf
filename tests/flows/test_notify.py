"""The README's notification on failure: a real automation and webhook block on the session's
Prefect API, and (when the API's automation services run) a real POST on a failed run."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    received: list[dict[str, Any]] = []

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: Any) -> None:
            pass

        def do_POST(self) -> None:
            length = int(self.headers.get("content-length") or 0)
            received.append(json.loads(self.rfile.read(length) or b"{}"))
            self.send_response(200)
            self.send_header("content-length", "0")
            self.end_headers()

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/hook", received
    finally:
        server.shutdown()
        server.server_close()


def test_notify_on_failure_creates_one_automation_for_failed_newsflow_runs(
    prefect_harness: None, webhook: tuple[str, list[dict[str, Any]]]
) -> None:
    from prefect import flow
    from prefect.blocks.notifications import CustomWebhookNotificationBlock
    from prefect.client.orchestration import get_client

    from flows.ops.notify import AUTOMATION_NAME, FAILED_EVENTS, notify_on_failure

    url, received = webhook
    notify_on_failure(url, allow_private_urls=True)
    automation_id = notify_on_failure(url, allow_private_urls=True)  # again: replaced, not added

    with get_client(sync_client=True) as client:
        [automation] = client.read_automations_by_name(name=AUTOMATION_NAME)
    assert automation.id == automation_id
    assert automation.trigger.expect == set(FAILED_EVENTS)  # type: ignore[union-attr]
    [action] = automation.actions
    block = CustomWebhookNotificationBlock.load(AUTOMATION_NAME)
    assert action.block_document_id == block._block_document_id  # type: ignore[union-attr]
    assert block.url == url

    @flow(name="maintenance")
    def failing() -> None:
        raise RuntimeError("disk full")

    failing(return_state=True)
    deadline = time.monotonic() + 20
    while not received and time.monotonic() < deadline:
        time.sleep(0.5)
    if not received:
        pytest.skip("this Prefect API does not run its automation services; created only")
    assert "maintenance" in received[0]["subject"]
    assert "disk full" in received[0]["text"]
