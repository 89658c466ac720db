"""举报: a member reports a post once, with a reason from the operator's list; the board's
moderators work the reports; nobody can report faster than the hourly limit."""

import pytest
from django.test import Client, override_settings
from django.urls import reverse

from luntan.accounts.tests.pages import text_of
from luntan.boards.models import Board
from luntan.conftest import login, make_thread, make_user
from luntan.permissions.tests.defaults import hide_from_all_but_staff
from luntan.safety.models import Report, ReportReason
from luntan.threads.models import Post

pytestmark = pytest.mark.django_db
QUEUE = reverse("report-queue")


@pytest.fixture
def post(board, alice) -> Post:
    thread = make_thread(board, alice, replies=1)
    return Post.objects.get(thread=thread, floor=2)


def report(client: Client, post: Post, reason: str = "广告垃圾", text: str = ""):
    reason_pk = ReportReason.objects.get(name=reason).pk
    return client.post(reverse("post-report", args=[post.pk]), {"reason": reason_pk, "text": text})


def test_every_post_offers_a_report_link(post, bob_client):
    page = bob_client.get(post.thread.get_absolute_url()).content.decode()
    assert reverse("post-report", args=[post.pk]) in page


def test_a_member_reports_a_post_and_lands_back_on_it(post, bob, bob_client):
    response = report(bob_client, post, text="賣假貨的廣告")
    assert response["Location"] == post.get_absolute_url()
    saved = Report.objects.get()
    assert (saved.post, saved.reporter, saved.reason, saved.text, saved.board_id) == (
        post, bob, "广告垃圾", "賣假貨的廣告", post.thread.board_id
    )  # fmt: skip


def test_the_same_member_cannot_report_the_same_post_twice(post, bob_client):
    report(bob_client, post)
    response = report(bob_client, post, reason="恶意灌水")
    assert response.status_code == 200
    assert "已經舉報過" in text_of(response) or "已经举报过" in text_of(response)
    assert Report.objects.count() == 1


def test_a_reason_from_the_list_is_required_and_the_text_is_kept(post, bob_client):
    response = bob_client.post(
        reverse("post-report", args=[post.pk]), {"reason": "", "text": "我寫的說明"}
    )
    assert response.status_code == 200
    assert "我寫的說明" in response.content.decode()
    assert not Report.objects.exists()


@override_settings(LUNTAN_REPORTS_PER_HOUR=2)
def test_reports_are_rate_limited(board, alice, bob_client):
    thread = make_thread(board, alice, replies=3)
    posts = list(Post.objects.filter(thread=thread).order_by("floor"))
    for post in posts[:2]:
        assert report(bob_client, post).status_code == 302
    response = report(bob_client, posts[2])
    assert response.status_code == 200
    assert "2" in text_of(response) and Report.objects.count() == 2


def test_own_posts_deleted_posts_and_guests_cannot_report(post, alice_client, bob_client, client):
    assert report(alice_client, post).status_code == 403
    assert report(client, post).status_code == 302  # to the login page
    Post.objects.filter(pk=post.pk).update(is_deleted=True)
    assert report(bob_client, post).status_code == 404
    assert not Report.objects.exists()


def test_a_post_the_member_cannot_read_cannot_be_reported(board, post, bob_client):
    hide_from_all_but_staff(board)
    assert report(bob_client, post).status_code in (403, 404)
    assert not Report.objects.exists()


def test_the_boards_moderators_see_and_handle_reports(board, post, bob_client, mod):
    report(bob_client, post, text="賣假貨的廣告")
    mod_client = login(Client(), mod)
    assert "賣假貨的廣告" in text_of(mod_client.get(QUEUE))

    other = Board.objects.create(group=board.group, name="別的版塊")
    stranger = make_user("othermod")
    other.moderators.add(stranger)
    stranger_client = login(Client(), stranger)
    assert "賣假貨的廣告" not in text_of(stranger_client.get(QUEUE))
    stranger_client.post(reverse("report-handle"), {"report": [Report.objects.get().pk]})
    assert Report.objects.get().status == Report.Status.OPEN

    mod_client.post(reverse("report-handle"), {"report": [Report.objects.get().pk]})
    assert Report.objects.get().status == Report.Status.HANDLED
    assert "賣假貨的廣告" not in text_of(mod_client.get(QUEUE))


def test_members_who_moderate_nothing_are_refused_the_queue(bob_client):
    assert bob_client.get(QUEUE).status_code == 403
