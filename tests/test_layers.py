"""The architecture's import rules, checked on the source tree.

- Prefect only in ``flows/`` and in the task wrappers (``tasks/wrappers/``); every ``@task``
  is defined in ``tasks/wrappers/`` (flows only compose tasks).
- DuckDB only in ``warehouse/``.
- The network (httpx, sockets, urllib's opener) only in the fetch package (``tasks/fetch/``);
  the stack's warm runner (``newsflow/warm/``) uses local ``AF_UNIX`` sockets, and nothing
  else of the ``socket`` module.
- The CLI package (``newsflow/``) is imported by nobody else; settings live in ``settings/``,
  which every layer may import.
- The full-text index (tantivy) only in ``search/``, which reads the warehouse through
  ``warehouse/`` functions and never imports DuckDB or Prefect itself.
- Staging (``staging/``) imports neither the warehouse nor Prefect (nor DuckDB); the warehouse
  reads staged batches through ``staging/``.
- Steps (``tasks/`` outside ``tasks/wrappers/``) take plain values and return values: they
  import neither the warehouse, staging nor the CLI. The wrappers (and the worker entry points
  in ``tasks/wrappers/``) read what a step needs and stage what it returns.
- The warehouse takes only value types from ``tasks/dedup/`` (``DEDUP_VALUES``): the dedup
  algorithms are passed to its run (``tasks.dedup.linking.ALGORITHMS``), never called by it.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = (
    "newsflow", "settings", "errors", "flows", "tasks", "staging", "warehouse", "search",
)  # fmt: skip

RULES = {
    "prefect": ("flows/", "tasks/wrappers/"),
    "prefect_dask": ("flows/",),
    "duckdb": ("warehouse/",),
    "httpx": ("tasks/fetch/",),
    "socket": ("tasks/fetch/", "newsflow/warm/"),  # the warm runner: AF_UNIX only (below)
    "urllib.request": ("tasks/fetch/",),
    "http.client": ("tasks/fetch/",),
    "tantivy": ("search/",),
    # The CLI package: nothing below the command line imports it (settings live in settings/).
    "newsflow": ("newsflow/",),
}

# Project packages a directory must not import, whatever RULES allow:
# (directory, banned packages, subdirectories exempt).
KEPT_OUT: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("staging/", ("warehouse",), ()),
    ("tasks/", ("warehouse", "staging"), ("tasks/wrappers/",)),  # the CLI: banned by RULES
)

# What ``warehouse/`` may import from ``tasks.dedup``: values, constants and interfaces.
DEDUP_VALUES = {
    "DedupInput", "Link", "link_pair", "NEAR_COPY", "VERSION", "LINKS_PER_DOC",
    "SignedBatch", "StoryRule", "DedupAlgorithms", "IndexLookups", "BatchLinks", "Fact", "U64",
}  # fmt: skip


def _dedup_imports(path: Path) -> list[str]:
    """What a module imports from ``tasks.dedup`` beyond ``DEDUP_VALUES``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names if a.name.startswith("tasks.dedup")]
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("tasks.dedup"):
            found += [f"{node.module}.{a.name}" for a in node.names if a.name not in DEDUP_VALUES]
    return found


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
            for directory, banned_packages, exempt in KEPT_OUT:
                inside = relative.startswith(directory) and not relative.startswith(exempt or "\0")
                if inside and module.split(".")[0] in banned_packages:
                    found.append(f"{relative} imports {module}")
        if relative.startswith("warehouse/"):
            found += [f"{relative} imports {name}" for name in _dedup_imports(path)]
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
        (
            "staging/batches.py",
            "from warehouse.load import x\n",
            ["staging/batches.py imports warehouse.load"],
        ),
        ("staging/read.py", "import duckdb\n", ["staging/read.py imports duckdb"]),
        ("staging/read.py", "from prefect import task\n", ["staging/read.py imports prefect"]),
        ("warehouse/load.py", "from staging.read import verify_batch\n", []),
        (
            "tasks/ingest_batch.py",
            "from staging.batches import stage_batch\n",
            ["tasks/ingest_batch.py imports staging.batches"],
        ),
        (
            "tasks/fetch/plan.py",
            "from warehouse.fetch_state import UrlState\n",
            ["tasks/fetch/plan.py imports warehouse.fetch_state"],
        ),
        ("tasks/wrappers/ingest.py", "from staging.steps import stage\n", []),
        ("tasks/wrappers/ingest.py", "from warehouse.load import load_run\n", []),
        ("flows/ingest_files.py", "from warehouse.load import load_run\n", []),
        ("warehouse/dedup_run.py", "from tasks.dedup.models import Link, link_pair\n", []),
        (
            "warehouse/dedup_run.py",
            "from tasks.dedup.nearcopy import verify\n",
            ["warehouse/dedup_run.py imports tasks.dedup.nearcopy.verify"],
        ),
        (
            "warehouse/dedup_clusters.py",
            "from tasks.dedup import clusters\n",
            ["warehouse/dedup_clusters.py imports tasks.dedup.clusters"],
        ),
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


# What the warm runner may use of the ``socket`` module: a local socket, passing descriptors.
WARM_SOCKET_NAMES = {
    "socket", "AF_UNIX", "SOCK_SEQPACKET", "send_fds", "recv_fds", "SOL_SOCKET", "SO_PEERCRED",
}  # fmt: skip


def _socket_names(path: Path) -> set[str]:
    """The names a module takes from ``socket`` (``socket.X``, ``from socket import X``)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Attribute) and getattr(node.value, "id", None) == "socket":
            names.add(node.attr)
        elif isinstance(node, ast.ImportFrom) and node.module == "socket":
            names.update(alias.name for alias in node.names)
    return names


def test_the_warm_runner_uses_only_local_sockets() -> None:
    files = sorted((ROOT / "newsflow" / "warm").rglob("*.py"))
    used = set().union(*(_socket_names(p) for p in files))
    assert "AF_UNIX" in used
    assert used <= WARM_SOCKET_NAMES


def test_the_socket_check_catches_a_network_socket(tmp_path: Path) -> None:
    module = tmp_path / "net.py"
    module.write_text("import socket\nsocket.socket(socket.AF_INET, socket.SOCK_STREAM)\n")
    assert _socket_names(module) - WARM_SOCKET_NAMES == {"AF_INET", "SOCK_STREAM"}


def test_the_error_tree_imports_nothing_of_the_project() -> None:
    """``errors`` is the root every layer imports, so it may import none of them."""
    project = {d for d in CODE_DIRS if d != "errors"}
    imported = set().union(*(_imported_modules(p) for p in (ROOT / "errors").rglob("*.py")))
    assert {m for m in imported if m.split(".")[0] in project} == set()


def _task_definitions(path: Path) -> list[str]:
    """Functions in ``path`` decorated with Prefect's ``task`` (``@task``, ``@task(...)``,
    ``@prefect.task``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in node.decorator_list:
            target = decorator.func if isinstance(decorator, ast.Call) else decorator
            name = target.attr if isinstance(target, ast.Attribute) else getattr(target, "id", "")
            if name == "task":
                found.append(node.name)
    return found


def _task_violations(files: list[Path]) -> list[str]:
    found = []
    for path in files:
        relative = path.relative_to(ROOT).as_posix()
        if not relative.startswith("tasks/wrappers/"):
            found.extend(f"{relative} defines task {name}" for name in _task_definitions(path))
    return found


def test_every_task_is_defined_in_the_wrappers() -> None:
    assert _task_violations(_source_files()) == []


@pytest.mark.parametrize(
    ("where", "source", "expected"),
    [
        ("flows/x.py", "@task\ndef f(): ...\n", ["flows/x.py defines task f"]),
        ("flows/x.py", "@task(name='n')\nasync def g(): ...\n", ["flows/x.py defines task g"]),
        ("tasks/x.py", "@prefect.task()\ndef h(): ...\n", ["tasks/x.py defines task h"]),
        ("tasks/wrappers/x.py", "@task(name='n')\ndef f(): ...\n", []),
        ("flows/x.py", "@flow\ndef f(): ...\n", []),
    ],
)
def test_the_checker_catches_a_task_outside_the_wrappers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, where: str, source: str, expected: list[str]
) -> None:
    target = tmp_path / where
    target.parent.mkdir(parents=True)
    target.write_text(source)
    monkeypatch.setattr(sys.modules[__name__], "ROOT", tmp_path)
    assert _task_violations([target]) == expected
