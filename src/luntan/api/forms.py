from django import forms
from django.utils.translation import gettext_lazy as _

EXPIRY_CHOICES = [
    ("30", _("30 天")),
    ("90", _("90 天")),
    ("365", _("一年")),
    ("", _("永不过期")),
]


class NewTokenForm(forms.Form):
    name = forms.CharField(
        label=_("用途"),
        max_length=50,
        strip=True,
        error_messages={
            "required": _("请写明令牌的用途，比如“发帖脚本”。"),
            "max_length": _("用途最多 %(limit_value)d 个字。"),
        },
    )
    days = forms.TypedChoiceField(
        label=_("有效期"),
        choices=EXPIRY_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        initial="90",
        error_messages={"invalid_choice": _("请选择列出的有效期。")},
    )
