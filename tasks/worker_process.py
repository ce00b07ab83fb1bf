"""The program a worker process runs (``python -m tasks.worker_process [PRELOAD...]``): read a
pickled call ``(function, args, kwargs)``, run it, write back ``(ok, result or error)``; until
EOF.

Only what the call names is imported, never the script that started the pool, and what the
command line names to preload: ``module`` or ``module:function`` (imported, the function called
with no arguments), done before the first call arrives, so that a pool started early has its
imports and models ready while its starter is still busy with its own start-up. Anything the
called code prints goes to stderr: stdout carries the answers.
"""

from __future__ import annotations

import importlib
import os
import pickle
import sys
from collections.abc import Sequence
from typing import BinaryIO

from tasks.memory import give_back_memory


def serve(requests: BinaryIO, answers: BinaryIO) -> None:
    while True:
        try:
            function, args, kwargs = pickle.load(requests)
        except EOFError:
            return
        try:
            answer = (True, function(*args, **kwargs))
        except Exception as error:  # sent back, raised in the caller
            answer = (False, error)
        try:
            data = pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # an unpicklable result or error
            data = pickle.dumps((False, RuntimeError(f"cannot send the answer back: {error!r}")))
        del answer
        answers.write(data)
        answers.flush()
        del data, function, args, kwargs
        # a parse batch's trees leave the heap at their peak: the next call may be small
        give_back_memory()


def preload(names: Sequence[str]) -> None:
    """Import each ``module`` and call each ``module:function``. A failure is only printed: the
    call that needs it fails the same way and reports it to the caller."""
    for name in names:
        module, _, function = name.partition(":")
        try:
            loaded = importlib.import_module(module)
            if function:
                getattr(loaded, function)()
        except Exception as error:
            print(f"worker preload {name} failed: {error!r}", file=sys.stderr)


def main() -> None:
    answers = os.fdopen(os.dup(sys.stdout.fileno()), "wb")
    os.dup2(sys.stderr.fileno(), sys.stdout.fileno())
    preload(sys.argv[1:])
    serve(sys.stdin.buffer, answers)
    # Every answer is written: leave without tearing down the heap of parsed pages and modules
    # one object at a time (up to a second on a loaded machine, waited for by the pool's owner).
    sys.stderr.flush()
    os._exit(0)


if __name__ == "__main__":
    main()
