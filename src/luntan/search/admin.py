from django.contrib import admin

from .models import SearchWord


@admin.register(SearchWord)
class SearchWordAdmin(admin.ModelAdmin):
    """Local place names, shops and nicknames for the segmenter. Every post stays findable by
    its characters without them; a listed word ranks the posts that hold it first."""

    list_display = ("word", "created_at")
    search_fields = ("word",)
