"""The safety app's writes: word list import, and holding, approving and rejecting posts.

Word list import and export: plain text, one entry a line, as Discuz! writes it.

    法轮功              禁止 (a bare word)
    法轮功={BANNED}     禁止
    代开{2}发票={MOD}   审核
    傻逼=**             替换为 **

Blank lines and lines starting with # are skipped. A file is taken whole or not at all: any bad
line refuses the import, and every bad line is named with its number.
"""

from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from luntan.accounts.models import User
from luntan.boards.models import Board, ThreadType
from luntan.permissions.policy import ForumPermissions
from luntan.posting.errors import PostingError
from luntan.posting.flood import check_post_interval
from luntan.posting.screening import Held
from luntan.posting.services import reply_to_thread, start_thread
from luntan.threads.models import Post, Thread

from . import wordfilter
from .models import FilterWord, HeldPost, Report
from .querysets import forget_word_list
from .review_rules import closed_now, review_reason

_BANNED_MARK = "{BANNED}"
_REVIEW_MARK = "{MOD}"
# Reported at most; a file with more bad lines is probably not a word list at all.
_MAX_REPORTED = 50


@dataclass(frozen=True)
class LineError:
    number: int
    line: str
    message: str


class WordFileError(Exception):
    def __init__(self, errors: list[LineError]) -> None:
        super().__init__(errors)
        self.errors = errors


def _parse_line(line: str) -> FilterWord:
    pattern, sep, target = line.partition("=")
    pattern, target = pattern.strip(), target.strip()
    if not sep or target == _BANNED_MARK:
        action, replacement = FilterWord.Action.BANNED, ""
    elif target == _REVIEW_MARK:
        action, replacement = FilterWord.Action.REVIEW, ""
    elif target:
        action, replacement = FilterWord.Action.REPLACE, target
    else:
        raise wordfilter.PatternError(_("“=”后面没有替换的文字。"))
    max_length = FilterWord._meta.get_field("pattern").max_length
    if len(pattern) > max_length or len(replacement) > max_length:
        raise wordfilter.PatternError(_("词语和替换文字最多 %(n)d 个字。") % {"n": max_length})
    key = wordfilter.pattern_key(pattern)
    return FilterWord(pattern=pattern, key=key, action=action, replacement=replacement)


def parse_word_file(text: str, *, known_keys: set[str]) -> list[FilterWord]:
    """The entries of a file; WordFileError naming each bad line (empty, unusable `{n}`, or a
    duplicate of an earlier line or of `known_keys`)."""
    words: list[FilterWord] = []
    errors: list[LineError] = []
    first_line: dict[str, int] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip().lstrip("\ufeff")
        if not line or line.startswith("#"):
            continue
        try:
            word = _parse_line(line)
        except wordfilter.PatternError as error:
            errors.append(LineError(number, line, str(error)))
            continue
        if word.key in first_line:
            message = _("与第 %(n)d 行重复。") % {"n": first_line[word.key]}
            errors.append(LineError(number, line, message))
        elif word.key in known_keys:
            errors.append(LineError(number, line, _("词表中已有相同的词语。")))
        else:
            first_line[word.key] = number
            words.append(word)
    if errors:
        raise WordFileError(errors[:_MAX_REPORTED])
    return words


def import_words(text: str, *, replace_all: bool) -> int:
    """Add a file's entries (or, with `replace_all`, make them the whole list); how many."""
    with transaction.atomic():
        if replace_all:
            FilterWord.objects.all().delete()
            known: set[str] = set()
        else:
            known = set(FilterWord.objects.values_list("key", flat=True))
        words = parse_word_file(text, known_keys=known)
        FilterWord.objects.bulk_create(words, batch_size=1000)
        forget_word_list()
    return len(words)


def export_words() -> str:
    """The whole list in the import format."""
    marks = {FilterWord.Action.BANNED: _BANNED_MARK, FilterWord.Action.REVIEW: _REVIEW_MARK}
    lines = [
        f"{pattern}={marks.get(action, replacement)}"
        for pattern, action, replacement in FilterWord.objects.order_by("pk").values_list(
            "pattern", "action", "replacement"
        )
    ]
    return "".join(f"{line}\n" for line in lines)


# 先审后发: holding, approving and rejecting what members wrote.


def hold_for_review(**post) -> Held | None:
    """posting's screening hook: a post kept back is announced and its author sent to their
    own queue of posts waiting for review."""
    held = hold_if_required(**post)
    if held is None:
        return None
    return Held(
        message=_("您的帖子需要审核（%(reason)s），通过后才会显示。") % {"reason": held.reason},
        url=reverse("review-mine"),
    )


def hold_if_required(
    *,
    perms: ForumPermissions,
    author: User,
    board: Board,
    body: str,
    ip: str | None,
    thread: Thread | None = None,
    title: str = "",
    thread_type: ThreadType | None = None,
) -> HeldPost | None:
    """Before a new thread or reply is published: PostingError in the 禁止发帖时间段, the held
    post when a review rule applies, None to publish it now. Reviewers of the board pass."""
    if perms.can_review(board.pk):
        return None
    closed = closed_now()
    if closed:
        raise PostingError(closed)
    reason = review_reason(author=author, board_id=board.pk, title=title, body=body)
    if reason is None:
        return None
    return hold_post(
        author=author,
        board=board,
        body=body,
        reason=reason,
        thread=thread,
        title=title,
        thread_type=thread_type,
        ip=ip,
    )


def hold_post(
    *,
    author: User,
    board: Board,
    body: str,
    reason: str,
    thread: Thread | None = None,
    title: str = "",
    thread_type: ThreadType | None = None,
    ip: str | None = None,
) -> HeldPost:
    """Keep a new thread (no `thread`) or a reply for review. It passes the flood check now,
    so a member cannot fill the queue faster than they could post."""
    check_post_interval(author, board.pk)
    return HeldPost.objects.create(
        board=board,
        thread=thread,
        thread_type=thread_type,
        title=title,
        body=body,
        author=author,
        author_ip=ip,
        reason=reason[: HeldPost._meta.get_field("reason").max_length],
        created_at=timezone.now(),
    )


class ReviewError(Exception):
    """The held post cannot be decided on; the message says why."""


def _take_pending(held_id: int) -> HeldPost:
    # No select_related: PostgreSQL refuses FOR UPDATE across the outer join to `thread`.
    held = HeldPost.objects.select_for_update().get(pk=held_id)
    if held.status != HeldPost.Status.PENDING:
        raise ReviewError(_("该帖子已经审核过了。"))
    return held


def approve_held(
    *, held: HeldPost, moderator: User, title: str | None = None, body: str | None = None
) -> Post:
    """通过 (or 编辑后通过 with `title`/`body`): publish the held post through the posting
    services, which give it its floor and count it and its credits now. The held row is
    locked first, so two moderators approving at once publish it once."""
    with transaction.atomic():
        held = _take_pending(held.pk)
        if body is not None:
            held.body = body
        if title is not None and held.is_thread:
            held.title = title
        token = f"held-{held.pk}"
        try:
            if held.is_thread:
                thread = start_thread(
                    board=held.board,
                    author=held.author,
                    title=held.title,
                    body=held.body,
                    thread_type=held.thread_type,
                    ip=held.author_ip,
                    client_token=token,
                    flood_check=False,
                )
                post = Post.objects.get(thread=thread, floor=1)
            else:
                post = reply_to_thread(
                    thread=held.thread,
                    author=held.author,
                    body=held.body,
                    ip=held.author_ip,
                    client_token=token,
                    flood_check=False,
                )
        except PostingError as error:
            raise ReviewError(str(error)) from None
        held.status, held.post = HeldPost.Status.APPROVED, post
        _decide(held, moderator, extra_fields=["title", "body", "post"])
    return post


def reject_held(*, held: HeldPost, moderator: User) -> None:
    """删除: the post is never published; the author still sees it, marked 未通过."""
    with transaction.atomic():
        held = _take_pending(held.pk)
        held.status = HeldPost.Status.REJECTED
        _decide(held, moderator)


def _decide(held: HeldPost, moderator: User, *, extra_fields: Iterable[str] = ()) -> None:
    held.decided_at, held.decided_by = timezone.now(), moderator
    held.save(update_fields=["status", "decided_at", "decided_by", *extra_fields])
    transaction.on_commit(lambda: tell_author_outcome(held))


def tell_author_outcome(held: HeldPost) -> None:
    """The seam for notifications (issue 17): called after a decision is committed. Until
    they exist the author reads the outcome on their own list (`review-mine`)."""


# 举报.


class ReportError(Exception):
    """A report the rules refuse; the message is shown to the member as it is."""


def _count_report(reporter: User) -> None:
    """At most LUNTAN_REPORTS_PER_HOUR reports an hour per member."""
    limit = settings.LUNTAN_REPORTS_PER_HOUR
    key = f"safety:reports:{reporter.pk}"
    cache.add(key, 0, 3600)
    try:
        made = cache.incr(key)
    except ValueError:  # expired between add and incr: a new hour begins
        cache.set(key, 1, 3600)
        made = 1
    if made > limit:
        raise ReportError(_("一小时内最多举报 %(n)d 次，请稍后再试。") % {"n": limit})


def report_post(*, post: Post, reporter: User, reason: str, text: str = "") -> Report:
    """One member's report of one post, once."""
    if Report.objects.filter(post=post, reporter=reporter).exists():
        raise ReportError(_("您已经举报过这个帖子了，版主会尽快处理。"))
    _count_report(reporter)
    try:
        with transaction.atomic():
            return Report.objects.create(
                post=post,
                board_id=post.thread.board_id,
                reporter=reporter,
                reason=reason,
                text=text,
                created_at=timezone.now(),
            )
    except IntegrityError:  # the same report submitted twice at once
        raise ReportError(_("您已经举报过这个帖子了，版主会尽快处理。")) from None


def handle_reports(*, reports: Iterable[Report], moderator: User) -> int:
    """标为已处理; how many were still open."""
    ids = [report.pk for report in reports]
    return Report.objects.filter(pk__in=ids, status=Report.Status.OPEN).update(
        status=Report.Status.HANDLED, handled_at=timezone.now(), handled_by=moderator
    )
