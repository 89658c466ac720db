"""The header's account links: a guest is invited in, a member sees who they are."""

from .pages import text_of


def test_a_guest_sees_login_register_and_password_recovery_links(client, db):
    page = client.get("/")
    html = page.content.decode()

    assert "登錄" in text_of(page)
    assert "立即註冊" in text_of(page)
    assert "找回密碼" in text_of(page)
    assert 'href="/accounts/login/?next=/"' in html
    assert 'href="/accounts/signup/"' in html
    assert 'href="/accounts/password/reset/"' in html


def test_a_member_sees_their_name_and_a_logout_button_instead(alice_client, alice):
    text = text_of(alice_client.get("/"))

    assert "alice" in text
    assert "退出" in text
    assert "立即註冊" not in text
    assert "找回密碼" not in text
