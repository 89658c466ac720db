from django.contrib import admin

from luntan.core.page_cache import forget_thread_on_commit
from luntan.search.services import reindex_on_commit

from .models import Post, Thread


@admin.register(Thread)
class ThreadAdmin(admin.ModelAdmin):
    list_display = (
        "title",
        "board",
        "author_name",
        "created_at",
        "reply_count",
        "sticky",
        "digest",
    )
    list_filter = ("board", "sticky", "digest", "is_closed", "is_deleted")
    search_fields = ("title",)
    raw_id_fields = ("author",)
    # Deleting, moving and digesting go through the forum's own tools, which keep board counters
    # and credits right; here only what changes nothing else.
    readonly_fields = (
        "board",
        "is_deleted",
        "digest",
        "view_count",
        "reply_count",
        "last_floor",
        "last_post_at",
        "last_poster_name",
    )
    date_hierarchy = "created_at"

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # A new title or read level must not linger in cached guest pages.
        forget_thread_on_commit(obj.pk, obj.board_id)
        # The title is indexed with the first post.
        reindex_on_commit(post_ids=obj.posts.filter(floor=1).values_list("pk", flat=True))


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author_name", "created_at", "author_ip", "is_deleted")
    list_filter = ("is_deleted",)
    raw_id_fields = ("thread", "author")
    # Read-only: editing or deleting a post goes through the site, which re-renders the HTML and
    # keeps floors, counters and credits right.
    readonly_fields = (
        "thread",
        "floor",
        "author",
        "author_name",
        "created_at",
        "body",
        "html",
        "author_ip",
        "edited_at",
        "edited_by_name",
        "edit_count",
        "is_deleted",
        "client_token",
    )

    def has_add_permission(self, request) -> bool:
        return False
