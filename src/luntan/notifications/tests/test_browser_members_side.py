"""The members' side in a real browser on a 360 px phone: the header's counts, and no page of
提醒, 短消息, 评分, 收藏, 个人空间 or 在线会员 scrolls sideways."""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser

from luntan.conftest import PASSWORD, make_thread, make_user
from luntan.conversations.models import Conversation
from luntan.conversations.services import send_message
from luntan.core.tests.browser import launch_chromium, log_in, save_screenshot
from luntan.notifications.services import watch_thread
from luntan.permissions.tests.defaults import restore_defaults
from luntan.posting.services import reply_to_thread
from luntan.ratings.models import RatingLimit
from luntan.ratings.services import rate_post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 360, "height": 740}


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


def test_every_members_page_fits_a_phone_and_the_header_counts(chromium, live_server, board):
    restore_defaults()
    alice, bob = make_user("alice"), make_user("bob")
    thread = make_thread(board, alice, title="冬季供暖安排")
    watch_thread(user=alice, thread=thread)
    post = reply_to_thread(
        thread=thread, author=bob, body="@alice 我家小區還沒來暖，請問找哪個部門？" * 5
    )
    send_message(sender=bob, recipient=alice, body="樓主你好，" + "長消息" * 80)
    RatingLimit.objects.create(group_id=_group_of(alice), slot=1, max_per_rating=3, max_per_day=9)
    rate_post(post=post, rater=alice, amounts={1: 2}, reason="熱心回覆，資訊實用")

    context = chromium.new_context(base_url=live_server.url, locale="zh-TW", viewport=PHONE)
    page = context.new_page()
    page.goto("/")
    log_in(page, "alice", PASSWORD)
    assert page.locator(".user-nav .notice-count").inner_text() == "1"
    assert page.locator(".user-nav .pm-count").inner_text() == "1"
    pages = {
        "index": "/",
        "thread": thread.get_absolute_url(),
        "notifications": reverse("notifications"),
        "settings": reverse("notification-settings"),
        "watching": reverse("watch-list"),
        "pm-list": reverse("pm-list"),
        "pm": reverse("pm-conversation", args=[Conversation.objects.get().pk]),
        "pm-new": reverse("pm-new"),
        "blocks": reverse("pm-blocks"),
        "member": reverse("member", args=[bob.pk]),
        "profile": reverse("profile-edit"),
        "ratings": reverse("post-ratings", args=[post.pk]),
        "favourites": reverse("favourites"),
        "online": reverse("online"),
    }
    for name, path in pages.items():
        page.goto(path)
        width = page.evaluate("document.documentElement.scrollWidth")
        save_screenshot(page, f"members-side-{name}-360.png")
        assert width <= PHONE["width"], f"{name} is {width}px wide"
    page.goto(reverse("notifications"))
    with page.expect_navigation():
        page.locator(".notice-list a[href*='/notifications/']").first.click()
    assert page.locator(".user-nav .notice-count").count() == 0
    context.close()


def _group_of(user) -> int:
    from luntan.accounts.querysets import group_of

    return group_of(user).pk


def test_typing_an_at_sign_offers_members_to_complete(chromium, live_server, board):
    restore_defaults()
    alice = make_user("alice")
    make_user("alex")
    thread = make_thread(board, alice)
    context = chromium.new_context(base_url=live_server.url, locale="zh-TW", viewport=PHONE)
    page = context.new_page()
    page.goto(thread.get_absolute_url())
    log_in(page, "alice", PASSWORD)
    box = page.locator(".quick-reply textarea[name=body]")
    box.click()
    box.press_sequentially("你好 @al")
    suggestions = page.locator(".mention-suggestions li")
    suggestions.first.wait_for()
    assert suggestions.all_inner_texts() == ["@alex", "@alice"]
    suggestions.nth(1).click()
    assert box.input_value() == "你好 @alice "
    context.close()
