"""编辑时限: a member may edit their own post for LUNTAN_EDIT_MINUTES after posting; the page stops
offering it when the service starts refusing it, even a page served from the members' cache."""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse

from luntan.conftest import FIXED_NOW, login, make_thread

pytestmark = pytest.mark.django_db


@pytest.fixture
def thirty_minutes(settings):
    settings.LUNTAN_EDIT_MINUTES = 30
    settings.LUNTAN_PAGE_CACHE_SECONDS = 300


def test_the_edit_link_and_the_edit_end_together_when_the_window_closes(
    clock, thirty_minutes, board, alice, mod
):
    thread = make_thread(board, alice)
    first = thread.posts.get(floor=1)
    link = f'href="/post/{first.pk}/edit/"'
    author = login(Client(), alice)
    clock.move_to(FIXED_NOW + timedelta(minutes=29))
    assert link in author.get(thread.get_absolute_url()).content.decode()

    clock.move_to(FIXED_NOW + timedelta(minutes=31))
    assert link not in author.get(thread.get_absolute_url()).content.decode()  # cached page
    refused = author.post(reverse("post-edit", args=[first.pk]), {"body": "太晚的修改"})
    assert refused.status_code == 403
    assert "發帖 30 分鐘後不能再編輯" in refused.content.decode()
    first.refresh_from_db()
    assert first.body == "第一樓的內容"

    moderator = login(Client(), mod)
    assert link in moderator.get(thread.get_absolute_url()).content.decode()
    response = moderator.post(
        reverse("post-edit", args=[first.pk]), {"title": "版主改", "body": "版主的修改"}
    )
    assert response.status_code == 302


def test_without_a_limit_authors_edit_whenever_they_like(clock, settings, board, alice):
    settings.LUNTAN_EDIT_MINUTES = 0
    thread = make_thread(board, alice)
    first = thread.posts.get(floor=1)
    clock.move_to(FIXED_NOW + timedelta(days=400))
    author = login(Client(), alice)
    assert (
        f'href="/post/{first.pk}/edit/"' in author.get(thread.get_absolute_url()).content.decode()
    )
