"""The one place that speaks each database's full-text dialect.

`FullTextMatch` (the `fulltext` lookup on SearchEntry.title / .words) keeps the entries that hold
every clause of a parsed query; `relevance` scores a bounded set of them. The query strings are
built from encoded tokens only ("z" + hex), so nothing a reader typed reaches FTS5, tsquery or
boolean-mode syntax.
"""

import itertools
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

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


class TokensScan(Lookup):
    """The same clauses as `fulltext`, matched by reading each entry's tokens (MariaDB, over a
    window of recent entries: see `innodb_window`). Tokens are space-separated, so a token is
    found only whole."""

    lookup_name = "tokens_scan"

    def get_prep_lookup(self):
        return self.rhs

    def process_rhs(self, compiler, connection):
        return "%s", []

    def as_sql(self, compiler, connection):
        quote = connection.ops.quote_name
        column = f"{quote(self.lhs.alias)}.{quote(self.lhs.target.column)}"
        tokens = _required_tokens(self.rhs)
        sql = " AND ".join([_holds(column)] * len(tokens))
        return f"({sql})", [_pattern(token) for token in tokens]


def _required_tokens(query: Query) -> list[str]:
    return list(dict.fromkeys(token for c in query.clauses for token in c.required))


def _holds(column: str) -> str:
    """SQL true when `column` holds the token of the `_pattern` parameter. Compared as bytes:
    three times faster than through the column's collation, and tokens are ASCII."""
    return f"CAST(CONCAT(' ', {column}, ' ') AS BINARY) LIKE %s"


def _pattern(token: str) -> str:
    return f"% {token} %"


TokensField.register_lookup(FullTextMatch)
TokensField.register_lookup(TokensScan)


# --- MariaDB: a bound on what InnoDB FULLTEXT reads -----------------------------------------------
# InnoDB reads every match of every word before anything else can happen (3 s for a word in
# 115,000 posts on the benchmark machine, about 28 µs a match), however the query is limited.
# So when a query's words are common, the newest entries are read instead, the way the
# relevance order only ever ranks the newest matches anyway.

# Entries sampled to estimate how common each word is, in this many slices of the index.
SAMPLE_ENTRIES = 1000
SAMPLE_SLICES = 10
# Matches InnoDB reads (summed over the query's words, as the sample estimates them) that are
# always fine (about 150 ms here), and the most it may read when that is still fewer than the
# entries a window would need (about 400 ms). Reading an entry of the window costs about what
# reading a match does.
FULLTEXT_BUDGET = 5000
FULLTEXT_MAX = 15000
# The most entries a window reads (about 250 ms): older ones are not searched, and the page
# says so.
MAX_WINDOW = 10000


@dataclass(frozen=True)
class Window:
    """Search only entries from `first_post_id` on, those from `likely_post_id` on first (where
    the sample says the matches wanted are); `partial`: older entries exist and were not
    searched (said on the page)."""

    first_post_id: int
    likely_post_id: int
    entries: int
    partial: bool

    def ranges(self) -> list[tuple[int, int]]:
        """Ranges of post ids [lower, upper), newest first, as `newest_first_ranges`."""
        bounds = dict.fromkeys([2**63 - 1, self.likely_post_id, self.first_post_id])
        return [(lower, upper) for upper, lower in itertools.pairwise(bounds)]


def innodb_window(query: Query, column: str, wanted: int, using: str) -> Window | None:
    """On MariaDB, where to look for `query`'s newest `wanted` matches: None for FULLTEXT over
    everything (its words are rare enough), else a window of the newest entries, as few as the
    sample suggests will hold `wanted` matches first, then more, MAX_WINDOW in all."""
    connection = connections[using]
    if connection.vendor != "mysql":
        return None
    tokens = _required_tokens(query)
    has = _holds(connection.ops.quote_name(column))
    patterns = [_pattern(token) for token in tokens]
    with connection.cursor() as cursor:
        cursor.execute("SELECT MIN(post_id), MAX(post_id) FROM search_searchentry")
        oldest, newest = (n or 0 for n in cursor.fetchone())
        cursor.execute(
            "SELECT table_rows FROM information_schema.tables "
            "WHERE table_schema = DATABASE() AND table_name = 'search_searchentry'"
        )
        # InnoDB's estimate: exact enough to size windows, and free (COUNT(*) reads the table).
        total = int(cursor.fetchone()[0] or 0)
        # Post ids are dense enough that "the newest n entries" is "ids from newest - n·spread".
        spread = (newest - oldest + 1) / max(total, 1)

        def newest_entries(n: int) -> int:
            return max(oldest, int(newest - (n - 1) * spread))

        if newest_entries(SAMPLE_ENTRIES) <= oldest:  # a small index: read it all, exactly
            return Window(first_post_id=0, likely_post_id=0, entries=total, partial=False)
        # Slices spread over the whole index, newest to oldest: the newest posts alone may
        # not use the words the older ones are full of (or the reverse).
        per_slice = SAMPLE_ENTRIES // SAMPLE_SLICES
        step = (newest - oldest) / SAMPLE_SLICES
        slices = [int(newest - n * step) for n in range(SAMPLE_SLICES)]
        ranges = [(max(oldest, end - int(per_slice * spread)), end) for end in slices]
        counts = ", ".join(f"SUM({has})" for _ in tokens)
        where = " OR ".join(["post_id BETWEEN %s AND %s"] * len(ranges))
        cursor.execute(
            f"SELECT COUNT(*), SUM({' AND '.join([has] * len(tokens))}), {counts} "
            f"FROM search_searchentry WHERE {where}",
            [*patterns, *patterns, *(bound for pair in ranges for bound in pair)],
        )
        sampled, together, *each = (int(n or 0) for n in cursor.fetchone())
    reads = sum(each) * max(total, sampled) / max(sampled, 1)
    # Enough entries for `wanted` matches at the sample's rate, with room to spare.
    needed = SAMPLE_ENTRIES if together >= wanted else wanted * 2 * sampled // max(together, 1)
    if reads <= FULLTEXT_BUDGET or reads <= min(needed, FULLTEXT_MAX):
        return None
    likely = newest_entries(min(max(needed, SAMPLE_ENTRIES), MAX_WINDOW))
    first = newest_entries(MAX_WINDOW)
    return Window(
        first_post_id=first,
        likely_post_id=likely,
        entries=min(MAX_WINDOW, total),
        partial=first > oldest,
    )


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


# Post ids searched first, then the next ones, then the rest (PostgreSQL).
NEWEST_FIRST_SPANS = (5_000, 50_000)


def newest_first_ranges(using: str) -> list[tuple[int, int]]:
    """Ranges of post ids [lower, upper), newest first, that together hold every entry. On
    PostgreSQL a search asks them in turn until it has its newest matches: the planner
    multiplies the words' frequencies as if independent (547 expected for 霍林郭勒 扎魯特旗,
    31,900 found on 122,000 posts), then reads every match to sort them (1.1 s) where walking
    the newest 5,000 ids finds enough. The other databases take one range: FTS5 and InnoDB
    read every match of the words whatever range is asked, so more ranges would cost more."""
    everything = [(0, 2**63 - 1)]
    connection = connections[using]
    if connection.vendor != "postgresql":
        return everything
    with connection.cursor() as cursor:
        cursor.execute("SELECT MAX(post_id) FROM search_searchentry")
        newest = cursor.fetchone()[0]
    if newest is None:
        return everything
    bounds = [newest + 1, *(max(0, newest + 1 - span) for span in NEWEST_FIRST_SPANS), 0]
    bounds = list(dict.fromkeys(bounds))
    return [(lower, upper) for upper, lower in itertools.pairwise(bounds)]


# A match in the title counts this many times a match in the text.
TITLE_WEIGHT = 10


def relevance(
    query: Query, column: str, post_ids: list[int], using: str, *, scanned: bool = False
) -> dict[int, float]:
    """How well each of these entries matches: higher is better. Searching "words" (全文), a
    title holding the words counts TITLE_WEIGHT times more. One statement over the given entries
    only, whatever the number of matches elsewhere. `scanned`: the entries were found by
    `tokens_scan` (MariaDB's window), and are scored without FULLTEXT too."""
    if not post_ids:
        return {}
    connection = connections[using]
    vendor = connection.vendor
    if scanned:
        sql, params = _scanned_score(query, column, post_ids)
    elif vendor == "sqlite":
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


def _scanned_score(query: Query, column: str, post_ids: list[int]) -> tuple[str, list]:
    """What FULLTEXT's score mostly says, read from the tokens: the dictionary words held
    (each counts), and for 全文 the title holding every word (TITLE_WEIGHT)."""
    terms, params = [], []
    for boost in (c.boost for c in query.clauses if c.boost):
        terms.append(f"({_holds(column)})")
        params.append(_pattern(boost))
    if column == "words":
        tokens = _required_tokens(query)
        terms.append(f"{TITLE_WEIGHT} * (" + " AND ".join([_holds("title")] * len(tokens)) + ")")
        params += [_pattern(token) for token in tokens]
    score = " + ".join(terms) or "0"
    marks = ", ".join(["%s"] * len(post_ids))
    sql = f"SELECT post_id, {score} FROM search_searchentry WHERE post_id IN ({marks})"
    return sql, [*params, *post_ids]
