"""Every write of attachments: upload, binding to a post, download, removal.

Bytes go to the ``attachments`` storage before the row is written; when the transaction that
writes the row fails, the files are deleted again, so a refused or failed upload leaves nothing
behind. Rows and files of a removed post go together (`remove_post_attachments`, the one call
moderation's recycle bin makes when it purges a post).
"""

import uuid
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _

from luntan.accounts.models import User
from luntan.accounts.querysets import group_of
from luntan.core.errors import RefusedWrite
from luntan.core.markup import attachment_refs, render_bbcode
from luntan.credits import services as credits
from luntan.threads.models import Post

from .files import RefusedFile, clean_name, examine
from .models import Attachment, AttachmentPurchase, UploadLimit

UPLOAD_RULE = "postattach"
DOWNLOAD_RULE = "getattach"


def storage():
    return storages["attachments"]


def upload_limit_for(user: User) -> UploadLimit:
    """The limits of the member's group, else the default row, else the built-in defaults."""
    group = group_of(user)
    limits = {
        limit.group_id: limit
        for limit in UploadLimit.objects.filter(Q(group=group) | Q(group__isnull=True))
    }
    if group is not None and group.pk in limits:
        return limits[group.pk]
    return limits.get(None) or UploadLimit(max_size_kb=settings.LUNTAN_ATTACHMENT_MAX_KB)


def upload_attachment(
    *, user: User, upload: UploadedFile, now: datetime | None = None
) -> Attachment:
    """Check, clean and keep one uploaded file for the member; RefusedFile says why not."""
    now = now or timezone.now()
    limit = upload_limit_for(user)
    name = clean_name(upload.name)
    max_bytes = limit.max_size_kb * 1024
    if upload.size > max_bytes:
        raise RefusedFile(
            _("文件 %(name)s 超过了单个附件 %(max)s 的大小限制。")
            % {"name": name, "max": filesizeformat(max_bytes)}
        )
    stored = examine(upload.read())
    if stored.kind not in limit.type_list:
        raise RefusedFile(
            _("您所在的用户组不能上传 %(kind)s 文件；允许的类型：%(types)s。")
            % {"kind": stored.kind, "types": ", ".join(sorted(limit.type_list))}
        )
    names = _save_files(stored.kind, stored.data, stored.thumbnail, now)
    try:
        with transaction.atomic():
            credits.lock_member(user.pk)  # daily limits are counted under the member's lock
            _check_daily_limits(user, limit, len(stored.data), now)
            return Attachment.objects.create(
                uploader=user,
                file=names[0],
                thumbnail=names[1],
                name=name,
                kind=stored.kind,
                content_type=stored.content_type,
                size=len(stored.data),
                width=stored.width,
                height=stored.height,
                created_at=now,
            )
    except BaseException:
        _delete_files(names)
        raise


def _check_daily_limits(user: User, limit: UploadLimit, size: int, now: datetime) -> None:
    day_start = timezone.localtime(now).replace(hour=0, minute=0, second=0, microsecond=0)
    count, total = Attachment.objects.uploaded_since(user.pk, day_start)
    if count >= limit.max_per_day:
        raise RefusedFile(
            _("您今天已经上传了 %(n)d 个附件，达到每天 %(max)d 个的上限。")
            % {"n": count, "max": limit.max_per_day}
        )
    if total + size > limit.max_day_kb * 1024:
        raise RefusedFile(
            _("今天上传的附件总大小将超过每天 %(max)s 的上限。")
            % {"max": filesizeformat(limit.max_day_kb * 1024)}
        )


def _save_files(kind: str, data: bytes, thumbnail: bytes, now: datetime) -> tuple[str, str]:
    base = f"{now:%Y/%m}/{uuid.uuid4().hex}"
    files = storage()
    name = files.save(f"{base}.{kind}", ContentFile(data))
    thumb = ""
    if thumbnail:
        extension = "png" if thumbnail.startswith(b"\x89PNG") else "jpg"
        thumb = files.save(f"{base}.thumb.{extension}", ContentFile(thumbnail))
    return name, thumb


def _delete_files(names: Iterable[str]) -> None:
    files = storage()
    for name in names:
        if name:
            files.delete(name)


# --- posts ---------------------------------------------------------------------------------


def claimable(author: User, ids: Sequence[int], post: Post | None = None) -> list[Attachment]:
    """The attachments a post by `author` may carry: their own unposted uploads among `ids`, and
    those already in `post` (when editing). Read before the posting transaction, like the
    rendering they feed."""
    wanted = set(ids)
    found = list(Attachment.objects.unposted_of(author.pk).filter(pk__in=wanted)) if wanted else []
    if post is not None:
        found += list(post.attachments.all())
    return sorted(found, key=lambda attachment: attachment.pk)


def render_post(
    body: str, attachments: Sequence[Attachment], *, mentions: Mapping[str, int] | None = None
) -> str:
    """A post's stored HTML: its BBCode with [attach] placed inline (and `mentions`, the
    @names that are members, linked), then the attachments it did not place, listed under it."""
    html = render_bbcode(
        body, attachments={a.pk: _inline_html(a) for a in attachments}, mentions=mentions
    )
    placed = attachment_refs(body) if attachments else set()
    rest = [a for a in attachments if a.pk not in placed]
    if not rest:
        return html
    items = format_html_join("", "<li>{}</li>", ((_listed_html(a),) for a in rest))
    title = _("附件")
    return html + format_html(
        '<div class="post-attachments"><h4>{}</h4><ul>{}</ul></div>', title, items
    )


def _inline_html(attachment: Attachment) -> str:
    if attachment.is_image and not attachment.price:
        return format_html(
            '<a class="attach-image" href="{}"><img src="{}" alt="{}" width="{}" height="{}"'
            ' loading="lazy"></a>',
            attachment.get_absolute_url(),
            attachment.get_absolute_url(),
            attachment.name,
            attachment.width,
            attachment.height,
        )
    return _listed_html(attachment)


def _listed_html(attachment: Attachment) -> str:
    if attachment.is_image and not attachment.price:
        return format_html(
            '<a class="attach-image" href="{}"><img src="{}" alt="{}" loading="lazy"></a>',
            attachment.get_absolute_url(),
            attachment.get_thumbnail_url(),
            attachment.name,
        )
    price = (
        format_html(
            ' <span class="attach-price">{}</span>', _("售价 %(n)d") % {"n": attachment.price}
        )
        if attachment.price
        else ""
    )
    return format_html(
        '<a class="attach-file" href="{}">{}</a> <span class="attach-size">({})</span>{}',
        attachment.get_absolute_url(),
        attachment.name,
        filesizeformat(attachment.size),
        price,
    )


def bind_attachments(*, post: Post, author: User, attachments: Sequence[Attachment]) -> None:
    """Inside the posting transaction, after the author's lock: the new ones among
    `attachments` join the post, each earning the 上传附件 rule. An upload that another post
    took meanwhile fails the whole post."""
    new = [a.pk for a in attachments if a.post_id is None]
    if not new:
        return
    bound = Attachment.objects.unposted_of(author.pk).filter(pk__in=new).update(post=post)
    if bound != len(new):
        raise RefusedWrite(_("有附件已经用在别的帖子里了，请重新上传。"))
    for _n in new:
        credits.apply_rule(
            user=author,
            action=UPLOAD_RULE,
            board_id=post.thread.board_id,
            post=post,
            thread=post.thread,
        )


def remove_post_attachments(post: Post) -> int:
    """Remove a post's attachments for good, rows now and files once the removal commits. For
    a purged post (moderation's recycle bin); a post merely deleted keeps them, unreachable,
    so restoring it brings them back."""
    attachments = list(post.attachments.all())
    names = [name for a in attachments for name in (a.file, a.thumbnail) if name]
    Attachment.objects.filter(pk__in=[a.pk for a in attachments]).delete()
    transaction.on_commit(lambda: _delete_files(names))
    return len(attachments)


def remove_stale_uploads(*, now: datetime | None = None) -> int:
    """Uploads never posted within LUNTAN_ATTACHMENT_STALE_HOURS: rows and files removed."""
    now = now or timezone.now()
    before = now - timedelta(hours=settings.LUNTAN_ATTACHMENT_STALE_HOURS)
    removed = 0
    for attachment in Attachment.objects.stale(before).iterator():
        # Deleting only if still unposted: a post may have taken it since the query.
        if Attachment.objects.filter(pk=attachment.pk, post__isnull=True).delete()[0]:
            _delete_files((attachment.file, attachment.thumbnail))
            removed += 1
    return removed


# --- downloads -----------------------------------------------------------------------------


def record_download(*, attachment: Attachment, user: User | None, board_id: int) -> None:
    """A download of a file: its count, and the 下载附件 rule for a member downloading someone
    else's file (InsufficientCredits when it would take them below the floor)."""
    with transaction.atomic():
        if user is not None and user.is_authenticated and user.pk != attachment.uploader_id:
            credits.apply_rule(
                user=user, action=DOWNLOAD_RULE, board_id=board_id, post=attachment.post
            )
        Attachment.objects.filter(pk=attachment.pk).update(download_count=F("download_count") + 1)


# --- 附件售价 ------------------------------------------------------------------------------


def set_price(*, attachment: Attachment, user: User, price: int) -> None:
    """The uploader prices an upload before it is posted (the post's HTML shows the price and
    keeps paid images out of line, so it is fixed once posted)."""
    if attachment.uploader_id != user.pk or attachment.post_id is not None:
        raise RefusedFile(_("只能给自己还没有发表的附件定价。"))
    if not 0 <= price <= settings.LUNTAN_ATTACHMENT_MAX_PRICE:
        raise RefusedFile(
            _("售价必须在 0 到 %(max)d 之间。") % {"max": settings.LUNTAN_ATTACHMENT_MAX_PRICE}
        )
    Attachment.objects.filter(pk=attachment.pk).update(price=price)
    attachment.price = price


def has_paid(attachment: Attachment, user: User | None) -> bool:
    """Whether `user` may have a priced attachment: its uploader, or a member who bought it."""
    if not attachment.price or (user is not None and user.pk == attachment.uploader_id):
        return True
    if user is None or not user.is_authenticated:
        return False
    return AttachmentPurchase.objects.filter(attachment=attachment, buyer=user).exists()


def buy_attachment(*, attachment: Attachment, buyer: User) -> bool:
    """The buyer pays the uploader the price, once: both logged in the credit log. False when
    they had bought it already (nothing is charged twice); InsufficientCredits when short."""
    if buyer.pk == attachment.uploader_id or not attachment.price:
        return False
    with transaction.atomic():
        for user_id in sorted({buyer.pk, attachment.uploader_id}):
            credits.lock_member(user_id)
        # Under both locks: a double click waits here and then finds the first purchase.
        if AttachmentPurchase.objects.filter(attachment=attachment, buyer=buyer).exists():
            return False
        credits.transfer_credits(
            payer=buyer,
            payee=attachment.uploader,
            slot=settings.LUNTAN_ATTACHMENT_PRICE_SLOT,
            amount=attachment.price,
            reason=_("购买附件 %(name)s") % {"name": attachment.name},
            post=attachment.post,
        )
        AttachmentPurchase.objects.create(
            attachment=attachment, buyer=buyer, price=attachment.price, created_at=timezone.now()
        )
    return True
