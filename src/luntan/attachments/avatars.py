"""Setting a member's 头像: the upload cropped square, kept in three sizes (see accounts.avatars
for how pages show it), and the 设置头像 credit rule."""

import io

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from PIL import Image

from luntan.accounts.avatars import SIZES, avatar_name
from luntan.accounts.models import User
from luntan.credits import services as credits

from .files import RefusedFile, open_photo

SET_AVATAR_RULE = "setavatar"


def crop_box(width: int, height: int, crop: tuple[float, float, float] | None) -> tuple:
    """The square to keep: `crop` is (left, top, side) as fractions of the width/height/shorter
    side, as the crop tool sends them; without it, the centre."""
    side = min(width, height)
    if crop is None:
        left, top = (width - side) // 2, (height - side) // 2
    else:
        fx, fy, fs = (min(max(v, 0.0), 1.0) for v in crop)
        side = max(16, round(side * fs)) if fs else side
        left = min(round(fx * width), width - side)
        top = min(round(fy * height), height - side)
    return (left, top, left + side, top + side)


def _count_change(user: User) -> None:
    """At most LUNTAN_AVATAR_CHANGES_PER_DAY pictures a day: each one costs a full decode."""
    key = f"avatar:changes:{timezone.localdate():%Y%m%d}:{user.pk}"
    cache.add(key, 0, 26 * 3600)
    try:
        count = cache.incr(key)
    except ValueError:  # the key expired or the cache is down: let this one through
        return
    if count > settings.LUNTAN_AVATAR_CHANGES_PER_DAY:
        raise RefusedFile(
            _("今天修改头像的次数已达上限（%(n)d 次），请明天再试。")
            % {"n": settings.LUNTAN_AVATAR_CHANGES_PER_DAY}
        )


def set_avatar(*, user: User, data: bytes, crop: tuple[float, float, float] | None = None) -> None:
    """Crop, scale and keep the member's new picture; the first one earns 设置头像 (the rule's
    cycle keeps it to once). RefusedFile when the upload is not an image we take."""
    _count_change(user)
    image = open_photo(data)
    square = image.crop(crop_box(image.width, image.height, crop))
    sized = []
    for size in SIZES:
        out = io.BytesIO()
        square.resize((size, size), Image.Resampling.LANCZOS).save(out, "JPEG", quality=88)
        sized.append((size, out.getvalue()))
    names: list[str] = []
    try:
        with transaction.atomic():
            # Under the member's lock, so two uploads at once never share a version's names.
            credits.lock_member(user.pk)
            version = User.objects.values_list("avatar_version", flat=True).get(pk=user.pk) + 1
            for size, data in sized:
                name = avatar_name(user.pk, version, size)
                default_storage.delete(name)  # left by a transaction that rolled back
                names.append(default_storage.save(name, ContentFile(data)))
            User.objects.filter(pk=user.pk).update(avatar_version=version)
            credits.apply_rule(user=user, action=SET_AVATAR_RULE, enforce_floor=False)
            if version > 1:
                old = [avatar_name(user.pk, version - 1, size) for size in SIZES]
                transaction.on_commit(lambda: [default_storage.delete(name) for name in old])
    except BaseException:
        for name in names:
            default_storage.delete(name)
        raise
    user.refresh_from_db(fields=["avatar_version", "credits"])
