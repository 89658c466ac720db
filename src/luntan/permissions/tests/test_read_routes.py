"""No route shows a hidden board, or a title or post above the reader's read level."""

import pytest
from django.test import Client
from django.urls import reverse

from luntan.conftest import login, make_thread, make_user, queries_per_page
from luntan.credits.services import adjust_credits
from luntan.threads.models import Thread

from .defaults import grant

pytestmark = pytest.mark.django_db

SECRET_TITLE = "版主內部討論"
SECRET_BODY = "只有版主能看的內容"


def thread_routes(thread) -> dict[str, str]:
    return {
        "thread": thread.get_absolute_url(),
        "reader": reverse("thread-reader", args=[thread.pk]),
        "floor": reverse("thread-floor", args=[thread.pk, 1]),
        "jump": reverse("thread-jump", args=[thread.pk]) + "?floor=1",
        "archiver thread": reverse("archiver-thread", args=[thread.pk]),
    }


def board_routes(board) -> dict[str, str]:
    return {
        "board": board.get_absolute_url(),
        "credit rules": reverse("board-credit-rules", args=[board.pk]),
        "archiver board": reverse("archiver-board", args=[board.pk]),
    }


LISTING_ROUTES = ("/", "/sitemap/", "/archiver/", "/sitemap-threads.xml", "/sitemap-boards.xml")


@pytest.fixture
def secret(board, alice):
    make_thread(board, alice, title="公開的主題")
    thread = make_thread(board, alice, title=SECRET_TITLE)
    thread.posts.filter(floor=1).update(html=SECRET_BODY)
    return thread


@pytest.fixture
def member(db) -> Client:
    return login(Client(), make_user("reader"))


def shows(html: str, thread) -> bool:
    return thread.title in html or f"/thread/{thread.pk}/" in html


def test_a_hidden_board_is_a_404_on_every_route_and_missing_from_every_list(
    client, member, board, secret
):
    for url in LISTING_ROUTES:
        html = client.get(url).content.decode()
        assert shows(html, secret) or f"/board/{board.pk}/" in html, url
    grant(board, "游客", view_board=False)
    for name, url in {**board_routes(board), **thread_routes(secret)}.items():
        assert client.get(url).status_code == 404, name
        assert member.get(url).status_code in (200, 302), name
    for url in LISTING_ROUTES:
        html = client.get(url).content.decode()
        assert not shows(html, secret) and board.name not in html, url
        assert f"/board/{board.pk}/" not in html, url


def test_a_thread_above_the_readers_level_shows_neither_title_nor_post_anywhere(
    client, member, board, secret
):
    Thread.objects.filter(pk=secret.pk).update(read_level=50)
    for name, url in thread_routes(secret).items():
        response = client.get(url)
        html = response.content.decode()
        assert response.status_code == 403, name
        assert SECRET_TITLE not in html and SECRET_BODY not in html, name
        assert "需要閱讀權限 50" in html, name
    for url in (*LISTING_ROUTES, *board_routes(board).values()):
        for reader in (client, member):
            assert not shows(reader.get(url).content.decode(), secret), url
    # The board's list and pages count only what the reader may see.
    assert "公開的主題" in client.get(board.get_absolute_url()).content.decode()


def test_a_member_whose_group_reaches_the_level_reads_it_everywhere(member, board, secret):
    Thread.objects.filter(pk=secret.pk).update(read_level=50)
    reader = make_user("veteran")
    adjust_credits(user=reader, amounts=(0, 500, 0, 0, 0, 0, 0, 0), reason="老會員", actor=None)
    veteran = login(Client(), reader)  # 高级会员: read access 50
    for name, url in thread_routes(secret).items():
        assert veteran.get(url).status_code in (200, 302), name
    for url in ("/", "/sitemap/", board.get_absolute_url()):
        assert SECRET_TITLE in veteran.get(url).content.decode(), url


def test_the_index_hides_the_last_post_the_reader_may_not_read(client, board, secret):
    Thread.objects.filter(pk=secret.pk).update(read_level=50)
    row = client.get("/").content.decode().split('class="board-row"')[1]
    assert SECRET_TITLE not in row and "alice" not in row  # nor who posted it, nor when


def test_a_board_readers_may_see_but_not_read_lists_no_titles(client, board, secret):
    grant(board, "游客", read=False)
    response = client.get(board.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200 and board.name in html
    assert SECRET_TITLE not in html and "公開的主題" not in html
    assert "沒有閱讀本版塊主題的權限" in html
    assert client.get(secret.get_absolute_url()).status_code == 403
    for url in LISTING_ROUTES:
        assert not shows(client.get(url).content.decode(), secret), url


def test_a_board_read_level_keeps_lower_groups_out_of_its_threads(client, member, board, secret):
    board.read_level = 20
    board.save()
    html = member.get(board.get_absolute_url()).content.decode()
    assert "需要閱讀權限 20，您的閱讀權限為 10。" in html and SECRET_TITLE not in html
    assert member.get(secret.get_absolute_url()).status_code == 403


def test_the_thread_page_query_count_stays_bounded_for_a_member(board, alice, bob, settings):
    settings.LUNTAN_POSTS_PER_PAGE = 5
    short = make_thread(board, alice, replies=2, repliers=[bob])
    long = make_thread(board, alice, replies=14, repliers=[bob, alice])
    reader = login(Client(), alice)
    reader.get("/")  # the day's first visit and cached groups out of the way
    counts = queries_per_page(
        reader,
        [short.get_absolute_url(), long.get_absolute_url(), f"{long.get_absolute_url()}?page=3"],
    )
    assert counts[0] == counts[1] == counts[2]
