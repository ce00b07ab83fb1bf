"""The settings' names, types, defaults and limits: a frozen dataclass checked by a table.

No pydantic here: every command reads the settings, and importing pydantic-settings (with
pydantic, pydantic_core, asyncio, ssl) was about a third of a second of `newsflow sql`, longer
than its query. ``settings.checks`` makes the values what pydantic's lax mode made of them.

``Settings(...)`` takes only the values given to it (and the defaults); ``load_settings`` is
what reads the config file and the environment.
"""

from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeAlias

from settings import checks
from settings.errors import SettingsError

ENV_PREFIX = "NEWSFLOW_"
PickupMode = Literal["ledger", "move"]

# Names for the kinds of setting, each checked by its entry in _CHECKS (the field's
# annotation is the key: with postponed annotations it is the text written below).
HomePath: TypeAlias = Path  # "~" expanded
Positive: TypeAlias = int  # >= 1
AtLeastZero: TypeAlias = float
AboveZero: TypeAlias = float
YesNo: TypeAlias = bool  # true/false, yes/no, on/off, 1/0 (empty: false)

_CHECKS: dict[str, checks.Check] = {
    "HomePath": checks.home_path,
    "HomePath | None": checks.optional(checks.home_path),
    "int": checks.integer,
    "Positive": checks.at_least(checks.integer, 1),
    "float": checks.number,
    "AtLeastZero": checks.at_least(checks.number, 0),
    "AboveZero": checks.above(checks.number, 0),
    "YesNo": checks.yes_no,
    "str": checks.text,
    "str | None": checks.optional(checks.text),
    "PickupMode": checks.one_of("ledger", "move"),
    "dict[str, Any]": checks.mapping,
}


def _user_cache_dir() -> Path:
    return Path(os.environ.get("XDG_CACHE_HOME") or "~/.cache").expanduser()


@dataclass(frozen=True, kw_only=True)
class Settings:
    data_dir: HomePath = Path("data")
    # Empty means <data_dir>/newsflow.duckdb; see ``warehouse_file``.
    warehouse: HomePath | None = None
    # Empty means <data_dir>/inbox.
    inbox: HomePath | None = None
    # What can be made again, shared by every data directory (the template of Prefect's
    # database): $XDG_CACHE_HOME/newsflow, else ~/.cache/newsflow.
    cache_dir: HomePath = field(default_factory=lambda: _user_cache_dir() / "newsflow")
    batch_size: Positive = 500
    # A batch is also closed at about this much input (it is parsed whole in memory). Small
    # enough that HTML pages come in many batches (about 55 pages of 36 kB gzipped), so the
    # worker processes finish together rather than one parsing a last big batch alone.
    batch_max_bytes: int = 16 * 1024 * 1024
    # Worker processes that parse file batches (1: parse in the flow's own process).
    worker_processes: Positive = field(default_factory=lambda: os.cpu_count() or 1)
    dedup_batch_size: int = 10_000  # articles per dedup transaction (each pays one index scan)
    # An ingest run loads what it staged, and indexes for near-copies and stories, while it
    # parses, once this many articles were parsed since its last load (an index pass also
    # waits for the pending ones to be 1/50 of the index: warehouse.dedup_run); its final load
    # and pass take the rest. Each load and each pass scans tables that grow with the
    # warehouse, so loads or passes of a few articles would make that cost grow per article.
    dedup_pass_articles: Positive = 1_000
    max_file_bytes: Positive = 20 * 1024 * 1024
    pickup_mode: PickupMode = "ledger"
    # A file modified more recently than this may still be being written.
    settle_seconds: AtLeastZero = 2.0
    # How long a reader or the loader waits for a warehouse held by another process.
    lock_wait_seconds: AtLeastZero = 10.0
    load_wait_seconds: float = 3.0
    # `newsflow sql` may read local files (read_csv, read_parquet...) only when this is on.
    sql_allow_files: YesNo = False
    # Orchestration (issue 6): schedule time zone, the local Prefect server, backfill limits.
    schedule_timezone: str = "UTC"
    prefect_port: int = 4200
    work_pool: str = "newsflow"
    backfill_max_days: int = 400
    staging_retention_days: int = 14
    compact_when_free_share: float = 0.5  # maintenance compacts the warehouse past this
    task_runner: str = "local"  # local | dask (extraction batches on a Dask cluster)
    dask_address: str | None = None  # tcp://host:8786; unset with task_runner=dask: local cluster
    # HTTP (issue 15): one request in total (connect, headers, body), one URL's retries in total.
    request_deadline_seconds: AboveZero = 60.0
    url_retry_budget_seconds: AboveZero = 120.0
    fetch_connect_timeout_seconds: float = 10.0
    fetch_read_timeout_seconds: float = 20.0
    fetch_retries: int = 3  # attempts after the first, for connect/read errors, 429 and 5xx
    fetch_backoff_seconds: float = 0.5  # the first retry's wait; it doubles, with jitter
    fetch_max_body_bytes: int = 10 * 1024 * 1024
    fetch_max_retry_after_seconds: float = 120.0  # a longer Retry-After: a later run tries
    # WARC archives (issue 18): kept pages extracted and staged together, with their progress.
    warc_chunk_pages: Positive = 200
    # Names no field has (from the config file or NEWSFLOW_* variables), lower-cased.
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        problems = []
        for name, check in _CHECKED:
            given = getattr(self, name)
            try:
                object.__setattr__(self, name, check(given))
            except ValueError as exc:
                problems.append(f"setting {name}={given!r}: {exc}")
        if problems:
            raise SettingsError("; ".join(problems))

    @property
    def warehouse_file(self) -> Path:
        return self.warehouse if self.warehouse is not None else self.data_dir / "newsflow.duckdb"

    @property
    def inbox_dir(self) -> Path:
        return self.inbox if self.inbox is not None else self.data_dir / "inbox"

    @property
    def staging_dir(self) -> Path:
        return self.data_dir / "staging"

    @property
    def runs_dir(self) -> Path:
        """One file per live run (``warehouse.run_registry``)."""
        return self.data_dir / "runs"

    @property
    def processed_dir(self) -> Path:
        return self.data_dir / "processed"

    @property
    def rejected_dir(self) -> Path:
        return self.data_dir / "rejected"

    def with_overrides(self, **overrides: Any) -> Settings:
        """These settings with the given values (``None``: keep), checked again."""
        chosen = {k: v for k, v in overrides.items() if v is not None}
        unknown_settings(chosen)
        return dataclasses.replace(self, **chosen)


_CHECKED = tuple((f.name, _CHECKS[str(f.type)]) for f in dataclasses.fields(Settings))
# Every setting's name, in the order they are declared.
SETTING_NAMES: tuple[str, ...] = tuple(name for name, _ in _CHECKED)


def unknown_settings(values: dict[str, Any]) -> None:
    unknown = set(values) - set(SETTING_NAMES)
    if unknown:
        raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
