"""Errors raised by the warehouse package, in one place.

WarehouseError
├── WarehouseBusy       another process holds the file; try again later (staged rows wait)
├── LoadFailed          the machine failed a load (disk full, permissions); batches wait
├── StagingFailed       parsed rows could not be written to staging (disk full, permissions)
├── MigrationError      a migration failed; its transaction was rolled back
├── QueryError          a user's SQL failed; carries DuckDB's message
└── QueryRefused        a user's SQL would write, attach, install or read files: not run
"""

from __future__ import annotations


class WarehouseError(Exception):
    """Base class for warehouse failures."""


class WarehouseBusy(WarehouseError):
    """Another process holds the warehouse file (DuckDB allows one writer and then no readers)."""


class LoadFailed(WarehouseError):
    """A load failed for a reason of the machine, not of the data; the message says what to
    do. The batches stay staged, so nothing is lost."""


class StagingFailed(WarehouseError):
    """Parsed rows could not be staged for a reason of the machine; nothing half-written is
    left, and what was being staged is parsed again by the next run."""


class MigrationError(WarehouseError):
    """A schema migration failed and was rolled back."""


class QueryError(WarehouseError):
    """A SQL statement failed; the message is DuckDB's."""


class QueryRefused(WarehouseError):
    """A user's SQL would do more than read the warehouse; nothing of it was run."""
