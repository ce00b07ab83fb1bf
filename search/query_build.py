"""A parsed query (``search.query_syntax``) as a tantivy query.

A word is analysed as the index analyses text; a word the analyser splits (``covid-19``,
``U.S.``) becomes a phrase of its parts, and one it drops entirely (``—``) is left out. A word
without a field is looked for in the title (weighted ``TITLE_BOOST``) and in the body.
"""

from __future__ import annotations

import tantivy

from search.errors import QuerySyntaxError
from search.query_syntax import And, Node, Not, Term
from search.schema import KEYWORD_FIELDS, TEXT_FIELDS, keyword_analyzer, text_analyzer

TITLE_BOOST = 2.0
Occur = tantivy.Occur


class QueryBuilder:
    def __init__(self, schema: tantivy.Schema) -> None:
        self.schema = schema
        self._text = text_analyzer()
        self._keyword = keyword_analyzer()

    def build(self, tree: Node) -> tantivy.Query:
        query = self._node(tree)
        if query is None:
            raise QuerySyntaxError("the query has no words to look for (only punctuation)")
        return self._with_proximity(tree, query)

    def _with_proximity(self, tree: Node, query: tantivy.Query) -> tantivy.Query:
        """Plain words (no operator, field or quotes) also score as a title phrase: a headline
        with the words in the order typed ranks above one that merely has them all (the body is
        left out: a phrase there costs much more, and favours long texts)."""
        parts = tree.children if isinstance(tree, And) else (tree,)
        if not all(isinstance(p, Term) and p.field is None and not p.phrase for p in parts):
            return query
        tokens = self._text.analyze(" ".join(p.text for p in parts if isinstance(p, Term)))
        if len(tokens) < 2:
            return query
        title_phrase = self._field_query("title", tokens)
        return tantivy.Query.boolean_query([(Occur.Must, query), (Occur.Should, title_phrase)])

    def _node(self, node: Node) -> tantivy.Query | None:
        if isinstance(node, Term):
            return self._term(node)
        if isinstance(node, Not):
            child = self._node(node.child)
            if child is None:
                return None
            return tantivy.Query.boolean_query(
                [(Occur.Must, tantivy.Query.all_query()), (Occur.MustNot, child)]
            )
        if isinstance(node, And):
            return self._and(node)
        children = [q for q in map(self._node, node.children) if q is not None]
        if len(children) <= 1:
            return children[0] if children else None
        return tantivy.Query.boolean_query([(Occur.Should, q) for q in children])

    def _and(self, node: And) -> tantivy.Query | None:
        """Negated parts become MustNot clauses of the conjunction itself."""
        clauses: list[tuple[tantivy.Occur, tantivy.Query]] = []
        for child in node.children:
            negated = isinstance(child, Not)
            query = self._node(child.child if isinstance(child, Not) else child)
            if query is not None:
                clauses.append((Occur.MustNot if negated else Occur.Must, query))
        if not clauses:
            return None
        if not any(occur == Occur.Must for occur, _ in clauses):
            clauses.append((Occur.Must, tantivy.Query.all_query()))
        if len(clauses) == 1:
            return clauses[0][1]
        return tantivy.Query.boolean_query(clauses)

    def _term(self, term: Term) -> tantivy.Query | None:
        if term.field in KEYWORD_FIELDS:
            value = " ".join(self._keyword.analyze(" ".join(term.text.split())))
            return tantivy.Query.term_query(self.schema, term.field, value) if value else None
        tokens = self._text.analyze(term.text)
        if not tokens:
            return None
        fields = (term.field,) if term.field else TEXT_FIELDS
        queries = [self._field_query(field, tokens) for field in fields]
        if len(queries) == 1:
            return queries[0]
        return tantivy.Query.boolean_query([(Occur.Should, q) for q in queries])

    def _field_query(self, field: str, tokens: list[str]) -> tantivy.Query:
        if len(tokens) == 1:
            query = tantivy.Query.term_query(self.schema, field, tokens[0])
        else:
            query = tantivy.Query.phrase_query(
                self.schema, field, list[str | tuple[int, str]](tokens)
            )
        return tantivy.Query.boost_query(query, TITLE_BOOST) if field == "title" else query
