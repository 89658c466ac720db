"""Shared Playwright helpers for `@pytest.mark.browser` tests.

The browser is Debian's Chromium (never a downloaded one), headless, with the background
services that would phone home turned off. Tests run against pytest-django's `live_server`:

    @pytest.fixture(scope="module")
    def chromium():
        with launch_chromium() as browser:
            yield browser

    def test_something(chromium, live_server):
        page = new_page(chromium, live_server.url)
        page.goto("/")
        log_in(page, "user0001", "pass-12345")
"""

import os
import re
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlencode, urlsplit

from playwright.sync_api import Browser, Page, sync_playwright

CHROMIUM = os.environ.get("LUNTAN_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOT_DIR = Path(__file__).resolve().parents[4] / "test-output" / "screenshots"
# What a broken Simplified→Traditional converter leaves behind: pinyin after a character, 動(dòng).
PINYIN_ARTEFACT = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")

# Playwright's sync API runs an event loop in this thread; Django would otherwise refuse the
# ORM calls that fixtures and assertions make beside it.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@contextmanager
def launch_chromium() -> Iterator[Browser]:
    """The system Chromium, headless. Launch once per module and open a page per test."""
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        try:
            yield browser
        finally:
            browser.close()


def new_page(
    browser: Browser, base_url: str, *, permissions: Sequence[str] = (), timeout_ms: int = 10_000
) -> Page:
    """A page in a fresh context (own cookies), relative `goto` paths resolved against `base_url`.

    `permissions` (e.g. "clipboard-read") are granted to the live server's origin only.
    """
    context = browser.new_context(base_url=base_url, locale="zh-TW")
    if permissions:
        context.grant_permissions(list(permissions), origin=base_url)
    context.set_default_timeout(timeout_ms)
    return context.new_page()


def log_in(page: Page, login: str, password: str) -> None:
    """Log in through the site's own login form and come back to the page we were on."""
    here = urlsplit(page.url)
    back_to = f"{here.path}?{here.query}" if here.query else here.path
    page.goto(f"/accounts/login/?{urlencode({'next': back_to})}")
    form = page.locator("main form:has(input[name=password])")
    form.locator("input[name=login]").fill(login)
    form.locator("input[name=password]").fill(password)
    with page.expect_navigation():
        form.locator("button[type=submit]").click()
    if urlsplit(page.url).path != here.path:
        raise AssertionError(f"login as {login} failed: still on {page.url}")


def save_screenshot(page: Page, name: str) -> Path:
    """Full-page PNG under test-output/screenshots/ (git-ignored) for a person to look at."""
    SCREENSHOT_DIR.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOT_DIR / name
    page.screenshot(path=str(path), full_page=True)
    return path


# What makes a page unusable on a phone: a document wider than the screen, and controls smaller
# than 40 px each way. A link inside a sentence keeps its line's height (WCAG 2.5.8's inline
# exception), members' text in posts is theirs, and a checkbox is hit through its label.
_PHONE_PROBE = (Path(__file__).parent / "phone_probe.js").read_text()


def phone_problems(page: Page) -> dict:
    """{"width": document width, "viewport": its width, "small": ["a \"登錄\" 28x24", …]}."""
    return page.evaluate(_PHONE_PROBE)


def pinyin_artefacts(page: Page) -> list[str]:
    """Every 動(dòng)-style leftover in the page's visible text."""
    return PINYIN_ARTEFACT.findall(page.inner_text("body"))
