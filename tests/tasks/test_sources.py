"""The sources file: parsing, validation, selection, ad-hoc sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from tasks.sources import SourcesError, adhoc_source, load_sources, select_sources

REPO = Path(__file__).resolve().parents[2]


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text)
    return path


def test_the_shipped_sources_file_is_valid_and_disabled() -> None:
    sources = load_sources(REPO / "sources.toml")
    assert {s.kind for s in sources} >= {"feed", "news_sitemap", "site"}
    assert select_sources(sources, None) == []  # examples never fetch by themselves


def test_fields_defaults_and_domains(tmp_path: Path) -> None:
    path = write(tmp_path, '[sources.a]\nkind = "feed"\nurls = ["HTTPS://News.Example/rss?utm_source=x"]\n'
                 "min_delay = 3\nmax_articles = 5\nmood = 'extra key'\n")  # fmt: skip
    (source,) = load_sources(path)
    assert source.urls == ("https://news.example/rss",)
    assert source.min_delay == 3 and source.max_articles == 5 and source.concurrency == 2
    assert source.extra == {"mood": "extra key"}
    assert source.allows("https://news.example/x") and source.allows("https://www.news.example/y")
    assert not source.allows("https://evil.example/x")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('[sources.a]\nkind = "podcast"\nurls = ["https://a.example/"]\n', "kind must be"),
        ('[sources.a]\nkind = "feed"\n', "at least one URL"),
        ('[sources.a]\nkind = "feed"\nurls = ["ftp://a.example/"]\n', "not an http"),
        (
            '[sources.a]\nkind = "feed"\nurls = ["https://a.example/"]\nconcurrency = 0\n',
            "concurrency",
        ),
        ("[sources.a\n", "not valid TOML"),
    ],
)
def test_bad_sources_are_refused_with_a_reason(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(SourcesError, match=message):
        load_sources(write(tmp_path, text))


def test_selection_by_name_includes_disabled_and_refuses_unknown(tmp_path: Path) -> None:
    path = write(tmp_path, '[sources.a]\nkind = "urls"\nurls = ["https://a.example/1"]\n'
                 'enabled = false\n[sources.b]\nkind = "feed"\nurls = ["https://b.example/f"]\n')  # fmt: skip
    sources = load_sources(path)
    assert [s.name for s in select_sources(sources, None)] == ["b"]
    assert [s.name for s in select_sources(sources, ["a"])] == ["a"]
    with pytest.raises(SourcesError, match="unknown source"):
        select_sources(sources, ["c"])


def test_adhoc_source() -> None:
    source = adhoc_source("http://127.0.0.1:8080/feed.xml", allow_hosts=("127.0.0.1",))
    assert source.kind == "auto" and source.name == "adhoc:127.0.0.1"
    assert source.allow_hosts == ("127.0.0.1",)
