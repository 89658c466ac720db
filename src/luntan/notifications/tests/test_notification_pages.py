"""What a member sees: the header's count on every page, the list, opening, settings, 订阅."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from luntan.conftest import login, make_thread, make_user
from luntan.notifications.models import Kind, Notification, NotificationSetting, ThreadWatch
from luntan.notifications.querysets import unread_count

pytestmark = pytest.mark.django_db


def header_count(html: str) -> str | None:
    marker = '<b class="notice-count">'
    if marker not in html:
        return None
    return html.split(marker, 1)[1].split("<", 1)[0]


def test_the_header_shows_each_reader_their_own_count_on_a_shared_page(
    board, alice, bob, reply, settings, client
):
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300
    thread = make_thread(board, alice)
    reply(thread, bob, "第一")
    reply(thread, bob, "第二")
    carol = make_user("carol")
    url = thread.get_absolute_url()
    # carol renders the members' page first; alice gets it from the cache, with her own count.
    assert header_count(login(client, carol).get(url).content.decode()) is None
    html = login(client, alice).get(url).content.decode()
    assert header_count(html) == "2"
    assert "\x00" not in html


def test_a_cached_count_costs_no_query(board, alice, bob, reply):
    thread = make_thread(board, alice)
    reply(thread, bob, "第一")
    assert unread_count(alice.pk) == 1
    with CaptureQueriesContext(connection) as queries:
        assert unread_count(alice.pk) == 1
    assert len(queries) == 0


def test_the_list_shows_unread_and_opening_one_reads_it(board, alice, bob, reply, alice_client):
    thread = make_thread(board, alice, title="停電通知")
    post = reply(thread, bob, "幾點來電？")
    html = alice_client.get(reverse("notifications")).content.decode()
    assert "停電通知" in html and 'class="notice unread"' in html
    notice = Notification.objects.get(recipient=alice)
    response = alice_client.get(reverse("notification-open", args=[notice.pk]))
    assert response.status_code == 302 and response["Location"] == post.get_absolute_url()
    assert unread_count(alice.pk) == 0
    html = alice_client.get(reverse("notifications")).content.decode()
    assert 'class="notice unread"' not in html and header_count(html) is None


def test_nobody_opens_someone_elses_notification(board, alice, bob, reply, bob_client):
    reply(make_thread(board, alice), bob, "回覆")
    notice = Notification.objects.get(recipient=alice)
    assert bob_client.get(reverse("notification-open", args=[notice.pk])).status_code == 404
    assert Notification.objects.get(pk=notice.pk).is_read is False


def test_mark_all_read(board, alice, bob, reply, alice_client):
    thread = make_thread(board, alice)
    reply(thread, bob, "一")
    reply(thread, bob, "二")
    response = alice_client.post(reverse("notifications-read"), follow=True)
    assert 'class="notice unread"' not in response.content.decode()
    assert unread_count(alice.pk) == 0
    assert alice_client.get(reverse("notifications-read")).status_code == 405


def test_a_thread_out_of_reach_since_shows_no_title(board, alice, bob, reply, alice_client):
    from luntan.threads.models import Thread

    thread = make_thread(board, alice, title="後來隱藏的主題")
    reply(thread, bob, "回覆")
    Thread.objects.filter(pk=thread.pk).update(read_level=200, author=None)
    html = alice_client.get(reverse("notifications")).content.decode()
    assert "後來隱藏的主題" not in html


def test_settings_are_saved_per_kind(alice, alice_client):
    url = reverse("notification-settings")
    data = {kind.value: "site" for kind in Kind} | {"reply": "off", "mention": "email"}
    assert alice_client.post(url, data).status_code == 302
    saved = dict(NotificationSetting.objects.filter(user=alice).values_list("kind", "delivery"))
    assert saved == {"reply": "off", "mention": "email"}
    html = alice_client.post(url, data | {"quote": "loud"}).content.decode()
    assert "errorlist" in html
    assert (
        dict(NotificationSetting.objects.filter(user=alice).values_list("kind", "delivery"))
        == saved
    )


def test_watching_from_the_thread_page_and_the_watch_list(board, alice, bob, bob_client):
    thread = make_thread(board, alice, title="二手房出租")
    page = bob_client.get(thread.get_absolute_url()).content.decode()
    assert reverse("thread-watch", args=[thread.pk]) in page
    bob_client.post(reverse("thread-watch", args=[thread.pk]))
    assert ThreadWatch.objects.filter(user=bob, thread=thread).exists()
    assert "二手房出租" in bob_client.get(reverse("watch-list")).content.decode()
    bob_client.post(
        reverse("thread-watch", args=[thread.pk]), {"action": "unwatch", "next": "watch-list"}
    )
    assert not ThreadWatch.objects.filter(user=bob, thread=thread).exists()


def test_a_thread_one_may_not_read_cannot_be_watched(board, alice, bob_client, bob):
    from luntan.threads.models import Thread

    thread = make_thread(board, alice)
    Thread.objects.filter(pk=thread.pk).update(read_level=200)
    assert bob_client.post(reverse("thread-watch", args=[thread.pk])).status_code == 403
    assert not ThreadWatch.objects.exists()


def test_guests_are_sent_to_log_in(client):
    for name in ("notifications", "notification-settings", "watch-list"):
        response = client.get(reverse(name))
        assert response.status_code == 302 and "login" in response["Location"]


def test_mention_autocomplete_offers_active_members_by_prefix(alice, bob_client):
    make_user("alex")
    make_user("alan", is_active=False)
    url = reverse("mention-members")
    assert bob_client.get(url, {"q": "al"}).json() == {"names": ["alex", "alice"]}
    assert bob_client.get(url, {"q": ""}).json() == {"names": []}
    assert Client().get(url, {"q": "al"}).status_code == 302
