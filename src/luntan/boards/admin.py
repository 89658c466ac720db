from django.contrib import admin

from luntan.permissions.admin import BoardGrantInline
from luntan.permissions.services import sync_moderator_titles

from .models import Board, BoardGroup, ThreadType


class ThreadTypeInline(admin.TabularInline):
    model = ThreadType
    extra = 1


@admin.register(BoardGroup)
class BoardGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "position")
    list_editable = ("position",)


@admin.register(Board)
class BoardAdmin(admin.ModelAdmin):
    list_display = ("name", "group", "parent", "position", "thread_count", "post_count")
    list_editable = ("position",)
    list_filter = ("group",)
    filter_horizontal = ("moderators",)
    readonly_fields = (
        "thread_count",
        "post_count",
        "last_post_at",
        "last_thread",
        "last_poster_name",
    )
    inlines = [ThreadTypeInline, BoardGrantInline]

    def save_related(self, request, form, formsets, change) -> None:
        before = set(form.instance.moderators.values_list("pk", flat=True)) if change else set()
        super().save_related(request, form, formsets, change)
        after = set(form.instance.moderators.values_list("pk", flat=True))
        sync_moderator_titles(before | after)
