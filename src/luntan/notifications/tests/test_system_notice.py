"""The operator's 系统提醒 reaches every active member, and only members of a chosen group."""

import pytest
from django.urls import reverse

from luntan.accounts.models import UserGroup
from luntan.conftest import login, make_user
from luntan.notifications.models import Kind, Notification, SystemNotice

pytestmark = pytest.mark.django_db


def test_a_notice_added_in_the_admin_reaches_every_active_member(
    root, alice, bob, client, django_capture_on_commit_callbacks
):
    make_user("gone", is_active=False)
    login(client, root)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:notifications_systemnotice_add"), {"text": "明晚停水，請提前儲水。"}
        )
    assert response.status_code == 302
    told = set(
        Notification.objects.filter(kind=Kind.SYSTEM).values_list("recipient__username", flat=True)
    )
    assert told == {"alice", "bob", "root"}
    assert SystemNotice.objects.get().sent_count == 3
    html = login(client, alice).get(reverse("notifications")).content.decode()
    assert "明晚停水" in html


def test_a_notice_for_one_group_reaches_only_its_members(alice, bob):
    from luntan.notifications.services import send_system_notice

    vip = UserGroup.objects.create(name="VIP", kind=UserGroup.Kind.SPECIAL)
    alice.group = vip
    alice.save(update_fields=["group"])
    notice = SystemNotice.objects.create(text="VIP 專屬活動", group=vip)
    assert send_system_notice(notice) == 1
    assert list(Notification.objects.values_list("recipient", flat=True)) == [alice.pk]
