"""``embedded_run_settings``: the CLI's flow runs without heartbeats, every other setting kept."""

from __future__ import annotations


def test_heartbeats_are_off_inside_and_back_after() -> None:
    from prefect.settings import get_current_settings

    from flows.embedded import embedded_run_settings

    before = get_current_settings()
    assert before.flows.heartbeat_frequency is not None
    with embedded_run_settings(heartbeats=False):
        inside = get_current_settings()
        assert inside.flows.heartbeat_frequency is None
        expected = before.model_dump()
        expected["flows"]["heartbeat_frequency"] = None
        assert inside.model_dump() == expected
    assert get_current_settings().flows.heartbeat_frequency == before.flows.heartbeat_frequency
    with embedded_run_settings(heartbeats=True):
        assert get_current_settings() is before
