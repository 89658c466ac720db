from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _


def _body_field() -> forms.CharField:
    return forms.CharField(
        label=_("内容"),
        max_length=settings.LUNTAN_PM_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写短消息内容。")},
    )


class NewMessageForm(forms.Form):
    to = forms.CharField(
        label=_("收件人"), max_length=150, error_messages={"required": _("请填写收件人。")}
    )
    body = _body_field()


class ReplyForm(forms.Form):
    body = _body_field()


class BlockForm(forms.Form):
    name = forms.CharField(label=_("用户名"), max_length=150)
