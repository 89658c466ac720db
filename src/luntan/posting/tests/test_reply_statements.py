"""What one reply costs the database, pinned: a change that adds a statement to the busiest write
(most of them inside the thread's row lock) has to change these numbers on purpose."""

import pytest
from django.urls import reverse

from luntan.conftest import make_thread
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Post


@pytest.mark.django_db
def test_a_reply_is_eleven_statements_from_lock_to_commit(
    board, alice, bob, django_assert_max_num_queries
):
    thread = make_thread(board, alice, replies=1, repliers=[bob])
    # Begin, lock member and balance, balance, member (counters and credits at once); then
    # under the thread's lock: lock the thread, board, thread, post, credit log, the search
    # queue's row (in the transaction, so a reply can never miss the index), commit.
    with django_assert_max_num_queries(11):
        post = reply_to_thread(thread=thread, author=bob, body="再來一條回覆")
    assert post.floor == 3


@pytest.mark.django_db
def test_a_reply_over_http_reads_only_the_member_and_the_thread_besides(
    board, alice, bob, bob_client, django_assert_max_num_queries
):
    thread = make_thread(board, alice)
    url = reverse("thread-reply", args=[thread.pk])
    bob_client.post(url, {"body": "今天的第一條回覆", "client_token": "first"})
    # The session (in the database under the test settings), the member, the thread, then the
    # reply's eleven.
    with django_assert_max_num_queries(14):
        response = bob_client.post(url, {"body": "網頁上的回覆", "client_token": "second"})
    assert response.status_code == 302
    assert Post.objects.filter(thread=thread).count() == 3
