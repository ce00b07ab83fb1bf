"""Bytes of a text file → str, for the encodings real article files come in."""

from __future__ import annotations

import codecs

from charset_normalizer import from_bytes

from tasks.errors import InputRejected

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF87a": "a GIF image",
    b"GIF89a": "a GIF image",
    b"%PDF-": "a PDF document",
    b"PK\x03\x04": "a ZIP archive",
    b"\x1f\x8b": "gzip data",
    b"\x7fELF": "an executable",
    b"RIFF": "a RIFF media file",
    b"SQLite format 3\x00": "an SQLite database",
}
_WESTERN_SINGLE_BYTE = frozenset(
    {"ascii", "utf_8", "latin_1", "iso8859_15", "cp1252", "cp1250", "iso8859_2", "mac_roman",
     "mac_latin2", "cp850", "cp437", "iso8859_9", "cp1254", "iso8859_3", "iso8859_4", "iso8859_10",
     "iso8859_13", "iso8859_14", "iso8859_16", "cp1257", "cp858", "mac_iceland", "mac_turkish"}
)  # fmt: skip
_MOSTLY_ASCII = 0.15
_HIGH_BYTES = bytes(range(128, 256))
_CONTROL_BYTES = bytes(sorted(set(range(32)) - {9, 10, 12, 13}))


def binary_kind(data: bytes) -> str | None:
    """What binary content ``data`` looks like, or None if it may be text."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    head = data[:4096]
    if b"\x00" in head and _utf16_without_bom(head) is None:
        return "binary data (contains NUL bytes)"
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES))
    if head and controls / len(head) > 0.05:
        return "binary data (control characters)"
    return None


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode ``data``; return the text and the encoding used. Rejects binary content."""
    kind = binary_kind(data)
    if kind is not None:
        raise InputRejected("binary file, not text", f"the content looks like {kind}")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_strict(data[len(bom) :], encoding), encoding
    utf16 = _utf16_without_bom(data[:4096])
    if utf16 is not None:
        return _decode_strict(data, utf16), utf16
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    sample = data[:65536]
    non_ascii_share = (len(sample) - len(sample.translate(None, _HIGH_BYTES))) / len(sample)
    if non_ascii_share < _MOSTLY_ASCII and _decodes(data, "cp1252"):
        # Mostly ASCII with a few high bytes (NBSP, curly quotes, accents): detectors guess
        # wildly on so little evidence (a CJK code page for two NBSPs); Windows-1252 is right.
        return data.decode("cp1252"), "cp1252"
    guess = from_bytes(data[:65536]).best()
    encoding = guess.encoding if guess is not None else "cp1252"
    if encoding in _WESTERN_SINGLE_BYTE and _decodes(data, "cp1252"):
        # Detectors hesitate between the Western code pages on short texts; Windows-1252 is
        # what such files nearly always are, and it is a superset of Latin-1's printable range.
        encoding = "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        return data.decode("cp1252", errors="replace"), "cp1252"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


def _utf16_without_bom(head: bytes) -> str | None:
    """UTF-16 text without a BOM shows NUL in every other byte for Latin script."""
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) < 0.1 * len(even):
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) < 0.1 * len(odd):
        return "utf-16-be"
    return None


def _decode_strict(data: bytes, encoding: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise InputRejected(
            "text cannot be decoded", f"invalid {encoding} at byte {exc.start}"
        ) from exc
