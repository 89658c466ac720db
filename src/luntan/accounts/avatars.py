"""头像: a member's uploaded picture, cropped square and kept in three sizes, or a generated
default (their first character on a colour of their own) when they have none.

The files are public (`default` storage under MEDIA_URL, served by nginx); their names carry
the member's id and `avatar_version`, so a new picture is a new URL and browsers may cache
the old one for ever. Uploading one is `attachments.avatars.set_avatar`.
"""

from django.core.files.storage import default_storage

from .models import User

SIZES = (200, 120, 48)  # member page, author card, header
DEFAULT_COLOURS = 8


def avatar_name(user_id: int, version: int, size: int) -> str:
    return f"avatars/{user_id % 1000:03d}/{user_id}-{version}-{size}.jpg"


def avatar_url(user: User, size: int) -> str:
    """The URL of the member's picture at `size` (one of SIZES), or "" when they have none of
    their own (a picture from QQ/WeChat/Weibo is `user.avatar_url`)."""
    if not user.avatar_version:
        return ""
    return default_storage.url(avatar_name(user.pk, user.avatar_version, size))
