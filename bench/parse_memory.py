"""Benchmark: peak memory of parsing one large input file, each shape in a fresh process.

Writes one file of each shape just under ``--mb`` megabytes (default 18; the pickup refuses
files over ``max_file_bytes``, 20 MB): a .txt of ordinary paragraphs, a .txt that is one long
line, a .json list of many articles, a .json holding one huge body, a .jsonl of many lines,
an .html page of paragraphs, an .html of deeply nested elements, and a gzipped .txt. Each is
parsed by ``tasks.parse_file.parse_file`` in a child process that reports its own peak RSS
(the kernel's high-water mark ``VmHWM`` of the child, which includes the interpreter and the
imports: about 60 MB of it is there before the file is read; ``resource.getrusage`` would
report the same for a fresh process, but on Linux its ``ru_maxrss`` survives ``exec`` and so
starts at this script's own size).

    .venv/bin/python bench/parse_memory.py [--mb 18] [--only txt] [--code /path/to/checkout]

``--code`` runs the parsing of another checkout (e.g. ``main``) for a before/after figure.
"""

from __future__ import annotations

import argparse
import gzip
import json
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MB = 500
PARAGRAPH = (
    "The regional council approved the new budget on Monday after a long debate about road "
    "repairs, school buildings and the future of the two rural bus lines, said the mayor. "
)

_CHILD = """
import re, resource, sys, time
from pathlib import Path
sys.path.insert(0, sys.argv[2])
from tasks.parse_file import parse_file
started = time.perf_counter()
parsed = parse_file(Path(sys.argv[1]), source=None, max_bytes=20 * 1024 * 1024)
seconds = time.perf_counter() - started
try:
    status = Path("/proc/self/status").read_text()
    peak_mb = int(re.search(r"VmHWM:\\s+(\\d+) kB", status).group(1)) / 1024
except (OSError, AttributeError):
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
body = sum(len(a.body) for a in parsed.articles)
print(f"{peak_mb:.0f} {len(parsed.articles)} {len(parsed.rejects)} {body} {seconds:.1f}")
"""


def _paragraphs(size: int) -> str:
    count = size // (len(PARAGRAPH) * 3 + 2) + 1
    return "\n\n".join(PARAGRAPH * 3 for _ in range(count))[:size]


def _txt(path: Path, size: int) -> Path:
    path = path.with_suffix(".txt")
    path.write_text("A very long report\n\n" + _paragraphs(size - 40), "utf-8")
    return path


def _txt_one_line(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-line.txt")
    path.write_text("One line\n" + (PARAGRAPH * (size // len(PARAGRAPH)))[: size - 20], "utf-8")
    return path


def _json_list(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-list.json")
    one = {"title": "Budget", "body": PARAGRAPH * 8, "published": "2024-05-01T10:00:00Z"}
    count = size // (len(json.dumps(one)) + 2)
    items = [dict(one, title=f"Budget {n}", body=f"{n} {one['body']}") for n in range(count)]
    path.write_text(json.dumps(items), "utf-8")
    return path


def _json_one(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-one.json")
    path.write_text(json.dumps({"title": "Huge", "body": _paragraphs(size - 100)}), "utf-8")
    return path


def _jsonl(path: Path, size: int) -> Path:
    path = path.with_suffix(".jsonl")
    one = json.dumps({"title": "Budget", "body": PARAGRAPH * 8})
    path.write_text("\n".join(one for _ in range(size // (len(one) + 1))), "utf-8")
    return path


def _html(path: Path, size: int) -> Path:
    path = path.with_suffix(".html")
    paragraph = f"<p>{PARAGRAPH * 3}</p>\n"
    body = paragraph * ((size - 200) // len(paragraph))
    path.write_text(
        f"<html><head><title>Huge page</title></head><body><article>{body}</article></body></html>",
        "utf-8",
    )
    return path


def _html_nested(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-nested.html")
    depth = (size - 200) // 11
    path.write_text(
        "<html><body>" + "<div>" * depth + PARAGRAPH + "</div>" * depth + "</body></html>",
        "utf-8",
    )
    return path


def _txt_short_lines(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-short-lines.txt")
    path.write_text("Short lines\n" + "a b\n" * ((size - 20) // 4), "utf-8")
    return path


def _txt_blank_lines(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-blank-lines.txt")
    path.write_text("Word paragraphs\n" + "w\n\n" * ((size - 20) // 3), "utf-8")
    return path


def _txt_emoji(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-emoji.txt")
    line = "Weather report \U0001f600 with emoji and accents: café naïve.\n\n"
    path.write_text("Emoji\n" + line * (size // len(line.encode())), "utf-8")
    return path


def _txt_cp1252(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-cp1252.txt")
    line = "Grüße aus Köln: schöne Straße, café, naïve señor, œuvre — «quoted».\n\n"
    path.write_bytes(("Legacy\n" + line * (size // len(line))).encode("cp1252"))
    return path


def _json_tiny_objects(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-tiny.json")
    path.write_text("[" + ",".join(["{}"] * (size // 3)) + "]", "utf-8")
    return path


def _jsonl_tiny(path: Path, size: int) -> Path:
    path = path.with_name(path.name + "-tiny.jsonl")
    path.write_text("{}\n" * (size // 3), "utf-8")
    return path


def _txt_gz(path: Path, size: int) -> Path:
    path = path.with_suffix(".txt.gz")
    path.write_bytes(gzip.compress(("Gzipped\n\n" + _paragraphs(size - 20)).encode()))
    return path


SHAPES: dict[str, Callable[[Path, int], Path]] = {
    "txt": _txt,
    "txt-one-line": _txt_one_line,
    "json-list": _json_list,
    "json-one-body": _json_one,
    "jsonl": _jsonl,
    "html": _html,
    "html-nested": _html_nested,
    "txt-gz": _txt_gz,
    "txt-short-lines": _txt_short_lines,
    "txt-blank-lines": _txt_blank_lines,
    "txt-emoji": _txt_emoji,
    "txt-cp1252": _txt_cp1252,
    "json-tiny": _json_tiny_objects,
    "jsonl-tiny": _jsonl_tiny,
}


def measure(path: Path, code: Path) -> tuple[int, str]:
    done = subprocess.run(
        [sys.executable, "-c", _CHILD, str(path), str(code)],
        cwd=code,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        return -1, f"crashed: {done.stderr.strip().splitlines()[-1:]}"
    peak, articles, rejects, body, seconds = done.stdout.split()
    detail = f"{articles} articles, {rejects} rejects, body {int(body):,} chars, {seconds} s"
    return int(peak), detail


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--mb", type=float, default=18.0)
    parser.add_argument("--only", choices=sorted(SHAPES), action="append")
    parser.add_argument("--code", type=Path, default=ROOT, help="the checkout whose code parses")
    args = parser.parse_args()
    size = int(args.mb * 1024 * 1024)
    worst = 0
    with tempfile.TemporaryDirectory(prefix="parse-memory-") as folder:
        for name in args.only or SHAPES:
            path = SHAPES[name](Path(folder) / "big", size)
            peak, detail = measure(path, args.code.resolve())
            mb = path.stat().st_size / 1_048_576
            print(f"{name:14} {mb:5.1f} MB on disk: peak RSS {peak:5d} MB ({detail})", flush=True)
            worst = max(worst, peak) if peak >= 0 else 10**6
            path.unlink()
    print(f"parse_memory: {worst} MB peak RSS (target < {TARGET_MB} MB for any input ≤ 20 MB)")


if __name__ == "__main__":
    main()
