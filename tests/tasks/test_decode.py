from __future__ import annotations

import codecs

import pytest

from tasks.decode import decode_text
from tasks.errors import InputRejected

TEXT = "Café – “quoted” naïve résumé, señor.\n\nSecond paragraph about the Köln office."


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252", "utf-16", "utf-8-sig", "utf-16-be"])
def test_text_in_common_encodings_decodes_exactly(encoding: str) -> None:
    data = TEXT.encode(encoding)
    if encoding == "utf-16-be":
        data = codecs.BOM_UTF16_BE + data
    assert decode_text(data)[0] == TEXT


def test_latin1_decodes() -> None:
    text = "Grüße aus Köln, schöne Straße."
    assert decode_text(text.encode("latin-1"))[0] == text


def test_cyrillic_legacy_encoding_is_detected() -> None:
    text = "Правительство объявило о новых мерах поддержки семей с детьми в этом году."
    assert decode_text(text.encode("cp1251"))[0] == text


@pytest.mark.parametrize(
    "data",
    [b"\x89PNG\r\n\x1a\n" + bytes(100), b"%PDF-1.7\n...", bytes(range(256)) * 4],
)
def test_binary_content_is_rejected(data: bytes) -> None:
    with pytest.raises(InputRejected, match="binary file"):
        decode_text(data)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_wide_encodings_without_a_bom_are_decoded(encoding: str) -> None:
    assert decode_text(TEXT.encode(encoding)) == (TEXT, encoding, ())


def test_utf8_with_a_stray_byte_stays_utf8_with_a_warning() -> None:
    text = "Правительство объявило о новых мерах поддержки. " * 20
    data = text.encode()
    decoded = decode_text(data[:101] + b"\xe9" + data[101:])
    assert decoded.encoding == "utf-8" and decoded.text.count("\ufffd") == 1
    assert decoded.warnings == ("text: 1 invalid utf-8 byte sequence(s) replaced with U+FFFD",)


def test_a_stray_nul_is_not_binary_but_many_are() -> None:
    assert decode_text(b"Title\n\n" + b"text " * 100 + b"\x00 more").text.endswith("\x00 more")
    with pytest.raises(InputRejected, match="NUL"):
        decode_text(b"a\x00" * 10 + bytes(range(1, 9)) * 10)
