import re

import pytest
from django.urls import reverse

from luntan.conftest import make_thread
from luntan.posting.services import start_thread


def floors_on(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'id="floor-(\d+)"', html)]


@pytest.fixture
def long_thread(demo_site, board, alice, bob, settings):
    settings.LUNTAN_POSTS_PER_PAGE = 5
    return make_thread(board, alice, replies=11, repliers=[bob], title="霍林河冬季供暖")


def assert_light(html: str) -> None:
    assert "<script" not in html.lower()
    # One small stylesheet of its own (no inline <style>: the Content-Security-Policy).
    assert html.count('<link rel="stylesheet"') == 1
    assert 'archiver.css"' in html and "<style" not in html


def test_archiver_lists_board_groups_and_boards(client, long_thread, board):
    response = client.get(reverse("archiver"))
    html = response.content.decode()
    assert response.status_code == 200
    assert_light(html)
    assert "<h2>霍林河社區</h2>" in html
    assert f'<a href="{reverse("archiver-board", args=[board.pk])}">本地動態</a>' in html
    assert '查看完整版本：<a href="/">霍林河信息港</a>' in html


def test_archiver_board_page_lists_threads_with_pages_like_the_board_page(
    client, board, alice, demo_site, settings
):
    settings.LUNTAN_THREADS_PER_PAGE = 2
    for n in range(5):
        make_thread(board, alice, title=f"主題{n}")
    url = reverse("archiver-board", args=[board.pk])
    first, last = client.get(url).content.decode(), client.get(url + "?page=3").content.decode()
    assert_light(first)
    assert first.count('href="/archiver/thread/') == 2
    assert last.count('href="/archiver/thread/') == 1 and "主題0" in last
    assert f'href="{url}?page=3"' in first
    assert f'<link rel="canonical" href="http://testserver/board/{board.pk}/?page=3">' in last
    assert f'查看完整版本：<a href="/board/{board.pk}/?page=3">本地動態</a>' in last


def test_archiver_thread_shows_posts_by_floor_ranges_and_links_to_the_full_page(
    client, long_thread
):
    url = reverse("archiver-thread", args=[long_thread.pk])
    first = client.get(url).content.decode()
    third = client.get(url + "?page=3").content.decode()
    assert_light(third)
    assert floors_on(first) == [1, 2, 3, 4, 5]
    assert floors_on(third) == [11, 12]
    assert "<strong>樓主</strong> alice" in first and "第一樓的內容" in first
    full = f"/thread/{long_thread.pk}/?page=3"
    assert f'查看完整版本：<a href="{full}">霍林河冬季供暖</a>' in third
    assert f'<link rel="canonical" href="http://testserver{full}">' in third


@pytest.mark.parametrize("query", ["?page=4", "?page=0", "?page=-1", "?page=abc"])
def test_archiver_pages_out_of_range_are_404_not_500(client, long_thread, board, query):
    for url in (
        reverse("archiver-thread", args=[long_thread.pk]),
        reverse("archiver-board", args=[board.pk]) + ("?page=2" if query == "?page=4" else ""),
    ):
        target = url if "?" in url else url + query
        assert client.get(target).status_code == 404, target


def test_archiver_of_a_missing_board_or_thread_is_404(client, demo_site):
    assert client.get(reverse("archiver-board", args=[999])).status_code == 404
    response = client.get(reverse("archiver-thread", args=[999]))
    assert response.status_code == 404
    html = response.content.decode()
    assert "頁面不存在" in html
    assert 'rel="canonical"' not in html and '<meta name="robots" content="noindex">' in html


def test_member_markup_is_shown_sanitised_and_without_scripts(client, board, alice, demo_site):
    thread = start_thread(
        board=board,
        author=alice,
        title="<script>x</script>",
        body="<script>alert(1)</script>[b]粗[/b]",
    )
    html = client.get(reverse("archiver-thread", args=[thread.pk])).content.decode()
    assert_light(html)
    assert "&lt;script&gt;alert(1)&lt;/script&gt;<strong>粗</strong>" in html


def test_a_hidden_boards_threads_are_not_in_the_archiver(client, long_thread, hidden_board, alice):
    secret = make_thread(hidden_board, alice, title="密室主題")
    index = client.get(reverse("archiver")).content.decode()
    assert "版主密室" not in index and "站務" not in index
    assert client.get(reverse("archiver-board", args=[hidden_board.pk])).status_code == 404
    assert client.get(reverse("archiver-thread", args=[secret.pk])).status_code == 404


def test_full_pages_link_to_their_archiver_version_in_the_footer(client, long_thread, board):
    thread_page = client.get(long_thread.get_absolute_url() + "?page=2").content.decode()
    assert (
        f'<a href="/archiver/thread/{long_thread.pk}/?page=2" class="archiver-link">Archiver</a>'
        in thread_page
    )
    board_page = client.get(board.get_absolute_url()).content.decode()
    assert f'<a href="/archiver/board/{board.pk}/" class="archiver-link">Archiver</a>' in board_page
    index = client.get("/").content.decode()
    assert '<a href="/archiver/" class="archiver-link">Archiver</a>' in index


def test_a_filtered_thread_page_links_to_the_archivers_first_page(client, long_thread, alice):
    html = client.get(f"{long_thread.get_absolute_url()}?order=desc&page=2").content.decode()
    assert f'<a href="/archiver/thread/{long_thread.pk}/" class="archiver-link">' in html


def test_archiver_pages_carry_the_filing_numbers(client, long_thread):
    html = client.get(reverse("archiver-thread", args=[long_thread.pk])).content.decode()
    assert "蒙ICP備11001371號-1" in html and "code=15058102000003" in html
