"""Hostile encodings: UTF-16/32 with and without a BOM, legacy code pages, damaged UTF-8."""

from __future__ import annotations

import codecs
from pathlib import Path

from tests.support.hostile_files import Builder, HostileCase, article_text, expect
from tests.support.hostile_text import ARABIC

JAPANESE = (
    "東京都は月曜日、新しい予算案を発表した。道路の補修や学校の建て替えに多くの費用が充てられる。\n\n"
    "知事は記者会見で、地方のバス路線を守るための支援も続けると述べた。市民の間では賛否が分かれている。"
)


CHINESE = (
    "市议会星期一批准了新的预算方案，重点用于道路维修和学校建设。\n\n"
    "市长在新闻发布会上表示，农村公交线路的补贴将继续发放，居民对此反应不一。"
)


RUSSIAN = (
    "Городской совет в понедельник утвердил новый бюджет после долгих споров о ремонте дорог "
    "и строительстве школ.\n\nМэр заявил, что поддержка сельских автобусных маршрутов будет "
    "продолжена, однако жители разделились во мнениях."
)


FRENCH = (
    "Le conseil municipal a approuvé lundi le nouveau budget après un long débat sur la "
    "réfection des routes et la rénovation des écoles.\n\n« Nous maintiendrons les lignes de "
    "bus rurales », a déclaré la maire, sous les applaudissements d'une salle comble."
)


def _encoded(
    folder: Path, name: str, title: str, body: str, encoding: str, bom: bytes = b""
) -> Path:
    """The article in ``encoding``, ending with a line of its own (no two cases' bodies are
    the same, or a warehouse would keep only one of them)."""
    path = folder / name
    own = f"({folder.name}, {encoding})"
    path.write_bytes(bom + f"{title}\n\n{body}\n\n{own}\n".encode(encoding))
    return path


def _decoded_case(
    folder: Path, name: str, title: str, body: str, encoding: str, bom: bytes = b""
) -> HostileCase:
    path = _encoded(folder, name, title, body, encoding, bom)
    last_paragraph = body.split("\n\n")[-1]
    return expect(
        f"text in {encoding}{' with a BOM' if bom else ''}",
        path,
        articles=1,
        title=title,
        body_contains=(last_paragraph,),
    )


def case_utf16_le_bom(folder: Path) -> HostileCase:
    return _decoded_case(
        folder, "le-bom.txt", "Élection à Lyon", FRENCH, "utf-16-le", codecs.BOM_UTF16_LE
    )


def case_utf16_le_no_bom(folder: Path) -> HostileCase:
    return _decoded_case(folder, "le.txt", "Budget voté à Nantes", FRENCH, "utf-16-le")


def case_utf16_be_no_bom(folder: Path) -> HostileCase:
    return _decoded_case(folder, "be.txt", "Budget voté à Lille", FRENCH, "utf-16-be")


def case_utf32_le_no_bom(folder: Path) -> HostileCase:
    return _decoded_case(folder, "le32.txt", "Budget voté à Metz", FRENCH, "utf-32-le")


def case_utf32_be_bom(folder: Path) -> HostileCase:
    return _decoded_case(
        folder, "be32.txt", "Budget voté à Brest", FRENCH, "utf-32-be", codecs.BOM_UTF32_BE
    )


def case_utf16_cjk_no_bom(folder: Path) -> HostileCase:
    return _decoded_case(folder, "cjk16.txt", "市议会批准预算", CHINESE, "utf-16-le")


def case_utf16_odd_length(folder: Path) -> HostileCase:
    path = _encoded(
        folder, "odd.txt", "Budget voté à Caen", FRENCH, "utf-16-le", codecs.BOM_UTF16_LE
    )
    path.write_bytes(path.read_bytes() + b"\x41")
    return expect(
        "UTF-16 with a BOM and one stray last byte",
        path,
        articles=1,
        title="Budget voté à Caen",
        warnings=("text: 1 invalid utf-16-le byte sequence(s) replaced with U+FFFD",),
    )


def case_shift_jis(folder: Path) -> HostileCase:
    return _decoded_case(folder, "sjis.txt", "東京都が新予算案を発表", JAPANESE, "shift_jis")


def case_gb18030(folder: Path) -> HostileCase:
    return _decoded_case(folder, "gb.txt", "市议会批准新预算", CHINESE, "gb18030")


def case_koi8_r(folder: Path) -> HostileCase:
    return _decoded_case(folder, "koi8.txt", "Совет утвердил бюджет", RUSSIAN, "koi8-r")


def case_windows_1256(folder: Path) -> HostileCase:
    return _decoded_case(folder, "arabic.txt", "المجلس يوافق على الميزانية", ARABIC, "cp1256")


def case_windows_1252(folder: Path) -> HostileCase:
    return _decoded_case(folder, "french.txt", "Budget voté à Dijon", FRENCH, "cp1252")


def case_invalid_utf8_in_middle(folder: Path) -> HostileCase:
    data = f"Совет утвердил бюджет\n\n{RUSSIAN}\n".encode()
    middle = len(data) // 2
    while (data[middle] & 0xC0) == 0x80:
        middle -= 1
    (folder / "broken.txt").write_bytes(data[:middle] + b"\xff" + data[middle:])
    return expect(
        "UTF-8 Russian with one invalid byte in the middle",
        folder / "broken.txt",
        articles=1,
        title="Совет утвердил бюджет",
        warnings=("text: 1 invalid utf-8 byte sequence(s) replaced with U+FFFD",),
        body_contains=("\ufffd", "продолжена"),
    )


def case_encoded_surrogate_bytes(folder: Path) -> HostileCase:
    body = article_text("cesu").encode() + b" \xed\xa0\xbd\xed\xb8\x80 end."
    (folder / "cesu.txt").write_bytes(b"A surrogate encoded as UTF-8\n\n" + body)
    return expect(
        "a surrogate pair encoded as two 3-byte sequences (CESU-8)",
        folder / "cesu.txt",
        articles=1,
        warnings=("text: surrogates encoded one by one (CESU-8)",),
        body_contains=("went on. 😀 end.",),
    )


def case_encoded_lone_surrogate(folder: Path) -> HostileCase:
    body = article_text("lone cesu").encode() + b" \xed\xa0\xbd end."
    (folder / "lone.txt").write_bytes(b"A lone surrogate encoded as UTF-8\n\n" + body)
    return expect(
        "half a surrogate pair encoded in UTF-8",
        folder / "lone.txt",
        articles=1,
        warnings=("text: surrogates encoded one by one (CESU-8)",),
        body_contains=("went on. \ufffd end.",),
    )


ENCODING_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
