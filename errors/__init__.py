"""Every error newsflow raises on purpose, in one tree rooted at ``NewsflowError``.

``except NewsflowError`` catches them all; each layer's base catches its own. An error that
is also a builtin kind (a bad value, a lost process, a timeout) derives from that builtin too,
so callers catching the builtin keep working. The names stay importable where they are raised
from (``tasks/errors.py``, ``tasks/fetch/errors.py``, ``warehouse/errors.py``,
``search/errors.py`` and the modules of the stray ones re-export them).

NewsflowError
├── SettingsError (ValueError)    a setting newsflow cannot use          settings/
├── StackError (RuntimeError)     the local Prefect stack did not start  flows/ops/stack.py
├── RunnerProtocolError (ValueError)  a message on the warm runner's socket newsflow/warm/wire.py
│                                 broken; never a user's: the command then runs itself
├── NewsflowTaskError             raised by a step of tasks/
│   └── InputRejected             a bad input: it goes to the ``rejects`` table with
│                                 ``reason`` (short, human-readable), ``detail`` and the
│                                 ``stage`` that refused it, and the run goes on
├── InvalidUrl (ValueError)       not an absolute http(s) URL            tasks/urls.py
├── SourcesError (ValueError)     the sources file cannot be used        tasks/sources.py
├── ArchiveConfigError (ValueError)  a source's archive settings          tasks/backfill/archive.py
├── BackfillRequestError (ValueError)  a backfill that cannot be run     tasks/backfill/plan.py
├── FeedRejected (ValueError)     a feed document refused                tasks/discover/feeds.py
├── SitemapRejected (ValueError)  a sitemap document refused             tasks/discover/sitemaps.py
├── UnsafeXml (ValueError)        entities or an external DTD            tasks/discover/xmlguard.py
├── BadHttpMessage (ValueError)   a WARC record that is no HTTP response tasks/warc_http.py
├── WorkerLost (RuntimeError)     a worker process ended unanswered      tasks/workers.py
├── FetchError                    a URL did not give a body (``reason`` goes to the rejects
│   │                             and ``fetch_log.error``; the message gives the detail)
│   ├── Refused                   never sent: the URL or its target is not allowed
│   │   ├── UnsafeUrl             a non-http(s) scheme, no host, or an address that is private,
│   │   │                         loopback, link-local, multicast, reserved or cloud metadata
│   │   └── RobotsDisallowed      robots.txt disallows the path for our user agent
│   ├── ResponseRejected          the server answered, but not with something we take
│   │   ├── BodyTooLarge          declared or streamed (decoded) body over the size limit
│   │   ├── WrongContentType      e.g. an image where an HTML page was expected
│   │   ├── TooManyRedirects      more than the redirect limit
│   │   ├── RedirectLoop          a redirect back to a URL already visited
│   │   ├── BadEncoding           a corrupt gzip/deflate/brotli stream
│   │   ├── BadRedirect           a 3xx without a Location that is a usable URL
│   │   ├── EmptyBody             a 200 (or 204) with nothing in it, where a document was asked
│   │   ├── BadRange              a ranged read answered with other bytes than asked
│   │   └── HttpStatus            a 4xx, or a 429/5xx still failing after the retries
│   ├── TransportFailed           connect/read errors or timeouts still failing after retries
│   │   └── DeadlineExceeded      the request (connect to last byte) outlived its deadline
│   └── InternalError             a bug of ours met on this URL: costs the URL, never the run
├── WarehouseError                raised by warehouse/
│   ├── WarehouseBusy             another process holds the file; try later (staged rows wait)
│   ├── LoadFailed                the machine failed a load (disk full, permissions)
│   ├── StagingFailed             parsed rows could not be written to staging
│   ├── MigrationError            a migration failed; its transaction was rolled back
│   ├── QueryError                a user's SQL failed; carries DuckDB's message
│   │   └── UnknownRelation       no table or view of that name (close ones named)
│   ├── QueryRefused              a user's SQL would write, attach, install or read files
│   └── ExportError               an export that cannot be done as asked; nothing written
├── BatchInvalid (ValueError)     a staged batch that does not verify    staging/read.py
└── SearchError                   raised by search/
    ├── QuerySyntaxError          the user's query cannot be read (why, in one line)
    ├── IndexMissing              no index yet beside this warehouse
    └── IndexBusy                 another process is writing the index

The stray ones hang from the root, not from their layer's base, so that no existing
``except FetchError`` / ``except WarehouseError`` starts catching more than it did.
"""

from __future__ import annotations


class NewsflowError(Exception):
    """The root of every error newsflow raises on purpose."""


class SettingsError(NewsflowError, ValueError):
    """A setting has a value newsflow cannot use."""


class StackError(NewsflowError, RuntimeError):
    """The local stack could not be started (the message says which step and why)."""


class RunnerProtocolError(NewsflowError, ValueError):
    """A message on the warm runner's socket that is not one (too large, not a JSON object)."""


# --- steps (tasks/) -------------------------------------------------------------------------


class NewsflowTaskError(NewsflowError):
    """Base class for errors raised by the steps."""


class InputRejected(NewsflowTaskError):
    """An input that cannot become an article; ``reason`` is short and human-readable.

    ``stage`` is where it was refused: read (the file), decode (bytes to text), parse (the
    format) or normalise (the fields of one article).
    """

    def __init__(self, reason: str, detail: str = "", *, stage: str = "parse") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
        self.stage = stage


class InvalidUrl(NewsflowError, ValueError):
    """A string that is not an absolute http(s) URL, even after resolving against its base."""


class SourcesError(NewsflowError, ValueError):
    """The sources file is missing, unreadable, or declares a source newsflow cannot use."""


class ArchiveConfigError(NewsflowError, ValueError):
    """A source's ``archive_url`` or ``archive_link_pattern`` cannot be used."""


class BackfillRequestError(NewsflowError, ValueError):
    """The backfill's parameters cannot be run; the message says which one and why."""


class _DocumentRejected(NewsflowError, ValueError):
    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


class FeedRejected(_DocumentRejected):
    """A feed document newsflow does not read; ``reason`` is short and stable."""


class SitemapRejected(_DocumentRejected):
    """A sitemap document newsflow does not read; ``reason`` is short and stable."""


class UnsafeXml(NewsflowError, ValueError):
    """The document declares entities or pulls in an external DTD."""

    def __init__(self, reason: str, detail: str) -> None:
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


class BadHttpMessage(NewsflowError, ValueError):
    """The record's block is not an HTTP response newsflow can read."""


class WorkerLost(NewsflowError, RuntimeError):
    """A worker process ended without answering."""


# --- fetching (tasks/fetch/) ----------------------------------------------------------------


class FetchError(NewsflowError):
    """A URL did not give a body; ``reason`` is short and stable (``rejects.reason``)."""

    reason = "fetch failed"
    retryable = False  # worth trying again on a later run

    def __init__(self, detail: str = "", *, retry_after: float | None = None) -> None:
        super().__init__(detail or self.reason)
        self.detail = detail
        self.retry_after = retry_after


class Refused(FetchError):
    reason = "refused"


class UnsafeUrl(Refused):
    reason = "unsafe url"


class RobotsDisallowed(Refused):
    reason = "disallowed by robots.txt"


class ResponseRejected(FetchError):
    reason = "response rejected"


class BodyTooLarge(ResponseRejected):
    reason = "body too large"


class WrongContentType(ResponseRejected):
    reason = "wrong content type"


class TooManyRedirects(ResponseRejected):
    reason = "too many redirects"


class RedirectLoop(ResponseRejected):
    reason = "redirect loop"


class BadEncoding(ResponseRejected):
    reason = "bad content encoding"


class EmptyBody(ResponseRejected):
    reason = "empty response"


class BadRedirect(ResponseRejected):
    reason = "bad redirect"


class BadRange(ResponseRejected):
    reason = "bad range response"


class HttpStatus(ResponseRejected):
    reason = "http error"

    def __init__(self, status: int, detail: str = "", *, retry_after: float | None = None) -> None:
        super().__init__(detail or f"HTTP {status}", retry_after=retry_after)
        self.status = status
        self.reason = f"http {status}"
        self.retryable = status == 429 or status >= 500 or status == 408


class TransportFailed(FetchError):
    reason = "transport error"
    retryable = True


class DeadlineExceeded(TransportFailed):
    reason = "deadline exceeded"


class InternalError(FetchError):
    reason = "internal error"


# --- the warehouse (warehouse/) -------------------------------------------------------------


class WarehouseError(NewsflowError):
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


class UnknownRelation(QueryError):
    """No table or view of that name; the message names the close ones."""


class QueryRefused(WarehouseError):
    """A user's SQL would do more than read the warehouse; nothing of it was run."""


class ExportError(WarehouseError):
    """The export cannot be done as asked (target exists, no day column...); nothing written."""


class BatchInvalid(NewsflowError, ValueError):
    """A staged batch that does not verify: changed, truncated or not newsflow's."""


# --- search (search/) -----------------------------------------------------------------------


class SearchError(NewsflowError):
    """Base class for search failures."""


class QuerySyntaxError(SearchError):
    """The query cannot be read: unbalanced quotes or parentheses, an unknown field, ..."""


class IndexMissing(SearchError):
    """There is no search index for this warehouse yet."""


class IndexBusy(SearchError):
    """Another writer holds the index (tantivy's writer lock)."""
