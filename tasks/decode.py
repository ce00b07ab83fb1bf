"""Bytes → str: article files (``decode_text``), web pages (``decode_html``) and robots.txt
(``decode_declared``), with one BOM table (``tasks.text_sniff``) and one charset detection
(``_detect``).

Files, in order: a BOM; UTF-32 or UTF-16 without a BOM (their zero bytes fall on every fourth
or every other byte, and the decoded text must look like text); UTF-8; CESU-8 (UTF-8 with
surrogates encoded one by one, as Java writes it); UTF-8 with a few invalid sequences
(replaced by U+FFFD, with a warning); legacy code pages (Windows-1252 for mostly ASCII text,
otherwise detected). A file decoded with replacements says how many.

Pages, in order: a BOM; the HTTP charset, then ``<meta charset>`` (labels browsers read as a
superset mapped to it); UTF-8; Windows-1252 for a page declared UTF-8 that is not; detection.
"""

from __future__ import annotations

import codecs
import re
import threading
from typing import NamedTuple

from charset_normalizer import from_bytes

from tasks.discover.clean import repair_text
from tasks.errors import InputRejected
from tasks.text_repair import pair_surrogates
from tasks.text_sniff import HEAD, binary_kind, bom_encoding, wide_encoding

_WESTERN_SINGLE_BYTE = frozenset(
    {"ascii", "utf_8", "latin_1", "iso8859_15", "cp1252", "cp1250", "iso8859_2", "mac_roman",
     "mac_latin2", "cp850", "cp437", "iso8859_9", "cp1254", "iso8859_3", "iso8859_4", "iso8859_10",
     "iso8859_13", "iso8859_14", "iso8859_16", "cp1257", "cp858", "mac_iceland", "mac_turkish"}
)  # fmt: skip
_MOSTLY_ASCII = 0.15
_HIGH_BYTES = bytes(range(128, 256))
_MAX_BAD_SHARE = 0.01  # invalid sequences per byte beyond which an encoding is not trusted
_META_CHARSET = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
# Browsers treat these labels as supersets; decoding with the narrow codec loses characters.
_SUPERSETS = {
    "iso-8859-1": "cp1252",
    "latin-1": "cp1252",
    "latin1": "cp1252",
    "us-ascii": "cp1252",
    "ascii": "cp1252",
    "iso-8859-9": "cp1254",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "euc-kr": "cp949",
    "shift_jis": "cp932",
    "x-sjis": "cp932",
}
_DETECT_LIMIT = 200_000  # detection on a prefix of a page keeps huge pages fast


class DecodedText(NamedTuple):
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


def decode_text(data: bytes) -> DecodedText:
    """Decode ``data``; the text, the encoding used and warnings. Rejects binary content."""
    kind = binary_kind(data)
    if kind is not None:
        raise InputRejected(
            "binary file, not text", f"the content looks like {kind}", stage="decode"
        )
    bom = bom_encoding(data)
    if bom is not None:
        encoding, length = bom
        return _decode_counting(data[length:], encoding, strict_share=_MAX_BAD_SHARE)
    if 0 in data[:HEAD]:
        wide = wide_encoding(data[:HEAD])
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
    encoding = _detect(sample) or "cp1252"
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


def decode_html(data: bytes | str, http_charset: str | None = None) -> tuple[str, list[str]]:
    """Return the page text and warnings about how it was decoded."""
    if isinstance(data, str):
        return data, []
    warnings: list[str] = []
    bom = bom_encoding(data)
    if bom is not None:
        codec, length = bom
        return data[length:].decode(codec, errors="replace"), warnings
    declared = [_codec(http_charset)]
    meta = _META_CHARSET.search(data[:4096]) or _META_CHARSET.search(data[:65536])
    declared.append(_codec(meta.group(1).decode("ascii", "replace")) if meta else None)
    for label in declared:
        if label is None or label.startswith(("utf-16", "utf-32")):
            continue  # without a BOM, a page declaring UTF-16 is in fact ASCII-compatible
        decoded = _strict(data, label)
        if decoded is not None:
            return decoded, warnings
        warnings.append(f"declared charset {label} does not decode the page")
    decoded = _strict(data, "utf-8")
    if decoded is not None:
        return decoded, warnings
    if "utf-8" in declared:
        # the commonest mislabel: a Windows-1252 page served or declared as UTF-8
        decoded = _strict(data, "cp1252")
        if decoded is not None:
            warnings.append("page read as cp1252")
            return decoded, warnings
    detected = _codec(_detect(data[:_DETECT_LIMIT])) or "cp1252"
    warnings.append(f"charset detected as {detected}")
    return data.decode(detected, errors="replace"), warnings


def decode_declared(data: bytes, charset: str | None) -> str:
    """``data`` (a robots.txt) decoded by its declared charset when Python knows it, else as
    UTF-8; bad bytes become U+FFFD, lone surrogates too."""
    for codec in (charset, "utf-8"):
        if not codec:
            continue
        try:
            return repair_text(data.decode(codec, "replace"))
        except (LookupError, ValueError, TypeError):
            continue
    return repair_text(data.decode("utf-8", "replace"))


def _detect(sample: bytes) -> str | None:
    """charset_normalizer's best guess of ``sample``'s encoding, if it has one."""
    best = from_bytes(sample).best()
    return best.encoding if best is not None else None


def _codec(label: str | None) -> str | None:
    """Python's codec name for a charset label (a superset's for those browsers widen)."""
    if not label:
        return None
    label = label.strip().strip("\"'").lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def _strict(data: bytes, codec: str) -> str | None:
    try:
        return data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None


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
