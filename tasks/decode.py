"""Bytes of a text file → str, for the encodings real article files come in.

In order: a BOM; UTF-32 or UTF-16 without a BOM (their zero bytes fall on every fourth or
every other byte, and the decoded text must look like text); UTF-8; CESU-8 (UTF-8 with
surrogates encoded one by one, as Java writes it); UTF-8 with a few invalid
sequences (replaced by U+FFFD, with a warning); legacy code pages (Windows-1252 for mostly
ASCII text, otherwise detected). A file decoded with replacements says how many.
"""

from __future__ import annotations

import codecs
import threading
import unicodedata
from typing import NamedTuple

from charset_normalizer import from_bytes

from tasks.errors import InputRejected
from tasks.text_repair import pair_surrogates

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
_HEAD = 4096
_MAX_NUL_SHARE = 0.01  # a stray NUL is a damaged text file; many are binary
_MAX_BAD_SHARE = 0.01  # invalid sequences per byte beyond which an encoding is not trusted
_TEXTLESS = frozenset({"Cc", "Cn", "Co", "Cs"})
_WIDE = ("utf-32-le", "utf-32-be", "utf-16-le", "utf-16-be")


class DecodedText(NamedTuple):
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def binary_kind(data: bytes) -> str | None:
    """What binary content ``data`` looks like, or None if it may be text."""
    for signature, kind in _BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    if any(data.startswith(bom) for bom, _ in _BOMS):
        return None
    head = data[:_HEAD]
    nuls = head.count(0)
    many_nuls = nuls > _MAX_NUL_SHARE * len(head)
    controls = len(head) - len(head.translate(None, _CONTROL_BYTES)) - nuls
    many_controls = bool(head) and controls / len(head) > 0.05
    if not (many_nuls or many_controls) or (nuls and wide_encoding(head) is not None):
        return None  # (UTF-16 of CJK text has a control-range byte in one pair of ten)
    return "binary data (contains NUL bytes)" if many_nuls else "binary data (control characters)"


def decode_text(data: bytes) -> DecodedText:
    """Decode ``data``; the text, the encoding used and warnings. Rejects binary content."""
    kind = binary_kind(data)
    if kind is not None:
        raise InputRejected(
            "binary file, not text", f"the content looks like {kind}", stage="decode"
        )
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_counting(data[len(bom) :], encoding, strict_share=_MAX_BAD_SHARE)
    if 0 in data[:_HEAD]:
        wide = wide_encoding(data[:_HEAD])
        if wide is not None:
            return _decode_counting(data, wide, strict_share=_MAX_BAD_SHARE, named="without a BOM")
    try:
        return DecodedText(data.decode("utf-8"), "utf-8")
    except UnicodeDecodeError:
        pass
    try:  # CESU-8 (Java, Oracle): characters beyond U+FFFF as two encoded surrogates
        text = data.decode("utf-8", "surrogatepass")
    except UnicodeDecodeError:
        pass
    else:
        note = "text: surrogates encoded one by one (CESU-8) read as the characters they pair into"
        return DecodedText(pair_surrogates(text), "utf-8", (note,))
    mostly_utf8 = _mostly_utf8(data)
    if mostly_utf8 is not None:
        return mostly_utf8
    return _legacy(data)


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


def _decode_counting(
    data: bytes, encoding: str, *, strict_share: float, named: str = ""
) -> DecodedText:
    """Decode; a few invalid sequences become U+FFFD with a warning, many reject the file."""
    try:
        return DecodedText(data.decode(encoding), encoding)
    except UnicodeDecodeError as exc:
        first = exc.start
    with _Counter() as bad:
        text = codecs.decode(data, encoding, errors=_COUNTING)
    label = f"{encoding} {named}".strip()
    if bad.count > max(8, strict_share * len(data)):
        raise InputRejected(
            "text cannot be decoded",
            f"the file looks like {label} but has {bad.count:,} invalid sequences "
            f"(the first at byte {first:,})",
            stage="decode",
        )
    return DecodedText(text, encoding, (_replaced_warning(bad.count, label),))


def _mostly_utf8(data: bytes) -> DecodedText | None:
    """UTF-8 with a few damaged sequences (a stray Latin-1 byte, a cut character)."""
    if len(data) > 65536 and _mostly_utf8(data[:65536]) is None:
        return None  # a legacy code page: every accented letter is an "error", do not count all
    high = len(data) - len(data.translate(None, _HIGH_BYTES))
    with _Counter() as bad:
        text = codecs.decode(data, "utf-8", errors=_COUNTING)
    if bad.count * 20 > high:  # invalid sequences are more than a few of the non-ASCII bytes
        return None
    return DecodedText(text, "utf-8", (_replaced_warning(bad.count, "utf-8"),))


def _legacy(data: bytes) -> DecodedText:
    sample = data[:65536]
    non_ascii_share = (len(sample) - len(sample.translate(None, _HIGH_BYTES))) / len(sample)
    if non_ascii_share < _MOSTLY_ASCII and _decodes(data, "cp1252"):
        # Mostly ASCII with a few high bytes (NBSP, curly quotes, accents): detectors guess
        # wildly on so little evidence (a CJK code page for two NBSPs); Windows-1252 is right.
        return DecodedText(data.decode("cp1252"), "cp1252")
    guess = from_bytes(sample).best()
    encoding = guess.encoding if guess is not None else "cp1252"
    if encoding in _WESTERN_SINGLE_BYTE and _decodes(data, "cp1252"):
        # Detectors hesitate between the Western code pages on short texts; Windows-1252 is
        # what such files nearly always are, and it is a superset of Latin-1's printable range.
        encoding = "cp1252"
    try:
        return DecodedText(data.decode(encoding), encoding)
    except (UnicodeDecodeError, LookupError):
        with _Counter() as bad:
            text = codecs.decode(data, "cp1252", errors=_COUNTING)
        return DecodedText(text, "cp1252", (_replaced_warning(bad.count, "cp1252"),))


def _replaced_warning(count: int, encoding: str) -> str:
    return f"text: {count:,} invalid {encoding} byte sequence(s) replaced with U+FFFD"


def _decodes(data: bytes, encoding: str) -> bool:
    try:
        data.decode(encoding)
    except UnicodeDecodeError:
        return False
    return True


class _Counter:
    """Counts the replacements of one decode: ``codecs.decode(data, enc, errors=_COUNTING)``
    inside ``with _Counter() as bad`` (per thread: Prefect may run tasks in threads)."""

    _local = threading.local()

    def __init__(self) -> None:
        self.count = 0

    def __enter__(self) -> _Counter:
        _Counter._local.current = self
        return self

    def __exit__(self, *_: object) -> None:
        _Counter._local.current = None

    @staticmethod
    def handle(error: UnicodeError) -> tuple[str, int]:
        if not isinstance(error, UnicodeDecodeError):
            raise error
        counter = getattr(_Counter._local, "current", None)
        if counter is not None:
            counter.count += 1
        return "\ufffd", error.end


_COUNTING = "newsflow-count-replacements"
codecs.register_error(_COUNTING, _Counter.handle)
