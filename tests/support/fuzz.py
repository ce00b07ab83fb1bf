"""Hypothesis strategies for hostile documents: random bytes, byte-level mutations of a valid
document, and JSON of any shape; plus the checks every parsed value must pass."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta
from typing import Any

from hypothesis import strategies as st

from tasks.dates import FUTURE_TOLERANCE
from tasks.discover.clean import EARLIEST


@st.composite
def mutated(draw: st.DrawFn, seed: bytes) -> bytes:
    """``seed`` with a few random edits: bytes replaced, inserted, deleted, a slice repeated,
    or the document cut short."""
    data = bytearray(seed)
    for _ in range(draw(st.integers(1, 6))):
        where = draw(st.integers(0, len(data)))
        action = draw(st.sampled_from(["replace", "insert", "delete", "repeat", "truncate"]))
        chunk = draw(st.binary(min_size=1, max_size=16) | st.sampled_from(_NASTY))
        if action == "replace":
            data[where : where + len(chunk)] = chunk
        elif action == "insert":
            data[where:where] = chunk
        elif action == "delete":
            del data[where : where + draw(st.integers(1, 64))]
        elif action == "repeat":
            data[where:where] = data[where : where + 32] * draw(st.integers(2, 50))
        else:
            del data[where:]
    return bytes(data)


_NASTY = [
    b"\xed\xa0\x80",  # a UTF-8 encoded surrogate
    b"&#55296;",
    b"&#0;",
    b"\x00",
    b"\xff\xfe",
    b"<![CDATA[",
    b"]]>",
    b"<a><b><c>",
    b"0001-01-01T00:00:00+05:00",
    b"9999-12-31T23:59:59-05:00",
    b"javascript:alert(1)",
    b"http://[::1",
    b"http://exa mple.com/",
    b"//evil.example/x",
    b"\r\n\r\n",
    b'"',
    b"{",
    b"[",
    b"1e999",
    b"9" * 5000,
]

json_values: st.SearchStrategy[Any] = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(max_size=40)
    | st.sampled_from(
        [
            "0001-01-01T00:00:00+05:00",
            "9999-12-31T23:59:59-05:00",
            "javascript:x",
            "/rel",
            "http://a.example/p",
            "\ud800",
            "2024-05-01T10:00:00Z",
            "http://[::1",
        ]
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner),
    max_leaves=12,
)


def assert_clean(value: Any, path: str = "item") -> None:
    """Every string UTF-8 encodable, every datetime aware UTC within the plausible range."""
    if isinstance(value, str):
        value.encode("utf-8")
    elif isinstance(value, datetime):
        assert value.tzinfo is not None and value.utcoffset() == timedelta(0), path
        assert EARLIEST <= value <= datetime.now(UTC) + FUTURE_TOLERANCE, path
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        for field in dataclasses.fields(value):
            assert_clean(getattr(value, field.name), f"{path}.{field.name}")
    elif isinstance(value, dict):
        for key, inner in value.items():
            assert_clean(key, path)
            assert_clean(inner, f"{path}[{key!r}]")
    elif isinstance(value, list | tuple):
        for index, inner in enumerate(value):
            assert_clean(inner, f"{path}[{index}]")
