from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from luntan.permissions.admin import GroupPermissionsInline

from .models import User, UserGroup


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
