"""Every moderation action, each one function and one transaction, logged in 管理日志.

Lock order is posting's: member → thread → board (members in id order, boards in id order). An
action that changes members' counters or credits locks those members before the thread; since a
reply by someone new can land between reading the posters and locking the thread, such actions
re-check under the thread's lock and retry (as posting's thread deletion does).

Counters are brought back to what `recount_forum` / `recount_credits` compute: the thread through
`recount_thread` (run under the thread's lock, so no reply can slip in), boards by the number of
posts that moved, members through `recount_member`, the only repair path there is for them.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import F, Max, Min
from django.dispatch import Signal
from django.utils import timezone
from django.utils.translation import gettext as _

from luntan.accounts.models import User
from luntan.attachments.services import remove_post_attachments
from luntan.boards.models import Board, ThreadType
from luntan.boards.repair import refresh_board_last_post
from luntan.core.page_cache import INDEX, board_scope, forget_on_commit, thread_scope
from luntan.credits import services as credits
from luntan.credits.models import CreditLog
from luntan.posting.services import _lock_members, _members_of_thread
from luntan.search.services import queue_reindex
from luntan.threads.models import Post, Thread
from luntan.threads.repair import recount_member, recount_thread

from .bans import forget_ban_lists
from .models import (
    Action,
    MemberBan,
    MemberWarning,
    MergedThread,
    ModerationLog,
    ModerationSettings,
    RecycleEntry,
)

# Sent once the action commits, with the log entry, when it concerns a member (the author of
# the thread or post, the banned member): the seam notifications (issue 17) connect to.
member_moderated = Signal()

_ATTEMPTS = 5


class ModerationError(Exception):
    """An action refused; the message is shown to the moderator as it is."""


@dataclass(frozen=True)
class ThreadOptions:
    """What a thread tool needs besides the thread; each tool reads its own fields."""

    sticky: int = 0
    digest: int = 0
    until: datetime | None = None
    colour: str = ""
    bold: bool = False
    italic: bool = False
    underline: bool = False
    target_board: Board | None = None
    thread_type: ThreadType | None = None
    leave_stub: bool = False


# --- shared steps -------------------------------------------------------------------------------


def _lock_thread(thread_id: int, board_id: int | None, *, stub_ok: bool = False) -> Thread:
    """The thread, locked; refused when it was deleted or moved since the moderator's page.
    A 转向 stub only takes deletion (`stub_ok`)."""
    thread = Thread.objects.select_for_update().filter(pk=thread_id).first()
    if thread is None or thread.is_deleted:
        raise ModerationError(_("该主题已被删除，请刷新页面。"))
    if thread.moved_to_id and not stub_ok:
        raise ModerationError(_("这是移动主题后留下的转向链接，请到新位置操作。"))
    if board_id is not None and thread.board_id != board_id:
        raise ModerationError(
            _("主题“%(title)s”已被移动到其他版块，请刷新页面后再操作。") % {"title": thread.title}
        )
    return thread


def _forget(
    thread_ids: Iterable[int] = (), board_ids: Iterable[int] = (), *, reindex: bool = True
) -> None:
    """After an action commits: the cached pages and, unless the action changed nothing an index
    entry holds (`reindex=False`: sticky, digest, highlight, close, bump, move — who may read a
    post is joined at search time), the search entries of the threads' posts (a merged, split,
    hidden or deleted post is found, or not, as the pages show it)."""
    thread_ids = list(thread_ids)
    scopes = [thread_scope(pk) for pk in thread_ids] + [board_scope(pk) for pk in board_ids]
    forget_on_commit(*scopes, INDEX)
    if reindex:
        for thread_id in thread_ids:
            queue_reindex(thread_id=thread_id)


def _log(
    actor: User,
    action: str,
    *,
    now: datetime,
    reason: str = "",
    thread: Thread | None = None,
    board_id: int | None = None,
    floors: Iterable[int] = (),
    member_id: int | None = None,
    member_name: str = "",
    before: dict | None = None,
    after: dict | None = None,
) -> ModerationLog:
    entry = ModerationLog.objects.create(
        actor=actor,
        actor_name=actor.username,
        created_at=now,
        action=action,
        board_id=board_id if board_id is not None else (thread.board_id if thread else None),
        thread=thread if thread is not None and thread.pk else None,
        thread_title=thread.title if thread else "",
        floors=",".join(str(f) for f in floors)[:200],
        member_id=member_id,
        member_name=member_name,
        reason=reason,
        before=before or {},
        after=after or {},
    )
    if member_id is not None and member_id != actor.pk:
        transaction.on_commit(lambda: member_moderated.send(ModerationLog, entry=entry))
    return entry


def _note(action: str, actor: User, now: datetime, reason: str) -> dict:
    """「本帖被 … 执行 … 操作」 fields, alike on threads and posts."""
    return {
        "moderated_action": action,
        "moderated_by_name": actor.username,
        "moderated_at": now,
        "moderated_reason": reason[:200],
    }


def _record_on_thread(
    thread: Thread, action: str, actor: User, *, now: datetime, reason: str, before: dict
) -> None:
    """What a thread tool leaves behind: 「本帖被 … 执行 … 操作」 on the thread, and the log entry
    with the thread as it was (`before`) and as it is now."""
    Thread.objects.filter(pk=thread.pk).update(**_note(action, actor, now, reason))
    _log(
        actor,
        action,
        now=now,
        reason=reason,
        thread=thread,
        member_id=thread.author_id,
        member_name=thread.author_name,
        before=before,
        after=_snapshot(thread),
    )


def _recount_members(user_ids: Iterable[int | None]) -> None:
    """Members' counters from their posts, then their totals (which read those counters).
    The caller holds their locks."""
    for pk in sorted({pk for pk in user_ids if pk}):
        recount_member(User(pk=pk))
        credits.refresh_total(pk)


def _with_members(members: set[int], work: Callable[[set[int]], object]):
    """Run `work(locked_ids)` in a transaction holding `members`' locks; retried with the
    newcomers when `work` finds posters it has not locked (raises _NewPosters)."""
    for _attempt in range(_ATTEMPTS):
        try:
            with transaction.atomic():
                return work(_lock_members(members))
        except _NewPosters as newcomers:
            members |= newcomers.ids
    raise ModerationError(_("主题正在被回复，请稍后再试。"))


class _NewPosters(Exception):
    def __init__(self, ids: set[int]) -> None:
        self.ids = ids


def _check_locked(thread_id: int, locked: set[int]) -> None:
    missing = _members_of_thread(thread_id) - locked
    if missing:
        raise _NewPosters(missing)


def _snapshot(thread: Thread) -> dict:
    return {
        "board": thread.board_id,
        "sticky": thread.sticky,
        "sticky_until": thread.sticky_until.isoformat() if thread.sticky_until else None,
        "digest": thread.digest,
        "highlight": thread.highlight,
        "bold": thread.highlight_bold,
        "italic": thread.highlight_italic,
        "underline": thread.highlight_underline,
        "closed": thread.is_closed,
        "last_post_at": thread.last_post_at.isoformat(),
        "thread_type": thread.thread_type_id,
    }


# --- thread tools -------------------------------------------------------------------------------


def moderate_thread(
    *,
    thread_id: int,
    board_id: int | None,
    actor: User,
    action: str,
    reason: str = "",
    options: ThreadOptions | None = None,
) -> Thread:
    """One thread tool on one thread. `board_id` is the board the moderator's page showed the
    thread in: a thread moved since is refused rather than acted on elsewhere."""
    tools = {
        Action.STICKY: _sticky,
        Action.DIGEST: _digest,
        Action.HIGHLIGHT: _highlight,
        Action.CLOSE: _close,
        Action.OPEN: _close,
        Action.BUMP: _bump,
        Action.SINK: _bump,
        Action.MOVE: _move,
    }
    options = options or ThreadOptions()
    if action == Action.DELETE_THREAD:
        return delete_thread(thread_id=thread_id, board_id=board_id, actor=actor, reason=reason)
    if action not in tools:
        raise ModerationError(_("未知的管理操作。"))
    if action == Action.DIGEST:
        return _digest(thread_id, board_id, actor, reason, options)
    now = timezone.now()
    with transaction.atomic():
        thread = _lock_thread(thread_id, board_id)
        before = _snapshot(thread)
        logged, touched_boards = tools[action](thread, action, options, now)
        thread.refresh_from_db()
        _record_on_thread(thread, logged, actor, now=now, reason=reason, before=before)
        _forget([thread.pk], {before["board"], thread.board_id, *touched_boards}, reindex=False)
    thread.refresh_from_db()
    return thread


def _sticky(thread: Thread, action: str, options: ThreadOptions, now: datetime):
    level = options.sticky
    if level not in Thread.Sticky.values:
        raise ModerationError(_("置顶级别无效。"))
    Thread.objects.filter(pk=thread.pk).update(
        sticky=level, sticky_until=options.until if level else None
    )
    # 分区置顶 and 全局置顶 show on other boards' lists too.
    widest = max(level, thread.sticky)
    others: Iterable[int] = ()
    if widest == Thread.Sticky.GLOBAL:
        others = Board.objects.values_list("pk", flat=True)
    elif widest == Thread.Sticky.GROUP:
        others = Board.objects.filter(group_id=thread.board.group_id).values_list("pk", flat=True)
    return (Action.STICKY if level else Action.UNSTICKY), list(others)


def _highlight(thread: Thread, action: str, options: ThreadOptions, now: datetime):
    Thread.objects.filter(pk=thread.pk).update(
        highlight=options.colour,
        highlight_bold=options.bold,
        highlight_italic=options.italic,
        highlight_underline=options.underline,
        highlight_until=options.until,
    )
    return action, ()


def _close(thread: Thread, action: str, options: ThreadOptions, now: datetime):
    Thread.objects.filter(pk=thread.pk).update(is_closed=action == Action.CLOSE)
    return action, ()


def _bump(thread: Thread, action: str, options: ThreadOptions, now: datetime):
    """提升 lists the thread as if replied to now; 下沉 just below the board's oldest thread.
    Either holds until someone posts in it (see `listed_time`)."""
    listed = now
    if action == Action.SINK:
        oldest = (
            Thread.objects.visible()
            .filter(board_id=thread.board_id)
            .aggregate(oldest=Min("last_post_at"))["oldest"]
        )
        listed = min(oldest or now, thread.last_post_at) - timedelta(seconds=1)
    list(Board.objects.select_for_update().filter(pk=thread.board_id).values_list("pk"))
    Thread.objects.filter(pk=thread.pk).update(
        last_post_at=listed, listed_at=listed, listed_by_moderator_at=now
    )
    refresh_board_last_post(thread.board_id)
    return action, ()


def _move(thread: Thread, action: str, options: ThreadOptions, now: datetime):
    target = options.target_board
    if target is None or target.pk == thread.board_id:
        raise ModerationError(_("请选择另一个目标版块。"))
    thread_type = _type_in(target, options.thread_type, thread.thread_type)
    source_id = thread.board_id
    posts = Post.objects.filter(thread=thread, is_deleted=False).count()
    # Both boards' rows before the thread's update (InnoDB's foreign key check), in id order.
    list(
        Board.objects.select_for_update()
        .filter(pk__in=[source_id, target.pk])
        .order_by("pk")
        .values_list("pk")
    )
    stub = options.leave_stub
    Board.objects.filter(pk=source_id).update(
        thread_count=F("thread_count") - (0 if stub else 1), post_count=F("post_count") - posts
    )
    Board.objects.filter(pk=target.pk).update(
        thread_count=F("thread_count") + 1, post_count=F("post_count") + posts
    )
    Thread.objects.filter(pk=thread.pk).update(board=target, thread_type=thread_type)
    # Its deleted floors are now the new board's moderators' to restore.
    RecycleEntry.objects.filter(thread=thread).update(board=target)
    if stub:
        # Has no posts and no author of its own, so recounts leave it as it is: 0 replies,
        # listed at the moved thread's last post time under the original author's name.
        Thread.objects.create(
            board_id=source_id,
            title=thread.title,
            author=None,
            author_name=thread.author_name,
            created_at=thread.last_post_at,
            last_post_at=thread.last_post_at,
            last_poster_name=thread.author_name,
            moved_to=thread,
        )
    # Stubs left by earlier moves now point at the thread's new place.
    refresh_board_last_post(source_id)
    refresh_board_last_post(target.pk)
    return action, (source_id, target.pk)


def _type_in(board: Board, chosen: ThreadType | None, current: ThreadType | None):
    """The thread's type in its new board: the one chosen there, else the type of the same
    name, else none."""
    if chosen is not None:
        if chosen.board_id != board.pk:
            raise ModerationError(_("所选主题分类不属于目标版块。"))
        return chosen
    if current is None:
        return None
    return ThreadType.objects.filter(board=board, name=current.name).first()


def _digest(
    thread_id: int, board_id: int | None, actor: User, reason: str, options: ThreadOptions
) -> Thread:
    """精华 I–III, or 0 to take it off: the 加精华 rule given or taken back (the author's row is
    locked before the thread's, as a reply would)."""
    level = options.digest
    if level not in (0, 1, 2, 3):
        raise ModerationError(_("精华级别无效。"))
    author_id = Thread.objects.filter(pk=thread_id).values_list("author_id", flat=True).first()
    now = timezone.now()
    with transaction.atomic():
        _lock_members([author_id])
        thread = _lock_thread(thread_id, board_id)
        before = _snapshot(thread)
        Thread.objects.filter(pk=thread.pk).update(digest=level)
        if level and not thread.digest:
            credits.reward_digest(thread=thread)
        elif thread.digest and not level:
            credits.revoke_digest(thread=thread, actor=actor)
        thread.digest = level
        action = Action.DIGEST if level else Action.UNDIGEST
        _record_on_thread(thread, action, actor, now=now, reason=reason, before=before)
        _forget([thread.pk], [thread.board_id], reindex=False)
    thread.refresh_from_db()
    return thread


# --- deletion and the recycle bin ---------------------------------------------------------------


def delete_thread(*, thread_id: int, board_id: int | None, actor: User, reason: str) -> Thread:
    """删除主题 with a reason: into the 回收站 (or gone for good, as the operator chose). Its
    posts keep their own state, so a restore brings back exactly what was there."""
    settings = ModerationSettings.current()

    def work(locked: set[int]) -> Thread:
        now = timezone.now()
        thread = _lock_thread(thread_id, board_id, stub_ok=True)
        _check_locked(thread.pk, locked)
        posts = Post.objects.filter(thread=thread, is_deleted=False)
        authors = set(posts.values_list("author_id", flat=True))
        count = posts.count()
        list(Board.objects.select_for_update().filter(pk=thread.board_id).values_list("pk"))
        Board.objects.filter(pk=thread.board_id).update(
            thread_count=F("thread_count") - 1, post_count=F("post_count") - count
        )
        Thread.objects.filter(pk=thread.pk).update(
            is_deleted=True, **_note(Action.DELETE_THREAD, actor, now, reason)
        )
        _recount_members(authors | {thread.author_id})
        rewards = _live_rewards(CreditLog.objects.filter(thread=thread))
        credits.take_back_thread(thread=thread, actor=actor)
        if thread.digest and thread.author_id:
            credits.count_digest(user_id=thread.author_id, change=-1)
        first = Post.objects.filter(thread=thread, floor=1).first()
        entry = RecycleEntry.objects.create(
            board_id=thread.board_id,
            thread=thread,
            deleted_by=actor,
            deleted_by_name=actor.username,
            deleted_at=now,
            reason=reason,
            taken_back=rewards,
            penalties=_penalties(first) if first else [],
        )
        refresh_board_last_post(thread.board_id)
        _log(
            actor,
            Action.DELETE_THREAD,
            now=now,
            reason=reason,
            thread=thread,
            member_id=thread.author_id,
            member_name=thread.author_name,
        )
        _forget([thread.pk], [thread.board_id])
        if not settings.deletion_to_bin:
            _purge(entry)
        return thread

    return _with_members(_members_of_thread(thread_id), work)


def _live_rewards(logs) -> list[int]:
    return list(
        logs.filter(kind=CreditLog.Kind.REWARD, revoked=False)
        .exclude(rule__action=credits.POST_DELETED)
        .values_list("pk", flat=True)
    )


def _penalties(post: Post) -> list[int]:
    return list(
        CreditLog.objects.filter(
            post=post,
            kind=CreditLog.Kind.REWARD,
            revoked=False,
            rule__action=credits.POST_DELETED,
        ).values_list("pk", flat=True)
    )


def restore_entry(*, entry_id: int, actor: User) -> RecycleEntry:
    """恢复: the thread or floor comes back with its counters and every credit its deletion
    took (the 被删帖 penalty is returned)."""
    entry = RecycleEntry.objects.filter(pk=entry_id).first()
    if entry is None:
        raise ModerationError(_("回收站中没有这一项，可能已被恢复或彻底删除。"))
    thread_id = entry.thread_id

    def work(locked: set[int]) -> RecycleEntry:
        now = timezone.now()
        found = RecycleEntry.objects.select_for_update().filter(pk=entry_id).first()
        if found is None:
            raise ModerationError(_("回收站中没有这一项，可能已被恢复或彻底删除。"))
        thread = Thread.objects.select_for_update().get(pk=thread_id)
        _check_locked(thread.pk, locked)
        list(Board.objects.select_for_update().filter(pk=thread.board_id).values_list("pk"))
        if found.post_id is None:
            posts = Post.objects.filter(thread=thread, is_deleted=False)
            authors = set(posts.values_list("author_id", flat=True)) | {thread.author_id}
            Board.objects.filter(pk=thread.board_id).update(
                thread_count=F("thread_count") + 1, post_count=F("post_count") + posts.count()
            )
            Thread.objects.filter(pk=thread.pk).update(is_deleted=False)
            floors: list[int] = []
        else:
            if thread.is_deleted:
                raise ModerationError(_("请先恢复这一楼所在的主题。"))
            post = Post.objects.get(pk=found.post_id)
            authors = {post.author_id}
            Post.objects.filter(pk=post.pk).update(is_deleted=False)
            Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") + 1)
            recount_thread(Thread.objects.get(pk=thread.pk))
            floors = [post.floor]
        _recount_members(authors)
        credits.give_back(reward_ids=found.taken_back, penalty_ids=found.penalties, actor=actor)
        if found.post_id is None and thread.digest and thread.author_id:
            credits.count_digest(user_id=thread.author_id, change=1)
        refresh_board_last_post(thread.board_id)
        _log(
            actor,
            Action.RESTORE,
            now=now,
            thread=thread,
            floors=floors,
            member_id=thread.author_id if not floors else next(iter(authors)),
            member_name=thread.author_name,
        )
        _forget([thread.pk], [thread.board_id])
        found.delete()
        return found

    return _with_members(_members_of_thread(thread_id), work)


def purge_entry(*, entry_id: int, actor: User) -> None:
    """彻底删除: the thread's rows go; a floor keeps its number, its text goes."""
    with transaction.atomic():
        entry = RecycleEntry.objects.select_for_update().filter(pk=entry_id).first()
        if entry is None:
            raise ModerationError(_("回收站中没有这一项，可能已被恢复或彻底删除。"))
        thread = Thread.objects.get(pk=entry.thread_id)
        floors = [entry.post.floor] if entry.post_id else []
        _log(actor, Action.PURGE, now=timezone.now(), thread=thread, floors=floors)
        _purge(entry)


def _purge(entry: RecycleEntry) -> None:
    if entry.post_id is None:
        thread_id = entry.thread_id
        board_id = entry.board_id
        # Its 转向 stubs go with it (on_delete CASCADE), each a thread of its board.
        stubs = list(
            Thread.objects.filter(moved_to_id=thread_id, is_deleted=False).values_list(
                "pk", "board_id"
            )
        )
        for _stub, stub_board in sorted(stubs, key=lambda row: row[1]):
            Board.objects.filter(pk=stub_board).update(thread_count=F("thread_count") - 1)
        # Purged for good: the files of its posts go too (a deletion kept them for a restore).
        for post in Post.objects.filter(thread_id=thread_id, attachments__isnull=False).distinct():
            remove_post_attachments(post)
        Thread.objects.filter(pk=thread_id).delete()
        for _stub, stub_board in stubs:
            refresh_board_last_post(stub_board)
        _forget([thread_id, *(pk for pk, _board in stubs)], [board_id, *(b for _pk, b in stubs)])
    else:
        Post.objects.filter(pk=entry.post_id).update(body="", html="")
        entry.post.revisions.all().delete()
        remove_post_attachments(entry.post)
        entry.delete()


def purge_expired(*, now: datetime | None = None) -> int:
    """Entries older than the operator's 回收站保留天数; how many went."""
    keep = ModerationSettings.current().bin_keep_days
    cutoff = (now or timezone.now()) - timedelta(days=keep)
    count = 0
    for entry_id in RecycleEntry.objects.filter(deleted_at__lt=cutoff).values_list("pk", flat=True):
        with transaction.atomic():
            entry = RecycleEntry.objects.select_for_update().filter(pk=entry_id).first()
            if entry is not None:
                _purge(entry)
                count += 1
    return count


# --- post tools ---------------------------------------------------------------------------------


def moderate_posts(
    *,
    thread_id: int,
    board_id: int | None,
    floors: list[int],
    actor: User,
    action: str,
    reason: str = "",
) -> Thread:
    """删除 / 屏蔽 / 解除屏蔽 / 警告 on chosen floors of one thread, in one transaction."""
    tools = {
        Action.DELETE_POST: _delete_posts,
        Action.HIDE: _hide_posts,
        Action.UNHIDE: _hide_posts,
        Action.WARN: _warn_posts,
    }
    if action not in tools:
        raise ModerationError(_("未知的管理操作。"))
    if not floors:
        raise ModerationError(_("请先选择要操作的楼层。"))
    if action == Action.DELETE_POST and 1 in floors:
        raise ModerationError(_("楼主不能单独删除，请使用“删除主题”。"))
    if action == Action.WARN and not reason.strip():
        raise ModerationError(_("警告必须填写理由，会员会看到它。"))
    authors = set(
        Post.objects.filter(thread_id=thread_id, floor__in=floors).values_list(
            "author_id", flat=True
        )
    )
    rewarded = CreditLog.objects.filter(post__thread_id=thread_id, post__floor__in=floors)
    authors |= set(rewarded.values_list("user_id", flat=True))

    def work(locked: set[int]) -> Thread:
        now = timezone.now()
        thread = _lock_thread(thread_id, board_id)
        posts = list(
            Post.objects.filter(thread=thread, floor__in=floors, is_deleted=False).order_by("floor")
        )
        if len(posts) != len(set(floors)):
            raise ModerationError(_("所选楼层有的已被删除，请刷新页面后再操作。"))
        if not {p.author_id for p in posts if p.author_id} <= locked:
            raise _NewPosters({p.author_id for p in posts if p.author_id})
        tools[action](thread, posts, actor, action, reason, now)
        for post in posts:
            _log(
                actor,
                action,
                now=now,
                reason=reason,
                thread=thread,
                floors=[post.floor],
                member_id=post.author_id,
                member_name=post.author_name,
            )
        _forget([thread.pk], [thread.board_id])
        return thread

    return _with_members({pk for pk in authors if pk}, work)


def _delete_posts(thread, posts, actor, action, reason, now) -> None:
    list(Board.objects.select_for_update().filter(pk=thread.board_id).values_list("pk"))
    keep_in_bin = ModerationSettings.current().deletion_to_bin
    for post in posts:
        Post.objects.filter(pk=post.pk).update(
            is_deleted=True, **_note(Action.DELETE_POST, actor, now, reason)
        )
        rewards = _live_rewards(CreditLog.objects.filter(post=post))
        credits.take_back_post(post=post, actor=actor)
        entry = RecycleEntry.objects.create(
            board_id=thread.board_id,
            thread=thread,
            post=post,
            deleted_by=actor,
            deleted_by_name=actor.username,
            deleted_at=now,
            reason=reason,
            taken_back=rewards,
            penalties=_penalties(post),
        )
        if not keep_in_bin:
            _purge(entry)
    Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") - len(posts))
    recount_thread(Thread.objects.get(pk=thread.pk))
    refresh_board_last_post(thread.board_id)
    _recount_members(p.author_id for p in posts)


def _hide_posts(thread, posts, actor, action, reason, now) -> None:
    Post.objects.filter(pk__in=[p.pk for p in posts]).update(
        is_hidden=action == Action.HIDE, **_note(action, actor, now, reason)
    )


def _warn_posts(thread, posts, actor, action, reason, now) -> None:
    settings = ModerationSettings.current()
    for post in posts:
        if not post.author_id:
            continue
        Post.objects.filter(pk=post.pk).update(**_note(Action.WARN, actor, now, reason))
        MemberWarning.objects.create(
            member_id=post.author_id, post=post, actor=actor, reason=reason, created_at=now
        )
        if settings.warnings_to_ban:
            since = now - timedelta(days=settings.warning_days)
            recent = MemberWarning.objects.filter(member_id=post.author_id, created_at__gte=since)
            if recent.count() >= settings.warnings_to_ban and not _muted(post.author_id, now):
                days = settings.warning_ban_days
                _ban(
                    member=User.objects.get(pk=post.author_id),
                    actor=actor,
                    kind=MemberBan.Kind.MUTE,
                    until=now + timedelta(days=days) if days else None,
                    reason=_("%(days)d 天内被警告 %(count)d 次，自动禁言")
                    % {
                        "days": settings.warning_days,
                        "count": recent.count(),
                    },
                    now=now,
                )


def _muted(member_id: int, now: datetime) -> bool:
    bans = MemberBan.objects.filter(
        member_id=member_id, kind=MemberBan.Kind.MUTE, lifted_at__isnull=True
    )
    return any(ban.in_force(now) for ban in bans)


# --- members ------------------------------------------------------------------------------------


def ban_member(*, member: User, actor: User, kind: str, days: int | None, reason: str) -> MemberBan:
    """禁言 / 禁止访问 for `days` days, or forever when `days` is None."""
    if kind not in MemberBan.Kind.values:
        raise ModerationError(_("未知的处理方式。"))
    if not reason.strip():
        raise ModerationError(_("请填写理由，会员会看到它。"))
    now = timezone.now()
    with transaction.atomic():
        return _ban(
            member=member,
            actor=actor,
            kind=kind,
            until=now + timedelta(days=days) if days else None,
            reason=reason,
            now=now,
        )


def _ban(*, member: User, actor: User, kind: str, until, reason: str, now) -> MemberBan:
    ban = MemberBan.objects.create(
        member=member, kind=kind, until=until, reason=reason, actor=actor, created_at=now
    )
    _log(
        actor,
        Action.MUTE if kind == MemberBan.Kind.MUTE else Action.BAN_VISIT,
        now=now,
        reason=reason,
        member_id=member.pk,
        member_name=member.username,
        after={"kind": kind, "until": until.isoformat() if until else None},
    )
    transaction.on_commit(forget_ban_lists)
    return ban


def lift_bans(*, member: User, actor: User, reason: str = "") -> int:
    """解除: every ban in force on the member ends now; how many."""
    now = timezone.now()
    with transaction.atomic():
        lifted = MemberBan.objects.filter(member=member, lifted_at__isnull=True).exclude(
            until__lte=now
        )
        count = lifted.update(lifted_at=now)
        if count:
            _log(
                actor,
                Action.LIFT_BAN,
                now=now,
                reason=reason,
                member_id=member.pk,
                member_name=member.username,
            )
            transaction.on_commit(forget_ban_lists)
    return count


def expire_marks(*, now: datetime | None = None) -> int:
    """置顶 and 高亮 past their expiry are taken off; how many threads changed."""
    now = now or timezone.now()
    with transaction.atomic():
        stuck = list(
            Thread.objects.filter(sticky__gt=0, sticky_until__lte=now).values_list(
                "pk", "board_id", "sticky"
            )
        )
        Thread.objects.filter(pk__in=[pk for pk, _b, _s in stuck]).update(
            sticky=0, sticky_until=None
        )
        lit = list(Thread.objects.filter(highlight_until__lte=now).values_list("pk", "board_id"))
        Thread.objects.filter(pk__in=[pk for pk, _b in lit]).update(
            highlight="",
            highlight_bold=False,
            highlight_italic=False,
            highlight_underline=False,
            highlight_until=None,
        )
        boards = {b for _pk, b, _s in stuck} | {b for _pk, b in lit}
        if any(level > Thread.Sticky.BOARD for _pk, _b, level in stuck):
            boards |= set(Board.objects.values_list("pk", flat=True))
        _forget({pk for pk, _b, _s in stuck} | {pk for pk, _b in lit}, boards, reindex=False)
    return len({pk for pk, _b, _s in stuck} | {pk for pk, _b in lit})


# --- merge and split ----------------------------------------------------------------------------


def _renumber(thread_id: int, posts: list[Post]) -> dict[int, int]:
    """Give `posts` floors 1, 2, … in `thread_id`, in list order; {post id: floor}. Moved out of
    the way first, since (thread, floor) is unique at every statement."""
    top = Post.objects.filter(thread_id=thread_id).aggregate(top=Max("floor"))["top"] or 0
    parked = max(top, *(p.floor for p in posts)) + 1
    for n, post in enumerate(posts):
        Post.objects.filter(pk=post.pk).update(thread_id=thread_id, floor=parked + n)
    floors = {}
    for n, post in enumerate(posts, start=1):
        Post.objects.filter(pk=post.pk).update(floor=n)
        floors[post.pk] = n
    return floors


def _lock_boards(*board_ids: int) -> None:
    list(
        Board.objects.select_for_update()
        .filter(pk__in=set(board_ids))
        .order_by("pk")
        .values_list("pk")
    )


def merge_threads(
    *, thread_id: int, board_id: int | None, into_id: int, actor: User, reason: str = ""
) -> Thread:
    """合并: every floor of `thread_id` joins `into_id`, whose first post stays 楼主 and the rest
    are renumbered in time order; the merged thread's addresses answer 301 to their floors."""
    if thread_id == into_id:
        raise ModerationError(_("不能把主题合并到它自己。"))
    members = _members_of_thread(thread_id) | _members_of_thread(into_id)

    def work(locked: set[int]) -> Thread:
        now = timezone.now()
        # Both threads in id order, then their boards.
        first_id, second_id = sorted((thread_id, into_id))
        _lock_thread(first_id, board_id if first_id == thread_id else None)
        _lock_thread(second_id, board_id if second_id == thread_id else None)
        source = Thread.objects.get(pk=thread_id)
        target = Thread.objects.get(pk=into_id)
        _check_locked(source.pk, locked)
        _check_locked(target.pk, locked)
        _lock_boards(source.board_id, target.board_id)
        before = {"thread": source.pk, "board": source.board_id}
        head = Post.objects.get(thread=target, floor=1)
        rest = Post.objects.filter(thread__in=[source, target]).exclude(pk=head.pk)
        old = {p.pk: (p.thread_id, p.floor) for p in rest}
        moved_visible = Post.objects.filter(thread=source, is_deleted=False).count()
        floors = _renumber(target.pk, [head, *rest.order_by("created_at", "pk")])
        Board.objects.filter(pk=source.board_id).update(
            thread_count=F("thread_count") - 1, post_count=F("post_count") - moved_visible
        )
        Board.objects.filter(pk=target.board_id).update(post_count=F("post_count") + moved_visible)
        CreditLog.objects.filter(thread=source).update(thread=target)
        RecycleEntry.objects.filter(thread=source).update(thread=target, board=target.board_id)
        Thread.objects.filter(moved_to=source).update(moved_to=target)
        source_map = {
            str(floor): floors[pk] for pk, (tid, floor) in old.items() if tid == source.pk
        }
        _redirect_merged(source.pk, target, source_map)
        if source.digest and source.author_id:
            credits.count_digest(user_id=source.author_id, change=-1)
        _log(
            actor,
            Action.MERGE,
            now=now,
            reason=reason,
            thread=target,
            member_id=source.author_id,
            member_name=source.author_name,
            before=before,
            after={"into": target.pk, "board": target.board_id, "floors": source_map},
        )
        # The emptied thread stays as a deleted row pointing at the target, so a reply racing
        # with the merge finds it deleted (and its address answers 301) instead of missing.
        Thread.objects.filter(pk=source.pk).update(
            is_deleted=True,
            moved_to=target,
            last_floor=0,
            reply_count=0,
            last_post_at=F("created_at"),
            last_poster_name=F("author_name"),
        )
        recount_thread(Thread.objects.get(pk=target.pk))
        refresh_board_last_post(source.board_id)
        refresh_board_last_post(target.board_id)
        _recount_members({source.author_id, *(p for p in locked)})
        Thread.objects.filter(pk=target.pk).update(**_note(Action.MERGE, actor, now, reason))
        _forget([source.pk, target.pk], [source.board_id, target.board_id])
        return Thread.objects.get(pk=target.pk)

    return _with_members(members, work)


def _redirect_merged(old_id: int, target: Thread, floors: dict[str, int]) -> None:
    """The old thread's floors, and those of threads merged into it before, now lead to
    `target`."""
    for earlier in MergedThread.objects.filter(thread_id=old_id):
        earlier.floors = {k: floors.get(str(v), 1) for k, v in earlier.floors.items()}
        earlier.thread = target
        earlier.save()
    MergedThread.objects.update_or_create(
        old_thread_id=old_id, defaults={"thread": target, "floors": floors}
    )


def split_thread(
    *,
    thread_id: int,
    board_id: int | None,
    floors: list[int],
    title: str,
    actor: User,
    reason: str = "",
) -> Thread:
    """分割: the chosen floors become a new thread in the same board, in floor order; the first
    of them is its 楼主 (and its author the thread's author)."""
    if not floors or 1 in floors:
        raise ModerationError(_("请选择要分割出去的楼层（楼主除外）。"))
    title = title.strip()
    if not title:
        raise ModerationError(_("请填写新主题的标题。"))
    members = _members_of_thread(thread_id)

    def work(locked: set[int]) -> Thread:
        now = timezone.now()
        thread = _lock_thread(thread_id, board_id)
        _check_locked(thread.pk, locked)
        posts = list(
            Post.objects.filter(thread=thread, floor__in=floors, is_deleted=False).order_by("floor")
        )
        if len(posts) != len(set(floors)):
            raise ModerationError(_("所选楼层有的已被删除，请刷新页面后再操作。"))
        _lock_boards(thread.board_id)
        first = posts[0]
        new = Thread.objects.create(
            board_id=thread.board_id,
            thread_type_id=thread.thread_type_id,
            title=title[:80],
            author_id=first.author_id,
            author_name=first.author_name,
            created_at=first.created_at,
            last_post_at=posts[-1].created_at,
            last_poster_name=posts[-1].author_name,
            read_level=thread.read_level,
        )
        _renumber(new.pk, posts)
        Board.objects.filter(pk=thread.board_id).update(thread_count=F("thread_count") + 1)
        CreditLog.objects.filter(post__in=posts).update(thread=new)
        recount_thread(Thread.objects.get(pk=thread.pk))
        recount_thread(Thread.objects.get(pk=new.pk))
        refresh_board_last_post(thread.board_id)
        _recount_members({first.author_id, *(p.author_id for p in posts)})
        _log(
            actor,
            Action.SPLIT,
            now=now,
            reason=reason,
            thread=thread,
            floors=floors,
            member_id=first.author_id,
            member_name=first.author_name,
            after={"new_thread": new.pk},
        )
        Thread.objects.filter(pk=new.pk).update(**_note(Action.SPLIT, actor, now, reason))
        _forget([thread.pk, new.pk], [thread.board_id])
        return Thread.objects.get(pk=new.pk)

    return _with_members(members, work)
