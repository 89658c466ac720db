"""Members' thread pages shared by role (core/member_pages.py): served from the cache, yet every
member sees their own name, tokens and edit links, and nothing of anybody else's."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from luntan.conftest import login, make_thread, make_user
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Post

TOKENS = re.compile(r'name="(csrfmiddlewaretoken|client_token)" value="[^"]*"')


@pytest.fixture
def page_cache(settings):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300


@pytest.fixture
def thread(db, board, alice, bob):
    return make_thread(board, alice, replies=3, repliers=[bob])


def edit_links(html: str) -> set[int]:
    return {int(pk) for pk in re.findall(r'href="/post/(\d+)/edit/"', html)}


def form_value(html: str, name: str) -> str:
    return re.search(rf'name="{name}" value="([^"]+)"', html)[1]


def posts_by(thread, author) -> set[int]:
    return set(Post.objects.filter(thread=thread, author=author).values_list("pk", flat=True))


def test_a_second_member_is_served_the_shared_page_without_the_threads_queries(page_cache, thread):
    zhangsan = login(Client(), make_user("zhangsan"))
    lisi = login(Client(), make_user("lisi"))
    zhangsan.get(thread.get_absolute_url())
    with CaptureQueriesContext(connection) as queries:
        html = lisi.get(thread.get_absolute_url()).content.decode()
    assert not [q for q in queries if "threads_" in q["sql"]]
    assert 'class="me">lisi<' in html
    assert "zhangsan" not in html
    assert "第 4 樓" in html


def test_index_and_board_pages_are_shared_too(page_cache, thread):
    zhangsan = login(Client(), make_user("zhangsan"))
    lisi = login(Client(), make_user("lisi"))
    for url in ("/", thread.board.get_absolute_url()):
        zhangsan.get(url)
        with CaptureQueriesContext(connection) as queries:
            html = lisi.get(url).content.decode()
        assert not [q for q in queries if "boards_" in q["sql"] or "threads_" in q["sql"]], url
        assert 'class="me">lisi<' in html and "zhangsan" not in html, url
        assert "測試主題" in html or url == "/"


def test_each_member_sees_edit_links_on_their_own_posts_only(page_cache, thread, alice, bob):
    alice_html = login(Client(), alice).get(thread.get_absolute_url()).content.decode()
    bob_html = login(Client(), bob).get(thread.get_absolute_url()).content.decode()  # cached
    assert edit_links(alice_html) == posts_by(thread, alice)
    assert edit_links(bob_html) == posts_by(thread, bob)


def test_a_moderator_is_not_served_a_members_copy(page_cache, thread, bob, mod):
    login(Client(), bob).get(thread.get_absolute_url())
    html = login(Client(), mod).get(thread.get_absolute_url()).content.decode()
    assert edit_links(html) == set(Post.objects.filter(thread=thread).values_list("pk", flat=True))


def test_the_tokens_in_a_cached_page_are_the_readers_own_and_new_each_time(page_cache, thread):
    login(Client(), make_user("zhangsan")).get(thread.get_absolute_url())
    lisi = login(Client(enforce_csrf_checks=True), make_user("lisi"))
    first, second = (lisi.get(thread.get_absolute_url()).content.decode() for _ in range(2))
    assert form_value(first, "client_token") != form_value(second, "client_token")
    # Two tabs opened from the cache, a reply from each: both land.
    for html, text in ((first, "第一個分頁的回覆"), (second, "第二個分頁的回覆")):
        form = {
            "csrfmiddlewaretoken": form_value(html, "csrfmiddlewaretoken"),
            "client_token": form_value(html, "client_token"),
            "body": text,
        }
        assert lisi.post(f"/thread/{thread.pk}/reply/", form).status_code == 302
    bodies = set(Post.objects.filter(thread=thread).values_list("body", flat=True))
    assert {"第一個分頁的回覆", "第二個分頁的回覆"} <= bodies


def test_a_cached_page_matches_a_fresh_render_but_for_the_tokens(page_cache, settings, thread):
    login(Client(), make_user("zhangsan")).get(thread.get_absolute_url())
    lisi = login(Client(), make_user("lisi"))
    cached = lisi.get(thread.get_absolute_url()).content.decode()
    settings.LUNTAN_PAGE_CACHE_SECONDS = 0
    fresh = lisi.get(thread.get_absolute_url()).content.decode()
    assert "\x00" not in cached
    # The view count moves with every visit; everything else must be the same.
    normalise = lambda html: re.sub(r'class="view-count">\d+', "", TOKENS.sub("", html))  # noqa: E731
    assert normalise(cached) == normalise(fresh)


def test_a_reply_shows_at_once_on_the_members_cached_page(
    page_cache, thread, bob, django_capture_on_commit_callbacks
):
    reader = login(Client(), make_user("zhangsan"))
    reader.get(thread.get_absolute_url())
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_thread(thread=thread, author=bob, body="剛剛發的回覆")
    assert "剛剛發的回覆" in reader.get(thread.get_absolute_url()).content.decode()


def test_a_waiting_message_is_shown_once_and_never_cached(page_cache, thread, alice):
    author = login(Client(), alice)
    first_post = thread.posts.get(floor=1)
    edit = {"body": "改過的一樓", "title": "新標題"}
    response = author.post(f"/post/{first_post.pk}/edit/", edit)
    html = author.get(response["Location"], follow=True).content.decode()
    assert "帖子已更新" in html
    assert "帖子已更新" not in author.get(thread.get_absolute_url()).content.decode()
    other = login(Client(), make_user("zhangsan"))
    assert "帖子已更新" not in other.get(thread.get_absolute_url()).content.decode()


def test_each_script_has_its_own_shared_copy(page_cache, thread):
    login(Client(), make_user("zhangsan")).get(thread.get_absolute_url())
    lisi = login(Client(), make_user("lisi"))
    lisi.cookies["django_language"] = "zh-hans"
    simplified = lisi.get(thread.get_absolute_url()).content.decode()
    lisi.cookies["django_language"] = "zh-hant"
    traditional = lisi.get(thread.get_absolute_url()).content.decode()
    assert "发表于" in simplified and "發表於" in traditional


def test_member_pages_say_private(page_cache, thread):
    reader = login(Client(), make_user("zhangsan"))
    for _ in range(2):
        response = reader.get(thread.get_absolute_url())
        assert "private" in response["Cache-Control"]
        assert "Cookie" in response["Vary"]


def member_cached_views() -> list[tuple[str, list[str], frozenset[str]]]:
    """Every route whose view takes part in the members' page cache: (URL name, its URL
    arguments, the query parameters its cached variants vary on). Found, not listed, so that a
    new cached view is covered by the test below without a test of its own."""
    from django.urls import URLPattern, URLResolver, get_resolver

    found = []

    def walk(patterns) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                walk(pattern.url_patterns)
            elif isinstance(pattern, URLPattern):
                policy = getattr(pattern.callback, "page_policy", None)
                if policy is not None and policy.members:
                    arguments = list(getattr(pattern.pattern, "converters", {}))
                    found.append((pattern.name, arguments, policy.params))

    walk(get_resolver().url_patterns)
    return found


def test_the_enumeration_finds_the_known_member_cached_views():
    names = {name for name, _, _ in member_cached_views()}
    assert {"index", "board", "thread", "thread-reader"} <= names


def test_every_member_cached_page_matches_a_fresh_render_for_another_member_of_the_group(
    page_cache, settings, board, alice
):
    """Two members of one group, each with a reply of their own: the second is served the page
    the first filled, and it must equal what a fresh render would show them, tokens aside."""
    from django.urls import reverse

    from luntan.accounts.querysets import group_of

    thread = make_thread(board, alice, replies=1)
    zhangsan, lisi = make_user("zhangsan"), make_user("lisi")
    for member in (zhangsan, lisi):
        reply_to_thread(thread=thread, author=member, body=f"{member.username} 的回覆")
        member.refresh_from_db()
    assert group_of(zhangsan) == group_of(lisi)
    arguments = {"thread_id": thread.pk, "board_id": board.pk}
    variants = {
        "page": "1",
        "order": "desc",
        "author": str(lisi.pk),
        "type": str(board.thread_types.first().pk),
        "digest": "1",
    }
    first, second = login(Client(), zhangsan), login(Client(), lisi)

    def normalise(html: str) -> str:
        html = re.sub(r'class="view-count">\d+', "", TOKENS.sub("", html))
        return re.sub(r'name="client_token" value="[^"]*"', "", html)

    checked = []
    for name, url_arguments, params in member_cached_views():
        missing = set(url_arguments) - set(arguments)
        assert not missing, f"{name}: give this test a value for {missing}"
        assert params <= set(variants), (
            f"{name}: give this test a value for {params - set(variants)}"
        )
        url = reverse(name, kwargs={arg: arguments[arg] for arg in url_arguments})
        for query in ["", *(f"?{param}={variants[param]}" for param in sorted(params))]:
            settings.LUNTAN_PAGE_CACHE_SECONDS = 300
            first.get(url + query)
            cached = second.get(url + query).content.decode()
            settings.LUNTAN_PAGE_CACHE_SECONDS = 0
            fresh = second.get(url + query).content.decode()
            assert "\x00" not in cached, url + query
            assert normalise(cached) == normalise(fresh), url + query
            checked.append(url + query)
    assert len(checked) >= 10


def test_the_header_follows_the_readers_credits_name_unread_count_and_script(
    page_cache, thread, bob, django_capture_on_commit_callbacks
):
    """The header's parts are rendered once per process for what they show: a change to any
    of it shows on the very next page, from the cache or not."""
    lisi_user = make_user("lisi")
    lisi = login(Client(), lisi_user)
    url = thread.get_absolute_url()
    before = lisi.get(url).content.decode()
    assert 'class="me">lisi<' in before and '<b class="notice-count">' not in before
    type(lisi_user).objects.filter(pk=lisi_user.pk).update(username="lisi2", credits=77)
    with django_capture_on_commit_callbacks(execute=True):
        reply_to_thread(thread=thread, author=bob, body="@lisi2 看這裡")
    after = lisi.get(url).content.decode()
    assert 'class="me">lisi2<' in after and ": 77</a>" in after
    assert '<b class="notice-count">1</b>' in after
    simplified = lisi.get(f"/zh-hans{url}").content.decode()
    assert 'href="/credits/" class="my-credits">積分: 77' in after
    assert 'href="/zh-hans/credits/" class="my-credits">积分: 77' in simplified
    assert TOKENS.search(after) and "\x00" not in after
