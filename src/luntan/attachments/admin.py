from django.contrib import admin

from .models import Attachment, UploadLimit


@admin.register(UploadLimit)
class UploadLimitAdmin(admin.ModelAdmin):
    list_display = ("__str__", "max_size_kb", "types", "max_per_day", "max_day_kb")


@admin.register(Attachment)
class AttachmentAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "size", "uploader", "post", "price", "download_count")
    list_filter = ("kind",)
    search_fields = ("name", "uploader__username")
    raw_id_fields = ("uploader", "post")
    fields = ("name", "price", "uploader", "post", "kind", "size", "download_count", "created_at")
    readonly_fields = ("uploader", "post", "kind", "size", "download_count", "created_at")
