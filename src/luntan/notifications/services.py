"""Writing notifications: the one path every kind takes.

`notify` is the seam other apps call (ratings, moderation, the word filter's review, the
operator's notices): it keeps only recipients who may read the thread the notification is about
and who have not switched the kind off, writes the rows in one transaction, and after the commit
drops their cached unread counts and queues the e-mails. A new reply is told through
`tasks.fan_out_reply`, which the posting services queue after their commit: a thread with
thousands of watchers costs the replier nothing.
"""

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from kombu.exceptions import OperationalError

from luntan.accounts.models import User
from luntan.accounts.querysets import group_of
from luntan.conversations.models import Block
from luntan.permissions.policy import who_may_read
from luntan.threads.models import Post, Thread

from .mentions import mentioned_names, quoted_names
from .models import (
    Delivery,
    Kind,
    Notification,
    NotificationSetting,
    SystemNotice,
    ThreadWatch,
)
from .querysets import forget_unread_counts

log = logging.getLogger(__name__)

# Rows written per INSERT when a reply reaches thousands of watchers.
_BATCH = 500
# What `_notify_kinds` reads of a recipient: standing and group (who_may_read), e-mail.
_RECIPIENT_FIELDS = ("is_active", "is_superuser", "is_staff", "group", "credits", "email")


def deliveries(user_ids: Iterable[int], kind: str) -> dict[int, str]:
    """Each member's choice for `kind`, the default (on the site) where they made none."""
    ids = list(user_ids)
    chosen = dict(
        NotificationSetting.objects.filter(user_id__in=ids, kind=kind).values_list(
            "user_id", "delivery"
        )
    )
    return {pk: chosen.get(pk, Delivery.SITE) for pk in ids}


def notify(
    *,
    recipients: Iterable[User],
    kind: str,
    actor: User | None = None,
    thread: Thread | None = None,
    post: Post | None = None,
    text: str = "",
) -> int:
    """Tell `recipients` (never the actor) about something; how many were told."""
    return _notify_kinds(
        dict.fromkeys(recipients, kind), actor=actor, thread=thread, post=post, text=text
    )


def _notify_kinds(
    kinds: dict[User, str],
    *,
    actor: User | None,
    thread: Thread | None,
    post: Post | None,
    text: str = "",
) -> int:
    """`notify` with a kind per recipient (a reply mentions one member and quotes another)."""
    if thread is None and post is not None:
        thread = post.thread
    told: list[Notification] = []
    mailed: list[tuple[int, str]] = []
    by_kind: dict[str, list[User]] = {}
    for user, kind in kinds.items():
        if actor is None or user.pk != actor.pk:
            by_kind.setdefault(kind, []).append(user)
    now = timezone.now()
    everyone = [user for users in by_kind.values() for user in users]
    if thread is None:
        readers = {user.pk for user in everyone if user.is_active}
    else:
        readers = set() if thread.is_deleted else who_may_read(thread, everyone)
    for kind, users in by_kind.items():
        choice = deliveries((user.pk for user in users), kind)
        for user in users:
            if choice[user.pk] == Delivery.OFF or user.pk not in readers:
                continue
            # By id: a reply's watchers may be thousands, and assigning the related objects
            # costs more than the row's other work.
            told.append(
                Notification(
                    recipient_id=user.pk,
                    kind=kind,
                    actor_id=actor.pk if actor else None,
                    actor_name=actor.username if actor else "",
                    thread_id=thread.pk if thread else None,
                    post_id=post.pk if post else None,
                    text=text[:500],
                    created_at=now,
                )
            )
            if choice[user.pk] == Delivery.EMAIL and user.email:
                mailed.append((user.pk, kind))
    if not told:
        return 0
    with transaction.atomic():
        Notification.objects.bulk_create(told, batch_size=_BATCH)
        forget_unread_counts([n.recipient_id for n in told])
        transaction.on_commit(lambda: _queue_mail(mailed, actor, thread, post, text))
    return len(told)


def _queue_mail(mailed, actor, thread, post, text) -> None:
    """After the commit: what was written stands; with the broker unreachable the e-mails are
    lost, and the log names each."""
    from .tasks import send_notice_email

    for user_id, kind in mailed:
        try:
            send_notice_email.delay(
                user_id=user_id,
                kind=kind,
                actor_name=actor.username if actor else "",
                thread_id=thread.pk if thread else None,
                post_id=post.pk if post else None,
                text=text,
            )
        except (OperationalError, OSError):
            log.exception(
                "notice e-mail to member %s not queued: the broker is unreachable", user_id
            )


def _members_named(names: Iterable[str]) -> dict[str, User]:
    names = list(names)
    if not names:
        return {}
    return {u.username: u for u in User.objects.filter(username__in=names, is_active=True)}


def notify_reply(post: Post) -> int:
    """Everyone a new reply concerns, each told once under the kind that matters most to them:
    @mentioned, quoted, the thread's author, then the thread's watchers."""
    thread = post.thread
    kinds: dict[int, tuple[User, str]] = {}

    def add(users: Iterable[User], kind: str) -> None:
        for user in users:
            kinds.setdefault(user.pk, (user, kind))

    mentioned = _members_named(mentioned_names(post.body)).values()
    refusing = _refusing(post.author_id, [user.pk for user in mentioned])
    add((user for user in mentioned if user.pk not in refusing), Kind.MENTION)
    quoted = _members_named(quoted_names(post.body))
    posters = set(
        Post.objects.filter(thread=thread, author_id__in=[u.pk for u in quoted.values()])
        .values_list("author_id", flat=True)
        .distinct()
    )
    add((u for u in quoted.values() if u.pk in posters), Kind.QUOTE)
    if thread.author_id:
        add([thread.author], Kind.REPLY)
    # Only what deciding and writing their notification reads (thousands of rows).
    watchers = (
        User.objects.filter(thread_watches__thread=thread).only(*_RECIPIENT_FIELDS).order_by("pk")
    )
    add(watchers.iterator(chunk_size=_BATCH), Kind.WATCH)
    return _notify_kinds(dict(kinds.values()), actor=post.author, thread=thread, post=post)


def _refusing(author_id: int | None, user_ids: list[int]) -> set[int]:
    """Which of these members put the author on their 黑名单: they are not told of mentions."""
    if not author_id or not user_ids:
        return set()
    return set(
        Block.objects.filter(user_id__in=user_ids, blocked_id=author_id).values_list(
            "user_id", flat=True
        )
    )


def mentions_not_told(source: str, author: User) -> tuple[list[str], list[str]]:
    """The @names in `source` nobody will hear of, to tell the writer: those that are no
    member, and those of members who blocked the writer."""
    names = mentioned_names(source)
    known = _members_named(names)
    refusing = _refusing(author.pk, [user.pk for user in known.values()])
    unknown = [name for name in names if name not in known]
    blocked = [name for name in names if name in known and known[name].pk in refusing]
    return unknown, blocked


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    """Mark the member's notifications read (all of them without ids); how many changed."""
    unread = Notification.objects.filter(recipient=user, is_read=False)
    if notification_ids is not None:
        unread = unread.filter(pk__in=list(notification_ids))
    with transaction.atomic():
        changed = unread.update(is_read=True)
        forget_unread_counts([user.pk])
    return changed


def save_settings(*, user: User, choices: dict[str, str]) -> None:
    """The member's delivery per kind; the default choice keeps no row."""
    with transaction.atomic():
        NotificationSetting.objects.filter(user=user, kind__in=list(choices)).delete()
        NotificationSetting.objects.bulk_create(
            NotificationSetting(user=user, kind=kind, delivery=delivery)
            for kind, delivery in choices.items()
            if delivery != Delivery.SITE
        )


def watch_thread(*, user: User, thread: Thread) -> None:
    try:
        with transaction.atomic():
            ThreadWatch.objects.create(user=user, thread=thread)
    except IntegrityError:
        pass  # already watching: a second click changes nothing


def unwatch_thread(*, user: User, thread: Thread) -> None:
    ThreadWatch.objects.filter(user=user, thread=thread).delete()


def send_system_notice(notice: SystemNotice) -> int:
    """The operator's notice to every active member (of its group, if it names one), in batches;
    how many were told."""
    members = User.objects.filter(is_active=True).order_by("pk")
    batch: list[User] = []
    told = 0
    for user in members.iterator(chunk_size=_BATCH):
        if notice.group_id is None or getattr(group_of(user), "pk", None) == notice.group_id:
            batch.append(user)
        if len(batch) == _BATCH:
            told += notify(recipients=batch, kind=Kind.SYSTEM, text=notice.text)
            batch = []
    if batch:
        told += notify(recipients=batch, kind=Kind.SYSTEM, text=notice.text)
    SystemNotice.objects.filter(pk=notice.pk).update(sent_count=told)
    return told
