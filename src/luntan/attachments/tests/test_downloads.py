"""Every byte of an attachment is served through a permission check."""

import io

import pytest
from django.test import Client
from PIL import Image

from luntan.accounts.querysets import group_of
from luntan.attachments import services
from luntan.attachments.models import Attachment
from luntan.conftest import login, make_thread, make_user
from luntan.credits.models import CreditLog
from luntan.credits.repair import recount_member
from luntan.permissions.tests.defaults import (
    grant,
    hide_from_all_but_staff,
    restore_defaults,
    set_kind,
    set_rule,
)
from luntan.posting.services import delete_post, reply_to_thread
from luntan.threads.models import Thread

from .conftest import GPS_IFD, phone_jpeg, upload_file


@pytest.fixture(autouse=True)
def _defaults(db):
    restore_defaults()


@pytest.fixture
def thread(board, alice):
    return make_thread(board, alice)


def attach(user, thread, name: str, data: bytes, **fields) -> Attachment:
    attachment = services.upload_attachment(user=user, upload=upload_file(name, data))
    if fields:
        Attachment.objects.filter(pk=attachment.pk).update(**fields)
    reply_to_thread(thread=thread, author=user, body="附件在此", attachments=[attachment.pk])
    return Attachment.objects.get(pk=attachment.pk)


def body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_an_image_is_served_without_its_gps_and_never_sniffed(client, thread, alice):
    photo = attach(alice, thread, "街道.jpg", phone_jpeg())
    response = client.get(photo.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "image/jpeg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "sandbox" in response["Content-Security-Policy"]
    assert response["Content-Disposition"].startswith("inline")
    image = Image.open(io.BytesIO(body(response)))
    assert GPS_IFD not in image.getexif()
    thumb = client.get(photo.get_thumbnail_url())
    assert thumb.status_code == 200 and max(Image.open(io.BytesIO(body(thumb))).size) == 300


def test_a_file_downloads_under_its_own_name_and_is_counted(alice_client, thread, alice, bob):
    pdf = attach(alice, thread, "租房合同.pdf", b"%PDF-1.4 contract")
    response = login(Client(), bob).get(pdf.get_absolute_url())
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    assert "%E7%A7%9F%E6%88%BF%E5%90%88%E5%90%8C.pdf" in response["Content-Disposition"]
    assert body(response) == b"%PDF-1.4 contract"
    pdf.refresh_from_db()
    assert pdf.download_count == 1


def test_files_of_a_hidden_board_are_never_served(client, board, thread, alice, bob, root):
    photo = attach(alice, thread, "a.jpg", phone_jpeg())
    hide_from_all_but_staff(board)
    for reader in (client, login(Client(), bob)):
        assert reader.get(photo.get_absolute_url()).status_code == 404
        assert reader.get(photo.get_thumbnail_url()).status_code == 404
    assert login(Client(), root).get(photo.get_absolute_url()).status_code == 200


def test_files_of_a_thread_above_the_readers_level_are_never_served(client, thread, alice):
    photo = attach(alice, thread, "a.jpg", phone_jpeg())
    Thread.objects.filter(pk=thread.pk).update(read_level=200)
    assert client.get(photo.get_absolute_url()).status_code == 404


def test_files_of_a_deleted_post_are_not_served_but_kept(client, thread, alice):
    photo = attach(alice, thread, "a.jpg", phone_jpeg())
    delete_post(post=photo.post, actor=alice)
    assert client.get(photo.get_absolute_url()).status_code == 404
    assert Attachment.objects.filter(pk=photo.pk).exists()  # restorable with its post


def test_an_upload_not_yet_posted_is_its_uploaders_alone(alice_client, bob_client, alice):
    upload = services.upload_attachment(user=alice, upload=upload_file("a.jpg", phone_jpeg()))
    assert alice_client.get(upload.get_absolute_url()).status_code == 200
    assert bob_client.get(upload.get_absolute_url()).status_code == 404
    assert Client().get(upload.get_thumbnail_url()).status_code == 404


def test_a_group_without_download_permission_is_told_why(board, thread, alice, bob):
    pdf = attach(alice, thread, "a.pdf", b"%PDF-1.4 x")
    grant(board, group_of(bob).name, download=False)
    response = login(Client(), bob).get(pdf.get_absolute_url())
    assert response.status_code == 403 and "沒有下載本版塊附件的權限" in response.content.decode()


def test_downloading_costs_the_rule_once_per_download_and_a_recount_agrees(thread, alice, bob):
    set_rule("getattach", extcredits2=-1)
    pdf = attach(alice, thread, "a.pdf", b"%PDF-1.4 x")
    reader = login(Client(), bob)
    for _ in range(2):
        assert reader.get(pdf.get_absolute_url()).status_code == 200
    assert CreditLog.objects.filter(user=bob, rule__action="getattach").count() == 2
    # The uploader fetching their own file pays nothing.
    login(Client(), alice).get(pdf.get_absolute_url())
    assert not CreditLog.objects.filter(user=alice, rule__action="getattach").exists()
    bob.refresh_from_db()
    before = (bob.credits, bob.credit_balance.extcredits2)
    recount_member(bob.pk)
    bob.refresh_from_db()
    assert (bob.credits, bob.credit_balance.extcredits2) == before


def test_a_download_that_would_break_the_credit_floor_is_refused(thread, alice):
    set_kind(2, lower_limit=0)
    set_rule("getattach", extcredits2=-1000)
    pdf = attach(alice, thread, "a.pdf", b"%PDF-1.4 x")
    poor = login(Client(), make_user("poor"))
    response = poor.get(pdf.get_absolute_url())
    assert response.status_code == 403
    pdf.refresh_from_db()
    assert pdf.download_count == 0


def test_behind_nginx_the_bytes_are_left_to_x_accel_redirect(client, settings, thread, alice):
    settings.LUNTAN_ATTACHMENT_ACCEL_PREFIX = "/_attachments/"
    photo = attach(alice, thread, "a.jpg", phone_jpeg())
    response = client.get(photo.get_absolute_url())
    assert response["X-Accel-Redirect"] == f"/_attachments/{photo.file}"
    assert response.content == b"" and response["Content-Type"] == "image/jpeg"


def test_a_file_placed_in_a_hidden_part_is_served_only_to_who_may_see_it(
    client, thread, alice, bob
):
    upload = services.upload_attachment(user=alice, upload=upload_file("电话.txt", b"138"))
    reply_to_thread(
        thread=thread,
        author=alice,
        body=f"回复可见：[hide][attach]{upload.pk}[/attach][/hide]",
        attachments=[upload.pk],
    )
    reader = login(Client(), bob)
    assert client.get(upload.get_absolute_url()).status_code == 404
    assert reader.get(upload.get_absolute_url()).status_code == 404
    reply_to_thread(thread=thread, author=bob, body="我回复了")
    assert reader.get(upload.get_absolute_url()).status_code == 200
