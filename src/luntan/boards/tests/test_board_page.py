import re
from datetime import timedelta

import pytest
from django.utils import timezone

from luntan.conftest import make_thread
from luntan.threads.models import Thread


def titles_on(html: str) -> list[str]:
    return re.findall(r'class="thread-title" href="[^"]+"[^>]*>([^<]+)<', html)


@pytest.fixture
def threads(db, board, alice, settings):
    settings.LUNTAN_THREADS_PER_PAGE = 3
    made = [make_thread(board, alice, title=f"主題{n}") for n in range(1, 6)]
    base = timezone.now() - timedelta(days=10)
    for n, thread in enumerate(made):
        # created in order 1..5, but replied to in the opposite order
        Thread.objects.filter(pk=thread.pk).update(
            created_at=base + timedelta(hours=n), last_post_at=base + timedelta(days=5 - n)
        )
    return made


@pytest.mark.django_db
def test_sticky_threads_come_first_then_by_last_reply(client, board, threads):
    Thread.objects.filter(pk=threads[4].pk).update(sticky=1)
    html = client.get(board.get_absolute_url()).content.decode()
    assert titles_on(html) == ["主題5", "主題1", "主題2"]
    assert "頂" in html


@pytest.mark.django_db
def test_sort_by_created_time_lists_newest_threads_first(client, board, threads):
    html = client.get(board.get_absolute_url() + "?order=created").content.decode()
    assert titles_on(html) == ["主題5", "主題4", "主題3"]


@pytest.mark.django_db
def test_board_pages_and_page_jump_box(client, board, threads):
    html = client.get(board.get_absolute_url()).content.decode()
    assert 'href="?page=2"' in html and 'name="page"' in html and "/ 2 頁" in html
    page2 = client.get(board.get_absolute_url() + "?page=2").content.decode()
    assert titles_on(page2) == ["主題4", "主題5"]
    assert client.get(board.get_absolute_url() + "?page=3").status_code == 404


@pytest.mark.django_db
def test_type_tabs_filter_the_list(client, board, threads):
    news = board.thread_types.get(name="社會新聞")
    Thread.objects.filter(pk=threads[2].pk).update(thread_type=news)
    html = client.get(f"{board.get_absolute_url()}?type={news.pk}").content.decode()
    assert titles_on(html) == ["主題3"]
    assert "[社會新聞]" in html
    assert client.get(f"{board.get_absolute_url()}?type=9999").status_code == 404


@pytest.mark.django_db
def test_rows_show_type_author_time_counts_and_last_reply(client, board, threads):
    html = client.get(board.get_absolute_url()).content.decode()
    row = html[html.index("主題1") - 400 : html.index("主題1") + 900]
    assert "[本地動態]" in row
    assert '<span class="author-name">alice</span>' in row
    assert '<span class="replies">0</span> / <span class="views">0</span>' in row
    assert '<span class="last-poster">alice</span>' in row


@pytest.mark.django_db
def test_post_button_leads_guests_to_log_in_and_members_to_the_form(client, alice_client, board):
    guest = client.get(board.get_absolute_url()).content.decode()
    member = alice_client.get(board.get_absolute_url()).content.decode()
    assert f"/accounts/login/?next=/board/{board.pk}/new/" in guest
    assert f'href="/board/{board.pk}/new/"' in member and "發帖" in member


@pytest.mark.django_db
def test_unknown_board_is_a_chinese_404(client, db):
    response = client.get("/board/31337/")
    assert response.status_code == 404
    assert "頁面不存在" in response.content.decode()


@pytest.mark.django_db
def test_credit_rules_page_is_reachable_from_the_board(client, board):
    html = client.get(board.get_absolute_url()).content.decode()
    assert f"/board/{board.pk}/rules/" in html
    rules = client.get(f"/board/{board.pk}/rules/").content.decode()
    assert "本版積分規則" in rules
