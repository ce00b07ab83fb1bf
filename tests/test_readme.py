"""README.md stays true: its quick start runs in CI, and its example outputs are real."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text("utf-8")
NEWSFLOW = Path(sys.executable).parent / "newsflow"
EXAMPLE = re.compile(
    r"<!-- readme:example -->\n```console\n\$ (?P<command>.+?)\n(?P<output>.*?)```", re.S
)


def _run(arguments: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("NEWSFLOW_")}
    environment.update(
        COLUMNS="100", TERM="dumb", NO_COLOR="1", PREFECT_HOME=str(cwd / "prefect-home")
    )
    environment.pop("PREFECT_API_URL", None)
    return subprocess.run(
        [str(NEWSFLOW), *arguments],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )


@pytest.fixture(scope="module")
def sample_dir(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    folder = tmp_path_factory.mktemp("readme")
    result = _run(["ingest", "--sample"], folder)
    assert result.returncode == 0, result.stderr[-3000:]
    return folder, result.stdout


def _strip(text: str) -> list[str]:
    return [line.rstrip() for line in text.strip("\n").splitlines()]


def test_ci_runs_the_readme_install_and_test_commands() -> None:
    for marker in ("<!-- ci:install -->", "<!-- ci:test -->"):
        assert README.count(marker) == 1
    assert "readme_command install" in (ROOT / ".ci/run").read_text()
    assert "readme_command test" in (ROOT / ".ci/run").read_text()
    install = README.split("<!-- ci:install -->")[1].split("```")[1]
    assert "newsflow ingest --sample" in install


def test_quick_start_summary_matches_the_readme(sample_dir: tuple[Path, str]) -> None:
    _, stdout = sample_dir
    lines = stdout.splitlines()
    header = next(n for n, line in enumerate(lines) if "┃ files ┃ articles ┃ new" in line)
    values = next(line for line in lines[header:] if line.startswith("│"))
    numbers = [cell.strip() for cell in values.split("│")[1:7]]
    assert numbers == ["7", "7", "6", "1", "1", "0"]
    assert "7 files holding 7 articles, 6 new, 1 exact duplicate" in README.replace("\n", " ")
    by_source = [line for line in lines if line.startswith("│ ") and "-" in line.split("│")[1]]
    # source | files | articles | new | exact dup | near-copy | new stories | rejected
    assert [[c.strip() for c in line.split("│")[1:9]] for line in by_source] == [
        ["harbor-gazette", "3", "3", "2", "1", "0", "2", "0"],
        ["metro-wire", "2", "1", "1", "0", "0", "1", "1"],
        ["valley-times", "2", "3", "3", "0", "0", "3", "0"],
    ]
    assert "top reject reasons:" in stdout and "binary file, not text" in stdout


def test_every_readme_example_prints_what_the_readme_shows(sample_dir: tuple[Path, str]) -> None:
    folder, _ = sample_dir
    examples = list(EXAMPLE.finditer(README))
    assert len(examples) >= 4
    for example in examples:
        arguments = shlex.split(example["command"])
        assert arguments[0] == "newsflow"
        result = _run(arguments[1:], folder)
        assert result.returncode == 0, result.stderr
        assert _strip(result.stdout) == _strip(example["output"]), example["command"]


def test_a_sql_error_prints_duckdb_message_and_fails(sample_dir: tuple[Path, str]) -> None:
    folder, _ = sample_dir
    result = _run(["sql", "SELECT nope FROM articles"], folder)
    assert result.returncode == 1
    assert "nope" in result.stderr and "Binder Error" in result.stderr


def test_every_subcommand_has_help() -> None:
    listing = subprocess.run([str(NEWSFLOW), "--help"], capture_output=True, text=True, check=True)
    commands = re.findall(r"^│ (\w[\w-]*)\s", listing.stdout, re.M)
    assert {"ingest", "sql", "load"} <= set(commands)
    for command in commands:
        result = subprocess.run([str(NEWSFLOW), command, "--help"], capture_output=True, text=True)
        assert result.returncode == 0 and "Usage" in result.stdout, command
        assert "<bool>" not in result.stdout, command  # a flag takes no value


def test_every_setting_is_documented_in_the_readme() -> None:

    from settings import SETTING_NAMES

    readme = (ROOT / "README.md").read_text("utf-8")
    undocumented = [name for name in SETTING_NAMES if f"`{name}`" not in readme]
    assert undocumented == []
