"""Every way a QQ login can fail ends on the login page with a specific Chinese message, creates
no member and no binding, and leaves a line (without secrets) in the operator's log."""

from urllib.parse import parse_qs, urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import override_settings
from django.urls import reverse

from luntan.accounts.models import User
from luntan.demo.qq_standin import APP_KEY, Misbehaviour

from .conftest import qq_settings
from .helpers import authorize_at_qq, begin_qq_login, page_text, qq_login


def assert_failed_cleanly(response, operator_log, message: str) -> None:
    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert response.status_code == 200
    assert message in page_text(response)
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()
    assert "social login failed: provider=qq" in operator_log.text
    assert APP_KEY not in operator_log.text


def test_refusing_on_qqs_page_says_the_login_was_cancelled(qq, client, operator_log):
    qq.deny = True

    response = qq_login(client)

    assert_failed_cleanly(response, operator_log, "你取消了 QQ 授權")


def test_a_forged_state_is_refused(qq, client, operator_log):
    callback = authorize_at_qq(begin_qq_login(client))
    forged = callback.replace("state=", "state=forged")

    response = client.get(forged, follow=True)

    assert_failed_cleanly(response, operator_log, "這次登錄請求已過期或來源不明")


def test_a_callback_replayed_with_its_used_state_is_refused(qq, client, operator_log):
    callback = authorize_at_qq(begin_qq_login(client))
    client.get(callback)
    client.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})
    client.logout()

    response = client.get(callback, follow=True)

    assert response.redirect_chain[-1][0].startswith(reverse("account_login"))
    assert "這次登錄請求已過期或來源不明" in page_text(response)
    assert User.objects.count() == 1


def test_a_reused_code_is_refused(qq, client, operator_log):
    used = authorize_at_qq(begin_qq_login(client))
    client.get(used)
    client.session.flush()
    old_code = parse_qs(urlsplit(used).query)["code"][0]
    fresh = authorize_at_qq(begin_qq_login(client))
    state = parse_qs(urlsplit(fresh).query)["state"][0]

    response = client.get(reverse("qq_callback"), {"code": old_code, "state": state}, follow=True)

    assert_failed_cleanly(response, operator_log, "錯誤碼 100020")
    assert "QQ 授權碼已過期或已被使用" in page_text(response)


def test_an_expired_code_is_refused(qq, client, operator_log):
    qq.misbehave["token"] = Misbehaviour(error=100019, description="code to access token error")

    response = qq_login(client)

    assert_failed_cleanly(response, operator_log, "錯誤碼 100019")
    assert "error 100019" in operator_log.text


def test_a_wrong_app_key_is_reported_as_the_sites_misconfiguration(qq, client, operator_log):
    qq.app_key = "another-key"

    response = qq_login(client)

    assert_failed_cleanly(response, operator_log, "本站的 QQ 登錄設置有誤（錯誤碼 100009）")


def test_an_error_code_on_the_openid_step_is_reported(qq, client, operator_log):
    qq.misbehave["me"] = Misbehaviour(error=100016, description="access token check failed")

    response = qq_login(client)

    assert_failed_cleanly(response, operator_log, "QQ 授權已失效（錯誤碼 100016）")
    assert "access token check failed" in operator_log.text


def test_the_documented_error_with_a_trailing_comma_is_still_read(qq, client, operator_log):
    qq.misbehave["me"] = Misbehaviour(
        raw='callback( { "error":100016, "error_description":"access token check failed", } );'
    )

    response = qq_login(client)

    assert_failed_cleanly(response, operator_log, "錯誤碼 100016")


@pytest.mark.parametrize(
    "body",
    [
        'callback( {"client_id":"101000001","openid": );',
        "callback( <html>502 Bad Gateway</html> );",
        "<html><body>502 Bad Gateway</body></html>",
        "",
    ],
)
def test_malformed_jsonp_on_the_openid_step_is_reported(qq, client, operator_log, body):
    qq.misbehave["me"] = Misbehaviour(raw=body)

    response = qq_login(client)

    assert_failed_cleanly(response, operator_log, "QQ 返回了無法識別的數據")


def test_an_error_from_get_user_info_is_reported(qq, client, operator_log):
    qq.misbehave["user_info"] = Misbehaviour(error=100030, description="no api permission")

    response = qq_login(client)

    assert_failed_cleanly(response, operator_log, "錯誤碼 100030")


def test_a_token_for_another_app_is_refused(qq, client, operator_log):
    qq.misbehave["me"] = Misbehaviour(raw='callback( {"client_id":"999","openid":"X"} );')

    response = qq_login(client)

    assert_failed_cleanly(response, operator_log, "QQ 返回了無法識別的數據")


def test_qq_answering_too_slowly_is_a_timeout(qq, client, operator_log):
    qq.misbehave["token"] = Misbehaviour(sleep=1.0)

    with override_settings(SOCIALACCOUNT_REQUESTS_TIMEOUT=0.2):
        response = qq_login(client)

    assert_failed_cleanly(response, operator_log, "連接 QQ 超時")
    assert "code=" not in operator_log.text


def test_qq_refusing_connections_is_reported(standin, closed_port, db, client, operator_log):
    authorize_url = None
    with override_settings(SOCIALACCOUNT_PROVIDERS=qq_settings(standin.base_url)):
        authorize_url = begin_qq_login(client)
    callback = authorize_at_qq(authorize_url)

    with override_settings(SOCIALACCOUNT_PROVIDERS=qq_settings(f"http://127.0.0.1:{closed_port}")):
        response = client.get(callback, follow=True)

    assert_failed_cleanly(response, operator_log, "無法連接 QQ 服務器")
    assert "client_secret" not in operator_log.text


def test_a_failed_login_keeps_the_page_to_return_to(qq, client):
    qq.deny = True

    response = qq_login(client, next_url="/board/1/", follow=False)

    assert response["Location"] == reverse("account_login") + "?next=%2Fboard%2F1%2F"


def test_the_operator_log_never_holds_a_token_a_code_or_the_app_key(qq, client, operator_log):
    qq_login(client)
    client.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})
    client.logout()
    qq.misbehave["user_info"] = Misbehaviour(error=100016, description="access token check failed")
    qq_login(client)

    secrets = [*qq.tokens, *qq.used_codes, APP_KEY]
    assert operator_log.records
    assert not [secret for secret in secrets if secret in operator_log.text]
