"""In Chromium: a guest clicks QQ登录 in the header, "agrees" on the stand-in QQ page (which sends
the browser straight back with a code) and finishes 只需一步,快速开始."""

from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from allauth.socialaccount.models import SocialAccount
from django.test import override_settings
from playwright.sync_api import Browser, Page

from luntan.accounts.models import User
from luntan.core.tests.browser import launch_chromium, new_page, pinyin_artefacts, save_screenshot

from .conftest import qq_settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium, live_server, standin) -> Iterator[Page]:
    with override_settings(SOCIALACCOUNT_PROVIDERS=qq_settings(standin.base_url)):
        page = new_page(chromium, live_server.url)
        yield page
        page.context.close()


def test_a_guest_signs_up_with_qq_in_one_step(page, standin):
    page.goto("/accounts/login/")

    page.locator(".user-nav .qq-login a").click()
    page.wait_for_url("**/accounts/3rdparty/signup/")

    assert page.locator("h1").inner_text() == "只需一步,快速開始"
    username = page.locator(".quick-start-signup input[name=username]")
    assert username.input_value() == "霍林河小王"
    assert pinyin_artefacts(page) == []
    save_screenshot(page, "social-quick-start.png")

    username.fill("小王在霍林河")
    page.locator(".quick-start-signup input[name=email]").fill("wang@example.test")
    with page.expect_navigation():
        page.locator(".quick-start-signup button[type=submit]").click()

    assert urlsplit(page.url).path != "/accounts/3rdparty/signup/"
    assert page.locator(".user-nav .me").inner_text() == "小王在霍林河"
    member = User.objects.get(username="小王在霍林河")
    assert SocialAccount.objects.get(provider="qq").user == member
    assert [step for step, _ in standin.requests] == ["authorize", "token", "me", "user_info"]


def test_a_member_binds_qq_on_the_one_step_page(page, standin):
    User.objects.create_user("alice", "alice@example.test", "correct-horse-42")
    page.goto("/accounts/login/")

    page.locator(".user-nav .qq-login a").click()
    page.wait_for_url("**/accounts/3rdparty/signup/")
    bind = page.locator(".quick-start-bind")
    bind.locator("input[name='bind-login']").fill("alice")
    bind.locator("input[name='bind-password']").fill("correct-horse-42")
    with page.expect_navigation():
        bind.locator("button[type=submit]").click()

    assert page.locator(".user-nav .me").inner_text() == "alice"
    assert SocialAccount.objects.get(provider="qq").user.username == "alice"
