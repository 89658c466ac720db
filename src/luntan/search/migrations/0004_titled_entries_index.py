"""PostgreSQL: an index of the entries that hold a title (first posts), newest first, so a
title search walks titles only (`backends.newest_matches`). The other databases find titles
through their full-text index alone."""

from django.db import migrations


def _forward(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE INDEX search_titled_entries ON search_searchentry (post_id) WHERE title <> ''"
        )


def _reverse(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute("DROP INDEX search_titled_entries")


class Migration(migrations.Migration):
    dependencies = [("search", "0003_pending_reindex")]

    operations = [migrations.RunPython(_forward, _reverse, elidable=False)]
