import pytest
from django.urls import reverse

from luntan.threads.models import Post, Thread


def new_thread_url(board) -> str:
    return reverse("thread-new", args=[board.pk])


@pytest.mark.django_db
def test_member_starts_a_thread_with_a_type_and_lands_on_it(alice_client, board, alice):
    thread_type = board.thread_types.first()
    response = alice_client.post(
        new_thread_url(board),
        {
            "title": "  霍林河  冬季供暖通知 ",
            "thread_type": thread_type.pk,
            "body": "[b]供暖[/b]從 11 月開始",
            "client_token": "n1",
        },
    )
    thread = Thread.objects.get()
    assert response["Location"] == thread.get_absolute_url()
    assert thread.title == "霍林河 冬季供暖通知"
    assert thread.thread_type == thread_type
    first = Post.objects.get(thread=thread)
    assert (first.floor, first.author, first.html) == (
        1,
        alice,
        "<strong>供暖</strong>從 11 月開始",
    )
    page = alice_client.get(thread.get_absolute_url()).content.decode()
    assert "[本地動態]" in page and "樓主" in page


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("title", "message"),
    [
        ("", "請填寫標題"),
        ("   ", "請填寫標題"),
        ("標" * 81, "標題太長：最多 80 個字，現在是 81 個"),
    ],
)
def test_bad_title_is_refused_and_the_body_is_kept(alice_client, board, title, message):
    response = alice_client.post(
        new_thread_url(board),
        {"title": title, "body": "這段正文不能丟", "client_token": "t"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert message in html
    assert "這段正文不能丟" in html
    assert not Thread.objects.exists() and not Post.objects.exists()


@pytest.mark.django_db
def test_board_that_requires_a_type_refuses_a_thread_without_one(alice_client, board):
    board.requires_thread_type = True
    board.save()
    response = alice_client.post(
        new_thread_url(board), {"title": "沒有分類", "body": "正文內容", "client_token": "t"}
    )
    assert "本版塊發帖必須選擇主題分類" in response.content.decode()
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_type_from_another_board_is_refused(alice_client, board):
    from luntan.boards.models import Board, ThreadType

    other = Board.objects.create(group=board.group, name="二手交易")
    foreign = ThreadType.objects.create(board=other, name="出售")
    response = alice_client.post(
        new_thread_url(board),
        {"title": "借用分類", "thread_type": foreign.pk, "body": "正文內容", "client_token": "t"},
    )
    assert "請選擇本版塊的主題分類" in response.content.decode()
    assert not Thread.objects.exists()


@pytest.mark.django_db
def test_double_submitted_new_thread_creates_one_thread(alice_client, board):
    form = {"title": "只發一次的主題", "body": "正文內容", "client_token": "dup"}
    alice_client.post(new_thread_url(board), form)
    alice_client.post(new_thread_url(board), form)
    assert Thread.objects.count() == 1
    board.refresh_from_db()
    assert (board.thread_count, board.post_count) == (1, 1)


@pytest.mark.django_db
def test_guest_opening_the_new_thread_form_is_sent_to_log_in(client, board):
    response = client.get(new_thread_url(board))
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.django_db
def test_new_thread_in_unknown_board_is_a_chinese_404(alice_client):
    response = alice_client.get(reverse("thread-new", args=[999]))
    assert response.status_code == 404
    assert "頁面不存在" in response.content.decode()
