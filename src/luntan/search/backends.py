"""The one place that speaks each database's full-text dialect.

`FullTextMatch` (the `fulltext` lookup on SearchEntry.title / .words) keeps the entries that hold
every clause of a parsed query; `relevance` scores a bounded set of them. The query strings are
built from encoded tokens only ("z" + hex), so nothing a reader typed reaches FTS5, tsquery or
boolean-mode syntax.
"""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import connections, transaction
from django.db.models import Lookup

from .analysis import Clause, Query
from .models import TokensField


def _fts5(query: Query, column: str | None) -> str:
    def clause(c: Clause) -> str:
        required = " AND ".join(c.required)
        # "(word OR first pair)" holds whenever the pairs do, so it changes no result; it only
        # lets bm25 count the dictionary word.
        return f"{required} AND ({c.boost} OR {c.required[0]})" if c.boost else required

    expression = " AND ".join(f"({clause(c)})" for c in query.clauses)
    return f"{column} : ({expression})" if column else expression


def _tsquery(query: Query) -> str:
    def clause(c: Clause) -> str:
        required = " & ".join(c.required)
        return f"{required} & ({c.boost} | {c.required[0]})" if c.boost else required

    return " & ".join(f"({clause(c)})" for c in query.clauses)


def _boolean_mode(query: Query) -> str:
    # A term without an operator is optional in boolean mode: it only adds to the relevance.
    parts = [f"+{token}" for c in query.clauses for token in c.required]
    parts += [c.boost for c in query.clauses if c.boost]
    return " ".join(parts)


class FullTextMatch(Lookup):
    lookup_name = "fulltext"

    def get_prep_lookup(self):
        return self.rhs

    def process_rhs(self, compiler, connection):
        return "%s", []

    def _column(self, connection, column: str) -> str:
        quote = connection.ops.quote_name
        return f"{quote(self.lhs.alias)}.{quote(column)}"

    def as_sqlite(self, compiler, connection):
        post_id = self._column(connection, "post_id")
        sql = f"{post_id} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        return sql, [_fts5(self.rhs, self.lhs.target.column)]

    def as_postgresql(self, compiler, connection):
        vector = self._column(connection, self.lhs.target.column + "_tsv")
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [_tsquery(self.rhs)]

    def as_mysql(self, compiler, connection):
        column = self._column(connection, self.lhs.target.column)
        return f"MATCH ({column}) AGAINST (%s IN BOOLEAN MODE)", [_boolean_mode(self.rhs)]


TokensField.register_lookup(FullTextMatch)


@contextmanager
def planned_per_query(using: str) -> Iterator[None]:
    """A transaction in which PostgreSQL plans each search for its own words. Prepared statements
    (DATABASE_PREPARED_STATEMENTS) otherwise move to one generic plan after five runs, and the
    plan for a rare word (read every match) is the slow one for a common word (walk the newest
    entries): 600 ms instead of 30 on the benchmark."""
    with transaction.atomic(using=using):
        connection = connections[using]
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
        yield


# A match in the title counts this many times a match in the text.
TITLE_WEIGHT = 10


def relevance(query: Query, column: str, post_ids: list[int], using: str) -> dict[int, float]:
    """How well each of these entries matches: higher is better. Searching "words" (全文), a
    title holding the words counts TITLE_WEIGHT times more. One statement over the given entries
    only, whatever the number of matches elsewhere."""
    if not post_ids:
        return {}
    connection = connections[using]
    vendor = connection.vendor
    if vendor == "sqlite":
        # bm25() exists only inside a MATCH; FTS5 seeks to the rowid range of the entries.
        # Without a column filter both columns count (a title is in `words` too, so the same
        # posts match).
        match = _fts5(query, column) if column == "title" else _fts5(query, None)
        sql = (
            f"SELECT rowid, -bm25(search_fts, {TITLE_WEIGHT}.0, 1.0) FROM search_fts "
            "WHERE search_fts MATCH %s AND rowid BETWEEN %s AND %s"
        )
        params = [match, min(post_ids), max(post_ids)]
    elif vendor == "postgresql":
        score = (
            "ts_rank(title_tsv, q)"
            if column == "title"
            else (f"{TITLE_WEIGHT} * ts_rank(title_tsv, q) + ts_rank(words_tsv, q)")
        )
        # One statement shape whatever the number of ids, so it is prepared once.
        sql = (
            f"SELECT post_id, {score} FROM search_searchentry, "
            "to_tsquery('simple'::regconfig, %s) AS q WHERE post_id = ANY(%s)"
        )
        params = [_tsquery(query), list(post_ids)]
    else:
        marks = ", ".join(["%s"] * len(post_ids))
        boolean = _boolean_mode(query)
        score = "MATCH (title) AGAINST (%s IN BOOLEAN MODE)"
        params = [boolean]
        if column == "words":
            score = f"{TITLE_WEIGHT} * {score} + MATCH (words) AGAINST (%s IN BOOLEAN MODE)"
            params.append(boolean)
        sql = f"SELECT post_id, {score} FROM search_searchentry WHERE post_id IN ({marks})"
        params += post_ids
    wanted = set(post_ids)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {pk: float(score) for pk, score in cursor.fetchall() if pk in wanted}
