"""Builders for dropped files, good and bad, written by the tests themselves."""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

GOOD_BODY = (
    "The regional council approved the new budget on Monday after a long debate about "
    "road repairs, school buildings and the future of the two rural bus lines."
)


def write_text_article(
    path: Path, title: str, paragraphs: list[str], encoding: str = "utf-8"
) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    text = (
        f"{title}\n\n{title}\n\n"
        + "\n\n".join(f"{p}\u00a0 " for p in paragraphs)
        + "\n\nMore reads:"
    )
    path.write_bytes(text.encode(encoding))
    return path


def write_bad_inputs(folder: Path) -> dict[str, str]:
    """Every kind of bad input the pickup must reject; returns file name → expected reason."""
    folder.mkdir(parents=True, exist_ok=True)
    expected: dict[str, str] = {}

    (folder / "empty.txt").write_bytes(b"")
    expected["empty.txt"] = "empty file"
    (folder / "picture.txt").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    expected["picture.txt"] = "binary file, not text"
    with (folder / "huge.txt").open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.truncate(200 * 1024 * 1024)
    expected["huge.txt"] = "file too large"
    (folder / "truncated.html").write_text(
        "<html><head><title>Cut off</title></head><body><article><p>The council met on Mon"
    )
    expected["truncated.html"] = "truncated HTML"
    (folder / "no-text.html").write_text(
        "<html><head><title>Gallery</title></head><body><nav><a href='/'>Home</a></nav>"
        "<img src='a.jpg'></body></html>"
    )
    expected["no-text.html"] = "no article text"
    (folder / "syntax.json").write_text('{"title": "Broken", "body": "text",')
    expected["syntax.json"] = "invalid JSON"
    (folder / "types.json").write_text(json.dumps({"title": "Wrong body type", "body": 42}))
    expected["types.json"] = "wrong field type"
    (folder / "fake.txt.gz").write_bytes(b"this is not gzip at all")
    expected["fake.txt.gz"] = "not a gzip file"
    os.symlink("loop.txt", folder / "loop.txt")
    expected["loop.txt"] = "symbolic link loop"
    (folder / "notes.pdf").write_bytes(b"%PDF-1.4 not an article")
    expected["notes.pdf"] = "unsupported file type"
    return expected


def write_good_variants(folder: Path) -> dict[str, str]:
    """Awkward but valid files; returns file name → title expected in the warehouse."""
    folder.mkdir(parents=True, exist_ok=True)
    titles = {}
    for name, encoding in [
        ("windows.txt", "cp1252"),
        ("latin.txt", "latin-1"),
        ("utf16.txt", "utf-16"),
    ]:
        title = f"Café owners in {name.split('.')[0]} protest the new rents"
        write_text_article(
            folder / name, title, [f"Propriétaires et café. {GOOD_BODY} ({name})"], encoding
        )
        titles[name] = title
    spaced = "Ünïcode name with spaces.txt"
    write_text_article(folder / spaced, "A file with an awkward name", [GOOD_BODY + " spaced"])
    titles[spaced] = "A file with an awkward name"
    with gzip.open(folder / "packed.jsonl.gz", "wt", encoding="utf-8") as handle:
        handle.write(json.dumps({"title": "Packed line", "text": GOOD_BODY + " packed"}) + "\n")
    titles["packed.jsonl.gz"] = "Packed line"
    return titles
