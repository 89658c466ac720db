"""The 管理 menu of a thread page and the board page's bulk checkboxes in a real browser, on a
phone-sized screen too."""

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page

from luntan.conftest import PASSWORD, make_thread
from luntan.core.tests.browser import launch_chromium, log_in, new_page, save_screenshot
from luntan.moderation.models import ModerationLog
from luntan.permissions.tests.defaults import restore_defaults
from luntan.threads.models import Post, Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium, live_server, mod) -> Iterator[Page]:
    restore_defaults()
    page = new_page(chromium, live_server.url)
    page.set_viewport_size({"width": 360, "height": 740})
    yield page
    page.context.close()


def no_horizontal_scroll(page: Page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_the_manage_menu_closes_a_thread_and_hides_a_chosen_floor(page, board, alice, bob):
    thread = make_thread(board, alice, replies=2, repliers=[bob], title="吵起來的主題")
    page.goto(thread.get_absolute_url())
    log_in(page, "mod", PASSWORD)
    page.locator("#mod-menu summary").click()
    assert no_horizontal_scroll(page)
    save_screenshot(page, "moderation-menu-360.png")
    menu = page.locator("#mod-menu form.mod-form").first
    menu.locator("select[name=action]").select_option("close")
    menu.locator("input[name=reason]").fill("吵架")
    with page.expect_navigation():
        menu.locator("button[type=submit]").click()
    assert page.locator(".closed-note").is_visible()
    assert "吵架" in page.locator(".thread-head .mod-note").inner_text()
    page.locator("#mod-menu summary").click()
    page.locator('input.floor-pick[value="3"]').check()
    tools = page.locator("#post-tools")
    tools.locator("select[name=action]").select_option("hide")
    tools.locator("input[name=reason]").fill("廣告")
    with page.expect_navigation():
        tools.locator("button[type=submit]").click()
    assert Thread.objects.get(pk=thread.pk).is_closed
    assert Post.objects.get(thread=thread, floor=3).is_hidden
    assert ModerationLog.objects.filter(action="hide", floors="3").exists()


def test_bulk_checkboxes_stick_two_threads_at_once(page, board, alice):
    first = make_thread(board, alice, title="第一個通知")
    second = make_thread(board, alice, title="第二個通知")
    make_thread(board, alice, title="普通主題")
    page.goto(board.get_absolute_url())
    log_in(page, "mod", PASSWORD)
    for thread in (first, second):
        page.locator(f'input[name=threads][value="{thread.pk}"]').check()
    page.locator("#board-mod-menu summary").click()
    assert no_horizontal_scroll(page)
    tools = page.locator("#thread-tools")
    tools.locator("select[name=action]").select_option("sticky")
    tools.locator("select[name=sticky]").select_option("1")
    with page.expect_navigation():
        tools.locator("button[type=submit]").click()
    save_screenshot(page, "moderation-bulk-360.png")
    assert {t.sticky for t in Thread.objects.filter(pk__in=[first.pk, second.pk])} == {1}
    titles = page.locator(".thread-title").all_inner_texts()
    assert set(titles[:2]) == {"第一個通知", "第二個通知"}


def test_the_log_and_the_bin_fit_a_phone(page, board, alice, mod):
    from luntan.moderation.services import delete_thread

    thread = make_thread(board, alice, title="一個很長很長很長很長很長很長很長很長的主題標題")
    delete_thread(thread_id=thread.pk, board_id=board.pk, actor=mod, reason="很長的理由" * 5)
    page.goto("/")
    log_in(page, "mod", PASSWORD)
    for path in ("/moderation/log/", "/moderation/bin/"):
        page.goto(path)
        assert no_horizontal_scroll(page), path
    save_screenshot(page, "moderation-bin-360.png")
