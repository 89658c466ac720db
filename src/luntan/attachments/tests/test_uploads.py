"""Uploading from the editor and the plain form, binding to posts, limits per group."""

import io
import json
from datetime import timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from luntan.accounts.querysets import group_of
from luntan.attachments.models import Attachment, UploadLimit
from luntan.attachments.services import remove_post_attachments, remove_stale_uploads
from luntan.conftest import make_thread
from luntan.credits.models import CreditLog
from luntan.credits.repair import recount_member
from luntan.permissions.tests.defaults import grant, restore_defaults, set_rule
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Post

from .conftest import GPS_IFD, phone_jpeg, stored_files, upload_file

UPLOAD = reverse("attachment-upload")


@pytest.fixture(autouse=True)
def _defaults(db):
    restore_defaults()


def send(client, board, *files):
    response = client.post(UPLOAD, {"board": board.pk, "file": list(files)})
    return response.status_code, json.loads(response.content)


def test_an_upload_answers_with_its_id_and_bbcode(alice_client, board, alice, attachment_dir):
    status, answer = send(alice_client, board, upload_file("客厅.jpg", phone_jpeg()))
    assert status == 200 and answer["errors"] == []
    [file] = answer["files"]
    assert file["name"] == "客厅.jpg" and file["is_image"]
    assert file["bbcode"] == f"[attachimg]{file['id']}[/attachimg]"
    attachment = Attachment.objects.get(pk=file["id"])
    assert attachment.uploader == alice and attachment.post is None
    assert len(stored_files(attachment_dir)) == 2  # the image and its thumbnail


def test_several_files_at_once_each_get_their_own_answer(alice_client, board, attachment_dir):
    status, answer = send(
        alice_client,
        board,
        upload_file("a.jpg", phone_jpeg()),
        upload_file("空的.txt", b""),
        upload_file("说明.txt", "你好".encode()),
    )
    assert status == 200
    assert [f["name"] for f in answer["files"]] == ["a.jpg", "说明.txt"]
    assert answer["errors"] == [{"name": "空的.txt", "error": "文件是空的。"}]


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("照" * 200 + ".jpg", phone_jpeg(), "文件名太長"),
        ("icon.svg", b'<svg xmlns="http://www.w3.org/2000/svg"/>', "不支持 SVG"),
        ("photo.jpg", b"MZ\x00\x00 a program", "不支持這種文件類型"),
        ("empty.jpg", b"", "文件是空的"),
    ],
)
def test_refused_files_leave_nothing_behind(
    alice_client, board, attachment_dir, name, data, message
):
    status, answer = send(alice_client, board, upload_file(name, data))
    assert status == 400 and message in answer["errors"][0]["error"]
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []


@pytest.mark.parametrize("name", ["../../x.jpg", "..\\..\\x.jpg", "x\x00.jpg"])
def test_names_with_paths_or_nul_never_reach_the_disk_as_given(
    alice_client, board, attachment_dir, name
):
    status, answer = send(alice_client, board, upload_file(name, phone_jpeg()))
    if status == 200:  # Django's upload parser already cut the name down to a safe one
        assert answer["files"][0]["name"] == "x.jpg"
    else:
        assert "文件名" in answer["errors"][0]["error"]
    for path in stored_files(attachment_dir):
        assert path.is_relative_to(attachment_dir) and "x.jpg" not in path.name


def test_the_groups_limits_are_named_in_the_message(alice_client, alice, board, attachment_dir):
    limit = UploadLimit.objects.create(group=group_of(alice), max_size_kb=1, types="pdf")
    _, answer = send(alice_client, board, upload_file("big.txt", b"x" * 2048))
    assert "超過了單個附件 1.0\xa0KB 的大小限制" in answer["errors"][0]["error"]
    _, answer = send(alice_client, board, upload_file("a.txt", b"hello"))
    assert "不能上傳 txt 文件；允許的類型：pdf" in answer["errors"][0]["error"]
    limit.types, limit.max_size_kb, limit.max_per_day = "txt", 10, 1
    limit.save()
    assert send(alice_client, board, upload_file("1.txt", b"one"))[0] == 200
    _, answer = send(alice_client, board, upload_file("2.txt", b"two"))
    assert "達到每天 1 個的上限" in answer["errors"][0]["error"]
    assert Attachment.objects.count() == 1 and len(stored_files(attachment_dir)) == 1


def test_a_group_without_upload_permission_is_told_so(alice_client, alice, board):
    grant(board, group_of(alice).name, upload=False)
    response = alice_client.post(UPLOAD, {"board": board.pk, "file": upload_file("a.txt", b"x")})
    assert response.status_code == 403 and "沒有在本版塊上傳附件的權限" in response.json()["error"]


def test_guests_cannot_upload(client, board):
    response = client.post(UPLOAD, {"board": board.pk, "file": upload_file("a.txt", b"x")})
    assert response.status_code == 302 and not Attachment.objects.exists()


def test_a_reply_places_attachments_inline_and_lists_the_rest(alice_client, board, alice):
    thread = make_thread(board, alice)
    _, answer = send(
        alice_client,
        board,
        upload_file("客厅.jpg", phone_jpeg()),
        upload_file("合同.pdf", b"%PDF-1.4 contract"),
    )
    image, pdf = answer["files"]
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]),
        {
            "body": f"看图：{image['bbcode']}",
            "client_token": "t1",
            "attachments": f"{image['id']},{pdf['id']}",
        },
    )
    assert response.status_code == 302
    post = Post.objects.get(thread=thread, floor=2)
    assert set(post.attachments.values_list("pk", flat=True)) == {image["id"], pdf["id"]}
    assert f'<img src="/attachments/{image["id"]}/"' in post.html
    assert 'class="post-attachments"' in post.html and "合同.pdf" in post.html
    html = alice_client.get(thread.get_absolute_url()).content.decode()
    assert f'href="/attachments/{pdf["id"]}/"' in html


def test_someone_elses_upload_cannot_be_put_in_a_post(alice_client, bob_client, board, alice):
    thread = make_thread(board, alice)
    _, answer = send(bob_client, board, upload_file("bob.txt", "鲍勃的".encode()))
    bobs = answer["files"][0]["id"]
    alice_client.post(
        reverse("thread-reply", args=[thread.pk]),
        {"body": f"[attach]{bobs}[/attach]偷来的", "client_token": "t", "attachments": str(bobs)},
    )
    assert Attachment.objects.get(pk=bobs).post is None
    assert "bob.txt" not in Post.objects.get(thread=thread, floor=2).html


def test_the_plain_file_input_works_without_javascript(alice_client, board, alice):
    thread = make_thread(board, alice)
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]),
        {
            "body": "没有脚本也能传",
            "client_token": "nojs",
            "files": [upload_file("a.txt", b"plain")],
        },
    )
    assert response.status_code == 302
    assert Post.objects.get(thread=thread, floor=2).attachments.get().name == "a.txt"


def test_a_refused_plain_upload_keeps_the_typed_text_and_posts_nothing(alice_client, board, alice):
    thread = make_thread(board, alice)
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]),
        {"body": "我写了很多字", "client_token": "x", "files": [upload_file("x.svg", b"<svg/>")]},
    )
    html = response.content.decode()
    assert response.status_code == 200 and "我写了很多字" in html and "SVG" in html
    assert not Post.objects.filter(thread=thread, floor=2).exists()


def test_posting_attachments_earns_the_upload_rule_and_a_recount_changes_nothing(
    alice_client, board, alice
):
    set_rule("postattach", extcredits2=2)
    thread = make_thread(board, alice)
    _, answer = send(alice_client, board, upload_file("a.txt", b"1"), upload_file("b.txt", b"2"))
    ids = ",".join(str(f["id"]) for f in answer["files"])
    alice_client.post(
        reverse("thread-reply", args=[thread.pk]),
        {"body": "两个附件", "client_token": "c", "attachments": ids},
    )
    logs = CreditLog.objects.filter(user=alice, rule__action="postattach")
    assert logs.count() == 2 and all(log.post.floor == 2 for log in logs)
    alice.refresh_from_db()
    before = (alice.credits, alice.credit_balance.extcredits2)
    recount_member(alice.pk)
    alice.refresh_from_db()
    assert (alice.credits, alice.credit_balance.extcredits2) == before


def test_stale_uploads_are_removed_with_their_files(alice_client, board, alice, attachment_dir):
    send(alice_client, board, upload_file("a.jpg", phone_jpeg()))
    thread = make_thread(board, alice)
    _, kept = send(alice_client, board, upload_file("b.txt", b"kept"))
    reply_to_thread(thread=thread, author=alice, body="帖子", attachments=[kept["files"][0]["id"]])
    assert remove_stale_uploads(now=timezone.now() + timedelta(hours=1)) == 0
    call_command("remove_stale_uploads", stdout=io.StringIO())  # nothing is a day old yet
    assert remove_stale_uploads(now=timezone.now() + timedelta(hours=25)) == 1
    assert list(Attachment.objects.values_list("name", flat=True)) == ["b.txt"]
    assert len(stored_files(attachment_dir)) == 1


def test_purging_a_post_removes_its_files(
    alice_client, board, alice, attachment_dir, django_capture_on_commit_callbacks
):
    thread = make_thread(board, alice)
    _, answer = send(alice_client, board, upload_file("a.jpg", phone_jpeg()))
    post = reply_to_thread(
        thread=thread, author=alice, body="帖子", attachments=[answer["files"][0]["id"]]
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert remove_post_attachments(post) == 1
    assert not Attachment.objects.exists() and stored_files(attachment_dir) == []


def test_the_stored_photo_has_no_gps(alice_client, board, attachment_dir):
    _, answer = send(alice_client, board, upload_file("gps.jpg", phone_jpeg()))
    stored = Attachment.objects.get(pk=answer["files"][0]["id"])
    image = Image.open(attachment_dir / stored.file)
    assert (
        GPS_IFD not in image.getexif()
        and b"Exif" not in (attachment_dir / stored.file).read_bytes()
    )


def test_the_default_limit_applies_to_groups_without_their_own(alice_client, board):
    UploadLimit.objects.create(group=None, max_size_kb=1, types="txt")
    _, answer = send(alice_client, board, upload_file("a.pdf", b"%PDF-1.4"))
    assert "允許的類型：txt" in answer["errors"][0]["error"]


def test_nonsense_ids_get_a_404_or_a_message_never_a_500(alice_client):
    file = upload_file("a.txt", b"x")
    assert alice_client.post(UPLOAD, {"board": "abc", "file": file}).status_code == 404
    response = alice_client.post(
        reverse("post-preview"), {"body": "好", "post": "x", "attachments": "1,a"}
    )
    assert response.status_code == 200 and response.json()["html"] == "好"
    assert alice_client.post("/attachments/999/price/", {"price": "x"}).status_code == 404


def test_uploads_carried_by_a_refused_form_are_listed_again(alice_client, board, alice):
    thread = make_thread(board, alice)
    _, answer = send(alice_client, board, upload_file("客厅.jpg", phone_jpeg()))
    image = answer["files"][0]
    response = alice_client.post(
        reverse("thread-reply", args=[thread.pk]),
        {"body": "短", "client_token": "t", "attachments": str(image["id"])},
    )
    html = response.content.decode()
    assert response.status_code == 200 and f'value="{image["id"]}"' in html
    assert f'data-bbcode="[attachimg]{image["id"]}[/attachimg]"' in html and "客厅.jpg" in html
