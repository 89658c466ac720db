"""收藏: threads and boards kept from their pages, listed for the member and on their page."""

import pytest
from django.urls import reverse

from luntan.conftest import login, make_thread, make_user
from luntan.favourites.models import Favourite
from luntan.threads.models import Thread

pytestmark = pytest.mark.django_db


def test_a_thread_and_a_board_are_kept_once_and_listed(board, alice, bob, bob_client):
    thread = make_thread(board, alice, title="租房信息匯總")
    assert (
        reverse("thread-favourite", args=[thread.pk])
        in bob_client.get(thread.get_absolute_url()).content.decode()
    )
    assert (
        reverse("board-favourite", args=[board.pk])
        in bob_client.get(board.get_absolute_url()).content.decode()
    )
    for _ in range(2):
        bob_client.post(reverse("thread-favourite", args=[thread.pk]))
        bob_client.post(reverse("board-favourite", args=[board.pk]))
    assert Favourite.objects.filter(user=bob).count() == 2
    mine = bob_client.get(reverse("favourites")).content.decode()
    assert "租房信息匯總" in mine and "本地動態" in mine
    member_page = login(bob_client, alice).get(reverse("member", args=[bob.pk])).content.decode()
    assert "租房信息匯總" in member_page


def test_removing_a_favourite(board, alice, bob, bob_client):
    thread = make_thread(board, alice)
    bob_client.post(reverse("thread-favourite", args=[thread.pk]))
    bob_client.post(
        reverse("thread-favourite", args=[thread.pk]), {"action": "remove", "next": "favourites"}
    )
    assert not Favourite.objects.exists()


def test_a_favourite_the_reader_may_not_read_is_not_shown(board, alice, bob, bob_client, client):
    thread = make_thread(board, alice, title="後來加密的主題")
    bob_client.post(reverse("thread-favourite", args=[thread.pk]))
    Thread.objects.filter(pk=thread.pk).update(read_level=200)
    html = login(client, make_user("carol")).get(reverse("member", args=[bob.pk])).content.decode()
    assert "後來加密的主題" not in html
    assert bob_client.post(reverse("thread-favourite", args=[thread.pk])).status_code == 403


def test_guests_cannot_keep_favourites(board, alice, client):
    thread = make_thread(board, alice)
    response = client.post(reverse("thread-favourite", args=[thread.pk]))
    assert response.status_code == 302 and "login" in response["Location"]
    assert client.get(reverse("thread-favourite", args=[thread.pk])).status_code in (302, 405)
    assert not Favourite.objects.exists()


def test_a_recount_changes_nothing_after_favourites_watches_profiles_and_visits(
    board, alice, bob, bob_client
):
    from django.core.management import call_command

    from luntan.accounts.models import User

    thread = make_thread(board, alice)
    bob_client.post(reverse("thread-favourite", args=[thread.pk]))
    bob_client.post(reverse("board-favourite", args=[board.pk]))
    bob_client.post(reverse("thread-watch", args=[thread.pk]))
    bob_client.post(
        reverse("profile-edit"),
        {
            "gender_visibility": "public",
            "birthday_visibility": "self",
            "location": "新區",
            "location_visibility": "members",
            "bio_visibility": "public",
        },
    )
    bob_client.get("/")

    def snapshot():
        return (
            list(User.objects.order_by("pk").values_list("post_count", "thread_count", "credits")),
            list(Thread.objects.values_list("reply_count", "last_floor", "view_count")),
        )

    before = snapshot()
    call_command("recount_forum", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("recount_credits", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert snapshot() == before
