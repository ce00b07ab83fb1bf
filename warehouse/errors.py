"""The warehouse's errors; they live in the one tree of ``errors`` (see its docstring)."""

from errors import (
    BatchInvalid as BatchInvalid,
)
from errors import (
    ExportError as ExportError,
)
from errors import (
    LoadFailed as LoadFailed,
)
from errors import (
    MigrationError as MigrationError,
)
from errors import (
    QueryError as QueryError,
)
from errors import (
    QueryRefused as QueryRefused,
)
from errors import (
    StagingFailed as StagingFailed,
)
from errors import (
    UnknownRelation as UnknownRelation,
)
from errors import (
    WarehouseBusy as WarehouseBusy,
)
from errors import (
    WarehouseError as WarehouseError,
)
