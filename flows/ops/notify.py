"""A notification when a newsflow run fails: a Prefect automation posting to a webhook.

    from flows.ops.notify import notify_on_failure
    notify_on_failure("https://hooks.slack.com/services/T000/B000/XXXX")

creates (or replaces) a webhook notification block and an automation that fires on every
Failed, Crashed or TimedOut run of newsflow's flows, against whatever API ``PREFECT_API_URL``
points at. The same automation can be made in the UI (Automations → Create).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import cast
from uuid import UUID

from prefect.automations import Automation
from prefect.blocks.notifications import CustomWebhookNotificationBlock
from prefect.client.orchestration import get_client
from prefect.events.actions import SendNotification
from prefect.events.schemas.automations import EventTrigger, Posture

AUTOMATION_NAME = "newsflow-failures"
FAILED_EVENTS = frozenset(
    {"prefect.flow-run.Failed", "prefect.flow-run.Crashed", "prefect.flow-run.TimedOut"}
)
NEWSFLOW_FLOWS = ("ingest_feeds", "ingest_files", "backfill", "backfill-day", "reprocess",
                  "maintenance")  # fmt: skip
SUBJECT = "newsflow: {{ flow.name }} run {{ flow_run.name }} {{ flow_run.state.name }}"
BODY = (
    "Run {{ flow_run.name }} of {{ flow.name }} ended {{ flow_run.state.name }}: "
    "{{ flow_run.state.message }}\n{{ flow_run|ui_url }}"
)


def notify_on_failure(
    webhook_url: str,
    *,
    name: str = AUTOMATION_NAME,
    flows: Sequence[str] = NEWSFLOW_FLOWS,
    allow_private_urls: bool = False,
) -> UUID:
    """Create the block and the automation (replacing earlier ones of ``name``); return its id.

    The webhook receives ``{"text": ..., "subject": ...}`` (what a Slack incoming webhook
    reads). ``allow_private_urls`` lets it post to a private address (a local relay).
    """
    block = CustomWebhookNotificationBlock(
        name=name,
        url=webhook_url,
        json_data={"text": "{{body}}", "subject": "{{subject}}"},
        allow_private_urls=allow_private_urls,
        headers=None,
        cookies=None,
    )
    # Called from sync code, Prefect's dual sync/async methods return values, not coroutines.
    block_id = cast(UUID, block.save(name, overwrite=True))
    with get_client(sync_client=True) as client:
        for existing in client.read_automations_by_name(name=name):
            client.delete_automation(existing.id)
    automation = Automation(
        name=name,
        description="Post to a webhook when a newsflow run fails, crashes or times out",
        trigger=EventTrigger(
            expect=set(FAILED_EVENTS),
            match={"prefect.resource.id": "prefect.flow-run.*"},
            match_related={"prefect.resource.role": "flow", "prefect.resource.name": list(flows)},
            posture=Posture.Reactive,
            threshold=1,
        ),
        actions=[SendNotification(block_document_id=block_id, subject=SUBJECT, body=BODY)],
    )
    created = cast(Automation, automation.create())
    if created.id is None:
        raise RuntimeError(f"the Prefect API returned no id for automation {name}")
    return created.id
