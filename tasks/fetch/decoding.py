"""Content-Encoding decoding that never holds more than a small piece in memory at once, so a
decompression bomb is stopped by the body size limit instead of filling the memory."""

from __future__ import annotations

import zlib
from collections.abc import Iterable, Iterator

import brotli

from tasks.fetch.errors import BadEncoding

_PIECE = 64 * 1024
_IDENTITY = frozenset({"", "identity", "none"})


def decode_stream(chunks: Iterable[bytes], content_encoding: str | None) -> Iterator[bytes]:
    """Undo the ``Content-Encoding`` (applied in the order listed) piece by piece."""
    stream: Iterable[bytes] = chunks
    codings = [c.strip().lower() for c in (content_encoding or "").split(",")]
    for coding in reversed([c for c in codings if c not in _IDENTITY]):
        if coding in ("gzip", "x-gzip"):
            stream = _zlib_layer(stream, zlib.MAX_WBITS | 16)
        elif coding == "deflate":
            stream = _deflate_layer(stream)
        elif coding == "br":
            stream = _brotli_layer(stream)
        else:
            raise BadEncoding(f"unsupported content encoding {coding!r}")
    return iter(stream)


def gunzip_bounded(data: bytes, max_bytes: int) -> bytes:
    """Decompress a gzip file (e.g. ``sitemap.xml.gz``) up to ``max_bytes``; ``ValueError`` if
    it is larger or corrupt."""
    out = bytearray()
    try:
        for piece in _zlib_layer([data], zlib.MAX_WBITS | 16):
            out += piece
            if len(out) > max_bytes:
                raise ValueError(f"decompressed size over {max_bytes} bytes")
    except BadEncoding as exc:
        raise ValueError(str(exc)) from exc
    return bytes(out)


def _zlib_layer(chunks: Iterable[bytes], wbits: int) -> Iterator[bytes]:
    decoder = zlib.decompressobj(wbits)
    try:
        for chunk in chunks:
            pending = chunk
            while pending:
                piece = decoder.decompress(pending, _PIECE)
                if piece:
                    yield piece
                pending = decoder.unconsumed_tail
                if decoder.eof:
                    break
            if decoder.eof:
                break
        tail = decoder.flush()
    except zlib.error as exc:
        raise BadEncoding(f"corrupt compressed body: {exc}") from exc
    if tail:
        yield tail


def _deflate_layer(chunks: Iterable[bytes]) -> Iterator[bytes]:
    # "deflate" is meant to be zlib-wrapped, but many servers send raw deflate.
    iterator = iter(chunks)
    first = b""
    for chunk in iterator:
        first = chunk
        if chunk:
            break
    wrapped = len(first) >= 2 and first[0] & 0x0F == 8 and (first[0] << 8 | first[1]) % 31 == 0
    wbits = zlib.MAX_WBITS if wrapped else -zlib.MAX_WBITS

    def rest() -> Iterator[bytes]:
        yield first
        yield from iterator

    return _zlib_layer(rest(), wbits)


def _brotli_layer(chunks: Iterable[bytes]) -> Iterator[bytes]:
    decoder = brotli.Decompressor()
    try:
        for chunk in chunks:
            piece = decoder.process(chunk, output_buffer_limit=_PIECE)
            if piece:
                yield piece
            while not decoder.can_accept_more_data():
                piece = decoder.process(b"", output_buffer_limit=_PIECE)
                if not piece:
                    break
                yield piece
    except brotli.error as exc:
        raise BadEncoding(f"corrupt brotli body: {exc}") from exc
