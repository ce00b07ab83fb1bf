"""All configuration, read once at an entry point and passed down as a plain value.

Sources, later ones winning: built-in defaults, a TOML config file (``newsflow.toml`` in the
working directory, or the file named by ``NEWSFLOW_CONFIG``), environment variables with the
``NEWSFLOW_`` prefix, and explicit overrides (command-line options, flow parameters).
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, Literal

ENV_PREFIX = "NEWSFLOW_"
PickupMode = Literal["ledger", "move"]


class SettingsError(ValueError):
    """A setting has a value newsflow cannot use."""


@dataclass(frozen=True)
class Settings:
    data_dir: Path = Path("data")
    # Empty means <data_dir>/newsflow.duckdb; see ``warehouse_file``.
    warehouse: Path | None = None
    # Empty means <data_dir>/inbox.
    inbox: Path | None = None
    batch_size: int = 500
    # A batch is also closed at about this much input (it is parsed whole in memory).
    batch_max_bytes: int = 64 * 1024 * 1024
    # Worker processes that parse file batches (1: parse in the flow's own process).
    worker_processes: int = field(default_factory=lambda: os.cpu_count() or 1)
    dedup_batch_size: int = 10_000  # articles per dedup transaction (each pays one index scan)
    max_file_bytes: int = 20 * 1024 * 1024
    pickup_mode: PickupMode = "ledger"
    # A file modified more recently than this may still be being written.
    settle_seconds: float = 2.0
    # How long a reader or the loader waits for a warehouse held by another process.
    lock_wait_seconds: float = 10.0
    load_wait_seconds: float = 3.0
    # `newsflow sql` may read local files (read_csv, read_parquet...) only when this is on.
    sql_allow_files: bool = False
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
    request_deadline_seconds: float = 60.0
    url_retry_budget_seconds: float = 120.0
    fetch_connect_timeout_seconds: float = 10.0
    fetch_read_timeout_seconds: float = 20.0
    fetch_retries: int = 3  # attempts after the first, for connect/read errors, 429 and 5xx
    fetch_backoff_seconds: float = 0.5  # the first retry's wait; it doubles, with jitter
    fetch_max_body_bytes: int = 10 * 1024 * 1024
    fetch_max_retry_after_seconds: float = 120.0  # a longer Retry-After: a later run tries
    # WARC archives (issue 18): kept pages extracted and staged together, with their progress.
    warc_chunk_pages: int = 200
    extra: Mapping[str, Any] = field(default_factory=dict)

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
        known = {f.name for f in fields(self)}
        chosen = {k: v for k, v in overrides.items() if v is not None}
        unknown = set(chosen) - known
        if unknown:
            raise SettingsError(f"unknown setting(s): {', '.join(sorted(unknown))}")
        return _validated(dataclasses.replace(self, **_coerce_all(chosen)))


def load_settings(
    env: Mapping[str, str] | None = None,
    config_file: Path | None = None,
    **overrides: Any,
) -> Settings:
    """Build the settings from the config file, the environment and ``overrides``."""
    environ = os.environ if env is None else env
    values: dict[str, Any] = {}
    path = config_file or _config_path(environ)
    if path is not None:
        values.update(_read_config_file(path))
    known = {f.name for f in fields(Settings)}
    extra: dict[str, Any] = dict(values.pop("extra", {}) or {})
    for key, raw in environ.items():
        if not key.startswith(ENV_PREFIX) or key == ENV_PREFIX + "CONFIG":
            continue
        name = key[len(ENV_PREFIX) :].lower()
        if name in known:
            values[name] = raw
        else:
            extra[name] = raw
    for key in list(values):
        if key not in known:
            extra[key] = values.pop(key)
    values["extra"] = extra
    return Settings(**_coerce_all(values)).with_overrides(**overrides)


def _config_path(environ: Mapping[str, str]) -> Path | None:
    named = environ.get(ENV_PREFIX + "CONFIG")
    if named:
        return Path(named)
    default = Path("newsflow.toml")
    return default if default.is_file() else None


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        with path.open("rb") as handle:
            document = tomllib.load(handle)
    except OSError as exc:
        raise SettingsError(f"cannot read config file {path}: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SettingsError(f"config file {path} is not valid TOML: {exc}") from exc
    section = document.get("newsflow", document)
    if not isinstance(section, dict):
        raise SettingsError(f"config file {path}: [newsflow] must be a table")
    return dict(section)


def _coerce_all(values: Mapping[str, Any]) -> dict[str, Any]:
    types = {f.name: f.type for f in fields(Settings)}
    return {name: _coerce(name, str(types[name]), value) for name, value in values.items()}


def _coerce(name: str, type_name: str, value: Any) -> Any:
    if value is None or name == "extra":
        return value
    try:
        if "Path" in type_name:
            return Path(value).expanduser()
        if type_name == "bool":
            return _boolean(value)
        if type_name == "int":
            return int(value)
        if type_name == "float":
            return float(value)
    except (TypeError, ValueError) as exc:
        raise SettingsError(f"setting {name}={value!r} is not a valid {type_name}") from exc
    return value


_TRUE = ("1", "true", "yes", "on")
_FALSE = ("0", "false", "no", "off", "")


def _boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    if text in _TRUE or text in _FALSE:
        return text in _TRUE
    raise ValueError(f"{value!r} is not a yes/no value")


def _validated(settings: Settings) -> Settings:
    if settings.batch_size < 1:
        raise SettingsError("batch_size must be at least 1")
    if settings.worker_processes < 1:
        raise SettingsError("worker_processes must be at least 1")
    if settings.max_file_bytes < 1:
        raise SettingsError("max_file_bytes must be at least 1")
    if settings.warc_chunk_pages < 1:
        raise SettingsError("warc_chunk_pages must be at least 1")
    if settings.pickup_mode not in ("ledger", "move"):
        raise SettingsError("pickup_mode must be 'ledger' or 'move'")
    if settings.settle_seconds < 0 or settings.lock_wait_seconds < 0:
        raise SettingsError("waiting times cannot be negative")
    if not settings.request_deadline_seconds > 0 or not settings.url_retry_budget_seconds > 0:
        raise SettingsError("request_deadline_seconds and url_retry_budget_seconds must be > 0")
    return settings
