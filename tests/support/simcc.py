"""A simulated Common Crawl on 127.0.0.1: monthly ``warc.paths.gz`` lists and WARC files served
with ``Range`` support, and faults to order.

Faults, per file path: ``reset_after[path] = [n, ...]`` (each of the next requests sends ``n``
body bytes, then resets the connection), ``busy[path] = k`` (the next ``k`` requests get ``503``
with ``Retry-After: 0``); a path listed but not in ``files`` is a 404.
"""

from __future__ import annotations

import gzip
import re
import socket
import struct
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

_RANGE = re.compile(r"bytes=(\d+)-(\d*)$")


@dataclass
class SimCommonCrawl:
    files: dict[str, bytes] = field(default_factory=dict)  # path -> bytes
    listings: dict[str, list[str]] = field(default_factory=dict)  # "2024/03" -> paths
    reset_after: dict[str, list[int]] = field(default_factory=dict)
    busy: dict[str, int] = field(default_factory=dict)
    ranges_supported: bool = True
    pace: float = 0.0  # seconds to wait after each 16 KB of a file's body
    requests: list[tuple[str, str | None]] = field(default_factory=list)  # (path, Range)
    base_url: str = ""
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_file(self, month: str, name: str, data: bytes, *, listed: bool = True) -> str:
        path = f"crawl-data/CC-NEWS/{month}/{name}"
        self.files[path] = data
        if listed:
            self.listings.setdefault(month, []).append(path)
        return path

    def list_missing(self, month: str, name: str) -> str:
        path = f"crawl-data/CC-NEWS/{month}/{name}"
        self.listings.setdefault(month, []).append(path)
        return path

    def served(self, path: str) -> list[str | None]:
        with self.lock:
            return [r for p, r in self.requests if p == path]

    def answer(self, handler: BaseHTTPRequestHandler) -> None:
        path = handler.path.lstrip("/")
        wanted = handler.headers.get("Range")
        with self.lock:
            self.requests.append((path, wanted))
            busy = self.busy.get(path, 0)
            if busy:
                self.busy[path] = busy - 1
            cuts = self.reset_after.get(path) or []
            cut = cuts.pop(0) if cuts else None
        if busy:
            _send(handler, 503, b"slow down", {"Retry-After": "0"})
            return
        month = re.fullmatch(r"crawl-data/CC-NEWS/(\d{4}/\d{2})/warc\.paths\.gz", path)
        if month:
            listed = self.listings.get(month.group(1))
            if listed is None:
                _send(handler, 404, b"no such month")
            else:
                body = gzip.compress(("\n".join(listed) + "\n").encode())
                _send(handler, 200, body, {"Content-Type": "application/octet-stream"})
            return
        data = self.files.get(path)
        if data is None:
            _send(handler, 404, b"<Error>NoSuchKey</Error>", {"Content-Type": "application/xml"})
            return
        start = 0
        match = _RANGE.match(wanted or "")
        if match and self.ranges_supported:
            start = int(match.group(1))
            if start >= len(data):
                _send(handler, 416, b"", {"Content-Range": f"bytes */{len(data)}"})
                return
        status = 206 if match and self.ranges_supported else 200
        body = data[start:]
        headers = {"Content-Type": "application/octet-stream"}
        if status == 206:
            headers["Content-Range"] = f"bytes {start}-{len(data) - 1}/{len(data)}"
        handler.send_response(status)
        for name, value in {**headers, "Content-Length": str(len(body))}.items():
            handler.send_header(name, value)
        handler.end_headers()
        try:
            if cut is None and not self.pace:
                handler.wfile.write(body)
                return
            if cut is None:
                for start in range(0, len(body), 16384):
                    handler.wfile.write(body[start : start + 16384])
                    handler.wfile.flush()
                    time.sleep(self.pace)
                return
            handler.wfile.write(body[:cut])
            handler.wfile.flush()
            _reset(handler)
        except (BrokenPipeError, ConnectionResetError):
            pass


def _send(
    handler: BaseHTTPRequestHandler, status: int, body: bytes, headers: dict[str, str] | None = None
) -> None:
    handler.send_response(status)
    for name, value in (headers or {}).items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    handler.wfile.write(body)


def _reset(handler: BaseHTTPRequestHandler) -> None:
    connection = handler.connection
    connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    handler.close_connection = True
    connection.close()


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def handle_error(self, request: object, client_address: object) -> None:
        pass  # resets are part of the faults


@contextmanager
def serve(common_crawl: SimCommonCrawl) -> Iterator[SimCommonCrawl]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self) -> None:
            common_crawl.answer(self)

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = _Server(("127.0.0.1", 0), Handler)
    common_crawl.base_url = f"http://127.0.0.1:{server.server_address[1]}/"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield common_crawl
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
