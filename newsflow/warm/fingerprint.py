"""What code a process runs: the project's files and the installed distributions.

The runner (``newsflow.warm``) serves a command only when the caller would run the same code:
a fork of a process that imported older files would run the old code.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import site
import sys
from pathlib import Path
from typing import Any

# The project's top-level packages (pyproject's ``packages.find``); .sql files are code too.
PROJECT_PACKAGES = (
    "newsflow", "settings", "errors", "flows", "tasks", "staging", "warehouse", "search",
)  # fmt: skip
_SUFFIXES = (".py", ".sql")


def code_fingerprint() -> str:
    """A digest of the interpreter, every project source file (path, size, mtime) and the
    names (with versions) of the installed distributions. A few milliseconds: stats only."""
    interpreter = os.path.realpath(sys.executable)  # bin/python and bin/python3 are one
    digest = hashlib.sha256(f"{interpreter}\n{sys.prefix}\n{sys.version}\n".encode())
    for folder in _package_folders():
        for path, size, mtime_ns in _sources(folder):
            digest.update(f"{path}\t{size}\t{mtime_ns}\n".encode())
    for folder in _distribution_folders():
        names = sorted(n for n in os.listdir(folder) if n.endswith((".dist-info", ".egg-info")))
        digest.update(f"{folder}\n{chr(10).join(names)}\n".encode())
    return digest.hexdigest()


def python_startup() -> dict[str, Any]:
    """What Python read as it started and a fork keeps: its options (``-X``, ``-W``, ``-O``...)
    and the ``PYTHON*`` variables. A caller started otherwise runs its command itself."""
    return {
        "flags": list(sys.flags),
        "warnoptions": list(sys.warnoptions),
        "xoptions": {str(k): str(v) for k, v in sys._xoptions.items()},
        "env": {k: v for k, v in os.environ.items() if k.startswith("PYTHON")},
    }


def _package_folders() -> list[str]:
    folders = []
    for name in PROJECT_PACKAGES:
        spec = importlib.util.find_spec(name)
        if spec is not None and spec.submodule_search_locations:
            folders += list(spec.submodule_search_locations)
    return folders


def _sources(folder: str) -> list[tuple[str, int, int]]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            if name.endswith(_SUFFIXES):
                path = os.path.join(root, name)
                stat = os.stat(path)
                found.append((path, stat.st_size, stat.st_mtime_ns))
    return found


def _distribution_folders() -> list[str]:
    """Where the installed distributions are listed: the interpreter's site-packages (not
    every folder of ``sys.path``, whose first entry is the caller's own folder)."""
    folders = [*site.getsitepackages(), site.getusersitepackages()]
    return [p for p in dict.fromkeys(folders) if Path(p).is_dir()]
