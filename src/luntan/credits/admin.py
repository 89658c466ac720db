from django import forms
from django.contrib import admin
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from .formula import FormulaError, parse_formula
from .models import (
    SLOT_FIELDS,
    BoardCreditRule,
    CreditKind,
    CreditLog,
    CreditRule,
    CreditSettings,
    MemberCredits,
)
from .querysets import credit_config
from .repair import recount_totals
from .services import adjust_credits


def describe_changes(amounts: tuple[int, ...]) -> str:
    """“金钱 +2，威望 -1”: the non-zero amounts under their kinds' names."""
    names = {kind.slot: kind.name for kind in credit_config().kinds}
    parts = [
        f"{names.get(slot, f'extcredits{slot}')} {amount:+d}"
        for slot, amount in enumerate(amounts, start=1)
        if amount
    ]
    return "，".join(parts) or "—"


class KindFieldsMixin:
    """For admins of rows with amounts: only the enabled kinds' fields, under their names."""

    def get_exclude(self, request, obj=None):
        enabled = {kind.field for kind in credit_config().enabled_kinds}
        hidden = [name for name in SLOT_FIELDS if name not in enabled]
        return [*(super().get_exclude(request, obj) or ()), *hidden]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        field = super().formfield_for_dbfield(db_field, request, **kwargs)
        kind = next((k for k in credit_config().kinds if k.field == db_field.name), None)
        if field is not None and kind is not None:
            field.label = kind.name
        return field


@admin.register(CreditKind)
class CreditKindAdmin(admin.ModelAdmin):
    list_display = ("slot", "name", "unit", "is_enabled", "is_visible", "lower_limit")
    list_display_links = ("slot",)
    list_editable = ("name", "unit", "is_enabled", "is_visible", "lower_limit")


class CreditSettingsForm(forms.ModelForm):
    class Meta:
        model = CreditSettings
        fields = ["formula"]

    def clean_formula(self) -> str:
        formula = self.cleaned_data["formula"]
        try:
            parse_formula(formula)
        except FormulaError as error:
            raise forms.ValidationError(str(error)) from None
        return formula.strip()


@admin.register(CreditSettings)
class CreditSettingsAdmin(admin.ModelAdmin):
    form = CreditSettingsForm

    def has_add_permission(self, request) -> bool:
        return not CreditSettings.objects.exists()

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        obj.pk = 1
        super().save_model(request, obj, form, change)
        if "formula" in form.changed_data:
            # After the commit, when the cached configuration holds the new formula.
            transaction.on_commit(recount_totals)
            self.message_user(request, _("公式已更新，会员的总积分已按新公式重算。"))


class BoardCreditRuleInline(KindFieldsMixin, admin.TabularInline):
    model = BoardCreditRule
    extra = 0
    verbose_name = _("版块自定义")
    verbose_name_plural = _("版块自定义（只改变该版块的积分数额，周期和次数不变）")


@admin.register(CreditRule)
class CreditRuleAdmin(KindFieldsMixin, admin.ModelAdmin):
    list_display = ("name", "action", "cycle", "max_rewards", "changes", "board_count")
    list_filter = ("cycle",)
    search_fields = ("name", "action")
    inlines = [BoardCreditRuleInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("overrides")

    @admin.display(description=_("积分变化"))
    def changes(self, rule: CreditRule) -> str:
        return describe_changes(rule.amounts)

    @admin.display(description=_("自定义的版块"))
    def board_count(self, rule: CreditRule) -> int:
        return len(rule.overrides.all())


@admin.register(MemberCredits)
class MemberCreditsAdmin(admin.ModelAdmin):
    list_display = ("user", "balances", "digests")
    search_fields = ("user__username",)
    list_select_related = ("user",)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # balances move only with a log line: adjust them under 积分记录

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    @admin.display(description=_("积分"))
    def balances(self, row: MemberCredits) -> str:
        return describe_changes(row.amounts)


class AdjustmentForm(forms.ModelForm):
    class Meta:
        model = CreditLog
        fields = ["user", "reason", *SLOT_FIELDS]

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(name) for name in SLOT_FIELDS):
            raise forms.ValidationError(_("请至少填写一项积分的增减。"))
        return cleaned


@admin.register(CreditLog)
class CreditLogAdmin(KindFieldsMixin, admin.ModelAdmin):
    """积分记录; “增加” here is an administrator's adjustment by hand."""

    list_display = ("created_at", "user", "kind", "reason", "changes", "revoked", "actor")
    list_filter = ("kind", "revoked")
    search_fields = ("user__username", "reason")
    list_select_related = ("user", "actor")
    raw_id_fields = ("user",)

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is None:
            kwargs["form"] = AdjustmentForm
        return super().get_form(request, obj, change=change, **kwargs)

    def has_change_permission(self, request, obj=None) -> bool:
        return False  # the log is history

    def has_delete_permission(self, request, obj=None) -> bool:
        return False

    def save_model(self, request, obj, form, change) -> None:
        log = adjust_credits(
            user=obj.user, amounts=obj.amounts, reason=obj.reason, actor=request.user
        )
        obj.pk = log.pk
        obj.created_at = log.created_at

    @admin.display(description=_("积分变化"))
    def changes(self, log: CreditLog) -> str:
        return describe_changes(log.amounts)
