"""The one-step page's two writes: a new member through a social login, or the social login bound
to a member who logs in with their password. Each is all-or-nothing, and the database's unique
(provider, uid) on allauth's SocialAccount decides races: one openid, one member."""

import logging

from allauth.socialaccount.internal.flows.signup import (
    clear_pending_signup,
    redirect_to_signup,
    signup_by_form,
)
from allauth.socialaccount.models import SocialAccount, SocialLogin
from django.contrib import messages
from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from .forms import BindAccountForm, QuickStartForm
from .providers import display_name

logger = logging.getLogger("luntan.social")


def sign_up(
    *, request: HttpRequest, sociallogin: SocialLogin, form: QuickStartForm
) -> HttpResponse:
    """Creates the member, binds the social account and logs in."""
    try:
        with transaction.atomic():
            response = signup_by_form(request, sociallogin, form)
    except IntegrityError:
        return _lost_race(request, sociallogin)
    logger.info(
        "social signup: provider=%s user=%s", sociallogin.account.provider, sociallogin.user.pk
    )
    return response


def bind_to_member(
    *, request: HttpRequest, sociallogin: SocialLogin, form: BindAccountForm
) -> HttpResponse:
    """Binds the social account to the member whose password was just checked, and logs in."""
    member = form.user
    try:
        with transaction.atomic():
            if not member.avatar_url:
                member.avatar_url = sociallogin.user.avatar_url
            sociallogin.connect(request, member)
    except IntegrityError:
        return _lost_race(request, sociallogin)
    clear_pending_signup(request)
    logger.info("social bind: provider=%s user=%s", sociallogin.account.provider, member.pk)
    return form.login(request, redirect_url=sociallogin.get_redirect_url(request))


def _lost_race(request: HttpRequest, sociallogin: SocialLogin) -> HttpResponse:
    """Another request got there first: bound this openid, or took the chosen username."""
    account = sociallogin.account
    name = display_name(account.provider)
    if SocialAccount.objects.filter(provider=account.provider, uid=account.uid).exists():
        logger.warning("social account already bound elsewhere: provider=%s", account.provider)
        clear_pending_signup(request)
        messages.error(
            request,
            _("这个 %(provider)s 账号刚刚已绑定到本站的其他账号，请直接用 %(provider)s 登录。")
            % {"provider": name},
        )
        return HttpResponseRedirect(reverse("account_login"))
    # The rolled-back insert left its id on the in-memory user; the next try must insert afresh.
    sociallogin.user.pk = None
    messages.error(request, _("这个用户名刚刚被别人注册了，请换一个。"))
    return redirect_to_signup(request, sociallogin)
