"""axe-core inside the browser on the main pages, as a guest and as a member: no critical or
serious violation. axe-core comes from npm (`.ci/run` installs it into var/); without it these
tests are skipped, and `make test` says so."""

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.core.management import call_command
from playwright.sync_api import Browser

from luntan.core.tests.browser import launch_chromium, log_in, new_page
from luntan.threads.models import Thread

AXE = Path(
    os.environ.get(
        "LUNTAN_AXE",
        Path(__file__).resolve().parents[4] / "var" / "node_modules" / "axe-core" / "axe.min.js",
    )
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not AXE.exists(), reason=f"axe-core is not installed at {AXE}"),
]

SERIOUS = """async () => (await axe.run(document, {resultTypes: ["violations"]})).violations
  .filter(v => v.impact === "critical" || v.impact === "serious")
  .map(v => `${v.id}: ${v.nodes.map(n => n.target.join(" ")).slice(0, 3).join(", ")}`)"""


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


@pytest.mark.parametrize("member", [False, True], ids=["guest", "member"])
def test_the_main_pages_have_no_serious_accessibility_violations(chromium, live_server, member):
    call_command("load_demo", stdout=io.StringIO())
    thread = Thread.objects.order_by("pk").first()
    urls = [
        "/",
        f"/board/{thread.board_id}/",
        f"/thread/{thread.pk}/",
        f"/thread/{thread.pk}/reader/",
        f"/member/{thread.author_id}/",
        "/sitemap/",
        "/archiver/",
    ]
    page = new_page(chromium, live_server.url)
    if member:
        page.goto("/")
        log_in(page, "user0001", "pass-12345")
        urls += [f"/board/{thread.board_id}/new/", f"/thread/{thread.pk}/reply/", "/credits/"]
    else:
        urls += ["/accounts/login/", "/accounts/signup/"]
    axe = AXE.read_text()
    found = {}
    for url in urls:
        page.goto(url)
        page.evaluate(axe)
        if violations := page.evaluate(SERIOUS):
            found[url] = violations
    page.context.close()
    assert found == {}
