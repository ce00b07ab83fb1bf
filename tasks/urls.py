"""URL canonicalisation: one spelling per page, so the same article found twice is one URL.

What changes: scheme and host are lower-cased (host IDNA-encoded, trailing dot dropped),
default ports and user info are removed, an empty path becomes ``/``, dot segments are
resolved, percent-escapes are upper-cased and unreserved characters decoded, the fragment is
dropped and tracking parameters (``utm_*``, ``fbclid``, ``gclid``, ``mc_cid`` …) are removed.
What stays: everything else in the path and query, including its case and the order of the
parameters (the canonical URL is also the one fetched, and some servers care about order).
"""

from __future__ import annotations

import re
from urllib.parse import quote, unquote, urljoin, urlsplit, urlunsplit

from errors import InvalidUrl as InvalidUrl

HTTP_SCHEMES = frozenset({"http", "https"})
_DEFAULT_PORTS = {"http": 80, "https": 443}

# Parameters that say where a click came from, never which page it is.
_TRACKING_EXACT = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "mc_cid", "mc_eid", "_ga", "_gl", "igshid", "twclid", "ttclid", "li_fat_id",
        "_hsenc", "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "vero_conv",
        "rb_clickid", "s_cid", "ncid", "cmpid", "ito", "at_medium", "at_campaign",
        "__twitter_impression", "ref_src", "ref_url", "spm", "smid", "sr_share",
    }
)  # fmt: skip
_TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_")
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_ESCAPE = re.compile(r"%([0-9A-Fa-f]{2})")
# Characters left as they are in a path or query (RFC 3986 reserved + unreserved + '%').
_PATH_SAFE = "/:@!$&'()*+,;=-._~%"
_QUERY_PART_SAFE = "/:@!$'()*+,;-._~%?"


def is_tracking_parameter(name: str) -> bool:
    lowered = name.lower()
    return lowered in _TRACKING_EXACT or lowered.startswith(_TRACKING_PREFIXES)


def canonicalize_url(url: str, base: str | None = None) -> str:
    """Return the canonical spelling of ``url`` (resolved against ``base`` when relative)."""
    text = url.strip()
    if not text:
        raise InvalidUrl("empty URL")
    if base:
        text = urljoin(base.strip(), text)
    try:
        parts = urlsplit(text)
        port = parts.port
    except ValueError as exc:
        raise InvalidUrl(f"malformed URL {url!r}: {exc}") from exc
    scheme = parts.scheme.lower()
    if scheme not in HTTP_SCHEMES:
        raise InvalidUrl(f"not an http(s) URL: {url!r}")
    host = _canonical_host(parts.hostname or "", url)
    netloc = host if port in (None, _DEFAULT_PORTS[scheme]) else f"{host}:{port}"
    path = _canonical_path(parts.path)
    query = _canonical_query(parts.query)
    return urlunsplit((scheme, netloc, path, query, ""))


def host_of(url: str) -> str:
    """The authority a URL talks to (``host`` or ``host:port``), the unit of politeness."""
    parts = urlsplit(url)
    host = (parts.hostname or "").lower()
    return f"{host}:{parts.port}" if parts.port else host


def _canonical_host(host: str, original: str) -> str:
    host = host.strip().rstrip(".").lower()
    if not host:
        raise InvalidUrl(f"URL has no host: {original!r}")
    if ":" in host:  # IPv6 literal
        return f"[{host}]"
    if not host.isascii():
        try:
            host = host.encode("idna").decode("ascii")
        except UnicodeError as exc:
            raise InvalidUrl(f"bad international host name in {original!r}") from exc
    return host


def _normalise_escapes(text: str) -> str:
    def fix(match: re.Match[str]) -> str:
        char = chr(int(match.group(1), 16))
        return char if char in _UNRESERVED else "%" + match.group(1).upper()

    return _ESCAPE.sub(fix, text)


def _remove_dot_segments(path: str) -> str:
    output: list[str] = []
    segments = path.split("/")
    for index, segment in enumerate(segments):
        last = index == len(segments) - 1
        if segment == ".":
            if last:
                output.append("")
        elif segment == "..":
            if len(output) > 1:
                output.pop()
            if last:
                output.append("")
        else:
            output.append(segment)
    result = "/".join(output)
    return result if result.startswith("/") else "/" + result


def _canonical_path(path: str) -> str:
    if not path:
        return "/"
    quoted = quote(path, safe=_PATH_SAFE)
    return _remove_dot_segments(_normalise_escapes(quoted))


def _canonical_query(query: str) -> str:
    if not query:
        return ""
    kept: list[tuple[str, str | None]] = []
    for piece in query.split("&"):
        if not piece:
            continue
        name, equals, value = piece.partition("=")
        if is_tracking_parameter(unquote(name)):
            continue
        name = _normalise_escapes(quote(name, safe=_QUERY_PART_SAFE))
        value = _normalise_escapes(quote(value, safe=_QUERY_PART_SAFE + "="))
        kept.append((name, value if equals else None))
    return "&".join(name if value is None else f"{name}={value}" for name, value in kept)
