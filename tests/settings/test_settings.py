from __future__ import annotations

from pathlib import Path

import pytest

from settings import SettingsError, load_settings


def test_defaults_derive_paths_from_the_data_dir() -> None:
    settings = load_settings({})
    assert settings.warehouse_file == Path("data/newsflow.duckdb")
    assert settings.inbox_dir == Path("data/inbox")


def test_file_then_environment_then_overrides(tmp_path: Path) -> None:
    config = tmp_path / "newsflow.toml"
    config.write_text('[newsflow]\nbatch_size = 50\ndata_dir = "/srv/news"\nsettle_seconds = 5\n')
    environment = {
        "NEWSFLOW_CONFIG": str(config),
        "NEWSFLOW_BATCH_SIZE": "70",
        "NEWSFLOW_SOMETHING": "x",
    }
    settings = load_settings(environment, batch_size=90)
    assert (settings.batch_size, settings.data_dir, settings.settle_seconds) == (
        90,
        Path("/srv/news"),
        5.0,
    )
    assert settings.extra["something"] == "x"
    assert load_settings(environment).batch_size == 70


@pytest.mark.parametrize(
    ("environment", "message"),
    [
        ({"NEWSFLOW_BATCH_SIZE": "many"}, "batch_size"),
        ({"NEWSFLOW_BATCH_SIZE": "0"}, "batch_size"),
        ({"NEWSFLOW_PICKUP_MODE": "copy"}, "pickup_mode"),
    ],
)
def test_bad_values_are_refused_with_the_setting_named(
    environment: dict[str, str], message: str
) -> None:
    with pytest.raises(SettingsError, match=message):
        load_settings(environment)


def test_a_broken_config_file_is_reported(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("batch_size = = 3")
    with pytest.raises(SettingsError, match="not valid TOML"):
        load_settings({"NEWSFLOW_CONFIG": str(config)})


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("true", True), ("1", True), ("yes", True), ("false", False), ("0", False)],
)
def test_a_yes_no_setting_reads_the_usual_spellings(raw: str, expected: bool) -> None:
    assert load_settings({"NEWSFLOW_SQL_ALLOW_FILES": raw}).sql_allow_files is expected


def test_a_yes_no_setting_refuses_anything_else() -> None:
    with pytest.raises(SettingsError, match="sql_allow_files"):
        load_settings({"NEWSFLOW_SQL_ALLOW_FILES": "perhaps"})
