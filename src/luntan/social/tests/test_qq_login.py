"""A first QQ login lands on 只需一步,快速开始; later ones go straight in."""

from html import escape

from allauth.socialaccount.models import SocialAccount, SocialApp
from django.contrib.sites.models import Site
from django.test import Client, override_settings
from django.urls import reverse

from luntan.accounts.models import User
from luntan.conftest import PASSWORD
from luntan.demo.qq_standin import APP_ID, APP_KEY

from .conftest import qq_settings
from .helpers import authorize_at_qq, logged_in_user_id, page_text, qq_login


def test_first_qq_login_lands_on_the_one_step_page_with_the_nickname_as_username(qq, client):
    response = qq_login(client)

    assert response.redirect_chain[-1][0] == reverse("social-quick-start")
    text = page_text(response)
    assert "只需一步,快速開始" in text
    assert 'value="霍林河小王"' in text
    assert escape(qq.user.avatar) in text
    assert not User.objects.exists()
    assert not SocialAccount.objects.exists()


def test_one_step_signup_creates_a_logged_in_member_bound_to_the_openid(qq, client):
    qq_login(client)

    response = client.post(
        reverse("social-quick-start"), {"action": "signup", "username": "霍林河小王", "email": ""}
    )

    assert response.status_code == 302
    member = User.objects.get()
    assert member.username == "霍林河小王"
    assert member.avatar_url == qq.user.avatar
    assert not member.has_usable_password()
    account = SocialAccount.objects.get()
    assert (account.provider, account.uid, account.user) == ("qq", qq.user.openid, member)
    assert account.extra_data["nickname"] == "霍林河小王"
    assert "access_token" not in account.extra_data
    assert logged_in_user_id(client) == member.pk


def test_the_email_on_the_one_step_page_is_kept_when_given(qq, client):
    qq_login(client)

    client.post(
        reverse("social-quick-start"),
        {"action": "signup", "username": "小王", "email": "wang@example.test"},
    )

    assert User.objects.get().email == "wang@example.test"


def test_a_taken_nickname_is_offered_with_a_number(qq, client, alice):
    qq.user.nickname = "alice"

    response = qq_login(client)

    assert 'value="alice2"' in page_text(response)


def test_choosing_a_taken_username_is_refused_in_chinese(qq, client, alice):
    qq_login(client)

    response = client.post(reverse("social-quick-start"), {"action": "signup", "username": "alice"})

    assert response.status_code == 200
    assert "field-error" in page_text(response)
    assert User.objects.count() == 1
    assert not SocialAccount.objects.exists()


def test_the_second_qq_login_goes_straight_in(qq, client):
    qq_login(client)
    client.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})
    client.logout()

    response = qq_login(client, follow=False)

    assert response["Location"] == "/"
    assert logged_in_user_id(client) == User.objects.get(username="小王").pk
    assert User.objects.count() == 1


def test_a_member_binds_qq_by_logging_in_on_the_one_step_page(qq, client, alice):
    qq_login(client)

    response = client.post(
        reverse("social-quick-start"),
        {"action": "bind", "bind-login": "alice", "bind-password": PASSWORD},
    )

    assert response.status_code == 302
    assert SocialAccount.objects.get(provider="qq").user == alice
    alice.refresh_from_db()
    assert alice.avatar_url == qq.user.avatar
    assert User.objects.count() == 1
    client.logout()
    qq_login(client, follow=False)
    assert logged_in_user_id(client) == alice.pk


def test_a_wrong_password_on_the_one_step_page_binds_nothing(qq, client, alice):
    qq_login(client)

    response = client.post(
        reverse("social-quick-start"),
        {"action": "bind", "bind-login": "alice", "bind-password": "wrong-password"},
    )

    assert response.status_code == 200
    text = page_text(response)
    assert "只需一步,快速開始" in text
    assert "field-error" in text or "form-errors" in text
    assert not SocialAccount.objects.exists()
    # The signup half is shown fresh, not scolded for the bind half's fields.
    assert 'value="霍林河小王"' in text


def test_the_page_we_came_from_is_where_qq_login_ends(qq, client):
    qq_login(client, next_url="/board/1/")

    response = client.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})

    assert response["Location"] == "/board/1/"


def test_unionid_is_the_identity_when_the_operator_enables_it(standin, db, client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=qq_settings(standin.base_url, UNIONID=True)):
        qq_login(client)
        client.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})

    assert SocialAccount.objects.get().uid == standin.user.unionid
    asked_me = next(query for step, query in standin.requests if step == "me")
    assert asked_me["unionid"] == "1"


def test_keys_entered_in_the_admin_are_enough(standin, db, client):
    app = SocialApp.objects.create(provider="qq", name="QQ互联", client_id=APP_ID, secret=APP_KEY)
    app.sites.add(Site.objects.get_current())
    with override_settings(SOCIALACCOUNT_PROVIDERS=qq_settings(standin.base_url, app=False)):
        response = qq_login(client)

    assert response.redirect_chain[-1][0] == reverse("social-quick-start")


def test_without_keys_there_is_no_qq_login(standin, db, client):
    with override_settings(SOCIALACCOUNT_PROVIDERS=qq_settings(standin.base_url, app=False)):
        response = Client().post(reverse("qq_login"))

    assert response.status_code == 404


def test_the_one_step_page_without_a_qq_login_in_progress_sends_to_the_login_page(db, client):
    response = client.get(reverse("social-quick-start"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_starting_qq_login_and_the_one_step_page_both_want_the_csrf_token(qq):
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("qq_login")).status_code == 403
    token = client.get(reverse("qq_login")).context["csrf_token"]
    started = client.post(reverse("qq_login"), {"csrfmiddlewaretoken": str(token)})
    client.get(authorize_at_qq(started["Location"]))

    response = client.post(reverse("social-quick-start"), {"action": "signup", "username": "小王"})

    assert response.status_code == 403
    assert not User.objects.exists()


def test_allauth_sends_first_logins_to_our_page(db):
    assert reverse("socialaccount_signup") == reverse("social-quick-start")
