"""附件售价: a price in credits, paid once to the uploader, both sides in the credit log."""

import pytest
from django.test import Client

from luntan.attachments import services
from luntan.attachments.models import Attachment, AttachmentPurchase
from luntan.conftest import login, make_thread, make_user
from luntan.credits.models import CreditLog
from luntan.credits.repair import recount_member
from luntan.credits.services import adjust_credits
from luntan.permissions.tests.defaults import grant, restore_defaults, set_kind
from luntan.posting.services import reply_to_thread

from .conftest import phone_jpeg, upload_file


@pytest.fixture(autouse=True)
def _defaults(db):
    restore_defaults()


@pytest.fixture
def priced(board, alice):
    thread = make_thread(board, alice)
    upload = services.upload_attachment(
        user=alice, upload=upload_file("户型图.pdf", b"%PDF-1 plan")
    )
    services.set_price(attachment=upload, user=alice, price=5)
    reply_to_thread(thread=thread, author=alice, body="户型图", attachments=[upload.pk])
    return Attachment.objects.get(pk=upload.pk)


def balance(user) -> int:
    user.refresh_from_db()
    return user.credit_balance.extcredits2


def test_a_priced_file_is_offered_then_bought_once_and_both_sides_logged(priced, alice, bob):
    adjust_credits(user=bob, amounts=(0, 20, 0, 0, 0, 0, 0, 0), reason="", actor=None)
    reader = login(Client(), bob)
    offer = reader.get(priced.get_absolute_url())
    assert offer.status_code == 200 and "售價：5" in offer.content.decode()
    seller_before, buyer_before = balance(alice), balance(bob)
    for _ in range(2):  # a double click pays once
        response = reader.post(f"/attachments/{priced.pk}/buy/")
        assert response.status_code == 302 and response["Location"] == priced.get_absolute_url()
    assert (balance(bob), balance(alice)) == (buyer_before - 5, seller_before + 5)
    sales = CreditLog.objects.filter(kind=CreditLog.Kind.SALE).order_by("user_id")
    assert [(log.user, log.extcredits2) for log in sales] == sorted(
        [(alice, 5), (bob, -5)], key=lambda pair: pair[0].pk
    )
    assert reader.get(priced.get_absolute_url())["Content-Type"] == "application/pdf"
    assert AttachmentPurchase.objects.get().buyer == bob
    for user in (alice, bob):
        before = (user.credits, balance(user))
        recount_member(user.pk)
        assert (user.credits, balance(user)) == before


def test_a_member_short_of_credits_is_told_and_charged_nothing(priced, alice):
    set_kind(2, lower_limit=0)
    poor = make_user("poor")
    response = login(Client(), poor).post(f"/attachments/{priced.pk}/buy/")
    assert response.status_code == 403 and "不足" in response.content.decode()
    assert not CreditLog.objects.filter(kind=CreditLog.Kind.SALE).exists()
    assert not AttachmentPurchase.objects.exists()


def test_the_uploader_and_moderators_never_pay_and_guests_are_asked_to_log_in(
    priced, alice, mod, client
):
    for user in (alice, mod):
        response = login(Client(), user).get(priced.get_absolute_url())
        assert response["Content-Type"] == "application/pdf"
    # Guests may not download by default; where they may, they are asked to log in to buy.
    response = client.get(priced.get_absolute_url())
    assert response.status_code == 403 and "沒有下載本版塊附件的權限" in response.content.decode()
    grant(priced.post.thread.board, "游客", download=True)
    assert "登錄後購買" in client.get(priced.get_absolute_url()).content.decode()


def test_a_priced_image_stays_out_of_line_and_its_thumbnail_is_not_free(board, alice, bob):
    thread = make_thread(board, alice)
    photo = services.upload_attachment(user=alice, upload=upload_file("房.jpg", phone_jpeg()))
    services.set_price(attachment=photo, user=alice, price=3)
    post = reply_to_thread(
        thread=thread,
        author=alice,
        body=f"[attachimg]{photo.pk}[/attachimg]",
        attachments=[photo.pk],
    )
    assert f'<img src="/attachments/{photo.pk}/' not in post.html and "售價 3" in post.html
    assert login(Client(), bob).get(photo.get_thumbnail_url()).status_code == 404


def test_prices_are_set_by_the_uploader_before_posting_only(
    alice_client, bob_client, priced, alice
):
    assert alice_client.post(f"/attachments/{priced.pk}/price/", {"price": 9}).status_code == 400
    fresh = services.upload_attachment(user=alice, upload=upload_file("a.txt", b"x"))
    assert bob_client.post(f"/attachments/{fresh.pk}/price/", {"price": 9}).status_code == 404
    assert alice_client.post(f"/attachments/{fresh.pk}/price/", {"price": -1}).status_code == 400
    assert alice_client.post(f"/attachments/{fresh.pk}/price/", {"price": 9}).json() == {"price": 9}
