"""The query language of ``newsflow search``, read into a small tree (no index needed).

    ferry strike               both words (AND is the default)
    "ferry strike"             the words next to each other, in this order
    ferry OR boat              either; OR binds looser than AND: a b OR c = (a b) OR c
    ferry NOT strike, -strike  without the word
    (ferry OR boat) strike     grouping
    title:ferry, title:"…", source:reuters, language:de, body:(a OR b)

Operators are upper case (``and``/``or``/``not`` are plain words). ``name:`` is a field only
when a word, a quote or a parenthesis follows at once: ``Hamburg: talks`` is two words, and
``https://…`` is a word. Every mistake is a :class:`QuerySyntaxError` with a one-line message.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from search.errors import QuerySyntaxError
from search.schema import QUERY_FIELDS

MAX_QUERY_CHARS = 2_000
MAX_QUERY_TERMS = 100
_FIELD = re.compile(r"([A-Za-z_]+):(?=[^\s)])")
_OPERATORS = ("AND", "OR", "NOT")
_UNSAFE = re.compile("[\ud800-\udfff\x00]")


@dataclass(frozen=True)
class Term:
    text: str
    field: str | None = None  # None: title or body
    phrase: bool = False


@dataclass(frozen=True)
class Not:
    child: Node


@dataclass(frozen=True)
class And:
    children: tuple[Node, ...]


@dataclass(frozen=True)
class Or:
    children: tuple[Node, ...]


Node = Term | Not | And | Or


@dataclass(frozen=True)
class _Token:
    kind: str  # word, phrase, op, open, close, minus
    text: str = ""
    field: str | None = None


def parse_query(text: str) -> Node:
    """Read ``text`` into a tree; raise :class:`QuerySyntaxError` on any mistake."""
    text = clean_text(text)
    if len(text) > MAX_QUERY_CHARS:
        raise QuerySyntaxError(
            f"query too long: {len(text):,} characters (at most {MAX_QUERY_CHARS:,})"
        )
    if not text.strip():
        raise QuerySyntaxError("empty query: give at least one word to look for")
    tokens = _tokens(text)
    terms = sum(t.kind in ("word", "phrase") for t in tokens)
    if terms > MAX_QUERY_TERMS:
        raise QuerySyntaxError(f"query too long: {terms} terms (at most {MAX_QUERY_TERMS})")
    parser = _Parser(tokens)
    tree = parser.parse()
    if not _has_positive(tree):
        raise QuerySyntaxError("nothing to look for: every term of the query is negated")
    return tree


def clean_text(text: str) -> str:
    """Unpaired surrogates (from undecodable command-line bytes) and NULs become U+FFFD."""
    return _UNSAFE.sub("\ufffd", text)


def _tokens(text: str) -> list[_Token]:
    tokens: list[_Token] = []
    at, end = 0, len(text)
    field: str | None = None
    while at < end:
        char = text[at]
        if char.isspace():
            at += 1
            continue
        if field is None and (match := _FIELD.match(text, at)) and text[match.end()] != "/":
            field = match.group(1)
            if field.lower() not in QUERY_FIELDS:
                known = ", ".join(f"{f}:" for f in QUERY_FIELDS)
                raise QuerySyntaxError(f"unknown field {field}: (known fields: {known})")
            field = field.lower()
            at = match.end()
            continue
        if char == '"':
            close = text.find('"', at + 1)
            if close < 0:
                raise QuerySyntaxError(
                    f'unbalanced quote: the " at character {at + 1} is never closed'
                )
            tokens.append(_Token("phrase", text[at + 1 : close], field))
            at, field = close + 1, None
        elif char in "()":
            tokens.append(_Token("open" if char == "(" else "close", field=field))
            at, field = at + 1, None
        elif char == "-" and field is None and at + 1 < end and not text[at + 1].isspace():
            tokens.append(_Token("minus"))  # inside a word ("covid-19") it stays in the word
            at += 1
        else:
            at, field = _word(text, at, tokens, field), None
    return tokens


def _word(text: str, at: int, tokens: list[_Token], field: str | None) -> int:
    stop = at
    while stop < len(text) and not text[stop].isspace() and text[stop] not in '"()':
        stop += 1
    word = text[at:stop]
    if field is None and word in _OPERATORS:
        tokens.append(_Token("op", word))
    else:
        tokens.append(_Token("word", word, field))
    return stop


class _Parser:
    """or := and (OR and)* ; and := unary ([AND] unary)* ; unary := (NOT|-) unary | primary."""

    def __init__(self, tokens: list[_Token]) -> None:
        self.tokens = tokens
        self.at = 0
        self.depth = 0

    def parse(self) -> Node:
        tree = self._or(None)
        if self.at < len(self.tokens):
            token = self.tokens[self.at]
            if token.kind == "close":
                raise QuerySyntaxError("unbalanced parentheses: a ) has no matching (")
            raise QuerySyntaxError(f"unexpected {self._describe(token)}")
        return tree

    def _peek(self) -> _Token | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def _or(self, field: str | None) -> Node:
        children = [self._and(field)]
        while (token := self._peek()) is not None and token.kind == "op" and token.text == "OR":
            self.at += 1
            children.append(self._and(field))
        return children[0] if len(children) == 1 else Or(tuple(children))

    def _and(self, field: str | None) -> Node:
        children = [self._unary(field)]
        while (token := self._peek()) is not None and token.kind != "close":
            if token.kind == "op" and token.text == "OR":
                break
            if token.kind == "op" and token.text == "AND":
                self.at += 1
            children.append(self._unary(field))
        return children[0] if len(children) == 1 else And(tuple(children))

    def _unary(self, field: str | None) -> Node:
        token = self._peek()
        if token is None:
            raise QuerySyntaxError("the query ends where a word was expected")
        if token.kind == "minus" or (token.kind == "op" and token.text == "NOT"):
            self.at += 1
            return Not(self._unary(field))
        if token.kind == "op":
            raise QuerySyntaxError(f"{token.text} must stand between two words or groups")
        return self._primary(field)

    def _primary(self, field: str | None) -> Node:
        token = self.tokens[self.at]
        self.at += 1
        if token.kind == "open":
            self.depth += 1
            if self.depth > 20:
                raise QuerySyntaxError("parentheses nested too deep (at most 20)")
            inner = self._or(token.field or field)
            closing = self._peek()
            if closing is None or closing.kind != "close":
                raise QuerySyntaxError("unbalanced parentheses: a ( is never closed")
            self.at += 1
            self.depth -= 1
            return inner
        if token.kind == "close":
            raise QuerySyntaxError("unbalanced parentheses: a ) has no matching (")
        return Term(token.text, token.field or field, phrase=token.kind == "phrase")

    @staticmethod
    def _describe(token: _Token) -> str:
        return token.text or token.kind


def _has_positive(node: Node) -> bool:
    if isinstance(node, Term):
        return True
    if isinstance(node, Not):
        return False
    if isinstance(node, And):
        return any(_has_positive(c) for c in node.children)
    return all(_has_positive(c) for c in node.children)
