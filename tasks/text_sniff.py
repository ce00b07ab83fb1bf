"""What bytes hold, looked at before decoding them: a byte-order mark (the one BOM table of
``tasks.decode``), binary content, or UTF-32/UTF-16 without a BOM."""

from __future__ import annotations

import codecs
import unicodedata

_BOMS = (  # UTF-32-LE before UTF-16-LE: its BOM starts with theirs
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
HEAD = 4096  # bytes looked at
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
_CONTROL_BYTES = bytes(sorted(set(range(32)) - {9, 10, 12, 13}))
_MAX_NUL_SHARE = 0.01  # a stray NUL is a damaged text file; many are binary
_TEXTLESS = frozenset({"Cc", "Cn", "Co", "Cs"})


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The encoding the byte-order mark ``data`` starts with names, and the mark's length."""
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def binary_kind(data: bytes) -> str | None:
    """What binary content ``data`` looks like, or None if it may be text."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    if bom_encoding(data) is not None:
        return None
    head = data[:HEAD]
    nuls = head.count(0)
    many_nuls = nuls > _MAX_NUL_SHARE * len(head)
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES)) - nuls
    many_controls = bool(head) and controls / len(head) > 0.05
    if not (many_nuls or many_controls) or (nuls and wide_encoding(head) is not None):
        return None  # (UTF-16 of CJK text has a control-range byte in one pair of ten)
    return "binary data (contains NUL bytes)" if many_nuls else "binary data (control characters)"


def wide_encoding(head: bytes) -> str | None:
    """UTF-32 or UTF-16 without a BOM, when ``head`` decodes in it to something like text.

    UTF-32 has a zero in every fourth byte. For UTF-16 both byte orders are tried, and the one
    whose text holds more ASCII (Latin letters, or the line breaks and spaces of any script)
    wins. Valid UTF-8 with a few NULs is UTF-8, not UTF-16.
    """
    if len(head) < 8:
        return None
    if head.count(0) < 0.1 * len(head) and _valid_utf8(head):
        return None
    lanes = [head[i::4].count(0) for i in range(4)]
    quads = len(head) // 4
    if lanes[3] >= quads and lanes[2] >= 0.5 * quads and _looks_like_text(head, "utf-32-le"):
        return "utf-32-le"
    if lanes[0] >= quads and lanes[1] >= 0.5 * quads and _looks_like_text(head, "utf-32-be"):
        return "utf-32-be"
    scores = {
        encoding: _ascii_count(head, encoding)
        for encoding in ("utf-16-le", "utf-16-be")
        if _looks_like_text(head, encoding)
    }
    best = max(scores, key=lambda encoding: scores[encoding], default=None)
    return best if best is not None and scores[best] > 0 else None


def _valid_utf8(head: bytes) -> bool:
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
    except UnicodeDecodeError:
        return False
    return True


def _sample(head: bytes, encoding: str) -> str:
    width = 4 if encoding.startswith("utf-32") else 2
    text = head[: len(head) - len(head) % width].decode(encoding, errors="replace")
    if len(text) >= 2 and "\ufffd" in text[-2:]:
        text = text[:-2]  # the head may end inside a surrogate pair
    return text


def _ascii_count(head: bytes, encoding: str) -> int:
    return sum(1 for c in _sample(head, encoding) if c < "\x80")


def _looks_like_text(head: bytes, encoding: str) -> bool:
    text = _sample(head, encoding)
    if not text:
        return False
    textless = sum(1 for c in text if c not in "\t\n\r\f" and unicodedata.category(c) in _TEXTLESS)
    spaces = sum(1 for c in text if c.isspace())
    return textless + text.count("\ufffd") <= 0.02 * len(text) and spaces * 200 >= len(text)
