import json
from pathlib import Path

import typer
from typer.testing import CliRunner

from newsflow.cli import extract as extract_command

PAGE = """<html lang="en"><head><title>Bridge reopens | Gazette</title>
<meta property="og:site_name" content="Gazette">
<meta name="author" content="Ann Lee"></head>
<body><h1>Bridge reopens</h1><p>The bridge reopened on Monday after a year of repairs, the
council said, and traffic is expected to return to normal by the end of the week.</p></body></html>"""


def _app() -> typer.Typer:
    app = typer.Typer()
    extract_command.register(app)
    app.command("noop")(lambda: None)  # a second command keeps "extract" a named subcommand
    return app


def test_extract_prints_fields_and_body(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(_app(), ["extract", str(page)])
    assert result.exit_code == 0, result.output
    assert "title: Bridge reopens" in result.output
    assert "authors: Ann Lee" in result.output
    assert "The bridge reopened on Monday" in result.output


def test_extract_json_resolves_the_url(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(PAGE, encoding="utf-8")
    result = CliRunner().invoke(
        _app(), ["extract", str(page), "--json", "--url", "https://gazette.example/a"]
    )
    assert result.exit_code == 0, result.output
    fields = json.loads(result.output)
    assert fields["title"] == "Bridge reopens"
    assert fields["authors"] == ["Ann Lee"]
    assert fields["canonical_url"] == "https://gazette.example/a"
    assert fields["language"] == "en"
