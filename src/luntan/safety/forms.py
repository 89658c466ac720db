from allauth.account import forms as allauth_forms
from django import forms
from django.utils.translation import gettext as _

from . import wordfilter
from .captcha import captcha_field, captcha_rules, login_needs_captcha, post_needs_captcha
from .querysets import screen


def filter_text(text: str, *, markup: bool = False, allow_review: bool = True) -> str:
    """A member's text through the word list: with replacements made, or a ValidationError that
    names what they wrote. 审核 words pass where the post can be held for review afterwards
    (`review_rules.review_reason` finds them again); elsewhere (edits) they refuse too."""
    result = screen(text, markup=markup)
    refusing = (wordfilter.BANNED,) if allow_review else (wordfilter.BANNED, wordfilter.REVIEW)
    refused = [hit.text for hit in result.hits if hit.entry.action in refusing]
    if refused:
        words = "」「".join(dict.fromkeys(refused))
        raise forms.ValidationError(
            _("包含不允许发布的词语「%(words)s」，请修改后再提交。") % {"words": words},
            code="filtered",
        )
    return result.text


def check_username(username: str) -> None:
    """A name may not contain any listed word, whatever its action: a name is not rewritten."""
    result = screen(username)
    if result.hits:
        words = "」「".join(dict.fromkeys(hit.text for hit in result.hits))
        raise forms.ValidationError(
            _("用户名包含不允许使用的词语「%(words)s」。") % {"words": words}, code="filtered"
        )


class LoginForm(allauth_forms.LoginForm):
    """allauth's login, asking for a captcha once the account has failed too often (never
    locking it); the password is not even tried while the captcha is wrong."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.needs_captcha = (
            login_needs_captcha(self.data.get("login", ""))
            if self.is_bound
            else (captcha_rules().login_failures == 0)
        )
        if self.needs_captcha:
            self.fields["captcha"] = captcha_field()

    def clean(self):
        if self.needs_captcha and "captcha" in self._errors:
            return self.cleaned_data
        try:
            return super().clean()
        except forms.ValidationError:
            # The failure that reached the threshold: ask from the form shown next.
            if not self.needs_captcha and login_needs_captcha(self.data.get("login", "")):
                self.fields["captcha"] = captcha_field()
            raise


class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if captcha_rules().on_register:
            self.fields["captcha"] = captcha_field()


def add_post_captcha(form: forms.Form, user) -> None:
    """New threads and replies of members below the operator's credit threshold."""
    if post_needs_captcha(user):
        form.fields["captcha"] = captcha_field()
