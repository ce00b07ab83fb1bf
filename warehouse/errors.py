"""The warehouse's errors; they live in the one tree of ``errors`` (see its docstring)."""

from errors import (
    BatchInvalid,
    ExportError,
    LoadFailed,
    MigrationError,
    QueryError,
    QueryRefused,
    StagingFailed,
    UnknownRelation,
    WarehouseBusy,
    WarehouseError,
)

__all__ = [
    "BatchInvalid",
    "ExportError",
    "LoadFailed",
    "MigrationError",
    "QueryError",
    "QueryRefused",
    "StagingFailed",
    "UnknownRelation",
    "WarehouseBusy",
    "WarehouseError",
]
