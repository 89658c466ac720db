"""The demo article's thread page in a real browser: counts, reading tools, 复制链接, a reply."""

import io
from collections.abc import Iterator
from urllib.parse import parse_qs, urlsplit

import pytest
from django.core.management import call_command
from django.utils import translation
from playwright.sync_api import Browser, Page

from luntan.core.tests.browser import (
    launch_chromium,
    log_in,
    new_page,
    pinyin_artefacts,
    save_screenshot,
)
from luntan.threads.floors import floor_label
from luntan.threads.models import Post, Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ARTICLE_TITLE = "郝茂榮一行調研通遼北部區域經濟社會發展情況"
ARTICLE_VIEWS = 86981
DEMO_MEMBER, DEMO_PASSWORD = "user0001", "pass-12345"


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def article(live_server) -> Thread:
    """The demo site, loaded into the live server's database; its first thread is the article."""
    call_command("load_demo", stdout=io.StringIO())
    return Thread.objects.order_by("pk").first()


@pytest.fixture
def page(chromium, live_server) -> Iterator[Page]:
    page = new_page(chromium, live_server.url, permissions=("clipboard-read", "clipboard-write"))
    yield page
    page.context.close()


def shown_floors(page: Page) -> list[int]:
    return [
        int(f) for f in page.locator(".post").evaluate_all("ps => ps.map(p => p.dataset.floor)")
    ]


def traditional_label(floor: int) -> str:
    with translation.override("zh-hant"):
        return floor_label(floor)


def test_the_article_page_shows_its_counts_type_and_floors_without_pinyin_artefacts(page, article):
    page.goto(article.get_absolute_url())

    assert page.locator(".thread-title .title-text").inner_text() == ARTICLE_TITLE
    assert page.locator(".thread-title .thread-type").inner_text() == "[本地動態]"
    assert page.locator(".reply-count").inner_text() == "45"
    assert int(page.locator(".view-count").inner_text()) >= ARTICLE_VIEWS
    assert "查看" in page.locator(".thread-stats").inner_text()
    assert "回覆" in page.locator(".thread-stats").inner_text()
    assert shown_floors(page) == list(range(1, 21))
    assert page.locator("#floor-1 .floor-label").inner_text() == "樓主"
    assert page.locator("#floor-2 .floor-label").inner_text() == "沙發"
    assert page.locator(".thread-tools.top .pager input[name=page]").get_attribute("max") == "3"
    assert pinyin_artefacts(page) == []
    save_screenshot(page, "thread-page.png")


def test_copy_link_puts_the_title_and_the_thread_address_on_the_clipboard(
    page, article, live_server
):
    page.goto(article.get_absolute_url())

    button = page.locator(".thread-head .copy-link")
    button.click()

    clipboard = page.evaluate("navigator.clipboard.readText()")
    assert ARTICLE_TITLE in clipboard
    assert f"{live_server.url}{article.get_absolute_url()}" in clipboard
    assert button.inner_text() == "鏈接已複製"


def test_the_reading_tools_filter_reverse_strip_and_jump_through_the_thread(page, article):
    page.goto(article.get_absolute_url())

    # 只看该作者: only the starter's posts, each under its real floor, not renumbered.
    page.locator("#floor-1 .only-author").click()
    page.wait_for_url("**/?author=*")
    own_floors = list(
        Post.objects.filter(thread=article, author=article.author, is_deleted=False)
        .order_by("floor")
        .values_list("floor", flat=True)
    )
    assert 1 < len(own_floors) < 46
    assert shown_floors(page) == own_floors[:20]
    assert set(page.locator(".post .author-name").all_inner_texts()) == {article.author.username}
    labels = page.locator(".post .floor-label").all_inner_texts()
    assert labels == [traditional_label(floor) for floor in own_floors[:20]]

    # 倒序浏览: the newest floor first.
    page.goto(article.get_absolute_url())
    page.locator("#floor-1 .newest-first").click()
    page.wait_for_url("**/?order=desc")
    assert shown_floors(page) == list(range(46, 26, -1))
    assert page.locator(".post .floor-label").first.inner_text() == "46#"

    # 阅读模式: the article without author cards.
    page.goto(article.get_absolute_url())
    page.locator("#floor-1 .reader-mode").click()
    page.wait_for_url("**/reader/")
    assert ARTICLE_TITLE in page.locator(".reader h1").inner_text()
    assert page.locator(".author-card").count() == 0
    assert "通遼" in page.locator("#floor-1 .post-body").inner_text()

    # 电梯直达 30: page 2, scrolled to floor 30, which is the :target.
    page.goto(article.get_absolute_url())
    page.locator(".floor-jump input[name=floor]").fill("30")
    page.locator(".floor-jump button[type=submit]").click()
    page.wait_for_url("**#floor-30")
    assert parse_qs(urlsplit(page.url).query) == {"page": ["2"]}
    assert page.evaluate("document.querySelector(':target').id") == "floor-30"
    assert page.locator("#floor-30 .floor-label").inner_text() == "30#"
    assert page.locator("#floor-30").is_visible()


def test_a_member_logs_in_and_their_quick_reply_appears_as_floor_47(page, article):
    page.goto(article.get_absolute_url())
    log_in(page, DEMO_MEMBER, DEMO_PASSWORD)
    assert page.locator(".user-nav .me").inner_text() == DEMO_MEMBER
    assert "退出" in page.locator(".user-nav").inner_text()

    page.locator("#quick-reply textarea[name=body]").fill("支持家鄉發展，期待更多好消息！")
    page.locator("#quick-reply button[type=submit]").click()
    page.wait_for_url("**#floor-47")

    reply = page.locator("#floor-47")
    assert reply.locator(".floor-label").inner_text() == "47#"
    assert reply.locator(".author-name").inner_text() == DEMO_MEMBER
    assert "支持家鄉發展，期待更多好消息！" in reply.locator(".post-body").inner_text()
    assert page.locator(".reply-count").inner_text() == "46"
