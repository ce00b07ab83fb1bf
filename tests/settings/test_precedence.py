"""Where each setting comes from: defaults < config file < environment < explicit overrides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from settings import SettingsError, load_settings


@pytest.mark.parametrize(
    ("config", "environment", "overrides", "expected"),
    [
        ("", {}, {}, 500),
        ("batch_size = 50\n", {}, {}, 50),
        ("[newsflow]\nbatch_size = 50\n", {}, {}, 50),
        ("batch_size = 50\n", {"NEWSFLOW_BATCH_SIZE": "70"}, {}, 70),
        ("", {"NEWSFLOW_BATCH_SIZE": "70"}, {}, 70),
        ("batch_size = 50\n", {"NEWSFLOW_BATCH_SIZE": "70"}, {"batch_size": 90}, 90),
        ("batch_size = 50\n", {}, {"batch_size": 90}, 90),
        ("batch_size = 50\n", {"NEWSFLOW_BATCH_SIZE": "70"}, {"batch_size": None}, 70),
        ("", {}, {"batch_size": "90"}, 90),
        ("", {"BATCH_SIZE": "70", "OTHER_BATCH_SIZE": "80"}, {}, 500),
    ],
)
def test_later_sources_win(
    tmp_path: Path,
    config: str,
    environment: dict[str, str],
    overrides: dict[str, Any],
    expected: int,
) -> None:
    path = tmp_path / "newsflow.toml"
    path.write_text(config)
    settings = load_settings({"NEWSFLOW_CONFIG": str(path), **environment}, **overrides)
    assert settings.batch_size == expected


def test_the_config_file_is_found_in_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert load_settings({}).batch_size == 500
    (tmp_path / "newsflow.toml").write_text("batch_size = 40\n")
    assert load_settings({}).batch_size == 40


def test_an_explicit_config_file_beats_the_named_one(tmp_path: Path) -> None:
    named, explicit = tmp_path / "named.toml", tmp_path / "explicit.toml"
    named.write_text("batch_size = 40\n")
    explicit.write_text("batch_size = 30\n")
    environment = {"NEWSFLOW_CONFIG": str(named)}
    assert load_settings(environment, config_file=explicit).batch_size == 30


def test_a_missing_named_config_file_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="cannot read config file"):
        load_settings({"NEWSFLOW_CONFIG": str(tmp_path / "absent.toml")})


def test_unknown_names_are_kept_as_extra_from_every_source(tmp_path: Path) -> None:
    path = tmp_path / "newsflow.toml"
    path.write_text('sources_file = "mine.toml"\n[extra]\nflavour = "plain"\n')
    settings = load_settings({"NEWSFLOW_CONFIG": str(path), "NEWSFLOW_COLOUR": "blue"})
    assert dict(settings.extra) == {
        "sources_file": "mine.toml",
        "flavour": "plain",
        "colour": "blue",
    }


def test_paths_are_paths_with_the_home_expanded(tmp_path: Path) -> None:
    settings = load_settings({"NEWSFLOW_DATA_DIR": "~/news"}, warehouse=str(tmp_path / "w.db"))
    assert settings.data_dir == Path("~/news").expanduser()
    assert settings.warehouse == tmp_path / "w.db"
    assert settings.warehouse_file == tmp_path / "w.db"


def test_the_environment_types_numbers(tmp_path: Path) -> None:
    settings = load_settings({"NEWSFLOW_SETTLE_SECONDS": "0.5", "NEWSFLOW_PREFECT_PORT": "4300"})
    assert (settings.settle_seconds, settings.prefect_port) == (0.5, 4300)


def test_an_unknown_override_is_refused() -> None:
    with pytest.raises(SettingsError, match="unknown setting"):
        load_settings({}, batch_sise=3)


def test_overrides_on_resolved_settings_are_checked_too() -> None:
    settings = load_settings({})
    assert settings.with_overrides(batch_size=7, data_dir=None).batch_size == 7
    with pytest.raises(SettingsError, match="batch_size"):
        settings.with_overrides(batch_size=0)
    with pytest.raises(SettingsError, match="unknown setting"):
        settings.with_overrides(nonsense=1)


def test_the_environment_beats_the_file_for_extra_names_too(tmp_path: Path) -> None:
    # The old loader let a top-level unknown key of the file beat the environment.
    path = tmp_path / "newsflow.toml"
    path.write_text('sources_file = "from-file.toml"\n')
    environment = {"NEWSFLOW_CONFIG": str(path), "NEWSFLOW_SOURCES_FILE": "from-env.toml"}
    assert load_settings(environment).extra["sources_file"] == "from-env.toml"


def test_a_value_a_source_cannot_read_is_a_settings_error() -> None:
    with pytest.raises(SettingsError, match="extra"):
        load_settings({"NEWSFLOW_EXTRA": "not json"})
