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
