"""Why a fetch did not produce a body; the classes live in the one tree of ``errors``
(``FetchError`` and below, drawn in its docstring)."""

from errors import (
    BadEncoding,
    BadRange,
    BadRedirect,
    BodyTooLarge,
    DeadlineExceeded,
    EmptyBody,
    FetchError,
    HttpStatus,
    InternalError,
    RedirectLoop,
    Refused,
    ResponseRejected,
    RobotsDisallowed,
    TooManyRedirects,
    TransportFailed,
    UnsafeUrl,
    WrongContentType,
)

__all__ = [
    "BadEncoding",
    "BadRange",
    "BadRedirect",
    "BodyTooLarge",
    "DeadlineExceeded",
    "EmptyBody",
    "FetchError",
    "HttpStatus",
    "InternalError",
    "RedirectLoop",
    "Refused",
    "ResponseRejected",
    "RobotsDisallowed",
    "TooManyRedirects",
    "TransportFailed",
    "UnsafeUrl",
    "WrongContentType",
]
