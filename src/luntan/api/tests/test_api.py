"""The JSON API as a member's script and a guest see it: same permissions and rules as the pages,
clear JSON errors with the right status, never a 500."""

import json
from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from luntan.api.models import AccessToken, digest_of
from luntan.api.services import create_token
from luntan.conftest import make_thread
from luntan.permissions.tests.defaults import hide_from_all_but_staff, restore_defaults
from luntan.threads.models import Thread

API = "/api/v1"


@pytest.fixture(autouse=True)
def _seeded(db):
    restore_defaults()


@pytest.fixture
def alice_token(alice) -> str:
    return create_token(user=alice, name="發帖腳本", days=30)[1]


def call(
    client: Client, method: str, path: str, token: str | None = None, language="zh-hans", **data
):
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    if token:
        headers["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    body = json.dumps(data) if data else None
    response = getattr(client, method)(
        API + path, data=body, content_type="application/json", **headers
    )
    assert response["Content-Type"].startswith("application/json"), response.content[:200]
    return response.status_code, response.json()


def test_a_guest_reads_boards_threads_and_posts(client, board, alice, bob):
    thread = make_thread(board, alice, replies=2, repliers=[bob], title="霍林河停水通知")

    status, boards = call(client, "get", "/boards")
    assert status == 200
    assert [(b["name"], b["group"], b["thread_count"]) for b in boards] == [
        ("本地動態", "霍林河社區", 1)
    ]
    status, listing = call(client, "get", f"/boards/{board.pk}/threads")
    assert [t["title"] for t in listing["threads"]] == ["霍林河停水通知"]
    assert listing["threads"][0]["reply_count"] == 2
    status, page = call(client, "get", f"/threads/{thread.pk}/posts")
    assert status == 200
    assert [(p["floor"], p["author"]) for p in page["posts"]] == [
        (1, "alice"),
        (2, "bob"),
        (3, "bob"),
    ]
    # The text in the script the caller asked for (Accept-Language: zh-hans).
    assert page["posts"][0]["html"] == "第一楼的内容"


def test_a_hidden_board_is_invisible_to_guests_and_visible_to_staff(client, board, alice, root):
    make_thread(board, alice)
    hide_from_all_but_staff(board)
    assert call(client, "get", "/boards")[1] == []
    status, error = call(client, "get", f"/boards/{board.pk}/threads")
    assert status == 404
    assert "不存在" in error["detail"]
    staff_token = create_token(user=root, name="管理", days=None)[1]
    assert [b["name"] for b in call(client, "get", "/boards", staff_token)[1]] == ["本地動態"]


def test_a_thread_above_the_readers_level_says_why_with_403(client, board, alice):
    thread = make_thread(board, alice)
    Thread.objects.filter(pk=thread.pk).update(read_level=200)
    status, error = call(client, "get", f"/threads/{thread.pk}")
    assert status == 403
    assert "阅读权限" in error["detail"]


def test_a_member_starts_a_thread_and_replies_with_a_token(client, board, alice, alice_token):
    status, thread = call(
        client, "post", f"/boards/{board.pk}/threads", alice_token, title="出售沙發", body="九成新"
    )
    assert status == 201
    assert (thread["title"], thread["author"]) == ("出售沙發", "alice")
    status, post = call(
        client, "post", f"/threads/{thread['id']}/replies", alice_token, body="頂一下"
    )
    assert status == 201
    assert post["floor"] == 2
    alice.refresh_from_db()
    assert (alice.thread_count, alice.post_count) == (1, 2)
    assert client.get(reverse("thread", args=[thread["id"]])).status_code == 200


def test_writing_needs_a_valid_token(client, board, alice, alice_token):
    thread = make_thread(board, alice)
    assert call(client, "post", f"/threads/{thread.pk}/replies", body="頂一下")[0] == 401
    status, error = call(client, "post", f"/threads/{thread.pk}/replies", "lt_forged", body="頂")
    assert status == 401
    assert "令牌" in error["detail"]
    # A session is not a token: a logged-in browser cannot be made to post through the API.
    client.force_login(alice)
    assert call(client, "post", f"/threads/{thread.pk}/replies", body="頂一下")[0] == 401
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


def test_a_revoked_or_expired_token_stops_working(client, alice, alice_token):
    assert call(client, "get", "/me", alice_token) == (
        200,
        call(client, "get", "/me", alice_token)[1],
    )
    token = AccessToken.objects.get(digest=digest_of(alice_token))
    token.expires_at = timezone.now() - timedelta(seconds=1)
    token.save()
    assert call(client, "get", "/me", alice_token)[0] == 401
    token.expires_at = None
    token.revoked_at = timezone.now()
    token.save()
    assert call(client, "get", "/me", alice_token)[0] == 401


def test_a_token_acts_only_as_its_member(client, board, alice, bob, alice_token):
    bob_token = create_token(user=bob, name="bob", days=None)[1]
    assert call(client, "get", "/me", alice_token)[1]["username"] == "alice"
    assert call(client, "get", "/me", bob_token)[1]["username"] == "bob"
    bob.is_active = False
    bob.save()
    assert call(client, "get", "/me", bob_token)[0] == 401


def test_posting_rules_apply_as_on_the_pages(client, board, alice, alice_token, settings):
    thread = make_thread(board, alice)
    status, error = call(client, "post", f"/threads/{thread.pk}/replies", alice_token, body="頂")
    assert (status, error["detail"]) == (422, "字段 body 太短：至少需要 2 个字。")
    Thread.objects.filter(pk=thread.pk).update(is_closed=True)
    status, error = call(
        client, "post", f"/threads/{thread.pk}/replies", alice_token, body="頂一下"
    )
    assert status == 403
    assert "关闭" in error["detail"] or "關閉" in error["detail"]
    Thread.objects.filter(pk=thread.pk).update(is_closed=False)
    settings.LUNTAN_POST_INTERVAL = 60
    assert (
        call(client, "post", f"/threads/{thread.pk}/replies", alice_token, body="第一次")[0] == 201
    )
    status, error = call(
        client, "post", f"/threads/{thread.pk}/replies", alice_token, body="第二次"
    )
    assert status == 429
    assert "60" in error["detail"]
    assert Thread.objects.get(pk=thread.pk).reply_count == 1


def test_bad_requests_get_clear_json_errors(client, board, alice, alice_token, settings):
    thread = make_thread(board, alice)
    url = f"{API}/threads/{thread.pk}/replies"
    auth = {"HTTP_AUTHORIZATION": f"Bearer {alice_token}", "HTTP_ACCEPT_LANGUAGE": "zh-hans"}
    malformed = client.post(url, data="{body:", content_type="application/json", **auth)
    assert (malformed.status_code, malformed.json()["detail"]) == (400, "请求内容不是有效的 JSON。")
    wrong_type = client.post(url, data='{"body": 12}', content_type="application/json", **auth)
    assert (wrong_type.status_code, wrong_type.json()["detail"]) == (
        422,
        "字段 body 的值或类型不正确。",
    )
    unknown = client.post(
        url, data='{"body": "頂一下", "author_id": 1}', content_type="application/json", **auth
    )
    assert (unknown.status_code, unknown.json()["detail"]) == (422, "不认识的字段 author_id。")
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    too_big = client.post(
        url, data=json.dumps({"body": "長" * 2000}), content_type="application/json", **auth
    )
    assert (too_big.status_code, too_big.json()["detail"]) == (413, "请求内容太大。")
    assert Thread.objects.get(pk=thread.pk).reply_count == 0


@pytest.mark.parametrize("value", ["0", "-1", "99999999999999999999", "1e3", "²", "x" * 5000])
def test_crafted_ids_and_pages_are_answered_never_a_500(client, board, value):
    for path in (
        f"/boards/{value}",
        f"/threads/{value}/posts",
        f"/boards/{board.pk}/threads?page={value}",
    ):
        response = client.get(API + path)
        assert response.status_code in (404, 422), (path, response.status_code)
        assert "detail" in response.json()


def test_the_openapi_schema_is_served(client, db):
    schema = client.get(f"{API}/openapi.json").json()
    assert schema["openapi"].startswith("3.")
    assert {"/api/v1/boards", "/api/v1/threads/{thread_id}/replies"} <= set(schema["paths"])


def test_the_token_page_shows_a_new_token_once_and_revokes(client, alice):
    client.force_login(alice)
    created = client.post(reverse("api-tokens"), {"name": "手機客戶端", "days": "90"})
    secret = created.context["new_secret"]
    assert secret in created.content.decode()
    token = AccessToken.objects.get(user=alice)
    assert token.digest == digest_of(secret) and secret not in token.digest
    assert secret not in client.get(reverse("api-tokens")).content.decode()
    assert call(client, "get", "/me", secret)[0] == 200
    client.post(reverse("api-token-revoke", args=[token.pk]))
    assert call(client, "get", "/me", secret)[0] == 401


def test_a_member_cannot_revoke_anothers_token(client, alice, bob, alice_token):
    client.force_login(bob)
    token = AccessToken.objects.get(user=alice)
    assert client.post(reverse("api-token-revoke", args=[token.pk])).status_code == 404
    assert call(client, "get", "/me", alice_token)[0] == 200


def test_a_token_needs_a_purpose(client, alice):
    client.force_login(alice)
    page = client.post(reverse("api-tokens"), {"name": "", "days": "90"}).content.decode()
    assert "請寫明令牌的用途" in page or "请写明令牌的用途" in page
    assert not AccessToken.objects.exists()
