"""Simultaneous purchases, uploads and posts of one attachment: on PostgreSQL and MariaDB."""

import pytest

from luntan.attachments import services
from luntan.attachments.models import Attachment, AttachmentPurchase, UploadLimit
from luntan.conftest import make_thread, make_user, server_database_only
from luntan.credits.models import CreditLog
from luntan.credits.services import adjust_credits
from luntan.permissions.tests.defaults import restore_defaults
from luntan.posting.errors import PostingError
from luntan.posting.services import reply_to_thread
from luntan.posting.tests.test_concurrent_replies import run_together

from .conftest import upload_file

pytestmark = [
    *server_database_only(pytest.mark.concurrency),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture(autouse=True)
def _defaults():
    restore_defaults()


def test_a_double_clicked_purchase_pays_once(board):
    seller, buyer = make_user("seller"), make_user("buyer")
    adjust_credits(user=buyer, amounts=(0, 50, 0, 0, 0, 0, 0, 0), reason="", actor=None)
    thread = make_thread(board, seller)
    upload = services.upload_attachment(user=seller, upload=upload_file("a.pdf", b"%PDF-1 x"))
    services.set_price(attachment=upload, user=seller, price=7)
    reply_to_thread(thread=thread, author=seller, body="卖", attachments=[upload.pk])
    upload.refresh_from_db()
    results = run_together(
        *[lambda: services.buy_attachment(attachment=upload, buyer=buyer) for _ in range(4)]
    )
    assert sorted(results) == [False, False, False, True]
    assert AttachmentPurchase.objects.count() == 1
    assert CreditLog.objects.filter(kind=CreditLog.Kind.SALE).count() == 2


def test_the_daily_count_holds_under_simultaneous_uploads(board):
    member = make_user("uploader")
    UploadLimit.objects.create(group=None, max_per_day=2, types="txt")

    def upload(n: int):
        def job():
            try:
                return services.upload_attachment(user=member, upload=upload_file(f"{n}.txt", b"x"))
            except services.RefusedFile:
                return None

        return job

    results = run_together(*[upload(n) for n in range(5)])
    assert sum(r is not None for r in results) == 2
    assert Attachment.objects.count() == 2


def test_one_upload_goes_into_one_post_only(board):
    author = make_user("author")
    thread = make_thread(board, author)
    upload = services.upload_attachment(user=author, upload=upload_file("a.txt", b"x"))

    def post(n: int):
        def job():
            try:
                return reply_to_thread(
                    thread=thread, author=author, body=f"第{n}次", attachments=[upload.pk]
                )
            except PostingError:
                return None

        return job

    results = run_together(post(1), post(2))
    upload.refresh_from_db()
    assert upload.post is not None
    posts = [p for p in results if p is not None]
    assert [p.pk for p in posts if upload.pk in p.attachments.values_list("pk", flat=True)] == [
        upload.post_id
    ]
