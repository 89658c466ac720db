"""The header box leads to results a phone reader can use: no sideways scrolling at 360 px,
matched words marked."""

import pytest

from luntan.core.tests.browser import launch_chromium, new_page, save_screenshot

from .helpers import new_thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium():
    with launch_chromium() as browser:
        yield browser


def test_searching_from_the_header_on_a_phone(chromium, live_server, board, alice):
    new_thread(board, alice, "霍林郭勒租房信息", "扎魯特旗路口兩室一廳出租，" + "交通方便。" * 40)
    page = new_page(chromium, live_server.url)
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto("/")
    page.fill(".header-search input[name=q]", "扎鲁特旗 出租")
    with page.expect_navigation():
        page.click(".header-search button")
    assert page.locator(".search-result").count() == 1
    assert page.locator(".search-result mark").first.inner_text() == "扎魯特旗"
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    save_screenshot(page, "search-360.png")
    page.select_option("select[name=order]", "time")
    with page.expect_navigation():
        page.click(".search-line button")
    assert "order=time" in page.url and page.locator(".search-result").count() == 1
