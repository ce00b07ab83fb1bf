"""Why a fetch did not produce a body, in one place.

Every error carries ``reason``: a short, stable phrase that goes into ``rejects.reason`` and
``fetch_log.error``; the message gives the detail.

FetchError
├── Refused                 never sent: the URL or its target is not allowed
│   ├── UnsafeUrl           a non-http(s) scheme, no host, or an address that is private,
│   │                       loopback, link-local, multicast, reserved or cloud metadata
│   └── RobotsDisallowed    robots.txt disallows the path for our user agent
├── ResponseRejected        the server answered, but not with something we take
│   ├── BodyTooLarge        declared or streamed (decoded) body over the size limit
│   ├── WrongContentType    e.g. an image where an HTML page was expected
│   ├── TooManyRedirects    more than the redirect limit
│   ├── RedirectLoop        a redirect back to a URL already visited
│   ├── BadEncoding         a corrupt gzip/deflate/brotli stream
│   ├── BadRedirect         a 3xx without a Location that is a usable URL
│   ├── EmptyBody           a 200 (or 204) with nothing in it, where a document was asked for
│   └── HttpStatus          a 4xx, or a 429/5xx still failing after the retries
├── TransportFailed         connect/read errors or timeouts still failing after the retries
│   └── DeadlineExceeded    the request (connect to last byte) outlived its total deadline
└── InternalError           a bug of ours met on this URL: costs the URL, never the run
"""

from __future__ import annotations


class FetchError(Exception):
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
