"""No Simplified text on a Traditional page and no Traditional text on a Simplified one: every
page's visible text, as a guest and as a member, in either Traditional variant the site may
choose, is what OpenCC would leave as it is."""

from html.parser import HTMLParser

import opencc
import pytest
from django.urls import reverse

from luntan.conftest import make_thread, use_traditional_variant
from luntan.permissions.tests.defaults import restore_defaults

# Characters, not words: Taiwan usage (軟體, 網路) is as Traditional as standard usage.
TO = {"zh-hant": opencc.OpenCC("s2tw"), "zh-hans": opencc.OpenCC("tw2s")}


class VisibleText(HTMLParser):
    """The text a reader sees, and the option labels of select boxes; not scripts, styles or the
    link that names the other script (简体 on a Traditional page, on purpose). On an edit page
    the textarea holds the member's own words, kept as written, and is skipped too."""

    def __init__(self, *, editing: bool) -> None:
        super().__init__()
        self.skipped = {"script", "style", "textarea"} if editing else {"script", "style"}
        self.pieces: list[str] = []
        self._skip_depth = 0
        self._stack: list[bool] = []

    def handle_starttag(self, tag, attrs):
        if tag in ("meta", "link", "input", "br", "img", "hr"):
            return
        classes = (dict(attrs).get("class") or "").split()
        skip = tag in self.skipped or "lang-switch" in classes
        self._stack.append(skip)
        self._skip_depth += skip

    def handle_endtag(self, tag):
        if tag in ("meta", "link", "input", "br", "img", "hr") or not self._stack:
            return
        self._skip_depth -= self._stack.pop()

    def handle_data(self, data):
        if not self._skip_depth and data.strip():
            self.pieces.append(data.strip())


def other_script_in(html: str, language: str, *, editing: bool) -> list[str]:
    parser = VisibleText(editing=editing)
    parser.feed(html)
    return [text for text in parser.pieces if TO[language].convert(text) != text]


@pytest.fixture
def site(db, board, alice, bob):
    restore_defaults()
    return make_thread(board, alice, replies=2, repliers=[bob], title="霍林郭勒市区停水通知")


def pages(site, member: bool) -> list[str]:
    thread, board = site, site.board
    urls = [
        reverse("index"),
        reverse("board", args=[board.pk]),
        reverse("thread", args=[thread.pk]),
        reverse("thread-reader", args=[thread.pk]),
        reverse("board-credit-rules", args=[board.pk]),
        reverse("member", args=[thread.author_id]),
        reverse("site-map"),
        reverse("archiver"),
        reverse("archiver-thread", args=[thread.pk]),
    ]
    if member:
        urls += [
            reverse("thread-new", args=[board.pk]),
            reverse("thread-reply", args=[thread.pk]) + "?quote=2",
            reverse("post-edit", args=[thread.posts.get(floor=1).pk]),
            reverse("credit-log"),
            reverse("api-tokens"),
            reverse("account_change_password"),
        ]
    else:
        urls += [
            reverse("account_login"),
            reverse("account_signup"),
            reverse("account_reset_password"),
        ]
    return urls


@pytest.mark.parametrize("variant", ["standard", "taiwan"])
@pytest.mark.parametrize("language", ["zh-hant", "zh-hans"])
@pytest.mark.parametrize("member", [False, True], ids=["guest", "member"])
def test_every_page_is_in_one_script(client, site, alice, language, member, variant):
    use_traditional_variant(variant)
    if member:
        client.force_login(alice)
    found = {}
    for url in pages(site, member):
        response = client.get(f"/{language}{url}")
        assert response.status_code == 200, url
        editing = url.endswith("/edit/")
        if mixed := other_script_in(response.content.decode(), language, editing=editing):
            found[url] = mixed
    assert found == {}
