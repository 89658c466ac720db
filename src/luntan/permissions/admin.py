from django import forms
from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from luntan.accounts.models import UserGroup

from .models import BoardGrant, GroupPermissions


class GrantSelect(forms.NullBooleanSelect):
    """A board grant's cell: keep the group's default, allow, or forbid."""

    def __init__(self, attrs=None) -> None:
        super().__init__(attrs)
        self.choices = [("unknown", _("默认")), ("true", _("允许")), ("false", _("禁止"))]


class BoardGrantInline(admin.TabularInline):
    """版块权限 on the board's admin page."""

    model = BoardGrant
    extra = 0
    verbose_name_plural = _("版块权限（“默认”按用户组自身的权限）")
    formfield_overrides = {models.BooleanField: {"widget": GrantSelect}}


class GroupPermissionsInline(admin.StackedInline):
    """用户组权限 on the user group's admin page."""

    model = GroupPermissions
    can_delete = False
    verbose_name_plural = _("用户组权限")


@admin.register(GroupPermissions)
class GroupPermissionsAdmin(admin.ModelAdmin):
    """Every group's defaults side by side, editable as one table."""

    list_display = (
        "group",
        "role",
        "allow_visit",
        "read_access",
        "allow_view_board",
        "allow_read",
        "allow_start_thread",
        "allow_reply",
        "allow_upload",
        "allow_download",
        "allow_send_pm",
    )
    list_editable = list_display[1:]
    list_select_related = ("group",)
    ordering = ("group__kind", "group__credits_min", "group__pk")


@admin.register(UserGroup)
class UserGroupAdmin(admin.ModelAdmin):
    """用户组, registered here (not in accounts, which permissions builds on) to carry the
    group's permissions inline."""

    list_display = ("name", "kind", "credits_min", "stars")
    list_filter = ("kind",)
    inlines = [GroupPermissionsInline]
