"""「QQ登录 · 只需一步,快速开始」 in the header for guests; WeChat and Weibo configured like QQ."""

from urllib.parse import parse_qs, urlsplit

from allauth.socialaccount.models import SocialAccount
from django.test import Client, override_settings
from django.urls import reverse

from luntan.accounts.models import User

from .helpers import page_text

WEIXIN_AND_WEIBO = {
    "weixin": {"SCOPE": ["snsapi_login"], "APP": {"client_id": "wx0123", "secret": "wx-secret"}},
    "weibo": {"APP": {"client_id": "3195025850", "secret": "wb-secret"}},
}


def header(response) -> str:
    text = page_text(response)
    return text[text.index('<nav class="user-nav"') : text.index("</nav>")]


def test_guests_see_qq_login_beside_login_signup_and_password_recovery(qq, client):
    nav = header(client.get(reverse("account_login")))

    assert "登錄" in nav and "立即註冊" in nav and "找回密碼" in nav
    assert "QQ登錄" in nav
    assert "只需一步,快速開始" in nav
    assert f'href="{reverse("qq_login")}?process=login&amp;next=/accounts/login/"' in nav
    # Anonymous pages are cached for everyone: the header carries no CSRF token.
    assert "csrfmiddlewaretoken" not in nav


def test_following_the_header_link_from_our_own_page_goes_on_to_qq_at_once(qq, client):
    response = client.get(
        reverse("qq_login"), {"process": "login"}, HTTP_SEC_FETCH_SITE="same-origin"
    )

    text = page_text(response)
    assert 'id="social-login-continue" data-autosubmit' in text
    assert "csrfmiddlewaretoken" in text


def test_a_login_link_followed_from_another_site_waits_for_a_click(qq, client):
    response = client.get(
        reverse("qq_login"), {"process": "login"}, HTTP_SEC_FETCH_SITE="cross-site"
    )

    text = page_text(response)
    assert "QQ登錄" in text and "繼續" in text
    assert "data-autosubmit" not in text


def test_without_qq_keys_the_header_has_no_qq_login(db, client):
    with override_settings(SOCIALACCOUNT_PROVIDERS={}):
        nav = header(client.get(reverse("account_login")))

    assert "QQ登錄" not in nav
    assert "找回密碼" in nav


def test_members_see_their_bindings_instead(qq, alice_client, alice):
    nav = header(alice_client.get(reverse("member", args=[alice.pk])))

    assert "QQ登錄" not in nav
    assert reverse("socialaccount_connections") in nav


def test_the_login_page_offers_every_configured_provider(db, client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=WEIXIN_AND_WEIBO):
        text = page_text(client.get(reverse("account_login")))

    assert "或者用第三方賬號登錄" in text
    assert "微信登錄" in text and "微博登錄" in text
    assert "QQ登錄" not in text


def test_weixin_login_goes_to_the_qr_code_page_of_the_website_app(db, client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=WEIXIN_AND_WEIBO):
        response = client.post(reverse("weixin_login"), {"process": "login"})

    target = urlsplit(response["Location"])
    assert (target.netloc, target.path) == ("open.weixin.qq.com", "/connect/qrconnect")
    query = parse_qs(target.query)
    assert query["appid"] == ["wx0123"] and query["scope"] == ["snsapi_login"]


def test_weibo_login_goes_to_weibos_authorize_page(db, client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=WEIXIN_AND_WEIBO):
        response = client.post(reverse("weibo_login"), {"process": "login"})

    target = urlsplit(response["Location"])
    assert (target.netloc, target.path) == ("api.weibo.com", "/oauth2/authorize")
    assert parse_qs(target.query)["client_id"] == ["3195025850"]


def test_a_weibo_callback_with_a_forged_state_fails_in_chinese(db, client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=WEIXIN_AND_WEIBO):
        response = client.get(
            reverse("weibo_callback"), {"code": "x", "state": "forged"}, follow=True
        )

    assert response.redirect_chain[-1][0] == reverse("account_login")
    assert "這次登錄請求已過期或來源不明，請重新點擊 微博 登錄" in page_text(response)
    assert not User.objects.exists() and not SocialAccount.objects.exists()


def test_a_provider_without_keys_has_no_login_page(db):
    with override_settings(SOCIALACCOUNT_PROVIDERS={}):
        response = Client().get(reverse("weixin_login"))

    assert response.status_code == 404
