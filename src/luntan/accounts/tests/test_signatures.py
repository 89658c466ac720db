"""签名: a small BBCode subset under each post, length and image rules per group."""

import pytest
from django.urls import reverse

from luntan.accounts.models import SignatureRule
from luntan.accounts.querysets import group_of
from luntan.conftest import make_thread
from luntan.permissions.tests.defaults import restore_defaults


@pytest.fixture(autouse=True)
def _defaults(db):
    restore_defaults()


def save(client, text: str):
    return client.post(reverse("signature"), {"signature": text})


def test_a_signature_shows_under_the_members_posts(alice_client, alice, board):
    response = save(alice_client, "[b]霍林河[/b] 二手家电回收 [url=https://a.cn]店铺[/url]")
    assert response.status_code == 302
    thread = make_thread(board, alice)
    html = alice_client.get(thread.get_absolute_url()).content.decode()
    assert (
        '<div class="signature"><strong>霍林河</strong> 二手家電回收 <a href="https://a.cn"' in html
    )
    assert 'class="signature-toggle' in html
    assert "<strong>霍林河</strong>" in alice_client.get(f"/member/{alice.pk}/").content.decode()


def test_tags_outside_the_subset_stay_text(alice_client, alice):
    save(alice_client, "[quote]引用[/quote][table][tr][td]x[/td][/tr][/table][hide]秘[/hide]")
    alice.refresh_from_db()
    assert (
        alice.signature_html
        == "[quote]引用[/quote][table][tr][td]x[/td][/tr][/table][hide]秘[/hide]"
    )


def test_length_and_images_follow_the_groups_rule(alice_client, alice):
    response = save(alice_client, "字" * 201)
    assert "簽名太長：最多 200 個字，現在是 201 個" in response.content.decode()
    response = save(alice_client, "[img]https://a.cn/x.png[/img]")
    assert "不能在簽名中使用圖片" in response.content.decode()
    SignatureRule.objects.create(group=group_of(alice), max_length=50, allow_images=True)
    assert save(alice_client, "[img]https://a.cn/x.png[/img]").status_code == 302
    alice.refresh_from_db()
    assert alice.signature_html == '<img src="https://a.cn/x.png" alt="" loading="lazy">'
    assert "最多 50 個字" in save(alice_client, "字" * 51).content.decode()


def test_a_group_may_have_no_signatures(alice_client, alice):
    SignatureRule.objects.create(group=None, max_length=0)
    response = save(alice_client, "你好")
    assert "不能使用簽名" in response.content.decode()
    assert save(alice_client, "").status_code == 302  # clearing it is always allowed
