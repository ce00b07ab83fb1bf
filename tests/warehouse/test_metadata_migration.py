"""Migration 080 repairs a warehouse built by the previous schema: metadata out of ``extra``."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import pytest

from warehouse import migrate as module
from warehouse.migrate import migrate, migrations

_OLD_ROWS = {
    # extra stored as a JSON string, the way loads before 080 stored it
    "html": json.dumps(
        json.dumps(
            {
                "extraction_method": "article",
                "description": "A summary",
                "section": "World",
                "top_image": "https://example.com/a.jpg",
                "tags": ["x", "y"],
                "is_paywalled": True,
                "modified_at": "2024-03-05T10:00:00+00:00",
                "warnings": ["w"],
            }
        )
    ),
    "fetch": {
        "extraction": {"method": "jsonld", "warnings": []},
        "raw": {"warc": "2024-03-05/f.warc.gz", "offset": 120, "length": 9},
        "fetch": {"status": 200},
    },
    "warc": {"warc": {"archive": "/a/b.warc.gz", "offset": 7, "record_id": "r"}},
    "json": {"section": "", "unparsed_published": "soon"},
}


def _old_warehouse(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    previous = [m for m in migrations() if m.version < 80]
    with monkeypatch.context() as patch:
        patch.setattr(module, "migrations", lambda folder=None: previous)
        migrate(path)
    with duckdb.connect(str(path)) as connection:
        for key, extra in _OLD_ROWS.items():
            connection.execute(
                "INSERT INTO articles (article_id, body, authors, word_count, content_hash, "
                "first_seen_at, parser_version, extra) "
                "VALUES (?, 'text', [], 1, ?, now(), 'v', ?::JSON)",
                [key, key, extra if isinstance(extra, str) else json.dumps(extra)],
            )


def test_the_migration_moves_old_extra_keys_into_columns(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "w.duckdb"
    _old_warehouse(path, monkeypatch)
    assert migrate(path)[0] == "080_article_metadata.sql"
    with duckdb.connect(str(path), read_only=True) as connection:
        rows = {
            row[0]: row[1:]
            for row in connection.execute(
                "SELECT article_id, description, section, tags, image_url, "
                "CAST(modified_at AS VARCHAR), is_paywalled, extraction_method, raw_ref, "
                "json_type(extra), CAST(extra AS VARCHAR) FROM articles"
            ).fetchall()
        }
        warning = connection.execute(
            "SELECT extra->>'$.warnings[0]' FROM articles WHERE article_id = 'html'"
        ).fetchone()
    assert rows["html"][:7] == (
        "A summary", "World", ["x", "y"], "https://example.com/a.jpg",
        "2024-03-05 10:00:00+00", True, "article",
    )  # fmt: skip
    assert rows["html"][8:] == ("OBJECT", '{"warnings":["w"]}')
    assert warning == ("w",)
    assert rows["fetch"][6:8] == ("jsonld", "2024-03-05/f.warc.gz#120")
    assert json.loads(rows["fetch"][9]) == {
        "extraction": {"method": "jsonld", "warnings": []},
        "fetch": {"status": 200},
    }
    assert rows["warc"][7:] == ("/a/b.warc.gz#7", "OBJECT", "{}")
    # an empty value has no column to go to and stays in extra as it came
    assert rows["json"][1] is None
    assert json.loads(rows["json"][9]) == {"section": "", "unparsed_published": "soon"}
