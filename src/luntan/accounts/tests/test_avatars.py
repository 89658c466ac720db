"""头像: uploaded, cropped, kept in three sizes without EXIF, shown on author cards, the header
and member pages; a generated default otherwise; 设置头像 credits once."""

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from luntan.accounts.avatars import SIZES, avatar_name
from luntan.attachments.tests.conftest import GPS_IFD, phone_jpeg
from luntan.conftest import make_thread
from luntan.credits.models import CreditLog
from luntan.credits.repair import recount_member
from luntan.permissions.tests.defaults import restore_defaults


@pytest.fixture(autouse=True)
def media(settings, tmp_path, db) -> Path:
    restore_defaults()
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def post_picture(client, data: bytes, name="me.jpg", **crop):
    fields = {"picture": SimpleUploadedFile(name, data)}
    fields.update({f"crop_{k}": v for k, v in crop.items()})
    return client.post(reverse("avatar"), fields)


def test_a_picture_is_kept_in_three_sizes_without_exif(alice_client, alice, media):
    response = post_picture(alice_client, phone_jpeg((800, 600)))
    assert response.status_code == 302 and response["Location"] == f"/member/{alice.pk}/"
    alice.refresh_from_db()
    assert alice.avatar_version == 1
    for size in SIZES:
        path = media / avatar_name(alice.pk, 1, size)
        image = Image.open(path)
        assert image.size == (size, size) and GPS_IFD not in image.getexif()


def test_the_crop_tool_chooses_the_square_kept(alice_client, alice, media):
    # phone_jpeg paints the top-left quarter-width band blue on red.
    post_picture(alice_client, phone_jpeg((800, 600)), x=0, y=0, side=0.25)
    alice.refresh_from_db()
    image = Image.open(media / avatar_name(alice.pk, 1, 48)).convert("RGB")
    r, _, b = image.getpixel((24, 24))
    assert b > 150 and r < 100  # blue: the corner, not the red centre


def test_the_picture_shows_on_author_cards_header_and_member_page(alice_client, alice, board):
    thread = make_thread(board, alice)
    html = alice_client.get(thread.get_absolute_url()).content.decode()
    assert 'class="avatar-default avatar-s120' in html and ">A</span>" in html
    post_picture(alice_client, phone_jpeg())
    alice.refresh_from_db()
    for url, size in ((thread.get_absolute_url(), 120), (f"/member/{alice.pk}/", 200)):
        html = alice_client.get(url).content.decode()
        assert f'src="/media/{avatar_name(alice.pk, 1, size)}"' in html
        assert f'src="/media/{avatar_name(alice.pk, 1, 48)}"' in html  # the header


def test_the_credit_rule_is_granted_once_and_a_recount_agrees(alice_client, alice, media):
    post_picture(alice_client, phone_jpeg())
    post_picture(alice_client, phone_jpeg())
    assert CreditLog.objects.filter(user=alice, rule__action="setavatar").count() == 1
    alice.refresh_from_db()
    assert alice.avatar_version == 2
    before = (alice.credits, alice.credit_balance.extcredits2)
    recount_member(alice.pk)
    alice.refresh_from_db()
    assert (alice.credits, alice.credit_balance.extcredits2) == before


def test_a_new_picture_removes_the_old_files(
    alice_client, alice, media, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        post_picture(alice_client, phone_jpeg())
        post_picture(alice_client, phone_jpeg())
    assert sorted(p.name for p in media.rglob("*.jpg")) == sorted(
        Path(avatar_name(alice.pk, 2, size)).name for size in SIZES
    )


@pytest.mark.parametrize(
    ("data", "message"),
    [(b"<svg/>", "請上傳 JPG、PNG、GIF 或 WebP 圖片"), (b"", "文件是空的")],
)
def test_what_is_not_a_picture_is_refused_with_a_reason(alice_client, alice, media, data, message):
    response = post_picture(alice_client, data)
    assert response.status_code == 200 and message in response.content.decode()
    alice.refresh_from_db()
    assert alice.avatar_version == 0 and not list(media.rglob("*.jpg"))


def test_an_oversized_picture_names_the_limit(alice_client, settings):
    settings.LUNTAN_AVATAR_MAX_KB = 1
    response = post_picture(alice_client, phone_jpeg())
    assert "頭像最大 1.0\xa0KB" in response.content.decode()


def test_changes_are_limited_per_day(alice_client, alice, settings):
    settings.LUNTAN_AVATAR_CHANGES_PER_DAY = 2
    for _ in range(2):
        assert post_picture(alice_client, phone_jpeg()).status_code == 302
    response = post_picture(alice_client, phone_jpeg())
    assert "今天修改頭像的次數已達上限（2 次）" in response.content.decode()
    alice.refresh_from_db()
    assert alice.avatar_version == 2
