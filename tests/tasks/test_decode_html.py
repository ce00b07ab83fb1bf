import codecs

from tasks.decode import decode_html
from tasks.extract import extract_article

TEXT = "<p>Café crème “quoted” naïve</p>"


def test_a_bom_wins() -> None:
    assert decode_html(codecs.BOM_UTF8 + TEXT.encode())[0] == TEXT
    assert decode_html(codecs.BOM_UTF16_LE + TEXT.encode("utf-16-le"))[0] == TEXT


def test_the_http_charset_is_used() -> None:
    assert decode_html(TEXT.encode("cp1252"), "windows-1252")[0] == TEXT


def test_the_meta_charset_is_used_and_latin1_means_cp1252() -> None:
    page = '<meta charset="iso-8859-1">' + TEXT
    assert decode_html(page.encode("cp1252"))[0] == page


def test_utf8_without_a_declaration_is_recognised() -> None:
    assert decode_html(TEXT.encode())[0] == TEXT


def test_a_cp1252_page_declared_utf8_is_read_without_mojibake() -> None:
    page = '<meta charset="utf-8">' + TEXT
    text, warnings = decode_html(page.encode("cp1252"))
    assert text == page
    assert warnings


def test_binary_garbage_gives_an_empty_body_and_a_warning() -> None:
    garbage = bytes(range(256)) * 200
    article = extract_article(garbage, None)
    assert article.body == ""
    assert any("binary" in w for w in article.warnings)
