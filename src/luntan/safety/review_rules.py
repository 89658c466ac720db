"""先审后发 rules: whether a member's new thread or reply waits for a moderator, and the
禁止发帖时间段 when nobody but moderators may post. Read once per change (shared configuration)."""

import re
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from luntan.accounts.querysets import group_of
from luntan.core.shared_config import forget_shared_config, shared_config

from . import wordfilter
from .querysets import screen

_CACHE_KEY = "safety:review-rules:v1"
_CACHE_SECONDS = 3600
_SPAN = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")
# [url], [img] and bare addresses (the renderer links those too).
_LINK = re.compile(r"\[url\b|https?://|www\.", re.IGNORECASE)
_IMAGE = re.compile(r"\[img\b", re.IGNORECASE)


class HoursError(ValueError):
    pass


Hours = tuple[tuple[time, time], ...]


def parse_hours(text: str) -> Hours:
    """ "22:00-06:00, 12:00-13:00" → spans; a span may cross midnight."""
    spans = []
    for item in filter(None, (part.strip() for part in re.split(r"[,，;；]", text))):
        found = _SPAN.match(item)
        if not found:
            raise HoursError(_("时间段“%(item)s”的格式应为 22:00-06:00。") % {"item": item})
        h1, m1, h2, m2 = (int(n) for n in found.groups())
        if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2):
            raise HoursError(_("时间段“%(item)s”的时间不存在。") % {"item": item})
        end = time(0, 0) if h2 == 24 else time(h2, m2)
        spans.append((time(h1, m1), end))
    return tuple(spans)


def _within(hours: Hours, moment: datetime) -> bool:
    now = timezone.localtime(moment).time()
    for start, end in hours:
        if start == end:  # 00:00-24:00: the whole day
            return True
        if start < end and start <= now < end:
            return True
        if start > end and (now >= start or now < end):
            return True
    return False


@dataclass(frozen=True)
class ReviewRules:
    hold_board_ids: frozenset[int] = frozenset()
    hold_group_ids: frozenset[int] = frozenset()
    new_member_hours: int = 0
    first_posts: int = 0
    hold_links: bool = False
    hold_images: bool = False
    review_hours: Hours = ()
    closed_hours: Hours = ()
    review_hours_text: str = ""
    closed_hours_text: str = ""


def review_rules() -> ReviewRules:
    return shared_config(_CACHE_KEY, _read_review_rules, _CACHE_SECONDS)


def _read_review_rules() -> ReviewRules:
    from .models import ReviewSettings

    row = ReviewSettings.objects.filter(pk=1).first()
    if row is None:
        return ReviewRules()
    return ReviewRules(
        hold_board_ids=frozenset(row.hold_boards.values_list("pk", flat=True)),
        hold_group_ids=frozenset(row.hold_groups.values_list("pk", flat=True)),
        new_member_hours=row.new_member_hours,
        first_posts=row.first_posts,
        hold_links=row.hold_links,
        hold_images=row.hold_images,
        review_hours=parse_hours(row.review_hours),
        closed_hours=parse_hours(row.closed_hours),
        review_hours_text=row.review_hours,
        closed_hours_text=row.closed_hours,
    )


def forget_review_rules() -> None:
    """Now, and again after commit for the workers that read the cache in between."""
    forget_shared_config(_CACHE_KEY)
    transaction.on_commit(lambda: forget_shared_config(_CACHE_KEY))


def closed_now(now: datetime | None = None) -> str | None:
    """The 禁止发帖时间段 notice when posting is closed at `now`, else None."""
    rules = review_rules()
    if rules.closed_hours and _within(rules.closed_hours, now or timezone.now()):
        return _("本站 %(hours)s（北京时间）禁止发帖，请稍后再来。") % {
            "hours": rules.closed_hours_text
        }
    return None


def review_reason(
    *, author, board_id: int, title: str, body: str, now: datetime | None = None
) -> str | None:
    """Why this post must wait for review (the first rule that applies), or None. The caller
    has already let moderators of the board through."""
    rules = review_rules()
    now = now or timezone.now()
    words = [
        hit.text
        for text, markup in ((title, False), (body, True))
        for hit in screen(text, markup=markup).hits
        if hit.entry.action == wordfilter.REVIEW
    ]
    if words:
        return _("包含需要审核的词语「%(words)s」") % {"words": "」「".join(dict.fromkeys(words))}
    if board_id in rules.hold_board_ids:
        return _("本版块的帖子需要审核")
    group = group_of(author)
    if group is not None and group.pk in rules.hold_group_ids:
        return _("%(group)s的帖子需要审核") % {"group": group.name}
    if rules.new_member_hours and author.date_joined > now - timedelta(
        hours=rules.new_member_hours
    ):
        return _("注册未满 %(n)d 小时的会员发帖需要审核") % {"n": rules.new_member_hours}
    if rules.first_posts and author.post_count < rules.first_posts:
        return _("会员的前 %(n)d 个帖子需要审核") % {"n": rules.first_posts}
    if rules.hold_links and (_LINK.search(body) or _LINK.search(title)):
        return _("含链接的帖子需要审核")
    if rules.hold_images and _IMAGE.search(body):
        return _("含图片的帖子需要审核")
    if rules.review_hours and _within(rules.review_hours, now):
        return _("%(hours)s（北京时间）发表的帖子需要审核") % {"hours": rules.review_hours_text}
    return None
