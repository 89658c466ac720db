from django.contrib import admin

from .models import IPBan, MemberBan, ModerationLog, ModerationSettings


@admin.register(ModerationSettings)
class ModerationSettingsAdmin(admin.ModelAdmin):
    list_display = ("__str__", "deletion_to_bin", "bin_keep_days", "warnings_to_ban")

    def has_add_permission(self, request) -> bool:
        return not ModerationSettings.objects.exists()

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = 1
        super().save_model(request, obj, form, change)


@admin.register(IPBan)
class IPBanAdmin(admin.ModelAdmin):
    list_display = ("network", "reason", "until", "created_at")
    search_fields = ("network", "reason")


@admin.register(MemberBan)
class MemberBanAdmin(admin.ModelAdmin):
    """Read-only: bans are given and lifted on the site, which logs them and refreshes the
    cached ban list."""

    list_display = ("member", "kind", "until", "reason", "created_at", "lifted_at")
    list_filter = ("kind",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ModerationLog)
class ModerationLogAdmin(admin.ModelAdmin):
    list_display = ("created_at", "actor_name", "action", "board", "thread_title", "reason")
    list_filter = ("action", "board")

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
