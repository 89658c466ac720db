"""Threads and posts in the admin. Registered here, beside the services, because every change
the admin makes to them goes through those: deleting (one or a selection) is the forum's own
deletion, which moves board, member and credit counters with it; what stays editable changes
no counter."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied

from luntan.core.page_cache import forget_thread_on_commit
from luntan.search.services import queue_reindex
from luntan.threads.models import Post, Thread

from .errors import PostingError
from .services import delete_thread


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
    # Moving and digesting go through the forum's own tools, which keep board counters and
    # credits right; the author and dates feed member counters and last posts.
    readonly_fields = (
        "board",
        "author",
        "author_name",
        "created_at",
        "is_deleted",
        "digest",
        "view_count",
        "reply_count",
        "last_floor",
        "last_post_at",
        "last_poster_name",
    )
    date_hierarchy = "created_at"

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("board")

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # A new title or read level must not linger in cached guest pages.
        forget_thread_on_commit(obj.pk, obj.board_id)
        # The title is indexed with the first post.
        queue_reindex(post_ids=obj.posts.filter(floor=1).values_list("pk", flat=True))

    def get_deleted_objects(self, objs, request):
        """The confirmation page names the threads alone: their posts are hidden with them, not
        erased. (Whoever reaches the admin is staff, whom the policy lets delete any thread.)"""
        threads = list(objs)
        return [str(t) for t in threads], {Thread._meta.verbose_name: len(threads)}, set(), []

    def delete_model(self, request, obj) -> None:
        try:
            delete_thread(thread=obj, actor=request.user)
        except PostingError as error:
            raise PermissionDenied(str(error)) from error

    def delete_queryset(self, request, queryset) -> None:
        """Thread by thread, each in its own transaction as on the site; one that cannot be
        deleted now is named and left whole."""
        for thread in queryset.order_by("pk"):
            try:
                delete_thread(thread=thread, actor=request.user)
            except PostingError as error:
                self.message_user(request, f"{thread.title}：{error}", messages.ERROR)


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

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        # What stays editable (屏蔽 and its note) decides what pages and search show.
        forget_thread_on_commit(obj.thread_id, obj.thread.board_id)
        queue_reindex(post_ids=[obj.pk])
