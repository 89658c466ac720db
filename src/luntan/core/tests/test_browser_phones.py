"""Every reader's page on a 360 px and a 390 px phone: nothing wider than the screen, every
control at least 40 px each way, as a guest and as a member."""

import io
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser

from luntan.core.tests.browser import (
    launch_chromium,
    log_in,
    new_page,
    phone_problems,
    save_screenshot,
)
from luntan.threads.models import Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

GUEST_PAGES = ["/accounts/login/", "/accounts/signup/", "/accounts/password/reset/"]
MEMBER_PAGES = [
    "/credits/",
    "/api/tokens/",
    "/accounts/password/change/",
    "/notifications/",
    "/pm/",
    "/favourites/",
    "/avatar/",
    "/signature/",
    "/member/profile/",
    "/review/mine/",
]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def demo(live_server) -> Thread:
    call_command("load_demo", stdout=io.StringIO())
    return Thread.objects.order_by("pk").first()


def reader_pages(thread: Thread) -> list[str]:
    board = thread.board_id
    return [
        "/",
        f"/board/{board}/",
        f"/board/{board}/?page=2",
        f"/board/{board}/rules/",
        f"/thread/{thread.pk}/",
        f"/thread/{thread.pk}/?page=2",
        f"/thread/{thread.pk}/reader/",
        f"/member/{thread.author_id}/",
        "/sitemap/",
        "/archiver/",
        f"/archiver/board/{board}/",
        f"/archiver/thread/{thread.pk}/",
        "/search/?q=%E9%9C%8D%E6%9E%97",
        "/online/",
    ]


@pytest.mark.parametrize("width", [360, 390])
@pytest.mark.parametrize("member", [False, True], ids=["guest", "member"])
def test_every_page_fits_a_phone_with_controls_a_finger_can_hit(
    chromium, live_server, demo, width, member
):
    page = new_page(chromium, live_server.url)
    page.set_viewport_size({"width": width, "height": 780})
    urls = reader_pages(demo)
    if member:
        page.goto("/")
        log_in(page, "user0001", "pass-12345")
        urls += [f"/board/{demo.board_id}/new/", f"/thread/{demo.pk}/reply/", *MEMBER_PAGES]
    else:
        urls += GUEST_PAGES
    problems = {}
    for url in urls:
        page.goto(url)
        found = phone_problems(page)
        if found["width"] > found["viewport"] or found["small"]:
            problems[url] = found
            save_screenshot(
                page, f"phone-{width}-{'member' if member else 'guest'}{url.replace('/', '_')}.png"
            )
    page.context.close()
    assert problems == {}
