"""[hide] in posts: shown to the author, moderators, members who replied (or who have the
credits asked for), and never to anyone else — on cached guest pages, members' pages shared by
role, reader mode and the Archiver alike."""

import pytest
from django.test import Client

from luntan.conftest import login, make_user
from luntan.credits.services import adjust_credits
from luntan.posting.services import reply_to_thread, start_thread

SECRET = "联系电话 13800000000"
REPLY_NOTICE = "本帖隱藏的內容需要回覆才可以瀏覽"


@pytest.fixture(params=[0, 300], ids=["no-page-cache", "page-cache"])
def page_cache(request, settings):
    settings.LUNTAN_PAGE_CACHE_SECONDS = request.param


@pytest.fixture
def thread(db, board, alice):
    return start_thread(
        board=board,
        author=alice,
        title="出租两室一厅",
        body=f"房子在市中心。[hide]{SECRET}[/hide][hide=50]看房时间 周六[/hide]",
        thread_type=None,
    )


def page(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert "\x00" not in html  # no per-reader marker ever reaches a reader
    return html


def test_guests_see_the_notice_everywhere(page_cache, client, thread):
    reader, archiver = f"/thread/{thread.pk}/reader/", f"/archiver/thread/{thread.pk}/"
    for url in (thread.get_absolute_url(), reader, archiver):
        html = page(client, url)
        assert "13800000000" not in html and "看房時間" not in html, url
    assert REPLY_NOTICE in page(client, thread.get_absolute_url())
    assert "房子在市中心" in page(client, thread.get_absolute_url())


def test_a_member_sees_the_hidden_part_once_they_have_replied(page_cache, board, thread, bob):
    carol = login(Client(), make_user("carol"))
    bob_client = login(Client(), bob)
    url = thread.get_absolute_url()
    assert "13800000000" not in page(bob_client, url)
    assert REPLY_NOTICE in page(carol, url)

    reply_to_thread(thread=thread, author=bob, body="我有兴趣")
    assert "13800000000" in page(bob_client, url)
    # Carol shares bob's role and so his cached page: she still gets the notice.
    carol_html = page(carol, url)
    assert "13800000000" not in carol_html and REPLY_NOTICE in carol_html
    # A credit threshold is not met by replying.
    assert "看房時間" not in page(bob_client, url)


def test_the_author_and_the_boards_moderator_always_see_it(page_cache, thread, alice, mod):
    for user in (alice, mod):
        html = page(login(Client(), user), thread.get_absolute_url())
        assert "13800000000" in html and "看房時間" in html


def test_a_credit_threshold_is_met_by_credits_alone(page_cache, thread):
    poor = login(Client(), make_user("poor"))
    rich_member = make_user("rich")
    adjust_credits(user=rich_member, amounts=(100, 100, 100, 0, 0, 0, 0, 0), reason="", actor=None)
    rich_member.refresh_from_db()
    assert rich_member.credits >= 50
    rich = login(Client(), rich_member)
    url = thread.get_absolute_url()
    assert "看房時間" not in page(poor, url)
    assert "需要積分高於 50 才可瀏覽" in page(poor, url)
    html = page(rich, url)
    assert "看房時間" in html and "13800000000" not in html


def test_reader_mode_decides_for_each_member_too(page_cache, thread, bob, alice):
    url = f"/thread/{thread.pk}/reader/"
    assert "13800000000" not in page(login(Client(), bob), url)
    assert "13800000000" in page(login(Client(), alice), url)
