"""``embedded_run_settings``: the CLI's flow runs without heartbeats, every other setting kept."""

from __future__ import annotations

import pytest


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


def test_prefects_first_run_modules_are_imported_while_the_embedded_api_starts(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import flows.embedded as embedded
    from flows.engine_preload import ENGINE_MODULES

    calls: list[str] = []
    imported: list[list[str]] = []

    def import_modules(names: list[str]) -> list[tuple[str, str]]:
        calls.append("import")
        imported.append(names)
        return []

    monkeypatch.setattr(embedded, "import_modules", import_modules)
    monkeypatch.setattr(embedded, "wait_for_embedded_api", lambda: calls.append("wait"))
    monkeypatch.setattr(embedded, "embedded_api_pending", lambda: True)
    with embedded.embedded_run_settings(heartbeats=True):
        pass
    assert calls == ["import", "wait"]  # before the wait, while the server still starts
    assert imported == [list(ENGINE_MODULES)]  # what the stack's warm runner imports too
    calls.clear()
    monkeypatch.setattr(embedded, "embedded_api_pending", lambda: False)
    with embedded.embedded_run_settings(heartbeats=True):
        pass
    assert calls == ["wait"]  # no API starting (a stack, a server): the run imports them
