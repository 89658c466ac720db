"""The Content-Security-Policy in Chromium: every kind of page a guest, a member and an
administrator open — with coloured, sized and aligned posts, a highlighted thread, a form
with errors, error pages — raises no violation, and what post markup asks for still shows."""

from collections.abc import Iterator

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from luntan.accounts.models import User
from luntan.conftest import make_thread
from luntan.core.tests.browser import launch_chromium, log_in, new_page
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Thread

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Runs before any page script and outside the page's policy (Playwright injects it).
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  const where = `${e.sourceFile}:${e.lineNumber}`;
  window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI} ${where}`);
});
"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium, live_server) -> Iterator[Page]:
    page = new_page(chromium, live_server.url)
    page.add_init_script(RECORD_VIOLATIONS)
    yield page
    page.context.close()


@pytest.fixture
def styled_thread(live_server, board, alice) -> Thread:
    thread = make_thread(board, alice, title="彩色的帖子")
    reply_to_thread(
        thread=thread,
        author=alice,
        body="[color=#ff0000]紅字[/color] [size=5]大字[/size] [align=center]置中[/align]",
    )
    Thread.objects.filter(pk=thread.pk).update(highlight="#00aa00")
    return thread


def visit(page: Page, path: str) -> list[str]:
    """Open `path`, let its scripts run, and return the violations it raised."""
    response = page.goto(path)
    assert response is not None
    assert "default-src 'self'" in response.headers.get("content-security-policy", ""), path
    page.wait_for_load_state("load")
    return page.evaluate("window.__cspViolations")


def test_guest_pages_raise_no_violation_and_post_styles_still_show(page, styled_thread):
    board_url = styled_thread.board.get_absolute_url()
    for path in (
        "/",
        board_url,
        styled_thread.get_absolute_url(),
        reverse("thread-reader", args=[styled_thread.pk]),
        "/archiver/",
        reverse("archiver-thread", args=[styled_thread.pk]),
        "/sitemap/",
        "/accounts/login/",
        "/accounts/signup/",
        "/no-such-page/",
        "/thread/99999/",
    ):
        assert visit(page, path) == [], path

    page.goto(styled_thread.get_absolute_url())
    red = page.locator(".post [data-color]").first
    assert red.evaluate("el => getComputedStyle(el).color") == "rgb(255, 0, 0)"
    big = page.locator(".post [data-size]").first
    assert big.evaluate("el => getComputedStyle(el).fontSize") == "24px"
    centred = page.locator(".post .bb-align-center").first
    assert centred.evaluate("el => getComputedStyle(el).textAlign") == "center"
    page.goto(board_url)
    title = page.locator(".thread-title", has_text="彩色的帖子")
    assert title.evaluate("el => getComputedStyle(el).color") == "rgb(0, 170, 0)"


def test_member_and_admin_pages_raise_no_violation(page, styled_thread, alice):
    page.goto("/")
    log_in(page, "alice", "correct-horse-42")
    thread_url = styled_thread.get_absolute_url()
    for path in (
        thread_url,
        reverse("thread-reply", args=[styled_thread.pk]) + "?quote=2",
        reverse("thread-new", args=[styled_thread.board_id]),
        "/credits/",
        reverse("member", args=[alice.pk]),
        "/accounts/password/change/",
    ):
        assert visit(page, path) == [], path

    # A reply refused by the form comes back with its errors and the text, still clean.
    page.goto(thread_url)
    page.locator("textarea[name=body]").last.fill("短")
    with page.expect_navigation():
        page.locator("form:has(textarea[name=body]) button[type=submit]").last.click()
    assert page.evaluate("window.__cspViolations") == []

    User.objects.create_superuser("root", "root@example.test", "correct-horse-42")
    page.goto("/accounts/logout/")
    page.goto("/admin/login/")
    page.fill("input[name=username]", "root")
    page.fill("input[name=password]", "correct-horse-42")
    with page.expect_navigation():
        page.click("input[type=submit]")
    for path in (
        "/admin/",
        "/admin/threads/thread/",
        f"/admin/threads/thread/{styled_thread.pk}/change/",
    ):
        assert visit(page, path) == [], path
