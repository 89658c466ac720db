from allauth.account.forms import BaseSignupForm, LoginForm
from allauth.socialaccount.forms import SignupForm
from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .providers import display_name


class QuickStartForm(SignupForm):
    """只需一步: a username (prefilled from the nickname) and an optional e-mail; the QQ/WeChat/
    Weibo account is bound to the new member when it is saved."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = _("用户名")
        username.help_text = _("可以用中文、字母、数字和 @ . + - _")
        username.widget.attrs["placeholder"] = ""
        email = self.fields["email"]
        email.label = _("邮箱（选填，用于找回密码）")
        email.widget.attrs["placeholder"] = ""

    def validate_unique_email(self, value: str) -> str:
        try:
            # allauth's social form would name the provider in English ("Weixin").
            return BaseSignupForm.validate_unique_email(self, value)
        except forms.ValidationError:
            raise forms.ValidationError(
                gettext(
                    "这个邮箱已被本站其他账号使用。如果那是你的账号，请在右边登录，"
                    "把 %(provider)s 绑定到它上面。"
                )
                % {"provider": display_name(self.sociallogin.provider.id)},
                code="email_taken",
            ) from None


class BindAccountForm(LoginForm):
    """The other half of the one-step page: log in to an existing account to bind to it."""

    prefix = "bind"

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["login"].label = _("用户名或邮箱")
        self.fields["login"].widget.attrs["placeholder"] = ""
        self.fields["password"].label = _("密码")
        self.fields["password"].widget.attrs["placeholder"] = ""
        if "remember" in self.fields:  # absent when ACCOUNT_SESSION_REMEMBER decides
            self.fields["remember"].label = _("记住我")
