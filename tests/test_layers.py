"""The architecture's import rules, checked on the source tree.

- Prefect only in ``flows/`` and in the task wrappers (``tasks/wrappers/``).
- DuckDB only in ``warehouse/``.
- The network (httpx, sockets, urllib's opener) only in the fetch package (``tasks/fetch/``).
- The CLI package (``newsflow/``) is imported by nobody else; settings live in ``settings/``,
  which every layer may import.
- The full-text index (tantivy) only in ``search/``, which reads the warehouse through
  ``warehouse/`` functions and never imports DuckDB or Prefect itself.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = ("newsflow", "settings", "errors", "flows", "tasks", "warehouse", "search")

RULES = {
    "prefect": ("flows/", "tasks/wrappers/"),
    "prefect_dask": ("flows/",),
    "duckdb": ("warehouse/",),
    "httpx": ("tasks/fetch/",),
    "socket": ("tasks/fetch/",),
    "urllib.request": ("tasks/fetch/",),
    "http.client": ("tasks/fetch/",),
    "tantivy": ("search/",),
    # The CLI package: nothing below the command line imports it (settings live in settings/).
    "newsflow": ("newsflow/",),
}


def _imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _source_files() -> list[Path]:
    return sorted(p for d in CODE_DIRS for p in (ROOT / d).rglob("*.py"))


def _violations(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        for module in _imported_modules(path):
            for banned, allowed_dirs in RULES.items():
                hits = module == banned or module.startswith(banned + ".")
                if hits and not relative.startswith(allowed_dirs):
                    found.append(f"{relative} imports {module}")
    return found


def test_layer_rules_hold_for_the_whole_tree() -> None:
    files = _source_files()
    assert len(files) > 10
    assert _violations(files) == []


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        ("tasks/clean.py", "import duckdb\n", ["tasks/clean.py imports duckdb"]),
        ("tasks/clean.py", "from prefect import task\n", ["tasks/clean.py imports prefect"]),
        ("warehouse/load.py", "import httpx\n", ["warehouse/load.py imports httpx"]),
        ("tasks/wrappers/x.py", "from prefect import task\n", []),
        ("warehouse/load.py", "import duckdb\n", []),
        ("search/update.py", "import duckdb\n", ["search/update.py imports duckdb"]),
        ("search/update.py", "import tantivy\n", []),
        ("warehouse/query.py", "import tantivy\n", ["warehouse/query.py imports tantivy"]),
        (
            "tasks/pickup.py",
            "from newsflow.cli import app\n",
            ["tasks/pickup.py imports newsflow.cli"],
        ),
        ("settings/model.py", "import newsflow\n", ["settings/model.py imports newsflow"]),
        ("warehouse/load.py", "from settings import Settings\n", []),
    ],
)
def test_the_checker_catches_a_forbidden_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, source: str, expected: list[str]
) -> None:
    target = tmp_path / where
    target.parent.mkdir(parents=True)
    target.write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _violations([target]) == expected


def test_the_error_tree_imports_nothing_of_the_project() -> None:
    """``errors`` is the root every layer imports, so it may import none of them."""
    project = {d for d in CODE_DIRS if d != "errors"}
    imported = set().union(*(_imported_modules(p) for p in (ROOT / "errors").rglob("*.py")))
    assert {m for m in imported if m.split(".")[0] in project} == set()
