"""SQLite: titles get an FTS5 index of their own. Searching titles in `search_fts` (a column
filter) walked every post holding the words in its text: 0.1 s for two words common in posts
and rare in titles, on a million posts. Only titled entries (first posts) are in it; the
triggers keep it in step with `search_searchentry` as 0002's keep `search_fts`."""

from django.db import migrations

FORWARD = [
    """CREATE VIRTUAL TABLE search_titles USING fts5(
        title, content='search_searchentry', content_rowid='post_id',
        tokenize='ascii', detail='none')""",
    """CREATE TRIGGER search_titles_insert AFTER INSERT ON search_searchentry
        WHEN new.title <> '' BEGIN
        INSERT INTO search_titles(rowid, title) VALUES (new.post_id, new.title);
    END""",
    """CREATE TRIGGER search_titles_delete AFTER DELETE ON search_searchentry
        WHEN old.title <> '' BEGIN
        INSERT INTO search_titles(search_titles, rowid, title)
        VALUES ('delete', old.post_id, old.title);
    END""",
    """CREATE TRIGGER search_titles_update AFTER UPDATE ON search_searchentry BEGIN
        INSERT INTO search_titles(search_titles, rowid, title)
        SELECT 'delete', old.post_id, old.title WHERE old.title <> '';
        INSERT INTO search_titles(rowid, title)
        SELECT new.post_id, new.title WHERE new.title <> '';
    END""",
    "INSERT INTO search_titles(rowid, title) "
    "SELECT post_id, title FROM search_searchentry WHERE title <> ''",
]
REVERSE = [
    "DROP TRIGGER search_titles_update",
    "DROP TRIGGER search_titles_delete",
    "DROP TRIGGER search_titles_insert",
    "DROP TABLE search_titles",
]


def _run(statements):
    def run(apps, schema_editor) -> None:
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [("search", "0004_titled_entries_index")]

    operations = [migrations.RunPython(_run(FORWARD), _run(REVERSE), elidable=False)]
