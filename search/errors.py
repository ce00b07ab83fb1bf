"""Errors raised by the search package, in one place.

SearchError
├── QuerySyntaxError    the user's query cannot be read (the message says why, in one line)
├── IndexMissing        no index yet beside this warehouse
└── IndexBusy           another process is writing the index; the next update catches up
"""

from __future__ import annotations


class SearchError(Exception):
    """Base class for search failures."""


class QuerySyntaxError(SearchError):
    """The query cannot be read: unbalanced quotes or parentheses, an unknown field, ..."""


class IndexMissing(SearchError):
    """There is no search index for this warehouse yet."""


class IndexBusy(SearchError):
    """Another writer holds the index (tantivy's writer lock)."""
