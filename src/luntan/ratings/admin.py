from django.contrib import admin

from .models import Rating, RatingLimit


@admin.register(RatingLimit)
class RatingLimitAdmin(admin.ModelAdmin):
    list_display = ("group", "slot", "max_per_rating", "max_per_day")
    list_editable = ("max_per_rating", "max_per_day")
    list_filter = ("group",)


@admin.register(Rating)
class RatingAdmin(admin.ModelAdmin):
    """Ratings are read here; withdrawing one goes through the post's 评分 page (credits move)."""

    list_display = ("rater_name", "post", "reason", "created_at", "withdrawn_at")
    readonly_fields = [f.name for f in Rating._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
