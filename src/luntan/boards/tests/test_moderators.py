import pytest
from django.urls import reverse

from luntan.conftest import make_thread
from luntan.threads.models import Post


def _edit_page_status(client, post: Post) -> int:
    return client.get(reverse("post-edit", args=[post.pk])).status_code


@pytest.mark.django_db
def test_a_member_made_moderator_may_edit_others_posts_on_the_next_page(
    board, alice, bob, bob_client
):
    post = Post.objects.get(thread=make_thread(board, alice), floor=1)
    assert _edit_page_status(bob_client, post) == 403  # also fills the moderators cache

    board.moderators.add(bob)
    assert _edit_page_status(bob_client, post) == 200


@pytest.mark.django_db
def test_a_moderator_removed_from_the_board_may_no_longer_edit_others_posts(
    board, alice, bob, bob_client
):
    board.moderators.add(bob)
    post = Post.objects.get(thread=make_thread(board, alice), floor=1)
    assert _edit_page_status(bob_client, post) == 200

    board.moderators.clear()
    assert _edit_page_status(bob_client, post) == 403


@pytest.mark.django_db
def test_moderators_set_from_the_member_side_take_effect_at_once(board, alice, bob, bob_client):
    post = Post.objects.get(thread=make_thread(board, alice), floor=1)
    assert _edit_page_status(bob_client, post) == 403

    bob.moderated_boards.set([board])
    assert _edit_page_status(bob_client, post) == 200
