"""A misbehaving HTTP server on 127.0.0.1: each route writes raw bytes to the socket, so it can
trickle headers, lie about lengths, break chunking, reset or hang up mid-answer.

One ``FaultHost`` per port (so each fault has its own robots.txt and politeness gate). A route is
a ``Responder``: called with the connection's socket and the request path, it writes whatever it
likes; the connection is closed afterwards (responses say ``Connection: close``).
"""

from __future__ import annotations

import contextlib
import gzip
import itertools
import socket
import socketserver
import struct
import threading
import time
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from email.utils import formatdate

Responder = Callable[[socket.socket, str], None]
TRICKLE_LIMIT_SECONDS = 30.0  # a trickling route gives up by itself after this


def respond(
    body: bytes,
    content_type: str | None = "text/html; charset=utf-8",
    status: str = "200 OK",
    headers: Mapping[str, str] | None = None,
    length: int | None = None,
) -> Responder:
    """A whole response; ``length`` overrides the Content-Length (to lie about it)."""

    def send(conn: socket.socket, path: str) -> None:
        lines = [f"HTTP/1.1 {status}", "Connection: close"]
        if content_type:
            lines.append(f"Content-Type: {content_type}")
        lines += [f"{k}: {v}" for k, v in (headers or {}).items()]
        lines.append(f"Content-Length: {len(body) if length is None else length}")
        conn.sendall(("\r\n".join(lines) + "\r\n\r\n").encode("latin-1") + body)

    return send


def raw(data: bytes) -> Responder:
    return lambda conn, path: conn.sendall(data)


def hang_up() -> Responder:
    """Close without a byte of response."""
    return lambda conn, path: None


def reset_after(prefix: bytes) -> Responder:
    """Send ``prefix`` (e.g. headers and part of a body), then reset the connection."""

    def send(conn: socket.socket, path: str) -> None:
        conn.sendall(prefix)
        time.sleep(0.05)
        conn.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))

    return send


def trickle(head: bytes, unit: bytes, interval: float) -> Responder:
    """Send ``head``, then ``unit`` every ``interval`` seconds until the client hangs up."""

    def send(conn: socket.socket, path: str) -> None:
        conn.sendall(head)
        ends = time.monotonic() + TRICKLE_LIMIT_SECONDS
        while time.monotonic() < ends:
            time.sleep(interval)
            try:
                conn.sendall(unit)
            except OSError:
                return

    return send


def in_turn(responders: Sequence[Responder]) -> Responder:
    """The first request (to each server port) gets the first responder, and so on; the last
    one repeats. Counting per port lets a new set of hosts start again from the first."""
    counters: dict[int, itertools.count[int]] = {}
    lock = threading.Lock()

    def send(conn: socket.socket, path: str) -> None:
        port = int(conn.getsockname()[1])
        with lock:
            index = next(counters.setdefault(port, itertools.count()))
        responders[min(index, len(responders) - 1)](conn, path)

    return send


def http_date(offset_seconds: float) -> str:
    return formatdate(time.time() + offset_seconds, usegmt=True)


def gzip_bomb(decoded_bytes: int) -> bytes:
    compressor = zlib.compressobj(9, zlib.DEFLATED, 31)
    block = b"\0" * (1 << 20)
    parts = [compressor.compress(block) for _ in range(decoded_bytes >> 20)]
    return b"".join(parts) + compressor.flush()


def gzipped(data: bytes) -> bytes:
    return gzip.compress(data)


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # clients hanging up on a trickling route are the point


class FaultHost:
    """A server on 127.0.0.1 answering ``routes`` (path → responder); other paths get 404."""

    def __init__(self, routes: Mapping[str, Responder]) -> None:
        self.routes = dict(routes)
        self.hits: list[str] = []
        host = self

        class Handler(socketserver.BaseRequestHandler):
            def handle(self) -> None:
                conn: socket.socket = self.request
                conn.settimeout(10)
                path = _read_request_path(conn)
                if path is None:
                    return
                host.hits.append(path)
                responder = host.routes.get(path.split("?", 1)[0], _NOT_FOUND)
                with contextlib.suppress(OSError):
                    responder(conn, path)

        self._server = _Server(("127.0.0.1", 0), Handler)
        self.port = int(self._server.server_address[1])
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def url(self, path: str) -> str:
        return self.base_url + path

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


_NOT_FOUND = respond(b"not found", "text/plain", "404 Not Found")


def _read_request_path(conn: socket.socket) -> str | None:
    data = b""
    try:
        while b"\r\n\r\n" not in data and len(data) < 65536:
            chunk = conn.recv(4096)
            if not chunk:
                return None
            data += chunk
    except OSError:
        return None
    parts = data.split(b"\r\n", 1)[0].split(b" ")
    return parts[1].decode("latin-1") if len(parts) >= 2 else None


def start_hosts(routes: Iterable[Mapping[str, Responder]]) -> list[FaultHost]:
    hosts = [FaultHost(r) for r in routes]
    for host in hosts:
        host.start()
    return hosts
