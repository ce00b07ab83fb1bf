"""Real HTTP servers on 127.0.0.1, one port per simulated host, with a shared request log."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


@dataclass
class Reply:
    status: int = 200
    body: bytes | Iterable[bytes] = b""
    content_type: str | None = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay: float = 0.0  # seconds before the status line
    reset: bool = False  # drop the connection without answering


@dataclass(frozen=True)
class LoggedRequest:
    host: str  # "news", "wire", ...
    path: str
    at: float  # time.monotonic() when the request arrived
    headers: dict[str, str]


Router = Callable[[str, dict[str, str]], Reply]


class RequestLog:
    def __init__(self) -> None:
        self._entries: list[LoggedRequest] = []
        self._lock = threading.Lock()
        self._in_flight: dict[str, int] = {}
        self._peak: dict[str, int] = {}

    def add(self, entry: LoggedRequest) -> None:
        """A request arrived: logged, and in flight until ``answering``."""
        with self._lock:
            self._entries.append(entry)
            now = self._in_flight[entry.host] = self._in_flight.get(entry.host, 0) + 1
            self._peak[entry.host] = max(self._peak.get(entry.host, 0), now)

    def answering(self, host: str) -> None:
        """Called before the first byte of the answer goes out, so a client can never see the
        answer (and send its next request) while the server still counts this one."""
        with self._lock:
            self._in_flight[host] -= 1

    def peak_in_flight(self, host: str) -> int:
        """The most requests to ``host`` the server held at once: causal, whatever the timing."""
        with self._lock:
            return self._peak.get(host, 0)

    def entries(self, host: str | None = None, path: str | None = None) -> list[LoggedRequest]:
        with self._lock:
            return [
                e
                for e in self._entries
                if (host is None or e.host == host) and (path is None or e.path == path)
            ]

    def count(self, host: str | None = None, path: str | None = None) -> int:
        return len(self.entries(host, path))

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 128

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets and clients hanging up are part of the fault routes


class SimHost:
    """One simulated host: a threaded HTTP/1.1 server answering through ``router``."""

    def __init__(self, name: str, router: Router, log: RequestLog, latency: float = 0.0) -> None:
        self.name = name
        handler = _handler_for(name, router, log, latency)
        self._server = _Server(("127.0.0.1", 0), handler)
        self.port = int(self._server.server_address[1])
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


def _handler_for(
    name: str, router: Router, log: RequestLog, latency: float
) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # else headers and body as two sends meet delayed ACKs

        def do_GET(self) -> None:
            headers = {k.lower(): v for k, v in self.headers.items()}
            path = self.path
            log.add(LoggedRequest(name, urlsplit(path).path, time.monotonic(), headers))
            try:
                reply = router(path, headers)
                if latency or reply.delay:
                    time.sleep(latency + reply.delay)
            finally:
                log.answering(name)
            if reply.reset:
                self._reset()
                return
            self.send_response(reply.status)
            if reply.content_type:
                self.send_header("Content-Type", reply.content_type)
            for key, value in reply.headers.items():
                self.send_header(key, value)
            if isinstance(reply.body, bytes):
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                self.wfile.write(reply.body)
                return
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            try:
                for chunk in reply.body:
                    self.wfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                pass

        def _reset(self) -> None:
            import socket
            import struct

            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.close_connection = True
            self.connection.close()

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
