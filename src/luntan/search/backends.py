"""The one place that speaks each database's full-text dialect.

`newest_matches` finds the newest entries whose title or words hold every clause of a parsed
query, through each database's full-text index; `Relevance` scores them, the same way on every
database. The query strings are built from encoded tokens only ("z" + base-36), so nothing a
reader typed reaches FTS5, tsquery or boolean-mode syntax.
"""

import itertools
import json
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from django.db import connections, transaction
from django.db.models import BooleanField, Expression, IntegerField, Lookup, Q
from django.db.models.expressions import RawSQL

from .analysis import Query
from .models import TokensField

# Only the clauses' required tokens are matched: a clause's dictionary word changes no result,
# it only counts in `Relevance`.


def _fts5(query: Query) -> str:
    return " AND ".join(_required_tokens(query))


def _tsquery(query: Query) -> str:
    return " & ".join(_required_tokens(query))


def _boolean_mode(query: Query) -> str:
    return " ".join(f"+{token}" for token in _required_tokens(query))


class TokensScan(Lookup):
    """A query's clauses matched by reading each entry's tokens (MariaDB, over a
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


def _holds(column: str, vendor: str = "mysql") -> str:
    """SQL true when `column` holds the token of the `_pattern` parameter. On MariaDB compared
    as bytes: three times faster than through the column's collation, and tokens are ASCII."""
    if vendor == "mysql":
        return f"CAST(CONCAT(' ', {column}, ' ') AS BINARY) LIKE %s"
    return f"(' ' || {column} || ' ') LIKE %s"


def _pattern(token: str) -> str:
    return f"% {token} %"


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
        """Ranges of post ids [lower, upper), newest first."""
        bounds = dict.fromkeys([_EVERY_ID, self.likely_post_id, self.first_post_id])
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
    """On PostgreSQL, a transaction in which each search is planned for its own words. Prepared
    statements (DATABASE_PREPARED_STATEMENTS) otherwise move to one generic plan after five
    runs, and the plan for a rare word (read every match) is the slow one for a common word
    (walk the newest entries): 600 ms instead of 30 on the benchmark. Elsewhere nothing: on
    SQLite a transaction is a write lock (BEGIN IMMEDIATE), and searches waiting for each
    other's took 0.7 s at the 99th percentile."""
    connection = connections[using]
    if connection.vendor != "postgresql":
        yield
        return
    with transaction.atomic(using=using):
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL plan_cache_mode = force_custom_plan")
            # Starting parallel workers costs more (9 ms) than any search's scan, and the other
            # cores are busy with other readers.
            cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield


# Above every post id.
_EVERY_ID = 2**63 - 1

# PostgreSQL: the newest entries walked before anything is known of a query's words, and what
# walking an entry costs against reading one match through the full-text index (an entry of
# `words` has its vector stored out of line: about 7 µs to read, against 3 µs a match; a
# title is read in place, about 0.6 µs).
FIRST_WALK = {"words": 1_000, "title": 5_000}
WALK_COST = {"words": 2.0, "title": 0.2}
# Candidates asked for at once, and in all: past that many matches of the words (when the
# reader's board, type or time keep too few of them) the search stops and says so.
MAX_BATCH = 20_000
MAX_CANDIDATES = 100_000


@dataclass
class Newest:
    """A search's newest matches; `looked_at`: how many of the newest entries holding the words
    were looked at when older ones were not (MAX_CANDIDATES reached)."""

    matches: list
    looked_at: int | None = None


def newest_matches(
    query: Query,
    column: str,
    wanted: int,
    using: str,
    readable: Callable[[list[int]], list],
) -> Newest:
    """The newest `wanted` matches of `query` in `column` that the reader may read: the
    index's matches newest first (by post id), in batches, through `readable` (which keeps
    those of the given ids the reader may read, newest first), until there are enough. A batch
    is what is still wanted, then four times more each time (a board filter may keep few), up
    to MAX_BATCH."""
    newest = Newest([])
    upper, batch, asked = _EVERY_ID, wanted, 0
    while len(newest.matches) < wanted:
        if asked >= MAX_CANDIDATES:
            newest.looked_at = asked
            break
        ids = _newest_ids(query, column, upper, batch, connections[using])
        asked += len(ids)
        if ids:
            newest.matches += readable(ids)[: wanted - len(newest.matches)]
        if len(ids) < batch:
            break
        upper, batch = ids[-1], min(batch * 4, MAX_BATCH)
    return newest


def among(post_ids: list[int], using: str) -> Q | RawSQL:
    """A filter on entries: their post is one of these. On PostgreSQL one array parameter, so the
    statement stays the same whatever the number (a list of 500 placeholders is parsed anew
    each time, 2 ms of the client's time)."""
    if connections[using].vendor != "postgresql":
        return Q(post_id__in=post_ids)
    return RawSQL(
        '"search_searchentry"."post_id" = ANY(%s)', (post_ids,), output_field=BooleanField()
    )


def _newest_ids(query: Query, column: str, upper: int, count: int, connection) -> list[int]:
    """The post ids of the newest `count` entries below `upper` whose `column` matches.

    SQLite: FTS5 walks a word's list newest first (3 ms for a character in 94% of 122,000
    posts; asking for every match and sorting took 20 ms). MariaDB: InnoDB reads every match
    of the words whatever is asked (see `innodb_window` for when that is too many).
    PostgreSQL: see `_newest_ids_postgresql`."""
    if connection.vendor == "postgresql":
        return _newest_ids_postgresql(query, column, upper, count, connection)
    if connection.vendor == "sqlite":
        # Titles have an FTS5 table of their own (migration 0005).
        table = "search_titles" if column == "title" else "search_fts"
        sql = (
            f"SELECT rowid FROM {table} WHERE {table} MATCH %s AND rowid < %s "
            "ORDER BY rowid DESC LIMIT %s"
        )
        params = [_fts5(query) if column == "title" else f"words : ({_fts5(query)})"]
        params += [upper, count]
    else:
        sql = (
            f"SELECT post_id FROM search_searchentry WHERE MATCH ({column}) "
            "AGAINST (%s IN BOOLEAN MODE) AND post_id < %s ORDER BY post_id DESC LIMIT %s"
        )
        params = [_boolean_mode(query), upper, count]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return [row[0] for row in cursor.fetchall()]


def _newest_ids_postgresql(
    query: Query, column: str, upper: int, count: int, connection
) -> list[int]:
    """PostgreSQL's planner gets these wrong both ways. It multiplies the frequencies of a
    query's pairs as if independent (it expected 1 title holding 霍林郭勒 where 23,000 do) and
    then reads every match before sorting them (85 ms) where walking the newest entries finds
    enough at once; and it takes reading a walked entry's vector as free, so that for a word
    no post holds it walked all 900,000 (7 s). So the plan is chosen here: the newest
    FIRST_WALK entries are walked; their matches say how dense the words are (when they held
    none, the GIN index counts the matches: read through a bitmap, common words the newest
    posts happen not to use took 3–5 s), and so whether walking on, at least as far again each
    time, costs less (WALK_COST) than reading every older match through the full-text index (a
    bitmap scan), which is then done."""
    if upper == _EVERY_ID:
        with connection.cursor() as cursor:
            cursor.execute("SELECT MAX(post_id) FROM search_searchentry")
            upper = (cursor.fetchone()[0] or 0) + 1
    first = _entries_back(column, upper, FIRST_WALK[column], connection)
    ids = _postgresql_ids(query, column, first, upper, count, connection, walk=True)
    walked, matches = FIRST_WALK[column], None
    while len(ids) < count and first > 0:
        # Entries older than the walk: ids are dense; titles as dense as in the walk.
        older = first if column != "title" else first * walked / (upper - first)
        density = len(ids) / walked
        if not density:
            if matches is None:
                matches = _match_count(query, column, connection)
            density = matches / (older + walked)
        # At least as far again as walked so far: a run of recent posts without the words
        # is crossed in a few steps.
        to_walk = max(int((count - len(ids)) / density * 1.5), walked) if density else 0
        if not density or to_walk * WALK_COST[column] > density * older:
            break
        start = _entries_back(column, first, to_walk, connection)
        ids += _postgresql_ids(query, column, start, first, count - len(ids), connection, walk=True)
        walked, first = walked + to_walk, start
    if len(ids) < count and first > 0:
        ids += _postgresql_ids(query, column, 0, first, count - len(ids), connection, walk=False)
    return ids


def _postgresql_ids(
    query: Query, column: str, lower: int, upper: int, count: int, connection, *, walk: bool
) -> list[int]:
    """Matches in [lower, upper), newest first: walking the ids (titles: the index of titled
    entries, migration 0004) or through the full-text index, by the planner's switches."""
    titled = " AND title <> ''" if walk and column == "title" else ""
    with _planner_without(connection, "bitmapscan" if walk else "indexscan") as cursor:
        cursor.execute(
            f"SELECT post_id FROM search_searchentry WHERE {column}_tsv @@ "
            f"to_tsquery('simple'::regconfig, %s) AND post_id >= %s AND post_id < %s{titled} "
            "ORDER BY post_id DESC LIMIT %s",
            [_tsquery(query), lower, upper, count],
        )
        return [row[0] for row in cursor.fetchall()]


def _match_count(query: Query, column: str, connection) -> int:
    """How many entries the GIN index holds for `query`: what its bitmap scan found, read from
    the plan of a query that then stops at the first row (15 ms for a rare word, about 100
    for two words in 300,000 posts; counting the rows read every one of them: 3 s). Inside
    `planned_per_query`'s transaction; 0 if the planner did not use the GIN index (the search
    then reads through the bitmap, as for a rare word)."""
    with _planner_without(connection, "indexscan", "seqscan") as cursor:
        cursor.execute(
            f"EXPLAIN (ANALYZE, FORMAT JSON) SELECT 1 FROM search_searchentry "
            f"WHERE {column}_tsv @@ to_tsquery('simple'::regconfig, %s) LIMIT 1",
            [_tsquery(query)],
        )
        plan = cursor.fetchone()[0]
    if isinstance(plan, str):
        plan = json.loads(plan)
    nodes = [plan[0]["Plan"]]
    while nodes:
        node = nodes.pop()
        if node.get("Index Name") == f"search_{column}_gin":
            return node["Actual Rows"]
        nodes += node.get("Plans", [])
    return 0


@contextmanager
def _planner_without(connection, *methods: str) -> Iterator:
    """A cursor, inside `planned_per_query`'s transaction, whose statements the planner plans
    without these scan methods (enable_<method> off until the block ends)."""
    with connection.cursor() as cursor:
        for method in methods:
            cursor.execute(f"SET LOCAL enable_{method} = off")
        try:
            yield cursor
        finally:
            for method in methods:
                cursor.execute(f"SET LOCAL enable_{method} = on")


def _entries_back(column: str, upper: int, count: int, connection) -> int:
    """The post id from which the newest `count` entries below `upper` that hold `column` begin
    (0 if there are fewer). Post ids are dense enough that n entries back is n ids back;
    titles are on first posts only: counted in the index of titled entries (migration 0004)."""
    if column != "title":
        return max(0, upper - count)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT post_id FROM search_searchentry WHERE title <> '' AND post_id < %s "
            "ORDER BY post_id DESC LIMIT 1 OFFSET %s",
            [upper, count - 1],
        )
        row = cursor.fetchone()
    return row[0] if row else 0


# A title holding every word of a 全文 search outweighs this many dictionary words.
TITLE_WEIGHT = 10


class Relevance(Expression):
    """What a search ranks by, the same on every database (so the same query puts the same
    posts in the same order on each): TITLE_WEIGHT when the thread's title holds every clause
    (全文 searches), plus one for each dictionary word of the query the searched column holds
    (a name found through scattered pairs ranks below the name itself). Ties go to the newest.
    Evaluated on the rows a search returns only, from the entry's own tokens."""

    output_field = IntegerField()

    def __init__(self, query: Query, column: str) -> None:
        super().__init__()
        self.query, self.column = query, column

    def as_sql(self, compiler, connection):
        alias = connection.ops.quote_name(compiler.query.get_initial_alias())
        vendor = connection.vendor

        def holds(column: str, tokens: list[str]) -> tuple[str, list[str]]:
            quote = connection.ops.quote_name
            if vendor == "postgresql":  # the vector: a binary search, not a scan of the text
                return (
                    f"{alias}.{quote(column + '_tsv')} @@ to_tsquery('simple'::regconfig, %s)",
                    [" & ".join(tokens)],
                )
            qualified = f"{alias}.{quote(column)}"
            return " AND ".join([_holds(qualified, vendor)] * len(tokens)), list(
                map(_pattern, tokens)
            )

        terms, params = [], []
        if self.column == "words":
            sql, more = holds("title", _required_tokens(self.query))
            terms.append(f"{TITLE_WEIGHT} * CASE WHEN {sql} THEN 1 ELSE 0 END")
            params += more
        for boost in (c.boost for c in self.query.clauses if c.boost):
            sql, more = holds(self.column, [boost])
            terms.append(f"CASE WHEN {sql} THEN 1 ELSE 0 END")
            params += more
        return f"({' + '.join(terms) or '0'})", params
