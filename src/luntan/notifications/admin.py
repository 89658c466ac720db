from django.contrib import admin
from django.db import transaction

from .models import SystemNotice
from .tasks import send_system_notice_task


@admin.register(SystemNotice)
class SystemNoticeAdmin(admin.ModelAdmin):
    """Sending a notice is adding one; the worker delivers it. A sent notice is not edited."""

    list_display = ("text", "group", "created_at", "sent_count")
    readonly_fields = ("sent_count",)

    def has_change_permission(self, request, obj=None) -> bool:
        return obj is None and super().has_change_permission(request, obj)

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        if not change:
            transaction.on_commit(lambda: send_system_notice_task.delay(obj.pk))
