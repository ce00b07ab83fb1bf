"""What Prefect's embedded API can skip at start, read from its home before it is launched.

The embedded API serves the runs of one CLI command and stops with it. Three parts of
Prefect's server start do nothing for such a server once its home is known, and each costs
CPU on the path of every command run without a stack:

- **Block type registration**: the server imports every installed Prefect collection
  (prefect-dask imports dask) to hash them. Skipped once a server of this home has registered
  them (its memo store says so); a server started by `newsflow up` or `prefect server start`
  registers new ones.
- **Migrations**: alembic imports itself and reads every migration script to learn that the
  database is already at its head. Skipped when the home's database is at the revision of the
  template that a server of the installed Prefect version migrated (``flows.prefect_template``);
  any other revision, or a database that cannot be read, migrates as before.
- **The automation services** (reactive triggers and actions): they load the automations,
  open clients and evaluate every event of the run. Skipped when the home's database has no
  enabled automation: none can fire, and nothing else talks to this server, whose address only
  the command knows. An automation made on the stack (``flows.ops.notify``) lives in the same
  database, so a command started after it keeps both services.

A setting the user gave (``PREFECT_*`` in the environment) is never overridden, and a database
configured elsewhere than the home (a connection URL) skips nothing.
"""

from __future__ import annotations

import os
import sqlite3
import tomllib
from pathlib import Path

from flows.prefect_template import DATABASE_NAME, template_file

_DATABASE_URL_SETTINGS = frozenset(
    {"PREFECT_API_DATABASE_CONNECTION_URL", "PREFECT_SERVER_DATABASE_CONNECTION_URL"}
)
SKIP_BLOCK_REGISTRATION = {
    "PREFECT_SERVER_MEMOIZE_BLOCK_AUTO_REGISTRATION": "false",
    "PREFECT_SERVER_REGISTER_BLOCKS_ON_START": "false",
}
SKIP_MIGRATIONS = {"PREFECT_SERVER_DATABASE_MIGRATE_ON_START": "false"}
# Prefect's actions service follows the triggers' setting: one switch stops both.
SKIP_AUTOMATION_SERVICES = {"PREFECT_SERVER_SERVICES_TRIGGERS_ENABLED": "false"}


def start_skips(home: Path, cache_dir: Path | None) -> dict[str, str]:
    """The settings of the embedded API for the Prefect home ``home`` (its template cache in
    ``cache_dir``, if any) that skip what its start need not do; none the user set."""
    if _DATABASE_URL_SETTINGS & set(os.environ):
        return {}  # another database than the home's, which is all this module reads
    skips: dict[str, str] = {}
    if blocks_registered(home):
        skips |= SKIP_BLOCK_REGISTRATION
    database = home / DATABASE_NAME
    if cache_dir is not None and at_template_head(database, template_file(cache_dir)):
        skips |= SKIP_MIGRATIONS
    if enabled_automations(database) == 0:
        skips |= SKIP_AUTOMATION_SERVICES
    return {name: value for name, value in skips.items() if name not in os.environ}


def blocks_registered(home: Path) -> bool:
    """Whether a server of ``home`` registered the installed block types (its memo store)."""
    memo_store = Path(os.environ.get("PREFECT_MEMO_STORE_PATH") or home / "memo_store.toml")
    try:
        return "block_auto_registration" in tomllib.loads(memo_store.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def at_template_head(database: Path, template: Path) -> bool:
    """Whether ``database`` is at the migration revision of ``template`` (both readable)."""
    database_revision = _read_one(database, "SELECT version_num FROM alembic_version")
    if database_revision is None:
        return False
    return database_revision == _read_one(template, "SELECT version_num FROM alembic_version")


def enabled_automations(database: Path) -> int | None:
    """How many enabled automations ``database`` holds; None when it cannot tell."""
    count = _read_one(database, "SELECT count(*) FROM automation WHERE enabled")
    return count if isinstance(count, int) else None


def _read_one(database: Path, query: str) -> object:
    """The first column of the first row of ``query`` on ``database``, read-only; None when the
    file is missing, is not such a database, or is busy past a short wait."""
    if not database.is_file():
        return None
    try:
        connection = sqlite3.connect(
            f"{database.resolve().as_uri()}?mode=ro", uri=True, timeout=1.0
        )
        try:
            row = connection.execute(query).fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        return None
    return None if row is None else row[0]
