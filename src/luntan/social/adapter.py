import logging

from allauth.account.utils import user_username
from allauth.core.exceptions import ImmediateHttpResponse
from allauth.socialaccount.adapter import DefaultSocialAccountAdapter
from allauth.socialaccount.models import SocialApp
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.http import Http404, HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from luntan.core.markup import safe_web_url

from .failures import operator_detail, reader_message
from .providers import display_name
from .usernames import suggest_username

logger = logging.getLogger("luntan.social")


class ProviderNotConfigured(Http404, SocialApp.DoesNotExist):
    """No keys for this provider: its login URL answers 404 instead of a 500, while allauth code
    that catches SocialApp.DoesNotExist still does."""


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    # What unbinding the last way to log in says (allauth's validate_disconnect); the other
    # messages reach readers through our templates (socialaccount/messages/).
    error_messages = {
        **DefaultSocialAccountAdapter.error_messages,
        "no_password": _("你的账号还没有设置密码。请先设置密码，再解除最后一个第三方账号的绑定。"),
        "no_verified_email": _("你的账号还没有已验证的邮箱，不能解除最后一个第三方账号的绑定。"),
    }

    def on_authentication_error(
        self, request: HttpRequest, provider, error=None, exception=None, extra_context=None
    ) -> None:
        """Every failed social login ends on the login page (binding: the connections page) with
        a specific Chinese message, and in the operator's log; nothing has been written yet."""
        context = extra_context or {}
        # allauth hands over the unstashed state only once it has matched the callback's `state`.
        state = context.get("state") or {}
        state_ok = "state" in context
        name = display_name(provider.id)
        logger.warning(
            "social login failed: provider=%s error=%s state_ok=%s %s",
            provider.id,
            error,
            state_ok,
            operator_detail(exception),
        )
        messages.error(
            request, reader_message(name, error=error, exception=exception, state_ok=state_ok)
        )
        raise ImmediateHttpResponse(HttpResponseRedirect(_back_to(request, state.get("next"))))

    def populate_user(self, request: HttpRequest, sociallogin, data):
        user = super().populate_user(request, sociallogin, data)
        account = sociallogin.provider.wrap_account(sociallogin.account)
        avatar = safe_web_url(account.get_avatar_url() or "")
        fits = len(avatar) <= get_user_model()._meta.get_field("avatar_url").max_length
        user.avatar_url = avatar if fits else ""
        return user

    def get_signup_form_initial_data(self, sociallogin) -> dict:
        initial = super().get_signup_form_initial_data(sociallogin)
        fallback = gettext("%(provider)s用户") % {"provider": display_name(sociallogin.provider.id)}
        initial["username"] = suggest_username(user_username(sociallogin.user), fallback=fallback)
        return initial

    def get_app(self, request: HttpRequest, provider, client_id=None):
        try:
            return super().get_app(request, provider, client_id=client_id)
        except SocialApp.DoesNotExist:
            raise ProviderNotConfigured(gettext("这种登录方式尚未启用。")) from None


def _back_to(request: HttpRequest, next_url: str | None) -> str:
    if request.user.is_authenticated:
        return reverse("socialaccount_connections")
    url = reverse("account_login")
    if next_url and url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        url = f"{url}?{urlencode({'next': next_url})}"
    return url
