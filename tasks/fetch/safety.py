"""Which URLs newsflow may send a request to (SSRF guard).

Only http and https; and the host must resolve to public addresses only: private, loopback,
link-local (which includes the cloud metadata address 169.254.169.254), multicast, reserved,
unspecified and shared (CGNAT) addresses are refused unless the host, or the address, is listed
in ``allowed_hosts``. Known limit: the name is resolved here and again by the HTTP client, so a
DNS server that changes its answer between the two (DNS rebinding) is not caught.
"""

from __future__ import annotations

import ipaddress
import socket
import threading
import time
from collections.abc import Collection
from urllib.parse import urlsplit

from tasks.fetch.errors import UnsafeUrl

IpAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
_RESOLVE_TTL_SECONDS = 300.0
_resolved: dict[tuple[str, int], tuple[float, list[IpAddress]]] = {}
_cache_lock = threading.Lock()
_METADATA_HOSTS = frozenset({"metadata.google.internal", "metadata", "instance-data"})


def check_url_allowed(url: str, allowed_hosts: Collection[str] = ()) -> None:
    """Raise ``UnsafeUrl`` unless a request to ``url`` is allowed."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https"):
        raise UnsafeUrl(f"scheme {scheme or '(none)'!r} is not allowed: {url}")
    host = (parts.hostname or "").rstrip(".").lower()
    if not host:
        raise UnsafeUrl(f"no host in {url}")
    allowed = {h.lower() for h in allowed_hosts}
    try:
        port = parts.port
    except ValueError as exc:
        raise UnsafeUrl(f"bad port in {url}") from exc
    if host in allowed or (port is not None and f"{host}:{port}" in allowed):
        return
    if host in _METADATA_HOSTS:
        raise UnsafeUrl(f"cloud metadata host {host} is not allowed")
    for address in _addresses(host, port or (443 if scheme == "https" else 80)):
        if str(address) in allowed:
            continue
        problem = _problem_with(address)
        if problem:
            raise UnsafeUrl(f"{host} resolves to {problem} address {address}")


def _addresses(host: str, port: int) -> list[IpAddress]:
    try:
        return [_unmapped(ipaddress.ip_address(host))]
    except ValueError:
        pass
    key = (host, port)
    with _cache_lock:
        cached = _resolved.get(key)
    if cached and time.monotonic() - cached[0] < _RESOLVE_TTL_SECONDS:
        return cached[1]
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise UnsafeUrl(f"cannot resolve {host}: {exc}") from exc
    found = [_unmapped(ipaddress.ip_address(str(info[4][0]).split("%")[0])) for info in infos]
    with _cache_lock:
        _resolved[key] = (time.monotonic(), found)
    return found


def _unmapped(address: IpAddress) -> IpAddress:
    if isinstance(address, ipaddress.IPv6Address) and address.ipv4_mapped is not None:
        return address.ipv4_mapped
    return address


def _problem_with(address: IpAddress) -> str | None:
    checks = (
        ("loopback", address.is_loopback),
        ("link-local", address.is_link_local),
        ("multicast", address.is_multicast),
        ("unspecified", address.is_unspecified),
        ("private", address.is_private),
        ("reserved", address.is_reserved),
    )
    for label, hit in checks:
        if hit:
            return label
    return None if address.is_global else "non-public"
