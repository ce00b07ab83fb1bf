"""The steps' errors; they live in the one tree of ``errors`` (see its docstring)."""

from errors import (
    InputRejected as InputRejected,
)
from errors import (
    NewsflowTaskError as NewsflowTaskError,
)
