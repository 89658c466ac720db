"""Each database's own full-text index over SearchEntry.title and SearchEntry.words.

The columns hold ASCII tokens of 3+ characters (luntan.search.analysis), so every backend's
default word parser suits them: FTS5's `ascii` tokenizer, PostgreSQL's 'simple' configuration,
InnoDB's FULLTEXT parser at its default innodb_ft_min_token_size of 3.
"""

from django.db import migrations

SQLITE = [
    # External content: the words live once, in search_searchentry; triggers keep FTS5 in step.
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, words, content='search_searchentry', content_rowid='post_id',
        tokenize='ascii', detail='column')""",
    """CREATE TRIGGER search_fts_insert AFTER INSERT ON search_searchentry BEGIN
        INSERT INTO search_fts(rowid, title, words) VALUES (new.post_id, new.title, new.words);
    END""",
    """CREATE TRIGGER search_fts_delete AFTER DELETE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, words)
        VALUES ('delete', old.post_id, old.title, old.words);
    END""",
    """CREATE TRIGGER search_fts_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_fts(search_fts, rowid, title, words)
        VALUES ('delete', old.post_id, old.title, old.words);
        INSERT INTO search_fts(rowid, title, words) VALUES (new.post_id, new.title, new.words);
    END""",
]
SQLITE_REVERSE = [
    "DROP TRIGGER search_fts_update",
    "DROP TRIGGER search_fts_delete",
    "DROP TRIGGER search_fts_insert",
    "DROP TABLE search_fts",
]

POSTGRESQL = [
    # Stored, so ranking reads the vector instead of parsing every hit's text again.
    "ALTER TABLE search_searchentry ADD COLUMN title_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, title)) STORED",
    "ALTER TABLE search_searchentry ADD COLUMN words_tsv tsvector "
    "GENERATED ALWAYS AS (to_tsvector('simple'::regconfig, words)) STORED",
    "CREATE INDEX search_title_gin ON search_searchentry USING gin (title_tsv)",
    "CREATE INDEX search_words_gin ON search_searchentry USING gin (words_tsv)",
]
POSTGRESQL_REVERSE = [
    "ALTER TABLE search_searchentry DROP COLUMN words_tsv",
    "ALTER TABLE search_searchentry DROP COLUMN title_tsv",
]

MYSQL = [
    # Stopwords are applied when the index is built; this session's setting is all it takes
    # (no token of ours is an English stopword anyway, being "z" and hex digits).
    "SET SESSION innodb_ft_enable_stopword = 0",
    "ALTER TABLE search_searchentry ADD FULLTEXT INDEX search_title_ft (title)",
    "ALTER TABLE search_searchentry ADD FULLTEXT INDEX search_words_ft (words)",
]
MYSQL_REVERSE = [
    "ALTER TABLE search_searchentry DROP INDEX search_words_ft",
    "ALTER TABLE search_searchentry DROP INDEX search_title_ft",
]

_FORWARD = {"sqlite": SQLITE, "postgresql": POSTGRESQL, "mysql": MYSQL}
_REVERSE = {"sqlite": SQLITE_REVERSE, "postgresql": POSTGRESQL_REVERSE, "mysql": MYSQL_REVERSE}


def _run(statements_by_vendor):
    def run(apps, schema_editor) -> None:
        for statement in statements_by_vendor[schema_editor.connection.vendor]:
            schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    # MariaDB cannot run DDL inside a transaction (and the session setting must reach it).
    atomic = False
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(_run(_FORWARD), _run(_REVERSE), atomic=False, elidable=False)]
