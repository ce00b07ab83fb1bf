"""The HTTP message inside a WARC ``response`` record: status, headers and the page's bytes.

Archives disagree on what they keep: Common Crawl stores the payload decoded (and renames the
original ``Content-Encoding``), wget and Heritrix keep the bytes as sent (chunked, gzipped),
newsflow's own captures store the decoded body. So the transfer and content codings are undone
here when the headers declare them, with the same bounded decoders as the fetcher.
"""

from __future__ import annotations

from dataclasses import dataclass
from email.message import Message

from errors import BadHttpMessage as BadHttpMessage
from tasks.fetch.decoding import decode_stream
from tasks.fetch.errors import BadEncoding


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # lower-cased names; a repeated header keeps its last value
    body: bytes

    @property
    def media_type(self) -> str | None:
        return _content_type(self.headers).get_content_type().lower() if self._typed else None

    @property
    def charset(self) -> str | None:
        if not self._typed:
            return None
        charset = _content_type(self.headers).get_content_charset()
        return charset.strip().lower() if charset else None

    @property
    def _typed(self) -> bool:
        return bool(self.headers.get("content-type", "").strip())


def parse_http_response(block: bytes, max_body_bytes: int) -> HttpResponse:
    """Split a record block into status, headers and the decoded body (``BadHttpMessage``)."""
    end, gap = block.find(b"\r\n\r\n"), 4
    if end < 0:
        end, gap = block.find(b"\n\n"), 2
    if end < 0:
        raise BadHttpMessage("no blank line after the HTTP headers")
    head = block[:end].decode("latin-1").splitlines()
    status = _status(head[0] if head else "")
    headers: dict[str, str] = {}
    for line in head[1:]:
        name, colon, value = line.partition(":")
        if colon and name.strip():
            headers[name.strip().lower()] = value.strip()
    body = block[end + gap :]
    if "chunked" in headers.get("transfer-encoding", "").lower():
        body = _dechunk(body)
    coding = headers.get("content-encoding", "")
    if coding.strip().lower() not in ("", "identity", "none"):
        body = _decoded(body, coding, max_body_bytes)
    return HttpResponse(status, headers, body)


def _status(line: str) -> int:
    parts = line.split(None, 2)
    if len(parts) < 2 or not parts[0].upper().startswith("HTTP/") or not parts[1].isdigit():
        raise BadHttpMessage(f"not an HTTP status line: {line[:80]!r}")
    return int(parts[1])


def _dechunk(data: bytes) -> bytes:
    """Undo chunked transfer coding; bytes that are not chunked (already decoded) stay as is."""
    out = bytearray()
    position = 0
    while True:
        line_end = data.find(b"\r\n", position)
        if line_end < 0:
            return data
        size_text = data[position:line_end].split(b";", 1)[0].strip()
        try:
            size = int(size_text, 16)
        except ValueError:
            return data
        if size == 0:
            return bytes(out)
        start = line_end + 2
        out += data[start : start + size]
        position = start + size + 2
        if start + size > len(data):
            return bytes(out)


def _decoded(body: bytes, coding: str, max_body_bytes: int) -> bytes:
    out = bytearray()
    try:
        for piece in decode_stream([body], coding):
            out += piece
            if len(out) > max_body_bytes:
                raise BadHttpMessage(f"the page decodes to more than {max_body_bytes} bytes")
    except BadEncoding as exc:
        if exc.detail.startswith("unsupported"):
            raise BadHttpMessage(str(exc)) from exc
        return body  # declared but not applied (the archive stored it decoded)
    return bytes(out)


def _content_type(headers: dict[str, str]) -> Message:
    message = Message()
    message["content-type"] = headers.get("content-type", "")
    return message
