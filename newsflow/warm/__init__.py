"""The stack's warm runner: flow commands started from a shell, run from a process that has
already imported Prefect and the flows.

A flow command (``newsflow ingest``, ``fetch``, ``backfill``) spends most of its time on one
file importing Prefect, pydantic and the flows (about 1.3 s of a 1.9 s call here), the same
modules every time. When ``newsflow up`` runs the local stack, it also starts this runner: a
process that imports all of that once and then waits on a Unix socket in the stack's Prefect
home. A flow command that finds it hands over its arguments, working folder, environment and
its own stdin, stdout and stderr (passed as file descriptors), and the runner forks a child
that runs the command exactly as the command's own process would have, writing straight to
the caller's terminal or pipe. The caller waits for the child's exit status and exits with
it; Ctrl-C (SIGINT), SIGTERM and SIGHUP are passed on to the child.

Forking a fresh child per command keeps what a separate process gives: commands run side by
side, nothing of one run stays in the next, and a crash ends one command only. The runner
itself never runs a flow, opens the warehouse or starts a thread (a fork copies only the
thread that calls it), and checks that before every fork.

A command runs in the caller's own process instead (as without a stack) when the runner is
absent or refuses: it imported other code than the caller would (the project's files or the
installed packages changed since it started: restart the stack), or the caller's Prefect
settings (``PREFECT_*`` variables) differ from those it imported Prefect with.

Only the caller's user can connect: the socket lives in the stack's home (mode 0600) and the
runner checks the peer's user id. The socket is ``AF_UNIX`` only: nothing here touches the
network (``tests/test_layers.py``).
"""

# What the runner imports before it serves: every module of these packages.
WARM_PACKAGES = ("settings", "errors", "staging", "warehouse", "search", "tasks", "flows")
# And libraries the commands import; not the commands' own modules (``newsflow.cli.*``): they
# make consoles for the caller's terminal. Prefect's lazy engine modules: ``flows.engine_preload``.
WARM_MODULES = (
    "typer", "rich.console", "rich.progress", "rich.table", "rich._emoji_codes", "newsflow.cli",
    "typer._click.decorators", "encodings.idna", "encodings.ascii",
)  # fmt: skip
