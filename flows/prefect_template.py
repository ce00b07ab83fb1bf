"""Prefect's database for a new Prefect home: copied from a template, not migrated again.

newsflow keeps Prefect's home (its SQLite database of runs) under the data directory, so every
new data directory starts with no database, and the first server on it creates one by running
Prefect's migrations: about 5.5 s of CPU here, every time, for the same empty schema. So the
first server of an installed Prefect version that has to migrate saves its freshly migrated
database (with the block types it registered, and the memo store that says so) as a template
in newsflow's cache directory; a new home then starts from a copy of it.

The copy is only a head start: the server still runs Prefect's migrations on start, which do
nothing on a database already at their head and bring any older one up to it. A template that
is not a readable Prefect database is deleted and the home migrates as before. The template is
named by the Prefect version that made it, and written whole under a temporary name first.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
from importlib import metadata
from pathlib import Path

DATABASE_NAME = "prefect.db"  # Prefect's default database, in its home
MEMO_STORE_NAME = "memo_store.toml"
# Settings that put Prefect's database elsewhere than its home: no copy is made then.
_DATABASE_URL_SETTINGS = (
    "PREFECT_API_DATABASE_CONNECTION_URL",
    "PREFECT_SERVER_DATABASE_CONNECTION_URL",
)


def template_file(cache_dir: Path) -> Path:
    """The template of the installed Prefect version in ``cache_dir``."""
    return cache_dir / f"prefect-{metadata.version('prefect')}.db"


def seed_new_home(home: Path, cache_dir: Path) -> Path | None:
    """Give ``home``, when it has no Prefect database yet, a copy of the template. Returns the
    template file to save once the home's server has migrated (no usable template yet), else
    None (the home was seeded, already had a database, or keeps it elsewhere)."""
    if set(_DATABASE_URL_SETTINGS) & set(os.environ):
        return None
    database = home / DATABASE_NAME
    if any(home.glob(f"{DATABASE_NAME}*")):  # a database, or what is left of one (its WAL)
        return None
    template = template_file(cache_dir)
    try:
        if not _usable(template):
            return template
        home.mkdir(parents=True, exist_ok=True)  # as Prefect would make it
        _copy_new(template, database)
        memo_store = template.with_suffix(".memo_store.toml")
        if memo_store.is_file():
            _copy_new(memo_store, home / MEMO_STORE_NAME)
    except OSError:  # a head start only: the server migrates whatever is missing
        pass
    return None


def save_template(database: Path, memo_store: Path, template: Path) -> None:
    """Save ``database`` (consistent even while its server writes) and its memo store as the
    template; the memo store first, so that a template on disk always has the one it had."""
    template.parent.mkdir(parents=True, exist_ok=True)
    if memo_store.is_file():
        memo_copy = template.with_suffix(".memo_store.toml")
        partial_memo = _partial(memo_copy)
        shutil.copyfile(memo_store, partial_memo)
        os.replace(partial_memo, memo_copy)
    partial = _partial(template)
    source = sqlite3.connect(f"{database.resolve().as_uri()}?mode=ro", uri=True)
    try:
        copy = sqlite3.connect(partial)
        try:
            source.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")  # readable alone; Prefect sets WAL
        finally:
            copy.close()
    finally:
        source.close()
    os.replace(partial, template)


def _usable(template: Path) -> bool:
    """Whether ``template`` is a sound Prefect database; one that is not is deleted."""
    if not template.is_file():
        return False
    try:
        connection = sqlite3.connect(f"{template.resolve().as_uri()}?mode=ro", uri=True)
        try:
            sound = connection.execute("PRAGMA quick_check").fetchone() == ("ok",)
            revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            connection.close()
    except sqlite3.Error:
        sound, revision = False, None
    if sound and revision:
        return True
    template.unlink(missing_ok=True)
    return False


def _copy_new(source: Path, target: Path) -> None:
    """Copy ``source`` to ``target`` unless ``target`` exists (another process may be making
    it at the same moment): written under a temporary name, then linked into place."""
    partial = _partial(target)
    shutil.copyfile(source, partial)
    try:
        os.link(partial, target)
    except FileExistsError:
        pass
    finally:
        partial.unlink()


def _partial(path: Path) -> Path:
    return path.with_name(f".{path.name}.{os.getpid()}.partial")
