from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.utils.translation import gettext_lazy as _

from .models import SignatureRule, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    list_display = ("username", "email", "group", "post_count", "credits", "date_joined")
    fieldsets = (
        *DjangoUserAdmin.fieldsets,
        (_("论坛"), {"fields": ("group", "credits", "post_count", "thread_count")}),
    )
    # Derived numbers: the posting and credits services move them (credits by hand: an
    # adjustment added under 积分记录), `recount_forum` / `recount_credits` repair them.
    readonly_fields = ("credits", "post_count", "thread_count")


@admin.register(SignatureRule)
class SignatureRuleAdmin(admin.ModelAdmin):
    list_display = ("__str__", "max_length", "allow_images")
