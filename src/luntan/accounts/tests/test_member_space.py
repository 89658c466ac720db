"""个人空间: a member's page shows who they are and what the reader may read of theirs; the
member chooses who sees each private field."""

import pytest
from django.test import Client
from django.urls import reverse

from luntan.accounts.models import Profile
from luntan.conftest import login, make_thread, make_user
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Thread

pytestmark = pytest.mark.django_db


def test_the_page_lists_the_members_threads_and_replies_the_reader_may_read(
    board, alice, bob, client
):
    public = make_thread(board, alice, title="公開主題")
    secret = make_thread(board, alice, title="加密主題")
    Thread.objects.filter(pk=secret.pk).update(read_level=200)
    reply_to_thread(
        thread=make_thread(board, bob, title="別人的主題"), author=alice, body="我的回覆"
    )
    reply_to_thread(
        thread=Thread.objects.select_related("board").get(pk=secret.pk),
        author=alice,
        body="秘密回覆",
    )
    html = login(client, bob).get(reverse("member", args=[alice.pk])).content.decode()
    assert "公開主題" in html and "別人的主題" in html
    assert "加密主題" not in html
    assert public.get_absolute_url() in html


def test_each_private_field_is_shown_only_to_whom_the_member_chose(alice, bob, client):
    form = {
        "gender": "f",
        "gender_visibility": "public",
        "birthday": "1990-05-04",
        "birthday_visibility": "self",
        "location": "珠斯花街道",
        "location_visibility": "members",
        "bio": "愛好攝影",
        "bio_visibility": "public",
    }
    owner = login(Client(), alice)
    assert owner.post(reverse("profile-edit"), form).status_code == 302
    url = reverse("member", args=[alice.pk])
    guest = Client().get(url).content.decode()
    member = login(client, bob).get(url).content.decode()
    mine = owner.get(url).content.decode()
    assert "愛好攝影" in guest and "珠斯花街道" not in guest and "1990" not in guest
    assert "珠斯花街道" in member and "1990" not in member
    assert "1990" in mine


def test_the_signature_shows_on_the_member_page_for_everyone(alice, client):
    owner = login(Client(), alice)
    assert owner.post(reverse("signature"), {"signature": "生活在草原"}).status_code == 302
    assert "生活在草原" in client.get(reverse("member", args=[alice.pk])).content.decode()


def test_an_impossible_birthday_is_explained_and_nothing_saved(alice):
    owner = login(Client(), alice)
    html = owner.post(
        reverse("profile-edit"),
        {
            "birthday": "2999-01-01",
            "gender_visibility": "public",
            "birthday_visibility": "self",
            "location_visibility": "members",
            "bio_visibility": "public",
        },
    ).content.decode()
    assert "請填寫真實的生日" in html
    assert not Profile.objects.filter(birthday__isnull=False).exists()


def test_a_guest_is_sent_to_log_in_to_edit(client):
    response = client.get(reverse("profile-edit"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_member_page_of_someone_inactive_is_a_404(client):
    gone = make_user("gone", is_active=False)
    assert client.get(reverse("member", args=[gone.pk])).status_code == 404
