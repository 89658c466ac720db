from django.contrib import admin
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from .models import SitePage, SiteSettings, forget_site_info


@admin.register(SiteSettings)
class SiteSettingsAdmin(admin.ModelAdmin):
    """One row: the list page goes straight to it, and it can be neither added nor deleted."""

    fieldsets = (
        (
            None,
            {
                "fields": (
                    "site_name",
                    "description",
                    "logo_url",
                    "default_language",
                    "traditional_variant",
                )
            },
        ),
        (_("页脚"), {"fields": ("copyright_start_year", "icp_number", "police_number", "notice")}),
        (_("联系方式"), {"fields": ("address", "qq_group", "contact_qq", "phone", "email")}),
    )

    def changelist_view(self, request, extra_context=None):
        row, _created = SiteSettings.objects.get_or_create(pk=1)
        return redirect(reverse("admin:portal_sitesettings_change", args=[row.pk]))

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(SitePage)
class SitePageAdmin(admin.ModelAdmin):
    list_display = ("title", "slug", "position", "show_in_footer", "updated_at")
    list_editable = ("position", "show_in_footer")
    fields = ("title", "slug", "body", "preview", "position", "show_in_footer")
    readonly_fields = ("preview",)

    @admin.display(description=_("预览"))
    def preview(self, page: SitePage) -> str:
        # The stored HTML went through render_bbcode's sanitiser when the page was saved.
        return mark_safe(page.html)

    def delete_queryset(self, request, queryset) -> None:
        # Bulk deletes skip SitePage.delete(), which is what forgets the cached footer.
        super().delete_queryset(request, queryset)
        forget_site_info()
