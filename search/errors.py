"""The search package's errors; they live in the one tree of ``errors`` (see its docstring)."""

from errors import IndexBusy, IndexMissing, QuerySyntaxError, SearchError

__all__ = ["IndexBusy", "IndexMissing", "QuerySyntaxError", "SearchError"]
