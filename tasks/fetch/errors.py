"""Why a fetch did not produce a body; the classes live in the one tree of ``errors``
(``FetchError`` and below, drawn in its docstring)."""

from errors import (
    BadEncoding as BadEncoding,
)
from errors import (
    BadRange as BadRange,
)
from errors import (
    BadRedirect as BadRedirect,
)
from errors import (
    BodyTooLarge as BodyTooLarge,
)
from errors import (
    DeadlineExceeded as DeadlineExceeded,
)
from errors import (
    EmptyBody as EmptyBody,
)
from errors import (
    FetchError as FetchError,
)
from errors import (
    HttpStatus as HttpStatus,
)
from errors import (
    InternalError as InternalError,
)
from errors import (
    RedirectLoop as RedirectLoop,
)
from errors import (
    Refused as Refused,
)
from errors import (
    ResponseRejected as ResponseRejected,
)
from errors import (
    RobotsDisallowed as RobotsDisallowed,
)
from errors import (
    TooManyRedirects as TooManyRedirects,
)
from errors import (
    TransportFailed as TransportFailed,
)
from errors import (
    UnsafeUrl as UnsafeUrl,
)
from errors import (
    WrongContentType as WrongContentType,
)
