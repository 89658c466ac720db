"""Every write that moves a thread's floors and counters, each one function and one transaction.

Lock order is always thread → board → member, so concurrent writers queue instead of deadlocking.
"""

from collections import Counter

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from luntan.accounts.models import User
from luntan.boards.models import Board, ThreadType
from luntan.core.markup import render_bbcode
from luntan.core.page_cache import forget_thread_on_commit
from luntan.credits import services as credits
from luntan.threads.models import Post, PostRevision, Thread
from luntan.threads.repair import refresh_board_last_post

from .errors import PostingError
from .flood import check_post_interval


def _lock_member(author: User) -> None:
    """Take the member's row before inserting rows that point at it. On MariaDB/InnoDB such an
    insert takes a shared lock on the member row; two posts by one member would then both hold
    it and deadlock upgrading it for the counter and credits updates. (The board is locked
    first, keeping the order thread → board → member.)"""
    User.objects.select_for_update().filter(pk=author.pk).first()


def _insert_post(
    *, thread: Thread, floor: int, author: User, body: str, now, ip: str | None, token: str | None
) -> Post:
    return Post.objects.create(
        thread=thread,
        floor=floor,
        author=author,
        author_name=author.username,
        created_at=now,
        body=body,
        html=render_bbcode(body),
        author_ip=ip,
        client_token=token or None,
    )


def _count_new_post(*, thread: Thread, author: User, now, starts_thread: bool) -> None:
    """Board and member counters after a new post; the board's last post becomes this one."""
    new_threads = 1 if starts_thread else 0
    Board.objects.filter(pk=thread.board_id).update(
        thread_count=F("thread_count") + new_threads,
        post_count=F("post_count") + 1,
        last_post_at=now,
        last_thread=thread,
        last_poster_name=author.username,
    )
    User.objects.filter(pk=author.pk).update(
        thread_count=F("thread_count") + new_threads,
        post_count=F("post_count") + 1,
        last_post_at=now,
    )


def _existing_post(author: User, client_token: str | None) -> Post | None:
    if not client_token:
        return None
    return Post.objects.filter(author=author, client_token=client_token).first()


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
) -> Thread:
    """New thread: the thread row, its first post (floor 1), board and member counters."""
    now = created_at or timezone.now()
    with transaction.atomic():
        # Locking the board row serialises double submits of the same form.
        Board.objects.select_for_update().filter(pk=board.pk).first()
        _lock_member(author)
        existing = _existing_post(author, client_token)
        if existing is not None:
            return existing.thread
        check_post_interval(author)
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
        first_post = _insert_post(
            thread=thread, floor=1, author=author, body=body, now=now, ip=ip, token=client_token
        )
        _count_new_post(thread=thread, author=author, now=now, starts_thread=True)
        credits.apply_rule(
            user=author,
            action=credits.NEW_THREAD,
            board_id=board.pk,
            thread=thread,
            post=first_post,
            now=now,
        )
        forget_thread_on_commit(thread.pk, board.pk)
    return thread


def reply_to_thread(
    *,
    thread: Thread,
    author: User,
    body: str,
    ip: str | None = None,
    client_token: str | None = None,
    created_at=None,
) -> Post:
    """New reply: the next floor, thread, board and member counters."""
    now = created_at or timezone.now()
    with transaction.atomic():
        # The row lock makes floor assignment safe: each replier waits for the previous one.
        locked = Thread.objects.select_for_update().get(pk=thread.pk)
        if locked.is_deleted:
            raise PostingError(_("该主题已被删除，不能回复。"))
        Board.objects.select_for_update().filter(pk=locked.board_id).first()
        _lock_member(author)
        existing = _existing_post(author, client_token)
        if existing is not None:
            return existing
        check_post_interval(author)
        floor = locked.last_floor + 1
        post = _insert_post(
            thread=locked, floor=floor, author=author, body=body, now=now, ip=ip, token=client_token
        )
        Thread.objects.filter(pk=locked.pk).update(
            last_floor=floor,
            reply_count=F("reply_count") + 1,
            last_post_at=now,
            last_poster_name=author.username,
        )
        _count_new_post(thread=locked, author=author, now=now, starts_thread=False)
        credits.apply_rule(
            user=author,
            action=credits.REPLY,
            board_id=locked.board_id,
            thread=locked,
            post=post,
            now=now,
        )
        forget_thread_on_commit(locked.pk, locked.board_id)
    return post


def edit_post(
    *,
    post: Post,
    editor: User,
    body: str,
    title: str | None = None,
    thread_type: ThreadType | None = None,
) -> Post:
    """Edit a post (and, on floor 1, the thread's title and type), keeping the old text."""
    now = timezone.now()
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
        post.html = render_bbcode(body)
        post.edited_at = now
        post.edited_by_name = editor.username
        post.edit_count += 1
        post.save(update_fields=["body", "html", "edited_at", "edited_by_name", "edit_count"])
        if post.is_first and title is not None:
            thread.title = title
            thread.thread_type = thread_type
            thread.save(update_fields=["title", "thread_type"])
    return post


def delete_post(*, post: Post, actor: User) -> Thread:
    """Hide a post; its floor stays taken. Deleting floor 1 deletes the whole thread, which only
    its author may do while nobody has replied (moderators may always)."""
    with transaction.atomic():
        thread = Thread.objects.select_for_update().get(pk=post.thread_id)
        forget_thread_on_commit(thread.pk, thread.board_id)
        post = Post.objects.get(pk=post.pk)
        if post.is_deleted:
            return thread
        if post.is_first:
            _delete_thread(thread, actor)
            return thread
        post.is_deleted = True
        post.save(update_fields=["is_deleted"])
        Thread.objects.filter(pk=thread.pk).update(reply_count=F("reply_count") - 1)
        Board.objects.filter(pk=thread.board_id).update(post_count=F("post_count") - 1)
        if post.author_id:
            User.objects.filter(pk=post.author_id).update(post_count=F("post_count") - 1)
        credits.take_back_post(post=post, actor=actor)
    return thread


def _delete_thread(thread: Thread, actor: User) -> None:
    from luntan.permissions.policy import for_user

    if thread.reply_count > 0 and not for_user(actor).can_moderate(thread.board_id):
        raise PostingError(_("主题已有回复，不能删除；请联系版主。"))
    posts_by_author = Counter(
        Post.objects.filter(thread=thread, is_deleted=False).values_list("author_id", flat=True)
    )
    Post.objects.filter(thread=thread).update(is_deleted=True)
    Thread.objects.filter(pk=thread.pk).update(is_deleted=True)
    Board.objects.filter(pk=thread.board_id).update(
        thread_count=F("thread_count") - 1,
        post_count=F("post_count") - sum(posts_by_author.values()),
    )
    for author_id, count in sorted(posts_by_author.items(), key=lambda item: item[0] or 0):
        if author_id:
            User.objects.filter(pk=author_id).update(post_count=F("post_count") - count)
    if thread.author_id:
        User.objects.filter(pk=thread.author_id).update(thread_count=F("thread_count") - 1)
    credits.take_back_thread(thread=thread, actor=actor)
    refresh_board_last_post(thread.board_id)
