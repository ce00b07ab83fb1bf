"""Answer a query from the index and the texts beside it (``search.bodies``, for the
snippets): never the warehouse, so a load never blocks it.

Hits are ranked by BM25 (title words weigh ``TITLE_BOOST`` times body words) and collapsed to
one per near-copy cluster (or per story with ``by_story``): the best-scoring member stands for
its cluster, and the other members that match the same query and filters are its ``copies``.
Ties are broken by article id, so an index rebuilt from scratch ranks as the incremental one.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path

import tantivy
import zstandard

from search.bodies import read_bodies
from search.errors import SearchError
from search.query_build import QueryBuilder
from search.query_syntax import clean_text, parse_query
from search.schema import KIND_ARTICLE, cluster_key, keyword_analyzer, open_index

SNIPPET_CHARS = 200
MAX_COPIES_LISTED = 50
MAX_MEMBERS_READ = 2_000  # matching members of the shown clusters read to list their copies
_OPEN_ATTEMPTS = 3
BODIES_WAIT_SECONDS = 5.0  # a reader of the bodies' file waits only for its recovery


@dataclass(frozen=True)
class SearchRequest:
    query: str
    sources: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    language: str | None = None
    limit: int = 20
    by_story: bool = False


@dataclass(frozen=True)
class Copy:
    article_id: str
    source: str
    url: str
    published_at: datetime | None


@dataclass(frozen=True)
class Hit:
    article_id: str
    title: str
    url: str
    source: str
    published_at: datetime | None
    score: float
    snippet_text: str
    snippet_marks: tuple[tuple[int, int], ...]  # character ranges of matches in snippet_text
    copy_cluster_id: str
    story_id: str
    copies: tuple[Copy, ...] = ()
    copies_total: int = 0  # may exceed len(copies) (MAX_COPIES_LISTED)

    @property
    def snippet(self) -> str:
        """The snippet with each match between ``**``."""
        out, at = [], 0
        for start, end in self.snippet_marks:
            out += [self.snippet_text[at:start], "**", self.snippet_text[start:end], "**"]
            at = end
        out.append(self.snippet_text[at:])
        return "".join(out)


@dataclass
class SearchResult:
    hits: list[Hit] = field(default_factory=list)
    snippets_missing: str | None = None  # why the hits came without snippets


def open_searcher(directory: Path) -> tuple[tantivy.Index, tantivy.Searcher]:
    """The index's last commit. A commit that lands while it is opened can remove a file the
    old one named: open again then."""
    for attempt in range(_OPEN_ATTEMPTS):
        try:
            index = open_index(directory, create=False)
            return index, index.searcher()
        except ValueError as exc:
            if attempt == _OPEN_ATTEMPTS - 1:
                raise SearchError(f"cannot open the search index at {directory}: {exc}") from exc
    raise AssertionError("unreachable")


def filtered_query(
    index: tantivy.Index, request: SearchRequest
) -> tuple[tantivy.Query, tantivy.Query]:
    """(the text query alone, for snippets; the text query with the filters)."""
    text = QueryBuilder(index.schema).build(parse_query(request.query))
    schema = index.schema
    keyword = keyword_analyzer()
    clauses = [
        (tantivy.Occur.Must, text),
        (tantivy.Occur.Must, tantivy.Query.term_query(schema, "kind", KIND_ARTICLE)),
    ]
    if request.sources:
        values = [" ".join(keyword.analyze(clean_text(s))) for s in request.sources]
        clauses.append((tantivy.Occur.Must, tantivy.Query.term_set_query(schema, "source", values)))
    if request.language:
        value = " ".join(keyword.analyze(clean_text(request.language)))
        clauses.append((tantivy.Occur.Must, tantivy.Query.term_query(schema, "language", value)))
    if request.since or request.until:
        lower = datetime.combine(request.since, time(), UTC) if request.since else None
        upper = (
            datetime.combine(request.until + timedelta(days=1), time(), UTC)
            if request.until
            else None
        )
        span = tantivy.Query.range_query(
            schema, "event_at", tantivy.FieldType.Date, lower, upper, include_upper=False
        )
        clauses.append((tantivy.Occur.Must, span))
    return text, tantivy.Query.boolean_query(clauses)


def search(directory: Path, request: SearchRequest) -> SearchResult:
    index, searcher = open_searcher(directory)
    text, query = filtered_query(index, request)
    group_key = "story_key" if request.by_story else "copy_key"
    group_id = "story_id" if request.by_story else "copy_cluster_id"
    chosen = _top_groups(searcher, query, group_key, request.limit)
    if not chosen:
        return SearchResult([])
    generator = tantivy.SnippetGenerator.create(searcher, text, index.schema, "body")
    generator.set_max_num_chars(SNIPPET_CHARS)
    docs = [(score, searcher.doc(address)) for score, address in chosen.values()]
    members = _members(searcher, index, query, group_id, group_key, [doc for _, doc in docs])
    ids = [str(doc.get_first("article_id")) for _, doc in docs]
    bodies, missing = _bodies(directory, ids, [doc for _, doc in docs])
    hits = [
        _hit(
            score,
            doc,
            bodies.get(article_id, ""),
            generator,
            members.get(cluster_key(str(doc.get_first(group_id))), ([], 0)),
        )
        for (score, doc), article_id in zip(docs, ids, strict=True)
    ]
    hits.sort(key=lambda h: (-round(h.score, 4), h.article_id))
    return SearchResult(hits, missing)


def _bodies(
    directory: Path, ids: list[str], docs: list[tantivy.Document]
) -> tuple[dict[str, str], str | None]:
    """The hits' texts by article id, and why some are missing. An index written before the
    texts moved beside it (schema version 1, until the next update replaces it) still stores
    them in its documents."""
    error = None
    try:
        bodies = read_bodies(directory, ids, wait_seconds=BODIES_WAIT_SECONDS)
    except (sqlite3.Error, zstandard.ZstdError, UnicodeDecodeError) as exc:
        bodies, error = {}, f"the articles' texts beside the index cannot be read ({exc})"
    for article_id, doc in zip(ids, docs, strict=True):
        stored = doc.get_first("body")
        if article_id not in bodies and stored is not None:
            bodies[article_id] = str(stored)
    absent = sum(article_id not in bodies for article_id in ids)
    if not absent:
        return bodies, None
    return bodies, error or (
        f"the texts of {absent} hit(s) are not beside the index "
        "(`newsflow search --rebuild` writes them)"
    )


def _top_groups(
    searcher: tantivy.Searcher, query: tantivy.Query, group_key: str, limit: int
) -> dict[int, tuple[float, tantivy.DocAddress]]:
    """The best hit of each of the ``limit`` best groups: reads hits until there are enough
    groups or no more hits."""
    fetch = max(limit * 3, 30)
    while True:
        # No count of all matches: it would score every one, and the top hits need not.
        hits = searcher.search(query, fetch).hits
        addresses = [address for _, address in hits]
        keys = searcher.fast_field_values(group_key, addresses)
        tie_breaks = searcher.fast_field_values("article_key", addresses)
        # Best score first, then the article: ties cannot depend on the segment layout.
        ranked = sorted(
            zip(hits, keys, tie_breaks, strict=True),
            key=lambda x: (-round(x[0][0], 4), x[2] or 0),
        )
        best: dict[int, tuple[float, tantivy.DocAddress]] = {}
        for (score, address), key, _ in ranked:
            if key is not None and int(key) not in best:
                best[int(key)] = (score, address)
        if len(best) >= limit or len(hits) < fetch:
            return dict(list(best.items())[:limit])
        fetch *= 4


def _members(
    searcher: tantivy.Searcher,
    index: tantivy.Index,
    query: tantivy.Query,
    group_id: str,
    group_key: str,
    docs: list[tantivy.Document],
) -> dict[int, tuple[list[tantivy.Document], int]]:
    """By group key: the matching members of each chosen group (the first MAX_COPIES_LISTED + 1
    read) and how many there are (counted among the first MAX_MEMBERS_READ)."""
    ids = sorted({str(d.get_first(group_id)) for d in docs})
    in_groups = tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Must, query),
            (tantivy.Occur.Must, tantivy.Query.term_set_query(index.schema, group_id, ids)),
        ]
    )
    hits = searcher.search(in_groups, MAX_MEMBERS_READ).hits
    keys = searcher.fast_field_values(group_key, [address for _, address in hits])
    out: dict[int, tuple[list[tantivy.Document], int]] = {}
    for (_, address), key in zip(hits, keys, strict=True):
        listed, count = out.get(int(key or 0), ([], 0))
        if len(listed) <= MAX_COPIES_LISTED:  # the stored fields of the listed ones only
            listed.append(searcher.doc(address))
        out[int(key or 0)] = (listed, count + 1)
    return out


def _hit(
    score: float,
    doc: tantivy.Document,
    body: str,
    generator: tantivy.SnippetGenerator,
    group: tuple[list[tantivy.Document], int],
) -> Hit:
    article_id = str(doc.get_first("article_id"))
    members, count = group
    copies = sorted(
        (_copy(m) for m in members if str(m.get_first("article_id")) != article_id),
        key=lambda c: (c.published_at or datetime.max.replace(tzinfo=UTC), c.article_id),
    )[:MAX_COPIES_LISTED]
    snippet, marks = _snippet(body, generator)
    return Hit(
        article_id=article_id,
        title=str(doc.get_first("title") or ""),
        url=str(doc.get_first("url") or ""),
        source=str(doc.get_first("source") or ""),
        published_at=doc.get_first("published_at"),
        score=float(score),
        snippet_text=snippet,
        snippet_marks=marks,
        copy_cluster_id=str(doc.get_first("copy_cluster_id")),
        story_id=str(doc.get_first("story_id")),
        copies=tuple(copies),
        copies_total=max(count - 1, len(copies)),
    )


def _copy(doc: tantivy.Document) -> Copy:
    return Copy(
        article_id=str(doc.get_first("article_id")),
        source=str(doc.get_first("source") or ""),
        url=str(doc.get_first("url") or ""),
        published_at=doc.get_first("published_at"),
    )


def _snippet(
    body: str, generator: tantivy.SnippetGenerator
) -> tuple[str, tuple[tuple[int, int], ...]]:
    """The body's best passage with the matches' character ranges (tantivy gives bytes); the
    body's opening when only the title matched."""
    holder = tantivy.Document()  # the index keeps the body's words, not its text
    holder.add_text("body", body)
    snippet = generator.snippet_from_doc(holder)
    fragment = snippet.fragment()
    if not fragment:
        opening = " ".join(body[: SNIPPET_CHARS * 2].split())[:SNIPPET_CHARS]
        return (opening + ("…" if len(body) > len(opening) else "")), ()
    raw = fragment.encode()
    marks = []
    for match in snippet.highlighted():
        start = len(raw[: match.start].decode(errors="ignore"))
        end = len(raw[: match.end].decode(errors="ignore"))
        marks.append((start, end))
    span = snippet.fragment_range()
    prefix = "…" if span.start > 0 else ""
    suffix = "…" if span.end < len(body.encode()) else ""
    text = (prefix + fragment + suffix).replace("\n", " ")
    shift = len(prefix)
    return text, tuple((s + shift, e + shift) for s, e in marks)
