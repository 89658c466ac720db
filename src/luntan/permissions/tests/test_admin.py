import pytest
from django.test import Client
from django.urls import reverse

from luntan.accounts.models import UserGroup
from luntan.accounts.querysets import group_of
from luntan.conftest import login
from luntan.permissions.models import BoardGrant

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(root) -> Client:
    return login(Client(), root)


def board_form(board, **extra) -> dict:
    data = {
        "group": board.group_id,
        "name": board.name,
        "position": 0,
        "read_level": 0,
        "thread_types-TOTAL_FORMS": 0,
        "thread_types-INITIAL_FORMS": 0,
        "grants-TOTAL_FORMS": 0,
        "grants-INITIAL_FORMS": 0,
    }
    data.update(extra)
    return data


def test_appointing_a_moderator_gives_the_moderator_title_and_removing_takes_it_back(
    admin_client, board, alice
):
    url = reverse("admin:boards_board_change", args=[board.pk])
    assert admin_client.post(url, board_form(board, moderators=[alice.pk])).status_code == 302
    alice.refresh_from_db()
    assert group_of(alice).name == "版主"
    assert admin_client.post(url, board_form(board)).status_code == 302
    alice.refresh_from_db()
    assert group_of(alice).name == "新手上路"


def test_board_grants_are_edited_on_the_board_page_as_default_allow_or_forbid(admin_client, board):
    guests = UserGroup.objects.get(name="游客")
    url = reverse("admin:boards_board_change", args=[board.pk])
    page = admin_client.get(url).content.decode()
    assert "默認" in page and "允許" in page and "禁止" in page
    grant_row = {
        "grants-TOTAL_FORMS": 1,
        "grants-0-group": guests.pk,
        "grants-0-view_board": "false",
        "grants-0-read": "unknown",
        "grants-0-start_thread": "unknown",
        "grants-0-reply": "unknown",
        "grants-0-upload": "unknown",
        "grants-0-download": "unknown",
    }
    assert admin_client.post(url, board_form(board, **grant_row)).status_code == 302
    grant = BoardGrant.objects.get(board=board)
    assert (grant.group, grant.view_board, grant.read) == (guests, False, None)


def test_every_groups_permissions_are_one_editable_table(admin_client):
    html = admin_client.get(reverse("admin:permissions_grouppermissions_changelist")).content
    html = html.decode()
    assert "游客" in html and "论坛元老" in html  # group names as the administrator wrote them
    assert html.count('name="form-') > 10
