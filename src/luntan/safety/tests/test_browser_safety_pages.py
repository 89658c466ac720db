"""The safety pages on a 360 px phone: no horizontal scroll, usable without JavaScript."""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from luntan.conftest import PASSWORD, make_thread, make_user
from luntan.core.tests.browser import launch_chromium, log_in, new_page, save_screenshot
from luntan.safety.models import HeldPost, Report
from luntan.threads.models import Post

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
LONG = "很長的一行沒有空格" * 20 + "https://example.com/" + "a" * 200


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def phone(chromium, live_server) -> Iterator[Page]:
    page = new_page(chromium, live_server.url)
    page.set_viewport_size({"width": 360, "height": 740})
    yield page
    page.context.close()


def scrolls_sideways(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth > window.innerWidth")


def test_queues_and_forms_fit_a_phone(phone, board):
    alice, mod = make_user("alice"), make_user("mod")
    board.moderators.add(mod)
    thread = make_thread(board, alice, replies=1)
    HeldPost.objects.create(
        board=board, thread=thread, author=alice, body=LONG, reason="本版塊的帖子需要審核",
        created_at=thread.created_at,
    )  # fmt: skip
    post = Post.objects.get(thread=thread, floor=2)
    Report.objects.create(
        post=post, board=board, reporter=mod, reason="广告垃圾", text=LONG,
        created_at=thread.created_at,
    )  # fmt: skip

    phone.goto("/")
    log_in(phone, "mod", PASSWORD)
    for name, url in [
        ("review-queue", reverse("review-queue")),
        ("report-queue", reverse("report-queue")),
        ("review-edit", reverse("review-edit", args=[HeldPost.objects.get().pk])),
        ("report-new", reverse("post-report", args=[Post.objects.get(thread=thread, floor=1).pk])),
        ("review-mine", reverse("review-mine")),
    ]:
        phone.goto(url)
        save_screenshot(phone, f"safety-{name}-360.png")
        assert not scrolls_sideways(phone), name

    # The queue is a plain form: tick, then 通過.
    phone.goto(reverse("review-queue"))
    phone.locator("input[name=held]").check()
    with phone.expect_navigation():
        phone.locator("button[value=approve]").click()
    assert Post.objects.filter(thread=thread, body=LONG).exists()
