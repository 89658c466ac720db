"""评分 writes: rating a post and a moderator withdrawing a rating, each one transaction.

Lock order is posting's: members first, in id order (the rater, whose daily allowance is being
spent, and the author, whose credits move), then nothing else is locked. Every refusal is a
`RatingError` with its reason in Chinese, raised before anything is written.
"""

from datetime import datetime, time

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luntan.accounts.models import User
from luntan.accounts.querysets import group_of
from luntan.core.page_cache import forget_thread_on_commit
from luntan.credits import services as credits
from luntan.credits.models import SLOTS, CreditLog
from luntan.credits.querysets import credit_config
from luntan.notifications.models import Kind
from luntan.notifications.services import notify
from luntan.permissions.policy import for_user
from luntan.threads.models import Post

from .models import Rating
from .querysets import limits_of, used_today


class RatingError(Exception):
    """A rating that may not be given or withdrawn: the reason in Chinese."""


def _start_of_today(now: datetime) -> datetime:
    """Midnight in the site's time zone (Asia/Shanghai): allowances renew then."""
    local = timezone.localtime(now)
    return timezone.make_aware(datetime.combine(local.date(), time.min), local.tzinfo)


def _lock_members(*user_ids: int) -> None:
    for user_id in sorted(set(user_ids)):
        credits.lock_member(user_id)


def _kind_names() -> dict[int, str]:
    return {kind.slot: kind.name for kind in credit_config().kinds}


def check_amounts(*, rater: User, amounts: dict[int, int]) -> dict[int, int]:
    """The non-zero amounts, each within what the rater's group may give at once."""
    limits = limits_of(group_of(rater))
    if not limits:
        raise RatingError(_("您所在的用户组没有评分权限。"))
    names = _kind_names()
    given = {slot: amount for slot, amount in amounts.items() if amount}
    if not given:
        raise RatingError(_("请至少填写一项评分。"))
    for slot, amount in given.items():
        limit = limits.get(slot)
        if limit is None:
            raise RatingError(_("您不能用「%(kind)s」评分。") % {"kind": names.get(slot, slot)})
        if abs(amount) > limit.max_per_rating:
            raise RatingError(
                _("「%(kind)s」每次最多评 ±%(n)d。")
                % {"kind": names[slot], "n": limit.max_per_rating}
            )
    return given


def rate_post(*, post: Post, rater: User, amounts: dict[int, int], reason: str) -> Rating:
    """The rater gives (or takes) `amounts` of the author's credits, with a reason; the author's
    credit log records it and the author is told."""
    try:
        for_user(rater).check_rate_post(post)
    except PermissionDenied as denied:
        raise RatingError(str(denied)) from None
    reason = " ".join(reason.split())
    if not reason:
        raise RatingError(_("请填写评分理由。"))
    given = check_amounts(rater=rater, amounts=amounts)
    limits = limits_of(group_of(rater))
    names = _kind_names()
    now = timezone.now()
    with transaction.atomic():
        _lock_members(rater.pk, post.author_id)
        # Read under the rater's lock: two ratings at once cannot both spend the day's last.
        if Rating.objects.filter(post=post, rater=rater).exists():
            raise RatingError(_("您已经评过这个帖子了。"))
        used = used_today(rater.pk, _start_of_today(now))
        for slot, amount in given.items():
            left = limits[slot].max_per_day - used[slot]
            if abs(amount) > left:
                raise RatingError(
                    _("今天的「%(kind)s」评分额度不够了：每天 %(max)d，还剩 %(left)d。")
                    % {"kind": names[slot], "max": limits[slot].max_per_day, "left": max(left, 0)}
                )
        amounts_row = tuple(given.get(slot, 0) for slot in SLOTS)
        log = credits.adjust_credits(
            user=post.author,
            amounts=amounts_row,
            reason=reason[:100],
            actor=rater,
            kind=CreditLog.Kind.RATING,
            post=post,
        )
        rating = Rating.objects.create(
            post=post,
            rater=rater,
            rater_name=rater.username,
            reason=reason[:100],
            created_at=now,
            credit_log=log,
            **{f"extcredits{slot}": amount for slot, amount in given.items()},
        )
        forget_thread_on_commit(post.thread_id, post.thread.board_id)
        notify(recipients=[post.author], kind=Kind.RATING, actor=rater, post=post, text=reason)
    return rating


def withdraw_rating(*, rating: Rating, actor: User) -> None:
    """A moderator takes a rating back: the author's credits return, the log says so."""
    post = rating.post
    try:
        for_user(actor).check_withdraw_rating(post)
    except PermissionDenied as denied:
        raise RatingError(str(denied)) from None
    with transaction.atomic():
        _lock_members(post.author_id)
        rating = Rating.objects.select_for_update().get(pk=rating.pk)
        if rating.withdrawn_at is not None:
            return
        credits.adjust_credits(
            user=post.author,
            amounts=tuple(-amount for amount in rating.amounts),
            reason=rating.reason,
            actor=actor,
            kind=CreditLog.Kind.REVERSAL,
            post=post,
        )
        if rating.credit_log_id:
            CreditLog.objects.filter(pk=rating.credit_log_id).update(revoked=True)
        rating.withdrawn_at, rating.withdrawn_by = timezone.now(), actor
        rating.save(update_fields=["withdrawn_at", "withdrawn_by"])
        forget_thread_on_commit(post.thread_id, post.thread.board_id)
