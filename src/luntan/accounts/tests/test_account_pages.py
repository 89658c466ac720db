"""Every account page wears the site's header and footer and speaks Chinese."""

import re

import pytest
from django.conf import settings
from django.urls import reverse

from .pages import main_text_of, text_of

# An untranslated allauth string would show up as Latin words in the page's own content.
LATIN_WORD = re.compile(r"[A-Za-z]{2,}")

GUEST_PAGES = ["account_login", "account_signup", "account_reset_password"]
MEMBER_PAGES = ["account_change_password", "account_logout"]


def assert_looks_like_the_site(response) -> None:
    html = response.content.decode()
    text = text_of(response)
    assert response.status_code == 200
    assert '<html lang="zh-hant">' in html
    assert 'class="site-header"' in html
    assert 'class="site-footer"' in html
    assert f"- {settings.LUNTAN_SITE_NAME}</title>" in re.sub(r"\s+</title>", "</title>", html)
    assert "返回頂部" in text
    assert LATIN_WORD.findall(main_text_of(response)) == []


@pytest.mark.parametrize("name", GUEST_PAGES)
def test_guest_account_pages_wear_the_site_layout_in_chinese(client, db, name):
    assert_looks_like_the_site(client.get(reverse(name)))


@pytest.mark.parametrize("name", MEMBER_PAGES)
def test_member_account_pages_wear_the_site_layout_in_chinese(alice_client, name):
    assert_looks_like_the_site(alice_client.get(reverse(name)))


def test_the_reset_done_page_is_in_chinese(client, db):
    assert_looks_like_the_site(client.get(reverse("account_reset_password_done")))


def test_account_forms_use_the_site_buttons(client, db):
    html = client.get(reverse("account_login")).content.decode()

    assert 'class="account-form"' in html
    assert re.search(r'<button class="button[^"]*" type="submit">\s*登錄', html)
