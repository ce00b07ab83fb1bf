"""Each setting made its type as pydantic's lax mode made it (the values people give: text
from the environment or the command line, TOML's natives, paths, ints for floats)."""

from __future__ import annotations

import dataclasses
import pickle
from pathlib import Path
from typing import Any

import pytest

from settings import SETTING_NAMES, Settings, SettingsError, load_settings


@pytest.mark.parametrize(
    ("name", "given", "expected"),
    [
        ("batch_size", " 7 ", 7),
        ("batch_size", "+7", 7),
        ("batch_size", "007", 7),
        ("batch_size", "7.0", 7),
        ("batch_size", "1_000", 1000),
        ("batch_size", 7.0, 7),
        ("batch_size", True, 1),  # pydantic took a bool for an int
        ("batch_max_bytes", "-1", -1),
        ("batch_max_bytes", False, 0),
        ("settle_seconds", "0", 0.0),
        ("settle_seconds", 3, 3.0),
        ("settle_seconds", "1e3", 1000.0),
        ("settle_seconds", "inf", float("inf")),
        ("load_wait_seconds", "-0.5", -0.5),
        ("request_deadline_seconds", "0.5", 0.5),
        ("sql_allow_files", " YES ", True),
        ("sql_allow_files", "off", False),
        ("sql_allow_files", "", False),
        ("sql_allow_files", 1, True),
        ("sql_allow_files", 0.0, False),
        ("pickup_mode", "move", "move"),
        ("schedule_timezone", "", ""),
        ("dask_address", "", ""),  # not None: an empty variable is a value
        ("warehouse", "", Path(".")),  # as pydantic made it
        ("warehouse", "~/w.duckdb", Path("~/w.duckdb").expanduser()),
        ("data_dir", Path("~/news"), Path("~/news").expanduser()),
        ("cache_dir", "a//b/", Path("a/b")),
    ],
)
def test_values_are_made_their_type(name: str, given: Any, expected: Any) -> None:
    for settings in (load_settings({}, **{name: given}), Settings(**{name: given})):
        value = getattr(settings, name)
        assert (value, type(value)) == (expected, type(expected))
    if isinstance(given, str):
        from_env = getattr(load_settings({"NEWSFLOW_" + name.upper(): given}), name)
        assert (from_env, type(from_env)) == (expected, type(expected))


@pytest.mark.parametrize(
    ("name", "given", "message"),
    [
        ("batch_size", "7.5", "valid integer"),
        ("batch_size", 7.5, "fractional part"),
        ("batch_size", "1e3", "valid integer"),
        ("batch_size", "", "valid integer"),
        ("batch_size", "true", "valid integer"),
        ("batch_size", "٣", "valid integer"),
        ("batch_size", float("nan"), "finite"),
        ("batch_size", Path("7"), "valid integer"),
        ("batch_size", 0, "greater than or equal to 1"),
        ("batch_size", False, "greater than or equal to 1"),
        ("worker_processes", "0", "greater than or equal to 1"),
        ("warc_chunk_pages", -1, "greater than or equal to 1"),
        ("settle_seconds", "-0.5", "greater than or equal to 0"),
        ("settle_seconds", "nan", "greater than or equal to 0"),
        ("lock_wait_seconds", -1, "greater than or equal to 0"),
        ("request_deadline_seconds", 0, "greater than 0"),
        ("url_retry_budget_seconds", "-1", "greater than 0"),
        ("load_wait_seconds", "abc", "valid number"),
        ("sql_allow_files", "perhaps", "yes/no"),
        ("sql_allow_files", 2, "valid boolean"),
        ("pickup_mode", "LEDGER", "'ledger' or 'move'"),
        ("pickup_mode", " move", "'ledger' or 'move'"),
        ("schedule_timezone", 3, "valid string"),
        ("dask_address", True, "valid string"),
        ("data_dir", 3, "valid path"),
        ("warehouse", True, "valid path"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(name: str, given: Any, message: str) -> None:
    with pytest.raises(SettingsError, match=f"setting {name}=.*{message}"):
        load_settings({}, **{name: given})
    with pytest.raises(SettingsError, match=f"setting {name}=.*{message}"):
        Settings(**{name: given})


@pytest.mark.parametrize("name", ["batch_size", "data_dir", "pickup_mode", "sql_allow_files"])
def test_none_is_not_given_to_load_settings_but_refused_by_settings(name: str) -> None:
    assert getattr(load_settings({}, **{name: None}), name) == getattr(Settings(), name)
    with pytest.raises(SettingsError, match=name):
        Settings(**{name: None})


@pytest.mark.parametrize("name", ["warehouse", "inbox", "dask_address"])
def test_the_optional_settings_take_none(name: str) -> None:
    assert getattr(Settings(**{name: None}), name) is None


def test_toml_natives(tmp_path: Path) -> None:
    config = tmp_path / "newsflow.toml"
    config.write_text(
        'batch_size = 7.0\nsettle_seconds = 3\nsql_allow_files = 1\nmax_file_bytes = "9"\n'
    )
    settings = load_settings({}, config_file=config)
    assert (settings.batch_size, settings.settle_seconds) == (7, 3.0)
    assert (settings.sql_allow_files, settings.max_file_bytes) == (True, 9)


def test_every_problem_is_told_at_once() -> None:
    with pytest.raises(SettingsError, match=r"batch_size=.*; setting pickup_mode="):
        load_settings({"NEWSFLOW_BATCH_SIZE": "many", "NEWSFLOW_PICKUP_MODE": "copy"})


@pytest.mark.parametrize(
    ("environment", "config", "message"),
    [
        ({"NEWSFLOW_EXTRA": "[1]"}, "", "extra"),
        ({"NEWSFLOW_EXTRA": ""}, "", "extra"),
        ({}, "extra = 3\n", "extra"),
    ],
)
def test_extra_must_be_a_table(
    tmp_path: Path, environment: dict[str, str], config: str, message: str
) -> None:
    path = tmp_path / "newsflow.toml"
    path.write_text(config)
    with pytest.raises(SettingsError, match=message):
        load_settings(environment, config_file=path)


def test_extra_tables_merge_at_every_depth_the_environment_winning(tmp_path: Path) -> None:
    path = tmp_path / "newsflow.toml"
    path.write_text('[extra]\nfetch = {a = 1, b = 1}\nkept = "file"\n')
    environment = {"NEWSFLOW_EXTRA": '{"fetch": {"b": 2}}', "newsflow_Colour": "blue"}
    settings = load_settings(environment, config_file=path)
    assert settings.extra == {"fetch": {"a": 1, "b": 2}, "kept": "file", "colour": "blue"}


def test_settings_are_a_frozen_value_that_pickles() -> None:
    settings = load_settings({"NEWSFLOW_COLOUR": "blue"}, batch_size=7)
    with pytest.raises(dataclasses.FrozenInstanceError):
        settings.batch_size = 8  # type: ignore[misc]
    assert pickle.loads(pickle.dumps(settings)) == settings
    assert settings.with_overrides(batch_size="7") == settings
    assert tuple(f.name for f in dataclasses.fields(Settings)) == SETTING_NAMES
