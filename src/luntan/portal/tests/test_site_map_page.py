from django.urls import reverse

from luntan.boards.models import Board
from luntan.conftest import make_thread


def test_site_map_lists_groups_boards_and_their_newest_threads(client, demo_site, board, alice):
    sub = Board.objects.create(group=board.group, parent=board, name="通知公告")
    old = make_thread(board, alice, title="舊消息")
    new = make_thread(board, alice, title="新消息")
    notice = make_thread(sub, alice, title="停水通知")
    html = client.get(reverse("site-map")).content.decode()
    assert "<title>網站地圖 - 霍林河信息港</title>" in html
    assert "<h2>霍林河社區</h2>" in html
    assert html.index(">本地動態</a></h3>") < html.index(">通知公告</a></h3>")
    assert html.index(new.get_absolute_url()) < html.index(old.get_absolute_url())
    assert f'<a href="{notice.get_absolute_url()}">停水通知</a>' in html
    assert 'class="map-board sub-board"' in html
    assert '<a href="/page/about/">關於我們</a>' in html and 'href="/sitemap.xml"' in html


def test_site_map_shows_at_most_ten_threads_per_board(client, demo_site, board, alice):
    for n in range(12):
        make_thread(board, alice, title=f"主題{n:02d}")
    html = client.get(reverse("site-map")).content.decode()
    assert html.count('href="/thread/') == 10
    assert "主題11" in html and "主題01" not in html


def test_hidden_boards_and_their_threads_are_not_on_the_site_map(
    client, demo_site, board, alice, hidden_board
):
    make_thread(board, alice, title="公開主題")
    make_thread(hidden_board, alice, title="密室主題")
    html = client.get(reverse("site-map")).content.decode()
    assert "公開主題" in html
    assert "密室主題" not in html and "版主密室" not in html
