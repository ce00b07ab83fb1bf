"""Extraction rules (patterns, word lists, tag sets) live in tasks/extract/rules/, so they
cannot drift back into the logic modules."""

from __future__ import annotations

import ast
from pathlib import Path

EXTRACT = Path(__file__).resolve().parents[3] / "tasks" / "extract"
# Character classes and syntax, not extraction rules: they say what a character, a space or
# a language tag is, never what a page's part is.
ALLOWED = {
    ("extractor.py", "_BINARY"),  # control characters that mark a binary file
    ("extractor.py", "_LD_PARAGRAPH"),  # a blank line between paragraphs
    ("jsonld.py", "_CONTROL"),  # control characters JSON forbids
    ("language.py", "_CODE"),  # BCP 47 language tag syntax
    ("language.py", "_LETTER"),  # a letter in any script
    ("text.py", "_SPACE"),
    ("text.py", "_MOJIBAKE"),  # UTF-8 decoded as cp1252
    ("text.py", "_UPPER_LITERAL"),  # Caseless's own check of a pattern
    ("text.py", "_ESCAPE"),
    ("title.py", "_WORD"),  # a word, for counting
}


def _is_rule(value: ast.expr) -> bool:
    if isinstance(value, ast.Call):
        called = ast.unparse(value.func)
        if called in ("re.compile", "Caseless"):
            return True
        if called in ("frozenset", "set", "tuple", "list") and value.args:
            return _is_rule(value.args[0])
        return False
    if isinstance(value, ast.Tuple | ast.List | ast.Set):
        return bool(value.elts) and all(
            isinstance(e, ast.Constant) and isinstance(e.value, str) for e in value.elts
        )
    return False


def rules_outside_rules_package() -> list[str]:
    found = []
    for path in sorted(EXTRACT.glob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and len(node.targets) == 1:
                target, value = node.targets[0], node.value
            elif isinstance(node, ast.AnnAssign) and node.value is not None:
                target, value = node.target, node.value
            else:
                continue
            if not isinstance(target, ast.Name) or target.id == "__all__":
                continue
            if _is_rule(value) and (path.name, target.id) not in ALLOWED:
                found.append(f"{path.name}:{node.lineno} {target.id}")
    return found


def test_rules_live_in_the_rules_package() -> None:
    assert rules_outside_rules_package() == []


def test_the_scan_sees_a_rule() -> None:
    source = '_X = re.compile(r"a")\n_Y = frozenset(("a", "b"))\n_Z = ("a",)\n_N = 600\n'
    module = ast.parse(source)
    verdicts = [_is_rule(node.value) for node in module.body if isinstance(node, ast.Assign)]
    assert verdicts == [True, True, True, False]


def test_the_allowlist_names_only_what_exists() -> None:
    for name, constant in ALLOWED:
        assert f"{constant} = " in (EXTRACT / name).read_text(encoding="utf-8"), (name, constant)
