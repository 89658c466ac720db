import pytest
from django.utils import timezone

from luntan.boards.models import Board
from luntan.conftest import make_thread, make_user
from luntan.posting.services import reply_to_thread


@pytest.mark.django_db
def test_index_lists_groups_and_boards_with_totals_today_and_last_post(client, board, alice, bob):
    thread = make_thread(board, alice, replies=2, repliers=[bob], title="今日新帖")
    Board.objects.create(group=board.group, name="二手交易")
    html = client.get("/").content.decode()
    assert "霍林河社區" in html and "本地動態" in html and "二手交易" in html
    row = html[html.index("本地動態") : html.index("二手交易")]
    assert '<span class="thread-total">1</span> / <span class="post-total">3</span>' in row
    assert "(今日: 3)" in row
    assert thread.title in row and '<span class="last-poster">bob</span>' in row


@pytest.mark.django_db
def test_stats_line_counts_today_yesterday_posts_members_and_greets_the_newest(
    clock, client, board, alice
):
    thread = make_thread(board, alice)
    yesterday = timezone.localtime().replace(hour=12) - timezone.timedelta(days=1)
    reply_to_thread(thread=thread, author=alice, body="昨天的回覆", created_at=yesterday)
    make_user("newcomer")
    html = client.get("/").content.decode()
    assert "今日: <em>1</em>" in html
    assert "昨日: <em>1</em>" in html
    assert "帖子: <em>2</em>" in html
    assert "會員: <em>2</em>" in html
    assert "歡迎新會員" in html and "newcomer" in html


@pytest.mark.django_db
def test_board_moderators_are_shown_on_the_index(client, board, mod):
    html = client.get("/").content.decode()
    assert "版主" in html and ">mod</a>" in html


@pytest.mark.django_db
def test_a_board_whose_last_thread_a_guest_cannot_read_shows_them_no_last_post(
    client, alice_client, board, alice, bob
):
    thread = make_thread(board, alice, replies=1, repliers=[bob], title="會員才能看")
    Board.objects.filter(pk=board.pk).update(read_level=20)  # 游客 read 0, 新手上路 10
    guest_row = client.get("/").content.decode().split("本地動態", 1)[1]
    guest_cell = guest_row.split('<td class="last-post">', 1)[1].split("</td>", 1)[0]
    assert thread.title not in guest_cell and "bob" not in guest_cell and "<time" not in guest_cell
    assert "從未" not in guest_cell  # there are posts: it is not "never"
    Board.objects.filter(pk=board.pk).update(read_level=0)
    member_row = alice_client.get("/").content.decode().split("本地動態", 1)[1]
    assert thread.title in member_row and '<span class="last-poster">bob</span>' in member_row


@pytest.mark.django_db
def test_todays_posts_start_at_midnight_in_shanghai(clock, client, board, alice):
    from datetime import UTC, datetime

    clock.move_to(datetime(2026, 12, 31, 15, 50, tzinfo=UTC))  # 23:50 on 31 December there
    thread = make_thread(board, alice)
    assert "今日: <em>1</em>" in client.get("/").content.decode()
    clock.move_to(datetime(2026, 12, 31, 16, 10, tzinfo=UTC))  # 00:10 on 1 January there
    reply_to_thread(thread=thread, author=alice, body="新年第一帖")
    html = client.get("/").content.decode()
    assert "今日: <em>1</em>" in html and "昨日: <em>1</em>" in html
