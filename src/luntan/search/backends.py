"""The one place that speaks each database's full-text dialect.

`FullTextMatch` (the `fulltext` lookup on SearchEntry.title / .words) keeps the entries that hold
every clause of a parsed query; `Relevance` scores them. The query strings are built from encoded
tokens only ("z" + hex), so nothing a reader typed reaches FTS5, tsquery or boolean-mode syntax.
"""

from django.db.models import FloatField, Func, Lookup

from .analysis import Clause, Query
from .models import TokensField


def _fts5(query: Query, column: str) -> str:
    def clause(c: Clause) -> str:
        required = " AND ".join(c.required)
        # "(word OR first pair)" holds whenever the pairs do, so it changes no result; it only
        # lets bm25 count the dictionary word.
        return f"{required} AND ({c.boost} OR {c.required[0]})" if c.boost else required

    return f"{column} : (" + " AND ".join(f"({clause(c)})" for c in query.clauses) + ")"


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

    def _parts(self, compiler, connection):
        lhs_sql, params = self.process_lhs(compiler, connection)
        return lhs_sql, params, self.lhs.alias, self.lhs.target.column

    def as_sqlite(self, compiler, connection):
        _lhs, params, alias, column = self._parts(compiler, connection)
        post_id = f"{connection.ops.quote_name(alias)}.{connection.ops.quote_name('post_id')}"
        sql = f"{post_id} IN (SELECT rowid FROM search_fts WHERE search_fts MATCH %s)"
        return sql, [*params, _fts5(self.rhs, column)]

    def as_postgresql(self, compiler, connection):
        _lhs, _params, alias, column = self._parts(compiler, connection)
        vector = f"{connection.ops.quote_name(alias)}.{connection.ops.quote_name(column + '_tsv')}"
        return f"{vector} @@ to_tsquery('simple'::regconfig, %s)", [_tsquery(self.rhs)]

    def as_mysql(self, compiler, connection):
        lhs, params, _alias, _column = self._parts(compiler, connection)
        return f"MATCH ({lhs}) AGAINST (%s IN BOOLEAN MODE)", [*params, _boolean_mode(self.rhs)]


TokensField.register_lookup(FullTextMatch)


class Relevance(Func):
    """How well an entry's `column` (title or words) matches the query: higher is better."""

    output_field = FloatField()

    def __init__(self, column: str, query: Query) -> None:
        super().__init__()
        self.column, self.query = column, query

    def as_sql(self, compiler, connection, **extra):
        raise NotImplementedError(connection.vendor)

    def _entry(self, compiler, connection, column: str) -> str:
        alias = compiler.query.get_initial_alias()
        return f"{connection.ops.quote_name(alias)}.{connection.ops.quote_name(column)}"

    def as_sqlite(self, compiler, connection, **extra):
        post_id = self._entry(compiler, connection, "post_id")
        # bm25() needs the MATCH of its own statement; FTS5 seeks the rowid within the match.
        weights = "10.0, 1.0"
        sql = (
            f"(SELECT -bm25(search_fts, {weights}) FROM search_fts "
            f"WHERE search_fts MATCH %s AND rowid = {post_id})"
        )
        return sql, [_fts5(self.query, self.column)]

    def as_postgresql(self, compiler, connection, **extra):
        vector = self._entry(compiler, connection, self.column + "_tsv")
        return f"ts_rank({vector}, to_tsquery('simple'::regconfig, %s))", [_tsquery(self.query)]

    def as_mysql(self, compiler, connection, **extra):
        column = self._entry(compiler, connection, self.column)
        return f"MATCH ({column}) AGAINST (%s IN BOOLEAN MODE)", [_boolean_mode(self.query)]
