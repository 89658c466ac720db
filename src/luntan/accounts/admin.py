from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from luntan.permissions.admin import GroupPermissionsInline

from .models import SignatureRule, User, UserGroup
from .querysets import forget_member_groups


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "group", "post_count", "credits", "date_joined")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("论坛"), {"fields": ("group", "credits", "post_count", "thread_count")}),
    )


@admin.register(UserGroup)
class UserGroupAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "credits_min", "stars")
    list_filter = ("kind",)
    inlines = [GroupPermissionsInline]

    def save_model(self, request, obj, form, change) -> None:
        super().save_model(request, obj, form, change)
        forget_member_groups()

    def delete_model(self, request, obj) -> None:
        super().delete_model(request, obj)
        forget_member_groups()


@admin.register(SignatureRule)
class SignatureRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "max_length", "allow_images")
