"""``python -m newsflow.warm --socket PATH``: the warm runner that ``newsflow up`` starts.

Started with the stack's environment (``flows.ops.stack.StackLayout.environment``): Prefect is
imported here once, with the variables a flow command sets for the stack
(``newsflow.prefect_env``), then every module of the project's packages, then it serves.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import os
import pkgutil
import sys
import threading
import time
from pathlib import Path

from newsflow import prefect_env
from newsflow.warm import WARM_MODULES, WARM_PACKAGES
from newsflow.warm.fingerprint import code_fingerprint, python_startup
from newsflow.warm.server import Runner


def main(arguments: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsflow.warm")
    parser.add_argument("--socket", type=Path, required=True, help="where to listen")
    parser.add_argument("--main", default="newsflow.cli:main", help="module:function per command")
    options = parser.parse_args(arguments)

    def say(line: str) -> None:
        print(f"{time.strftime('%Y-%m-%d %H:%M:%S')} {line}", flush=True)

    fingerprint = code_fingerprint()  # of the files about to be imported
    python = python_startup()
    prefect_env.set_defaults()
    api_url = os.environ.get("PREFECT_API_URL")
    if not api_url or "PREFECT_HOME" not in os.environ:
        say("PREFECT_API_URL and PREFECT_HOME must name the stack's server and home")
        return 2
    prefect_env.use_api(api_url)
    started = time.monotonic()
    failed = import_everything()
    for name, error in failed:
        say(f"not imported (a command imports it itself): {name}: {error}")
    gc.freeze()  # what the imports made stays shared with every child, never walked again
    if threading.active_count() != 1:
        names = ", ".join(t.name for t in threading.enumerate())
        say(f"an import started threads ({names}): a fork would copy them broken; not serving")
        return 1
    say(f"{len(sys.modules)} modules imported in {time.monotonic() - started:.1f} s")
    prefect_vars = {k: v for k, v in os.environ.items() if k.startswith("PREFECT_")}
    Runner(
        options.socket, fingerprint, prefect_vars, main=options.main, python=python, say=say
    ).serve()
    return 0


def import_everything() -> list[tuple[str, str]]:
    """Import every module of ``WARM_PACKAGES`` and ``WARM_MODULES``, and what Prefect imports
    when a flow first runs (``flows.engine_preload``); the ones that fail."""
    from flows.engine_preload import ENGINE_MODULES, import_modules

    names = [*ENGINE_MODULES, *WARM_MODULES]
    for package in WARM_PACKAGES:
        names.append(package)
        path = getattr(importlib.import_module(package), "__path__", None)
        if path is not None:
            found = pkgutil.walk_packages(path, f"{package}.")
            names += [info.name for info in found if not info.name.endswith(".__main__")]
    return import_modules(names)


if __name__ == "__main__":
    sys.exit(main())
