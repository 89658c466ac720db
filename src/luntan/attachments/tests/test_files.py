"""What an upload is, decided by its bytes, and the safe copy kept of it."""

import io
import struct
import zipfile
import zlib

import pytest
from PIL import Image

from luntan.attachments.files import RefusedFile, clean_name, examine

from .conftest import GPS_IFD, MAKE, phone_jpeg


def test_a_phone_photo_loses_its_exif_and_gps_and_keeps_its_pixels():
    stored = examine(phone_jpeg())
    assert (stored.kind, stored.content_type) == ("jpg", "image/jpeg")
    image = Image.open(io.BytesIO(stored.data))
    exif = image.getexif()
    assert GPS_IFD not in exif and MAKE not in exif and not image.info.get("exif")
    assert image.size == (640, 480) == (stored.width, stored.height)
    assert stored.thumbnail and max(Image.open(io.BytesIO(stored.thumbnail)).size) == 300


def test_a_photo_taken_sideways_is_turned_upright():
    stored = examine(phone_jpeg((640, 480), orientation=6))  # rotate 90° clockwise to view
    assert Image.open(io.BytesIO(stored.data)).size == (480, 640)


def test_png_text_chunks_are_dropped():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "<script>alert(1)</script>")
    out = io.BytesIO()
    Image.new("RGBA", (50, 40), (0, 0, 0, 0)).save(out, "PNG", pnginfo=info)
    stored = examine(out.getvalue())
    assert stored.kind == "png"
    assert (
        b"script" not in stored.data and "Comment" not in Image.open(io.BytesIO(stored.data)).info
    )


@pytest.mark.parametrize("kind", ["JPEG", "GIF", "animated GIF"])
def test_scripts_in_image_comments_are_dropped(kind):
    frames = [Image.new("RGB", (20, 20), color) for color in ("red", "blue")]
    out = io.BytesIO()
    extra = {"save_all": True, "append_images": frames[1:]} if kind == "animated GIF" else {}
    frames[0].save(out, kind.split()[-1], comment=b"<script>alert(1)</script>", **extra)
    assert b"<script>" in out.getvalue()
    assert b"script" not in examine(out.getvalue()).data


def test_animated_gifs_keep_every_frame():
    frames = [Image.new("RGB", (40, 40), color) for color in ("red", "green", "blue")]
    out = io.BytesIO()
    frames[0].save(out, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    stored = examine(out.getvalue())
    assert stored.kind == "gif"
    assert Image.open(io.BytesIO(stored.data)).n_frames == 3


def test_large_images_are_bounded_in_pixels(settings):
    settings.LUNTAN_ATTACHMENT_MAX_SIDE = 1000
    out = io.BytesIO()
    Image.new("RGB", (3000, 1500), "white").save(out, "JPEG")
    assert Image.open(io.BytesIO(examine(out.getvalue()).data)).size == (1000, 500)


def _png_header_only(width: int, height: int) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    ihdr = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", ihdr)
        + chunk(b"IDAT", zlib.compress(b""))
        + chunk(b"IEND", b"")
    )


@pytest.mark.parametrize("side", [20_000, 100_000])
def test_pixel_bombs_are_refused_before_decoding(side):
    with pytest.raises(RefusedFile, match="像素太多"):
        examine(_png_header_only(side, side))


def test_zip_bombs_are_refused_and_ordinary_zips_kept():
    bomb = io.BytesIO()
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("zeros.bin", b"\0" * (20 << 20))
    with pytest.raises(RefusedFile, match="壓縮炸彈"):
        examine(bomb.getvalue())
    normal = io.BytesIO()
    with zipfile.ZipFile(normal, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("说明.txt", "房屋租赁合同".encode() * 10)
    assert examine(normal.getvalue()).kind == "zip"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "文件是空的"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "SVG"),
        (b"<?xml version='1.0'?><svg/>", "SVG"),
        (b"<html><body onload=alert(1)>", "HTML"),
        (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00", "不支持這種文件類型"),
        (b"\xff\xd8\xff\xe0 not really a jpeg \x00\x00", "不支持這種文件類型"),
    ],
)
def test_files_that_are_not_what_we_take_are_refused_with_a_reason(data, message):
    with pytest.raises(RefusedFile, match=message):
        examine(data)


def test_the_type_comes_from_the_content_not_the_name():
    assert examine(b"%PDF-1.7\n...").kind == "pdf"
    assert examine("二手沙发，九成新".encode()).kind == "txt"
    assert examine("二手沙发".encode("gb18030")).content_type == "text/plain; charset=gb18030"


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("../../etc/passwd", "路徑"),
        ("..\\boot.ini", "路徑"),
        ("photo\x00.jpg", "不允許的字符"),
        ("照" * 200 + ".jpg", "文件名太長"),
        ("   ", "沒有名字"),
    ],
)
def test_bad_names_are_refused_with_a_reason(name, message):
    with pytest.raises(RefusedFile, match=message):
        clean_name(name)


def test_ordinary_chinese_names_are_kept():
    assert clean_name(" 客厅照片 (1).JPG ") == "客厅照片 (1).JPG"
