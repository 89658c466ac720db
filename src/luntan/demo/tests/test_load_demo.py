import io

import pytest
from django.core.management import call_command

from luntan.boards.models import Board
from luntan.threads.models import Thread

ARTICLE_TITLE = "郝茂榮一行調研通遼北部區域經濟社會發展情況"


@pytest.fixture
def demo(db):
    call_command("load_demo", stdout=io.StringIO())


def test_demo_has_the_portal_boards_in_traditional_chinese(demo, client):
    names = list(Board.objects.values_list("name", flat=True))
    assert names == ["本地動態", "生活服務", "二手交易", "招聘求職", "房產信息"]
    html = client.get("/").content.decode()
    assert "霍林河信息港" in html and all(name in html for name in names)


def test_demo_article_is_the_reference_thread(demo, client):
    thread = Thread.objects.get(title=ARTICLE_TITLE)
    html = client.get(thread.get_absolute_url()).content.decode()
    assert "[本地動態]" in html
    assert "發表於 <time" in html and "2017-2-10 05:55:02" in html
    assert '<span class="view-count">86982</span>' in html  # 86981 stored + this view
    assert "2月7至8日,通遼市委副書記" in html


def test_demo_is_big_enough_to_show_board_and_thread_pagination(demo, client):
    board = Board.objects.get(name="本地動態")
    assert 'class="next"' in client.get(board.get_absolute_url()).content.decode()
    article = Thread.objects.get(title=ARTICLE_TITLE)
    assert 'class="next"' in client.get(article.get_absolute_url()).content.decode()


def test_loading_the_demo_twice_changes_nothing(demo):
    before = (Board.objects.count(), Thread.objects.count())
    call_command("load_demo", stdout=io.StringIO())
    assert (Board.objects.count(), Thread.objects.count()) == before
