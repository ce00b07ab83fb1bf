"""The steps' errors; they live in the one tree of ``errors`` (see its docstring)."""

from errors import InputRejected, NewsflowTaskError

__all__ = ["InputRejected", "NewsflowTaskError"]
