from django.contrib import admin

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
    readonly_fields = (
        "view_count",
        "reply_count",
        "last_floor",
        "last_post_at",
        "last_poster_name",
    )
    date_hierarchy = "created_at"


@admin.register(Post)
class PostAdmin(admin.ModelAdmin):
    list_display = ("__str__", "author_name", "created_at", "author_ip", "is_deleted")
    list_filter = ("is_deleted",)
    raw_id_fields = ("thread", "author")
    readonly_fields = ("html", "floor", "edit_count", "edited_at", "edited_by_name")
