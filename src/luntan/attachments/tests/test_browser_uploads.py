"""A member attaches a phone photo with the editor in a real browser; what the site then serves
has no trace of where the photo was taken. The editor works on a 360 px phone."""

import io
from collections.abc import Iterator

import pytest
from PIL import Image
from playwright.sync_api import Browser, Page

from luntan.attachments.models import Attachment
from luntan.conftest import PASSWORD, make_thread, make_user
from luntan.core.tests.browser import launch_chromium, log_in, new_page, save_screenshot
from luntan.permissions.tests.defaults import restore_defaults
from luntan.threads.models import Post

from .conftest import GPS_IFD, phone_jpeg

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture(scope="module")
def chromium() -> Iterator[Browser]:
    with launch_chromium() as browser:
        yield browser


@pytest.fixture
def page(chromium, live_server) -> Iterator[Page]:
    page = new_page(chromium, live_server.url)
    yield page
    page.context.close()


@pytest.fixture
def thread(db, board):
    restore_defaults()
    return make_thread(board, make_user("alice"))


def loaded_width(page: Page, selector: str) -> int:
    page.locator(selector).wait_for()
    page.wait_for_function(
        "s => { const i = document.querySelector(s); return i.complete && i.naturalWidth > 0 }",
        arg=selector,
    )
    return page.locator(selector).evaluate("i => i.naturalWidth")


def test_a_photo_with_gps_is_served_without_it(page, thread, tmp_path):
    make_user("carol")
    photo = tmp_path / "街景.jpg"
    photo.write_bytes(phone_jpeg((1200, 900)))
    assert GPS_IFD in Image.open(photo).getexif()  # the phone did record where it was

    page.goto(thread.get_absolute_url())
    log_in(page, "carol", PASSWORD)
    page.goto(f"/thread/{thread.pk}/reply/")
    page.locator("textarea.editor").fill("门前的路又淹了：")
    page.locator("input.attach-input").set_input_files(str(photo))
    insert = page.locator(".upload-list button.insert")
    insert.wait_for()
    insert.click()
    body = page.locator("textarea.editor").input_value()
    attachment = Attachment.objects.get()
    assert body == f"门前的路又淹了：[attachimg]{attachment.pk}[/attachimg]"
    page.locator("form.post-form button[type=submit]").click()
    page.wait_for_url(f"**/thread/{thread.pk}/**")

    assert loaded_width(page, f'.post-body img[src="/attachments/{attachment.pk}/"]') == 1200
    served = page.request.get(f"/attachments/{attachment.pk}/")
    assert served.status == 200 and served.headers["content-type"] == "image/jpeg"
    image = Image.open(io.BytesIO(served.body()))
    assert GPS_IFD not in image.getexif() and b"Exif" not in served.body()
    assert Post.objects.get(thread=thread, floor=2).attachments.get() == attachment
    save_screenshot(page, "attachment-photo.png")


def test_the_editor_fits_a_phone_and_previews_what_the_server_renders(
    chromium, live_server, thread
):
    make_user("carol")
    page = new_page(chromium, live_server.url)
    page.set_viewport_size({"width": 360, "height": 740})
    try:
        page.goto(thread.get_absolute_url())
        log_in(page, "carol", PASSWORD)
        page.goto(f"/thread/{thread.pk}/reply/")
        page.locator("textarea.editor").fill("表格")
        page.locator('.editor-toolbar button[data-open="[b]"]').click()
        page.locator(".editor-toolbar .preview-button").click()
        preview = page.locator(".editor-preview")
        preview.wait_for()
        assert preview.inner_html() == "表格<strong></strong>"
        scroll = page.evaluate("document.documentElement.scrollWidth")
        assert scroll <= 360, f"the page scrolls sideways on a phone ({scroll}px)"
        save_screenshot(page, "editor-phone.png")
    finally:
        page.context.close()


def test_an_attached_image_opens_full_size_in_the_viewer(page, thread):
    from luntan.attachments import services
    from luntan.posting.services import reply_to_thread

    from .conftest import upload_file

    author = thread.author
    photo = services.upload_attachment(user=author, upload=upload_file("a.jpg", phone_jpeg()))
    reply_to_thread(thread=thread, author=author, body="看图", attachments=[photo.pk])
    page.goto(thread.get_absolute_url())
    page.locator(".post-attachments a.attach-image").click()
    assert loaded_width(page, ".image-viewer img") == 640
    page.keyboard.press("Escape")
    assert page.locator(".image-viewer").count() == 0


def test_the_avatar_signature_and_purchase_pages_fit_a_phone(
    chromium, live_server, thread, tmp_path
):
    from luntan.attachments import services
    from luntan.posting.services import reply_to_thread

    from .conftest import upload_file

    author = thread.author
    priced = services.upload_attachment(user=author, upload=upload_file("户型图.pdf", b"%PDF-1 x"))
    services.set_price(attachment=priced, user=author, price=5)
    reply_to_thread(thread=thread, author=author, body="卖图", attachments=[priced.pk])
    carol = make_user("carol")
    photo = tmp_path / "me.jpg"
    photo.write_bytes(phone_jpeg((1200, 900)))
    page = new_page(chromium, live_server.url)
    page.set_viewport_size({"width": 360, "height": 740})
    try:
        page.goto(thread.get_absolute_url())
        log_in(page, "carol", PASSWORD)
        page.goto("/avatar/")
        page.locator("input.avatar-input").set_input_files(str(photo))
        page.locator(".avatar-crop-box").wait_for()
        widths = {"/avatar/": page.evaluate("document.documentElement.scrollWidth")}
        for url in ("/signature/", f"/attachments/{priced.pk}/", f"/member/{carol.pk}/"):
            assert page.goto(url).status == 200, url
            widths[url] = page.evaluate("document.documentElement.scrollWidth")
        assert all(width <= 360 for width in widths.values()), widths
        save_screenshot(page, "member-phone.png")
    finally:
        page.context.close()


def test_a_thread_with_tables_hidden_parts_images_and_signatures_fits_a_phone(
    chromium, live_server, thread
):
    from luntan.accounts.signatures import set_signature
    from luntan.attachments import services
    from luntan.posting.services import reply_to_thread

    from .conftest import upload_file

    author = thread.author
    set_signature(user=author, text="[b]二手家电回收[/b] 电话 13800000000 " + "很长的签名" * 20)
    photo = services.upload_attachment(
        user=author, upload=upload_file("街.jpg", phone_jpeg((1600, 1200)))
    )
    files = services.upload_attachment(
        user=author, upload=upload_file("很长很长的文件名" * 5 + ".pdf", b"%PDF-1")
    )
    wide_row = "".join(f"[td]第{n}列的内容比较长[/td]" for n in range(8))
    reply_to_thread(
        thread=thread,
        author=author,
        body=f"[table=100%][tr]{wide_row}[/tr][/table][hide]回复可见[/hide][attachimg]{photo.pk}[/attachimg]"
        "[media]https://player.bilibili.com/player.html?bvid=BV1[/media]",
        attachments=[photo.pk, files.pk],
    )
    page = new_page(chromium, live_server.url)
    page.set_viewport_size({"width": 360, "height": 740})
    try:
        page.goto(thread.get_absolute_url())
        assert page.locator(".bb-hide-notice").count() == 1
        width = page.evaluate("document.documentElement.scrollWidth")
        save_screenshot(page, "thread-attachments-phone.png")
        assert width <= 360, f"the thread page scrolls sideways on a phone ({width}px)"
    finally:
        page.context.close()
