"""Turn page bytes into text without mojibake: BOM, HTTP charset, <meta charset>, detection."""

from __future__ import annotations

import codecs
import re

from charset_normalizer import from_bytes

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
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
_DETECT_LIMIT = 200_000  # detection on a prefix keeps huge pages fast


def _codec(label: str | None) -> str | None:
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


def decode_html(data: bytes | str, http_charset: str | None = None) -> tuple[str, list[str]]:
    """Return the page text and warnings about how it was decoded."""
    if isinstance(data, str):
        return data, []
    warnings: list[str] = []
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, errors="replace"), warnings
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
    best = from_bytes(data[:_DETECT_LIMIT]).best()
    detected = (_codec(best.encoding) if best is not None else None) or "cp1252"
    warnings.append(f"charset detected as {detected}")
    return data.decode(detected, errors="replace"), warnings
