"""Hostile plain-text inputs: binary content, controls, line ends, scripts, shapes, sizes."""

from __future__ import annotations

import codecs
import random
from pathlib import Path

from tests.support.hostile_files import Builder, HostileCase, article_text, expect, rejected

ARABIC = (
    "وافق المجلس البلدي يوم الاثنين على الميزانية الجديدة بعد نقاش طويل حول إصلاح الطرق "
    "وبناء المدارس.\n\nوقال رئيس البلدية إن دعم خطوط الحافلات الريفية سيستمر، لكن السكان "
    "منقسمون حول هذه الخطة."
)


def case_png_named_txt(folder: Path) -> HostileCase:
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    return expect(
        "a PNG named .txt",
        folder / "picture.txt",
        rejects=rejected("binary file, not text", "decode"),
    )


def case_pdf_named_html(folder: Path) -> HostileCase:
    (folder / "page.html").write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 8)
    return expect(
        "a PDF named .html",
        folder / "page.html",
        rejects=rejected("binary file, not HTML", "decode"),
    )


def case_executable_named_json(folder: Path) -> HostileCase:
    (folder / "data.json").write_bytes(b"\x7fELF\x02\x01\x01" + bytes(2000))
    return expect(
        "an ELF binary named .json",
        folder / "data.json",
        rejects=rejected("binary file, not text", "decode"),
    )


def case_random_bytes(folder: Path) -> HostileCase:
    (folder / "noise.txt").write_bytes(random.Random(15).randbytes(8192))
    return expect(
        "8 KB of random bytes",
        folder / "noise.txt",
        rejects=rejected("binary file, not text", "decode"),
    )


def case_bom_only(folder: Path) -> HostileCase:
    (folder / "bom.txt").write_bytes(codecs.BOM_UTF8)
    return expect(
        "a UTF-8 BOM and nothing else", folder / "bom.txt", rejects=rejected("empty file", "parse")
    )


def case_whitespace_only(folder: Path) -> HostileCase:
    (folder / "blank.txt").write_text(" \t\n\u00a0\u200b\u3000\n\n \u2028 ", "utf-8")
    return expect(
        "spaces of every kind", folder / "blank.txt", rejects=rejected("empty file", "parse")
    )


def case_title_only(folder: Path) -> HostileCase:
    (folder / "title.txt").write_text("Only a title\n", "utf-8")
    return expect(
        "a title and nothing else",
        folder / "title.txt",
        rejects=rejected("no article text", "parse"),
    )


def case_title_and_trailer(folder: Path) -> HostileCase:
    (folder / "trailer.txt").write_text("A title\n\nRead more\n\nMore reads:", "utf-8")
    return expect(
        "a title and only boilerplate",
        folder / "trailer.txt",
        rejects=rejected("no article text", "parse"),
    )


def case_nul_in_middle(folder: Path) -> HostileCase:
    text = f"A NUL in the text\n\n{article_text('nul')}\x00 after the NUL.\n"
    (folder / "nul.txt").write_text(text, "utf-8")
    return expect(
        "one NUL byte in a text",
        folder / "nul.txt",
        articles=1,
        warnings=("body: 1 control character(s) removed",),
        body_contains=("went on. after the NUL.",),
    )


def case_terminal_escapes(folder: Path) -> HostileCase:
    text = f"\x1b[31mRed\x1b[0m title\n\n{article_text('ansi')} \x1b[1mbold\x1b[0m \x07done.\n"
    (folder / "ansi.txt").write_text(text, "utf-8")
    return expect(
        "ANSI colour codes and a bell",
        folder / "ansi.txt",
        articles=1,
        title="[31mRed[0m title",
        warnings=("title: 2 control character(s) removed", "body: 3 control character(s) removed"),
    )


def case_c1_controls(folder: Path) -> HostileCase:
    text = f"Quotes read as Latin-1\n\n{article_text('c1')} He said \x93yes\x94 \x97 twice.\n"
    (folder / "c1.txt").write_text(text, "utf-8")
    return expect(
        "Windows-1252 quotes stored as C1 controls",
        folder / "c1.txt",
        articles=1,
        warnings=("body: C1 control character(s) read as the Windows-1252",),
        body_contains=("He said “yes” — twice.",),
    )


def case_crlf_with_bom(folder: Path) -> HostileCase:
    text = f"Windows line ends\r\n\r\n{article_text('crlf one')}\r\nwrapped.\r\n\r\n{article_text('crlf two')}\r\n"
    (folder / "crlf.txt").write_bytes(codecs.BOM_UTF8 + text.encode())
    return expect(
        "CR LF line ends and a BOM",
        folder / "crlf.txt",
        articles=1,
        title="Windows line ends",
        body_contains=("went on. wrapped.\n\nThe ",),
    )


def case_mixed_line_endings(folder: Path) -> HostileCase:
    text = f"Mixed ends\r\r{article_text('mixed one')}\rwrapped.\n\n{article_text('mixed two')}\r\n\r\nLast.\n"
    (folder / "mixed.txt").write_text(text, "utf-8", newline="")
    return expect(
        "CR, LF and CR LF in one file",
        folder / "mixed.txt",
        articles=1,
        title="Mixed ends",
        body_contains=("went on. wrapped.\n\nThe ", "went on.\n\nLast."),
    )


def case_unicode_separators(folder: Path) -> HostileCase:
    text = f"Separators\u2028{article_text('sep one')}\u2029{article_text('sep two')}\u2028wrapped."
    (folder / "separators.txt").write_text(text, "utf-8")
    return expect(
        "U+2028 and U+2029 as line and paragraph breaks",
        folder / "separators.txt",
        articles=1,
        title="Separators",
        body_contains=("went on.\n\nThe ", "went on. wrapped."),
    )


def case_html_named_txt(folder: Path) -> HostileCase:
    paragraphs = "".join(f"<p>{article_text(f'html txt {i}')}</p>" for i in range(4))
    html = f"<!DOCTYPE html>\n<html><head><title>Saved as text</title></head><body><article><h1>Saved as text</h1>{paragraphs}</article></body></html>"
    (folder / "page.txt").write_text(html, "utf-8")
    return expect(
        "a saved web page named .txt",
        folder / "page.txt",
        articles=1,
        title="Saved as text",
        warnings=("file: a .txt file holding an HTML page; read as HTML",),
    )


def case_emoji_zwj(folder: Path) -> HostileCase:
    family, flag = "👨\u200d👩\u200d👧", "🏳️\u200d🌈"
    (folder / "emoji.txt").write_text(
        f"Emoji {family}\n\n{article_text('emoji')} {family} {flag}.\n", "utf-8"
    )
    return expect(
        "emoji joined by ZWJ",
        folder / "emoji.txt",
        articles=1,
        title=f"Emoji {family}",
        body_contains=(f"{family} {flag}.",),
    )


def case_combining_marks(folder: Path) -> HostileCase:
    decomposed = "Cafe\u0301 cre\u0300me bru\u0302le\u0301e Z\u0335\u0321a\u0336l\u0337g\u0338o"
    (folder / "combining.txt").write_text(
        f"Combining marks\n\n{article_text('marks')} {decomposed}.\n", "utf-8"
    )
    return expect(
        "combining marks, even stacked",
        folder / "combining.txt",
        articles=1,
        body_contains=(decomposed,),
    )


def case_rtl_with_bidi_marks(folder: Path) -> HostileCase:
    hebrew = "\u202bראש העיר אמר\u202c \u200fשהתקציב אושר\u200f"
    (folder / "rtl.txt").write_text(f"{ARABIC.split('.')[0]}\n\n{ARABIC}\n\n{hebrew}\n", "utf-8")
    return expect(
        "Arabic and Hebrew with bidi controls",
        folder / "rtl.txt",
        articles=1,
        body_contains=(hebrew,),
    )


def case_zero_width_before_title(folder: Path) -> HostileCase:
    (folder / "zw.txt").write_text(
        f"\u200b\ufeff\n\u00ad\n  Real title\n\n{article_text('zw')}\n", "utf-8"
    )
    return expect(
        "invisible lines before the title", folder / "zw.txt", articles=1, title="Real title"
    )


def case_long_line(folder: Path) -> HostileCase:
    line = " ".join(article_text(f"long {i}") for i in range(300))
    (folder / "long-line.txt").write_text(f"A 100k-character line\n\n{line}\n", "utf-8")
    return expect(
        "a title, then one line of 100,000+ characters",
        folder / "long-line.txt",
        articles=1,
        title="A 100k-character line",
    )


def case_first_line_too_long_for_a_title(folder: Path) -> HostileCase:
    line = " ".join(article_text(f"no title {i}") for i in range(300))
    (folder / "no-title.txt").write_text(f"{line}\n", "utf-8")
    return expect(
        "a single 100,000-character line: text, not a title",
        folder / "no-title.txt",
        articles=1,
        warnings=("title: the first line has",),
    )


def case_huge_text(folder: Path) -> HostileCase:
    paragraph = article_text("huge") + "\n\n"
    with (folder / "huge.txt").open("w", encoding="utf-8") as handle:
        handle.write("An 18 MB text\n\n")
        for _ in range(18 * 1024 * 1024 // len(paragraph)):
            handle.write(paragraph)
    return expect(
        "18 MB of text: cut to 1,000,000 characters",
        folder / "huge.txt",
        articles=1,
        title="An 18 MB text",
        warnings=("body: 18,",),
    )


TEXT_CASES: tuple[Builder, ...] = tuple(
    value for name, value in list(globals().items()) if name.startswith("case_")
)
