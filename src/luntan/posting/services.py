"""Every write that moves a thread's floors and counters, each one function and one transaction.

Lock order is always member → thread → board, so concurrent writers queue instead of
deadlocking. A new post first locks its author (their User row with their credit balance, see
`credits.lock_member`) and writes what it earns them: nobody else waits for that row. Only then
the thread, which every replier queues for, so its lock is held for the fewest statements: the
floor, the board's counters, the post and its credit log entry. Deletions lock every member
they will change before the thread for the same reason. On MariaDB/InnoDB the board's row is
taken before anything that points at it is inserted or updated: such a write takes a shared lock
on the board there, and two posts would both hold it and deadlock upgrading it for the counters.
BBCode is rendered and the credit rules read before any lock. A double-submitted form (same
client_token) hits the (author, client_token) constraint, or the flood check: its attempt rolls
back whole and the post the first submit made is returned.
"""

from collections import Counter
from collections.abc import Iterable, Sequence

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from luntan.accounts.models import User
from luntan.attachments.services import bind_attachments, claimable, render_post
from luntan.boards.models import Board, ThreadType
from luntan.boards.repair import refresh_board_last_post
from luntan.core.page_cache import forget_thread_on_commit
from luntan.credits import services as credits
from luntan.credits.models import CreditLog
from luntan.credits.querysets import CreditConfig, credit_config
from luntan.notifications.mentions import mention_ids
from luntan.notifications.tasks import queue_reply_fan_out
from luntan.permissions.policy import for_user
from luntan.search.services import queue_reindex
from luntan.threads.models import Post, PostRevision, Thread
from luntan.threads.querysets import forget_thread_summary_on_commit
from luntan.threads.repair import thread_last_post

from .errors import PostingError
from .flood import check_post_interval

# A thread deletion that keeps meeting new posters gives up after this many tries.
_DELETE_ATTEMPTS = 5


def _charge_author(
    author: User,
    *,
    board_id: int,
    now,
    starts_thread: bool,
    config: CreditConfig,
    flood_check: bool = True,
) -> CreditLog | None:
    """Lock the author and write what the new post changes for them (counters, credits), before
    any thread or board lock; the rule's log entry comes back unsaved (see `_write_post`)."""
    member, balance = credits.lock_member(author.pk)
    reward = credits.count_new_post(
        member=member,
        balance=balance,
        action=credits.NEW_THREAD if starts_thread else credits.REPLY,
        board_id=board_id,
        now=now,
        starts_thread=starts_thread,
        config=config,
    )
    if flood_check:
        check_post_interval(author, board_id)
    return reward


def _count_in_board(
    *, board_id: int, thread_id: int, author: User, now, starts_thread: bool
) -> None:
    """The board's counters; its last post becomes this one. For a reply, this takes the
    board's row lock."""
    changes = {"thread_count": F("thread_count") + 1} if starts_thread else {}
    Board.objects.filter(pk=board_id).update(
        post_count=F("post_count") + 1,
        last_post_at=now,
        last_thread_id=thread_id,
        last_poster_name=author.username,
        **changes,
    )


def _claim_floor(thread_id: int, *, author: User, now) -> int:
    """Lock the thread and count the reply in it and its board; the reply's floor. The row lock
    makes floor assignment safe: each replier waits here for the previous one's commit."""
    if connection.vendor == "postgresql":
        # Lock, count and move the board's last post in one statement (the ORM cannot read back
        # from an UPDATE). The board's update joins the thread's result, so it runs second; it
        # is `_count_in_board` written for this statement: change the two together.
        with connection.cursor() as cursor:
            cursor.execute(
                _CLAIM_FLOOR_SQL, {"thread": thread_id, "now": now, "name": author.username}
            )
            claimed = cursor.fetchone()
        if claimed is None:
            raise _thread_gone()
        return claimed[0]
    board_id, last_floor, reply_count, is_deleted = (
        Thread.objects.select_for_update()
        .values_list("board_id", "last_floor", "reply_count", "is_deleted")
        .get(pk=thread_id)
    )
    if is_deleted:
        raise _thread_gone()
    # The board's row next, before the thread's update: InnoDB re-checks the board foreign key
    # of the thread's (board, …, last_post_at) index entry.
    _count_in_board(
        board_id=board_id, thread_id=thread_id, author=author, now=now, starts_thread=False
    )
    Thread.objects.filter(pk=thread_id).update(
        last_floor=last_floor + 1,
        reply_count=reply_count + 1,
        last_post_at=now,
        last_poster_name=author.username,
    )
    return last_floor + 1


_CLAIM_FLOOR_SQL = """
WITH thread AS (
    UPDATE threads_thread
    SET last_floor = last_floor + 1, reply_count = reply_count + 1,
        last_post_at = %(now)s, last_poster_name = %(name)s
    WHERE id = %(thread)s AND NOT is_deleted
    RETURNING board_id, last_floor
), board AS (
    UPDATE boards_board
    SET post_count = post_count + 1, last_post_at = %(now)s,
        last_thread_id = %(thread)s, last_poster_name = %(name)s
    FROM thread WHERE boards_board.id = thread.board_id
)
SELECT last_floor FROM thread
"""


def _thread_gone() -> PostingError:
    return PostingError(_("该主题已被删除，不能回复。"))


def _write_post(
    *,
    thread: Thread,
    floor: int,
    author: User,
    body: str,
    html: str,
    now,
    ip: str | None,
    token: str | None,
    reward: CreditLog | None,
) -> Post:
    """The post row and the log entry of what it earned (from `_charge_author`)."""
    post = Post.objects.create(
        thread=thread,
        floor=floor,
        author=author,
        author_name=author.username,
        created_at=now,
        body=body,
        html=html,
        author_ip=ip,
        client_token=token or None,
    )
    if reward is not None:
        reward.thread, reward.post = thread, post
        reward.save(force_insert=True)
    forget_thread_on_commit(thread.pk, thread.board_id)
    queue_reindex(post_ids=[post.pk])
    return post


def _first_submit(
    author: User, client_token: str | None, error: IntegrityError | PostingError
) -> Post:
    """The post a double-submitted form made the first time; without one, `error` is raised."""
    existing = (
        Post.objects.filter(author=author, client_token=client_token).first()
        if client_token
        else None
    )
    if existing is None:
        raise error
    return existing


def start_thread(
    *,
    board: Board,
    author: User,
    title: str,
    body: str,
    thread_type: ThreadType | None = None,
    ip: str | None = None,
    client_token: str | None = None,
    created_at=None,
    flood_check: bool = True,
    attachments: Sequence[int] = (),
) -> Thread:
    """New thread: the thread row, its first post (floor 1), board and member counters, and the
    author's uploads among `attachments` bound to the post. `flood_check=False` for a post the
    flood check already passed (an approved held post)."""
    now = created_at or timezone.now()
    files = claimable(author, attachments)
    html, config = render_post(body, files, mentions=mention_ids(body)), credit_config()
    try:
        with transaction.atomic():
            reward = _charge_author(
                author,
                board_id=board.pk,
                now=now,
                starts_thread=True,
                config=config,
                flood_check=flood_check,
            )
            list(Board.objects.select_for_update().filter(pk=board.pk).values_list("pk"))
            thread = Thread.objects.create(
                board=board,
                thread_type=thread_type,
                title=title,
                author=author,
                author_name=author.username,
                created_at=now,
                last_post_at=now,
                last_poster_name=author.username,
                last_floor=1,
            )
            _count_in_board(
                board_id=board.pk, thread_id=thread.pk, author=author, now=now, starts_thread=True
            )
            post = _write_post(
                thread=thread,
                floor=1,
                author=author,
                body=body,
                html=html,
                now=now,
                ip=ip,
                token=client_token,
                reward=reward,
            )
            bind_attachments(post=post, author=author, attachments=files)
    except (IntegrityError, PostingError) as error:
        return _first_submit(author, client_token, error).thread
    transaction.on_commit(lambda: queue_reply_fan_out(post.pk))  # its @mentions
    return thread


def reply_to_thread(
    *,
    thread: Thread,
    author: User,
    body: str,
    ip: str | None = None,
    client_token: str | None = None,
    created_at=None,
    flood_check: bool = True,
    attachments: Sequence[int] = (),
) -> Post:
    """New reply: the next floor, thread, board and member counters, and the author's uploads
    among `attachments` bound to it (`flood_check`: as in `start_thread`)."""
    now = created_at or timezone.now()
    files = claimable(author, attachments)
    html, config = render_post(body, files, mentions=mention_ids(body)), credit_config()
    try:
        with transaction.atomic():
            reward = _charge_author(
                author,
                board_id=thread.board_id,
                now=now,
                starts_thread=False,
                config=config,
                flood_check=flood_check,
            )
            floor = _claim_floor(thread.pk, author=author, now=now)
            post = _write_post(
                thread=thread,
                floor=floor,
                author=author,
                body=body,
                html=html,
                now=now,
                ip=ip,
                token=client_token,
                reward=reward,
            )
            bind_attachments(post=post, author=author, attachments=files)
    except (IntegrityError, PostingError) as error:
        return _first_submit(author, client_token, error)
    # Who the reply concerns (the thread's author, quoted and @mentioned members, watchers) is
    # worked out by the worker once the reply is committed.
    transaction.on_commit(lambda: queue_reply_fan_out(post.pk))
    return post


def edit_post(
    *,
    post: Post,
    editor: User,
    body: str,
    title: str | None = None,
    thread_type: ThreadType | None = None,
    attachments: Sequence[int] = (),
) -> Post:
    """Edit a post (and, on floor 1, the thread's title and type), keeping the old text; the
    post's author's new uploads among `attachments` join it."""
    now = timezone.now()
    files = claimable(post.author, attachments, post=post) if post.author else []
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=post.thread_id)
        forget_thread_on_commit(thread.pk, thread.board_id)
        post = Post.objects.get(pk=post.pk)
        PostRevision.objects.create(
            post=post,
            editor=editor,
            edited_at=now,
            previous_title=thread.title if post.is_first else "",
            previous_body=post.body,
        )
        post.body = body
        post.html = render_post(body, files, mentions=mention_ids(body))
        post.edited_at = now
        post.edited_by_name = editor.username
        post.edit_count += 1
        post.save(update_fields=["body", "html", "edited_at", "edited_by_name", "edit_count"])
        if post.is_first:
            forget_thread_summary_on_commit(thread.pk)
        bind_attachments(post=post, author=post.author, attachments=files)
        queue_reindex(post_ids=[post.pk])
        if post.is_first and title is not None:
            thread.title = title
            thread.thread_type = thread_type
            thread.save(update_fields=["title", "thread_type"])
    return post


def delete_post(*, post: Post, actor: User) -> Thread:
    """Hide a post; its floor stays taken. Deleting floor 1 deletes the whole thread, which only
    its author may do while nobody has replied (moderators may always)."""
    if post.is_first:
        return _delete_thread(post.thread_id, actor)
    with transaction.atomic():
        _lock_members(
            [post.author_id, *CreditLog.objects.filter(post=post).values_list("user_id", flat=True)]
        )
        thread = Thread.objects.select_for_update().get(pk=post.thread_id)
        forget_thread_on_commit(thread.pk, thread.board_id)
        post = Post.objects.get(pk=post.pk)
        if post.is_deleted:
            return thread
        post.is_deleted = True
        post.save(update_fields=["is_deleted"])
        queue_reindex(post_ids=[post.pk])
        # The newest reply gone, the one before it is the thread's, board's and author's last.
        Thread.objects.filter(pk=thread.pk).update(
            reply_count=F("reply_count") - 1, **thread_last_post(thread)
        )
        Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") - 1)
        refresh_board_last_post(thread.board_id)
        if post.author_id:
            credits.uncount_posts(user_id=post.author_id, posts=1)
        credits.take_back_post(post=post, actor=actor)
    return thread


def delete_thread(*, thread: Thread, actor: User) -> Thread:
    """Hide a thread and all its posts, as deleting its first post does (same rules)."""
    return _delete_thread(thread.pk, actor)


def _lock_members(user_ids: Iterable[int | None]) -> set[int]:
    """Lock these members' rows in id order; the ids locked. Taken before the thread's lock,
    since a reply holds its author's row while it queues for the thread."""
    ids = sorted({pk for pk in user_ids if pk})
    list(User.objects.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))
    return set(ids)


def _members_of_thread(thread_id: int) -> set[int]:
    """Everyone a thread's deletion changes: its posters and whoever its credit log rewarded."""
    posters = Post.objects.filter(thread_id=thread_id).values_list("author_id", flat=True)
    rewarded = CreditLog.objects.filter(thread_id=thread_id).values_list("user_id", flat=True)
    return {pk for pk in [*posters.distinct(), *rewarded.distinct()] if pk}


class _NewPosters(Exception):
    """Members posted in the thread between reading its posters and locking it."""


def _delete_thread(thread_id: int, actor: User) -> Thread:
    """Retried when a reply by someone new lands just before the thread is locked: their row
    would have to be locked after the thread's, against the lock order."""
    members = _members_of_thread(thread_id)
    for _attempt in range(_DELETE_ATTEMPTS):
        try:
            with transaction.atomic():
                return _delete_thread_of(thread_id, actor, members)
        except _NewPosters:
            members |= _members_of_thread(thread_id)
    raise PostingError(_("主题正在被回复，请稍后再删除。"))


def _delete_thread_of(thread_id: int, actor: User, members: set[int]) -> Thread:
    locked = _lock_members(members)
    thread = Thread.objects.select_for_update().get(pk=thread_id)
    if thread.is_deleted:
        return thread
    if not _members_of_thread(thread_id) <= locked:
        raise _NewPosters
    forget_thread_on_commit(thread.pk, thread.board_id)
    queue_reindex(thread_id=thread.pk)
    # Asked again under the thread's lock: a reply may have landed since the page asked.
    first = Post.objects.get(thread=thread, floor=1)
    first.thread = thread
    try:
        for_user(actor).check_delete_post(first)
    except PermissionDenied as denied:
        raise PostingError(str(denied)) from None
    posts_by_author = Counter(
        Post.objects.filter(thread=thread, is_deleted=False).values_list("author_id", flat=True)
    )
    # The board's row before the thread's update, as in reply_to_thread: InnoDB's foreign key
    # check on the thread's (board, is_deleted, …) index entry would share-lock the board.
    Board.objects.filter(pk=thread.board_id).update(
        thread_count=F("thread_count") - 1,
        post_count=F("post_count") - sum(posts_by_author.values()),
    )
    Post.objects.filter(thread=thread).update(is_deleted=True)
    Thread.objects.filter(pk=thread.pk).update(is_deleted=True)
    for author_id in sorted({*posts_by_author, thread.author_id} - {None}):
        credits.uncount_posts(
            user_id=author_id,
            posts=posts_by_author[author_id],
            threads=int(author_id == thread.author_id),
        )
    credits.take_back_thread(thread=thread, actor=actor)
    refresh_board_last_post(thread.board_id)
    return thread
