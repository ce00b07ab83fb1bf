"""Which statements ``newsflow sql`` runs: those that only read, as DuckDB's own parser sees them.

This is the second of two locks. The first is the connection itself (``warehouse.query``):
read-only, external access off unless the user opts in, no extensions, configuration locked, so
DuckDB refuses a write whatever the text says. This check runs before anything executes, judges
each statement by the type DuckDB's parser gives it (so case, comments, CTEs and several
statements in one string change nothing), and names what was refused in words a person reads.
"""

from __future__ import annotations

import duckdb

from warehouse.errors import QueryError, QueryRefused

_Type = duckdb.StatementType
_EXPORT_HINT = "newsflow sql only reads: write files with `newsflow export`"
_WHY = {
    _Type.COPY: f"COPY reads or writes files; {_EXPORT_HINT}",
    _Type.COPY_DATABASE: f"COPY FROM DATABASE writes a database; {_EXPORT_HINT}",
    _Type.EXPORT: f"EXPORT DATABASE writes files; {_EXPORT_HINT}",
    _Type.ATTACH: "ATTACH opens another database file; newsflow sql reads only the warehouse",
    _Type.DETACH: "DETACH changes the attached databases; newsflow sql reads only the warehouse",
    _Type.LOAD: "INSTALL and LOAD of extensions are not allowed in newsflow sql",
    _Type.EXTENSION: "extension statements are not allowed in newsflow sql",
    _Type.SET: "SET, RESET and USE change the session; newsflow sql runs with locked settings",
    _Type.VARIABLE_SET: "SET VARIABLE changes the session; newsflow sql runs with locked settings",
    _Type.PREPARE: "PREPARE and EXECUTE are not needed in newsflow sql: run the query itself",
    _Type.EXECUTE: "PREPARE and EXECUTE are not needed in newsflow sql: run the query itself",
    _Type.TRANSACTION: "transactions are not needed in newsflow sql: it only reads",
}
# Statements that change the warehouse (or the session's catalog).
_CHANGES = (
    _Type.INSERT, _Type.UPDATE, _Type.DELETE, _Type.MERGE_INTO, _Type.CREATE, _Type.CREATE_FUNC,
    _Type.DROP, _Type.ALTER, _Type.VACUUM, _Type.ANALYZE,
)  # fmt: skip
# PRAGMA / CALL of these only report; every other one may change settings or write.
_READING_PRAGMAS = frozenset(
    {
        "table_info", "show", "show_tables", "show_tables_expanded", "show_databases",
        "database_size", "storage_info", "metadata_info", "version", "platform", "user_agent",
        "collations", "functions", "extension_versions", "database_list",
    }
)  # fmt: skip


def read_only_statements(sql: str) -> list[duckdb.Statement]:
    """The statements of ``sql``, each checked to only read; raise ``QueryRefused`` otherwise."""
    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(str(exc)) from exc
    if not statements:
        raise QueryRefused("no SQL statement given")
    for number, statement in enumerate(statements, start=1):
        reason = _refusal(statement)
        if reason is not None:
            where = f"statement {number} " if len(statements) > 1 else ""
            raise QueryRefused(f"refused {where}({_first_words(statement.query)}): {reason}")
    return statements


def _refusal(statement: duckdb.Statement) -> str | None:
    kind = statement.type
    if kind is _Type.SELECT:
        return None
    if kind is _Type.EXPLAIN:
        return _explained_refusal(statement.query)
    if kind in (_Type.PRAGMA, _Type.CALL):
        name = _called_name(statement.query)
        if name.removeprefix("pragma_") in _READING_PRAGMAS or name.startswith("duckdb_"):
            return None
        return f"{kind.name} {name or '?'} may change settings or write; newsflow sql only reads"
    if kind is _Type.MULTI:  # PIVOT without an IN list is parsed as several statements
        if _keywords(statement.query)[:1] == ["pivot"]:
            return None
        return "this statement runs several others; newsflow sql only reads"
    if kind in _WHY:
        return _WHY[kind]
    if kind in _CHANGES:
        return f"{kind.name.replace('_', ' ')} changes the warehouse; newsflow sql only reads"
    return f"{kind.name} statements are not allowed; newsflow sql only reads"


def _explained_refusal(query: str) -> str | None:
    """EXPLAIN ANALYZE runs the statement it explains, so that statement is judged too."""
    tokens = _tokens(query)
    index = 1  # tokens[0] is EXPLAIN
    while index < len(tokens):
        text = tokens[index][1].lower()
        if text in ("analyze", "analyse", "verbose"):
            index += 1
        elif text == "(":
            depth = 0
            while index < len(tokens):
                depth += {"(": 1, ")": -1}.get(tokens[index][1], 0)
                index += 1
                if depth == 0:
                    break
        else:
            break
    if index >= len(tokens):
        return "EXPLAIN of nothing"
    inner = duckdb.extract_statements(query[tokens[index][0] :])
    if len(inner) != 1:
        return "EXPLAIN must explain one statement"
    reason = _refusal(inner[0])
    return None if reason is None else f"it explains a statement that is refused: {reason}"


def _tokens(query: str) -> list[tuple[int, str]]:
    """(offset, text) of each token that is not a comment."""
    found = duckdb.tokenize(query)
    ends = [position for position, _ in found[1:]] + [len(query)]
    return [
        (position, query[position:end].strip())
        for (position, kind), end in zip(found, ends, strict=True)
        if kind != duckdb.token_type.comment
    ]


def _keywords(query: str) -> list[str]:
    return [text.lower() for _, text in _tokens(query)]


def _called_name(query: str) -> str:
    words = _keywords(query)
    name = words[1] if len(words) > 1 else ""
    return name.split("(")[0].split(".")[-1].strip('"')


def _first_words(query: str) -> str:
    words = " ".join(text for _, text in _tokens(query)[:4])
    return words if len(words) <= 60 else words[:59] + "…"
