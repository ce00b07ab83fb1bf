"""No import cycle between the project's modules.

Every module is parsed with ``ast``; all imports count, module-level and function-level
alike (a function-level import hides a cycle from the interpreter, not from the design),
relative ones resolved against the importing module's package. A strongly connected
component of more than one module is a cycle and fails the test, listed by name.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CODE_DIRS = (
    "newsflow", "settings", "errors", "flows", "tasks", "staging", "warehouse", "search",
)  # fmt: skip


def _module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _modules(root: Path) -> dict[str, Path]:
    found = {}
    for directory in CODE_DIRS:
        for path in sorted((root / directory).rglob("*.py")):
            found[_module_name(path, root)] = path
    return found


def _target(name: str, modules: dict[str, Path]) -> str | None:
    """The most specific project module ``name`` refers to (a module, or the package holding it)."""
    while name:
        if name in modules:
            return name
        name = name.rpartition(".")[0]
    return None


def _imports(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    is_package = path.name == "__init__.py"
    package = module if is_package else module.rpartition(".")[0]
    targets: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".") if package else []
                base_parts = base_parts[: len(base_parts) - (node.level - 1)]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            names = [f"{base}.{alias.name}" if base else alias.name for alias in node.names]
        else:
            continue
        for name in names:
            target = _target(name, modules)
            if target is not None and target != module:
                targets.add(target)
    return targets


def _graph(root: Path) -> dict[str, set[str]]:
    modules = _modules(root)
    return {name: _imports(name, path, modules) for name, path in modules.items()}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan, iterative)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    on_stack: set[str] = set()
    stack: list[str] = []
    components: list[list[str]] = []
    counter = 0
    for start in sorted(graph):
        if start in index:
            continue
        work = [(start, iter(sorted(graph[start])))]
        index[start] = low[start] = counter
        counter += 1
        stack.append(start)
        on_stack.add(start)
        while work:
            node, children = work[-1]
            child = next(children, None)
            if child is not None:
                if child not in index:
                    index[child] = low[child] = counter
                    counter += 1
                    stack.append(child)
                    on_stack.add(child)
                    work.append((child, iter(sorted(graph.get(child, ())))))
                elif child in on_stack:
                    low[node] = min(low[node], index[child])
                continue
            work.pop()
            if work:
                low[work[-1][0]] = min(low[work[-1][0]], low[node])
            if low[node] == index[node]:
                component = []
                while True:
                    member = stack.pop()
                    on_stack.discard(member)
                    component.append(member)
                    if member == node:
                        break
                if len(component) > 1:
                    components.append(sorted(component))
    return sorted(components)


def test_the_project_has_no_import_cycle() -> None:
    graph = _graph(ROOT)
    assert len(graph) > 10
    assert _cycles(graph) == []


def _write(root: Path, files: dict[str, str]) -> None:
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(source)


def test_a_cycle_hidden_in_a_function_is_found(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "tasks/__init__.py": "",
            "tasks/a.py": "from tasks.b import g\n",
            "tasks/b.py": "def g():\n    from tasks import a\n    return a\n",
        },
    )
    assert _cycles(_graph(tmp_path)) == [["tasks.a", "tasks.b"]]


def test_a_cycle_through_relative_imports_is_found(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "warehouse/__init__.py": "",
            "warehouse/x.py": "from .y import f\n",
            "warehouse/sub/__init__.py": "",
            "warehouse/y.py": "from .sub import z\n",
            "warehouse/sub/z.py": "from ..x import h\n",
        },
    )
    assert _cycles(_graph(tmp_path)) == [["warehouse.sub.z", "warehouse.x", "warehouse.y"]]


def test_a_chain_without_a_cycle_passes(tmp_path: Path) -> None:
    _write(
        tmp_path,
        {
            "tasks/__init__.py": "",
            "tasks/a.py": "from tasks.b import g\nfrom . import c\n",
            "tasks/b.py": "import tasks.c\n",
            "tasks/c.py": "import os\n",
        },
    )
    assert _cycles(_graph(tmp_path)) == []
