"""What an uploaded file really is, decided by its content, and the safe copy we keep of it.

Images are decoded and re-encoded by Pillow: auto-oriented, every metadata block (EXIF with its
GPS position, XMP, text chunks, comments) left behind, bounded in pixels, with a thumbnail.
Animated GIFs keep all their frames. Other files are accepted only for a few formats recognised
by their first bytes; zip archives are checked for bombs. SVG and anything HTML-like are refused:
served from our origin they could run scripts.
"""

from __future__ import annotations

import io
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, ImageSequence

__all__ = ["RefusedFile", "Stored", "clean_name", "examine", "open_photo"]

# Pillow decodes only these; each maps to the type name operators list and how we re-encode it.
_IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "GIF": "gif", "WEBP": "webp"}
_SAVE_AS = {"jpg": ("JPEG", "image/jpeg"), "png": ("PNG", "image/png")}
_SAVE_AS |= {"gif": ("GIF", "image/gif"), "webp": ("WEBP", "image/webp")}
_SIGNATURES = (
    (b"%PDF-", "pdf", "application/pdf"),
    (b"PK\x03\x04", "zip", "application/zip"),
    (b"Rar!\x1a\x07", "rar", "application/vnd.rar"),
    (b"7z\xbc\xaf\x27\x1c", "7z", "application/x-7z-compressed"),
)
_MARKUP_RE = re.compile(rb"<\s*(svg|html|script|!doctype|\?xml|iframe|body)", re.IGNORECASE)
_ZIP_MAX_RATIO = 100
_ZIP_MAX_ENTRIES = 10_000
_ZIP_MAX_TOTAL = 1 << 30
_GIF_MAX_FRAMES = 300
_NAME_MAX = 100


class RefusedFile(ValueError):
    """The upload is refused; the message tells the member why, in Chinese."""


@dataclass(frozen=True)
class Stored:
    kind: str
    content_type: str
    data: bytes
    thumbnail: bytes = b""
    width: int | None = None
    height: int | None = None

    @property
    def is_image(self) -> bool:
        return bool(self.thumbnail)


def clean_name(name: str) -> str:
    """The name a member gave, if it is one we can show; RefusedFile otherwise."""
    name = unicodedata.normalize("NFC", name or "").strip()
    if not name:
        raise RefusedFile(_("文件没有名字。"))
    if any(unicodedata.category(c) in ("Cc", "Cf", "Zl", "Zp") for c in name):
        raise RefusedFile(_("文件名含有不允许的字符。"))
    if "/" in name or "\\" in name or name in (".", ".."):
        raise RefusedFile(_("文件名不能包含路径。"))
    if len(name) > _NAME_MAX:
        raise RefusedFile(
            _("文件名太长：最多 %(max)d 个字，现在是 %(n)d 个。")
            % {"max": _NAME_MAX, "n": len(name)}
        )
    return name


def examine(data: bytes) -> Stored:
    """The safe form of an upload's bytes, or RefusedFile saying why not."""
    if not data:
        raise RefusedFile(_("文件是空的。"))
    image = _open_image(data)
    if image is not None:
        return _store_image(image)
    for signature, kind, content_type in _SIGNATURES:
        if data.startswith(signature):
            if kind == "zip":
                _check_zip(data)
            return Stored(kind, content_type, data)
    return _store_text(data)


def open_photo(data: bytes) -> Image.Image:
    """An uploaded image's first frame, upright and decoded (avatars): RefusedFile if it is
    not an image we take, or too large."""
    if not data:
        raise RefusedFile(_("文件是空的。"))
    image = _open_image(data)
    if image is None:
        raise RefusedFile(_("请上传 JPG、PNG、GIF 或 WebP 图片。"))
    try:
        return ImageOps.exif_transpose(image).convert("RGB")
    except Exception:
        raise RefusedFile(_("图片已损坏，无法读取。")) from None


def _open_image(data: bytes) -> Image.Image | None:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            image_format = image.format
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise RefusedFile(_("图片的像素太多，无法处理。")) from None
    except Exception:
        return None
    if image_format not in _IMAGE_FORMATS:
        if image_format in ("SVG", "XBM", "XPM"):
            raise RefusedFile(_("不支持 SVG 等矢量或文本图片，请转换为 JPG 或 PNG。"))
        raise RefusedFile(_("不支持这种图片格式，请上传 JPG、PNG、GIF 或 WebP。"))
    width, height = image.size
    # Checked before any pixel is decoded: a small file may declare a huge canvas.
    frames = getattr(image, "n_frames", 1)
    if width * height > settings.LUNTAN_ATTACHMENT_MAX_PIXELS or frames > _GIF_MAX_FRAMES:
        raise RefusedFile(_("图片的像素太多，无法处理。"))
    return image


def _store_image(image: Image.Image) -> Stored:
    kind = _IMAGE_FORMATS[image.format]
    save_format, content_type = _SAVE_AS[kind]
    try:
        animated = getattr(image, "n_frames", 1) > 1
        if animated and kind in ("gif", "webp"):
            data, first = _reencode_animation(image, save_format)
        else:
            first = _bounded(ImageOps.exif_transpose(image))
            # Pillow writes a JPEG/GIF comment found in `info` back out: start from nothing.
            first.info = {}
            data = _encode(first, save_format)
        thumbnail = _thumbnail(first)
    except RefusedFile:
        raise
    except Exception:
        raise RefusedFile(_("图片已损坏，无法读取。")) from None
    return Stored(kind, content_type, data, thumbnail, first.width, first.height)


def _bounded(image: Image.Image) -> Image.Image:
    side = settings.LUNTAN_ATTACHMENT_MAX_SIDE
    if max(image.size) > side:
        image = image.copy()
        image.thumbnail((side, side), Image.Resampling.LANCZOS)
    return image


def _encode(image: Image.Image, save_format: str) -> bytes:
    """Pixels only: no exif=, pnginfo= or comment passed, so no metadata is written."""
    out = io.BytesIO()
    if save_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        # No optimize/progressive passes: on a 12-megapixel photo they double the encoding time
        # for a few percent of bytes.
        image.save(out, "JPEG", quality=85)
    elif save_format == "WEBP":
        image.save(out, "WEBP", quality=85)
    elif save_format == "GIF":
        image.save(out, "GIF")
    else:
        image.save(out, "PNG", optimize=True)
    return out.getvalue()


def _reencode_animation(image: Image.Image, save_format: str) -> tuple[bytes, Image.Image]:
    frames, durations = [], []
    for frame in ImageSequence.Iterator(image):
        clean = _bounded(frame.convert("RGBA"))
        clean.info = {}  # comments and other extensions stay behind, as for still images
        frames.append(clean)
        durations.append(frame.info.get("duration", 100))
    out = io.BytesIO()
    frames[0].save(
        out,
        save_format,
        save_all=True,
        append_images=frames[1:],
        duration=durations,
        loop=image.info.get("loop", 0),
        disposal=2,
    )
    return out.getvalue(), frames[0]


def _thumbnail(image: Image.Image) -> bytes:
    side = settings.LUNTAN_ATTACHMENT_THUMB_SIDE
    thumb = image.copy()
    # reducing_gap shrinks by whole factors first (JPEG-style), then filters: far cheaper on
    # a full photo and indistinguishable at 300 px.
    thumb.thumbnail((side, side), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if thumb.mode in ("RGBA", "LA", "P"):
        out = io.BytesIO()
        thumb.convert("RGBA").save(out, "PNG", optimize=True)
        return out.getvalue()
    return _encode(thumb, "JPEG")


def _check_zip(data: bytes) -> None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError):
        raise RefusedFile(_("压缩包已损坏，无法读取。")) from None
    total = sum(entry.file_size for entry in entries)
    packed = sum(entry.compress_size for entry in entries) or 1
    if len(entries) > _ZIP_MAX_ENTRIES or total > _ZIP_MAX_TOTAL or total / packed > _ZIP_MAX_RATIO:
        raise RefusedFile(_("压缩包解压后过大，疑似压缩炸弹，已拒绝。"))


def _store_text(data: bytes) -> Stored:
    if b"\x00" in data[:8192]:
        raise RefusedFile(
            _("不支持这种文件类型。可以上传 JPG、PNG、GIF、WebP、PDF、ZIP、RAR、7z 或纯文本。")
        )
    for charset in ("utf-8", "gb18030"):
        try:
            data.decode(charset)
        except UnicodeDecodeError:
            continue
        if _MARKUP_RE.search(data[:65536]):
            raise RefusedFile(_("不支持 SVG、HTML 等网页文件。"))
        return Stored("txt", f"text/plain; charset={charset}", data)
    raise RefusedFile(_("文本文件的编码无法识别，请使用 UTF-8。"))
