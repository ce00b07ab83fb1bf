"""The search package's errors; they live in the one tree of ``errors`` (see its docstring)."""

from errors import (
    IndexBusy as IndexBusy,
)
from errors import (
    IndexMissing as IndexMissing,
)
from errors import (
    QuerySyntaxError as QuerySyntaxError,
)
from errors import (
    SearchError as SearchError,
)
