"""Every change of a member's credits. Each function joins the caller's transaction, so a reward
commits or rolls back with the post, reply or digest that earned it.

Lock order is posting's (member → thread → board): the member's User row, then their
MemberCredits row, both before any thread. Holding the member's row lock while counting this
cycle's rewards is what keeps two simultaneous replies from both taking the day's last reward;
with it held, plain arithmetic on the locked rows cannot lose an update. Members are always
locked in ascending id order.
"""

import functools
from datetime import datetime

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from luntan.accounts.models import User
from luntan.core.chinese import to_reader_script
from luntan.core.errors import RefusedWrite
from luntan.threads.models import Post, Thread
from luntan.threads.repair import member_last_post_at

from .formula import evaluate
from .models import SLOT_FIELDS, CreditLog, CreditRule, MemberCredits
from .querysets import CreditConfig, RuleConfig, amounts_by_field, credit_config

# Actions the forum itself reports; the other seeded rules wait for their features.
NEW_THREAD = "post"
REPLY = "reply"
DIGEST = "digest"
POST_DELETED = "post_deleted"
DAILY_VISIT = "daylogin"

# What the total formula reads from the member's row and from their balance (see total_of).
_MEMBER_FIELDS = ("post_count", "thread_count", "credits")
_BALANCE_FIELDS = ("digests", *SLOT_FIELDS)


class InsufficientCredits(RefusedWrite):
    """The action would take a member's credits below the floor the administrator set."""


def apply_rule(
    *,
    user: User,
    action: str,
    board_id: int | None = None,
    thread: Thread | None = None,
    post: Post | None = None,
    enforce_floor: bool = True,
    now: datetime | None = None,
) -> CreditLog | None:
    """Apply the rule for `action` (with the board's own amounts, if it has them) and refresh the
    member's total. Returns the log entry, or None when the rule gives nothing this time (no rule,
    nothing to change, or this cycle's rewards used up). With `enforce_floor`, an action that
    would take a kind below its lower limit raises InsufficientCredits and changes nothing."""
    config = credit_config()
    with transaction.atomic():
        member, balance = lock_member(user.pk)
        log = _reward(
            config,
            action,
            member=member,
            balance=balance,
            board_id=board_id,
            thread=thread,
            post=post,
            enforce_floor=enforce_floor,
            now=now or timezone.now(),
        )
        if log is not None:
            _save_balance(balance)
        _refresh_total(member, balance, config)
    return log


def count_new_post(
    *,
    member: User,
    balance: MemberCredits,
    action: str,
    board_id: int,
    now: datetime,
    starts_thread: bool,
    config: CreditConfig,
) -> CreditLog | None:
    """A new post's change to its author, under the locks `lock_member` took and before the post
    is written: post and thread counts, last post time, the action's rule (its floor enforced:
    InsufficientCredits rolls the whole post back) and the total, the member's row written once.
    `config` is `credit_config()`, read before the locks were taken. Returns the rule's log entry
    unsaved, if it gives anything: the caller saves it once the post it rewards exists."""
    member.post_count += 1
    if starts_thread:
        member.thread_count += 1
    log = _plan_reward(
        config,
        action,
        member=member,
        balance=balance,
        board_id=board_id,
        enforce_floor=True,
        now=now,
    )
    if log is not None:
        _save_balance(balance)
    User.objects.filter(pk=member.pk).update(
        post_count=member.post_count,
        thread_count=member.thread_count,
        last_post_at=now,
        credits=total_of(member, balance, config),
    )
    return log


def uncount_posts(*, user_id: int, posts: int, threads: int = 0) -> None:
    """The member's posts (and threads) just deleted: their counters and last post time follow,
    under the member's lock the caller holds; `take_back_*` then refreshes their total."""
    User.objects.filter(pk=user_id).update(
        post_count=F("post_count") - posts,
        thread_count=F("thread_count") - threads,
        last_post_at=member_last_post_at(user_id),
    )


def reward_daily_visit(user: User) -> CreditLog | None:
    """每天登录: the first visit of the day; the rule's cycle keeps it to once a day."""
    return apply_rule(user=user, action=DAILY_VISIT, enforce_floor=False)


def take_back_post(*, post: Post, actor: User | None) -> None:
    """A deleted post: its rewards are taken back, and its author pays the 被删帖 rule when
    someone else (a moderator) deleted it. The author's total follows their new post count."""
    with transaction.atomic():
        authors = {post.author_id} if post.author_id else set()
        _take_back(CreditLog.objects.filter(post=post), members=authors, actor=actor)
        if post.author_id:
            _penalise_deleted(post.author_id, post, actor)


def take_back_thread(*, thread: Thread, actor: User | None) -> None:
    """A deleted thread: every reward its posts (and its digest) earned is taken back; its author
    pays the 被删帖 rule when someone else deleted it; every poster's total is refreshed."""
    with transaction.atomic():
        posters = set(
            Post.objects.filter(thread=thread, author__isnull=False).values_list(
                "author_id", flat=True
            )
        )
        _take_back(CreditLog.objects.filter(thread=thread), members=posters, actor=actor)
        first = Post.objects.filter(thread=thread, floor=1).first()
        if thread.author_id and first is not None:
            _penalise_deleted(thread.author_id, first, actor)


def reward_digest(*, thread: Thread) -> CreditLog | None:
    """精华 set on a thread: its author's digest count and the 加精华 rule."""
    if not thread.author_id:
        return None
    config = credit_config()
    with transaction.atomic():
        member, balance = lock_member(thread.author_id)
        balance.digests += 1
        log = _reward(
            config,
            DIGEST,
            member=member,
            balance=balance,
            board_id=thread.board_id,
            thread=thread,
            post=None,
            enforce_floor=False,
            now=timezone.now(),
        )
        _save_balance(balance)
        _refresh_total(member, balance, config)
    return log


def revoke_digest(*, thread: Thread, actor: User | None) -> None:
    """精华 taken off a thread: the digest count and the 加精华 reward go back."""
    if not thread.author_id:
        return
    with transaction.atomic():
        _, balance = lock_member(thread.author_id)
        balance.digests = max(0, balance.digests - 1)
        _save_balance(balance)
        digest_rewards = CreditLog.objects.filter(thread=thread, rule__action=DIGEST)
        _take_back(digest_rewards, members={thread.author_id}, actor=actor)


def give_back(*, reward_ids: list[int], penalty_ids: list[int], actor: User | None) -> None:
    """A deletion undone (回收站恢复): each reward it took back counts again, as a new reward
    entry, and the 被删帖 penalties it charged are taken back. Members in id order; the caller
    holds their locks already or takes none after this."""
    with transaction.atomic():
        _take_back(CreditLog.objects.filter(pk__in=penalty_ids), members=set(), actor=actor)
        rewards = list(CreditLog.objects.filter(pk__in=reward_ids, kind=CreditLog.Kind.REWARD))
        config, now = credit_config(), timezone.now()
        for user_id in sorted({reward.user_id for reward in rewards}):
            member, balance = lock_member(user_id)
            mine = [reward for reward in rewards if reward.user_id == user_id]
            CreditLog.objects.bulk_create(
                CreditLog(
                    user_id=user_id,
                    kind=CreditLog.Kind.REWARD,
                    rule_id=reward.rule_id,
                    reason=reward.reason,
                    board_id=reward.board_id,
                    thread_id=reward.thread_id,
                    post_id=reward.post_id,
                    actor=actor,
                    created_at=now,
                    **amounts_by_field(reward.amounts),
                )
                for reward in mine
            )
            for reward in mine:
                _add(balance, reward.amounts)
            _save_balance(balance)
            _refresh_total(member, balance, config)


def count_digest(*, user_id: int, change: int) -> None:
    """A 精华 thread deleted (-1) or restored (+1): the author's digest count and total."""
    with transaction.atomic():
        member, balance = lock_member(user_id)
        balance.digests = max(0, balance.digests + change)
        _save_balance(balance)
        _refresh_total(member, balance, credit_config())


def adjust_credits(
    *,
    user: User,
    amounts: tuple[int, ...],
    reason: str,
    actor: User | None,
    kind: str = CreditLog.Kind.ADJUSTMENT,
    post: Post | None = None,
) -> CreditLog:
    """A change by hand: an administrator's, or a 评分 (`kind`) on `post`; it may take a member
    below the lower limits."""
    with transaction.atomic():
        member, balance = lock_member(user.pk)
        log = CreditLog.objects.create(
            user_id=user.pk,
            kind=kind,
            reason=reason,
            actor=actor,
            created_at=timezone.now(),
            board_id=post.thread.board_id if post else None,
            thread_id=post.thread_id if post else None,
            post=post,
            **amounts_by_field(amounts),
        )
        _add(balance, amounts)
        _save_balance(balance)
        _refresh_total(member, balance, credit_config())
    return log


def transfer_credits(
    *, payer: User, payee: User, slot: int, amount: int, reason: str, post: Post | None = None
) -> None:
    """One member pays another `amount` of credit kind `slot` (附件售价): a log line for each,
    both balances and totals, under both members' locks taken in id order.
    InsufficientCredits when the payer would fall below the kind's lower limit."""
    config = credit_config()
    kind = next(k for k in config.kinds if k.slot == slot)
    now = timezone.now()
    with transaction.atomic():
        locked = {user_id: lock_member(user_id) for user_id in sorted({payer.pk, payee.pk})}
        have = getattr(locked[payer.pk][1], kind.field)
        if have - amount < kind.lower_limit:
            raise InsufficientCredits(
                _("%(kind)s不足：需要 %(need)d %(kind)s，您现有 %(have)d，付后不能低于 %(floor)d。")
                % {
                    "kind": to_reader_script(kind.name),
                    "need": amount,
                    "have": have,
                    "floor": kind.lower_limit,
                }
            )
        for user_id, change in ((payer.pk, -amount), (payee.pk, amount)):
            member, balance = locked[user_id]
            amounts = tuple(change if s == slot else 0 for s in range(1, len(SLOT_FIELDS) + 1))
            CreditLog.objects.create(
                user_id=user_id,
                kind=CreditLog.Kind.SALE,
                reason=reason[:100],
                board_id=post.thread.board_id if post else None,
                thread_id=post.thread_id if post else None,
                post=post,
                created_at=now,
                **amounts_by_field(amounts),
            )
            _add(balance, amounts)
            _save_balance(balance)
            _refresh_total(member, balance, config)


def refresh_total(user_id: int) -> int:
    """Recompute the member's total credits from the formula; returns it."""
    with transaction.atomic():
        member, balance = lock_member(user_id)
        return _refresh_total(member, balance, credit_config())


def lock_member(user_id: int) -> tuple[User, MemberCredits]:
    """Lock the member's User row, then their MemberCredits row, and return both (the User with
    only what the total needs). Both rows are locked in one statement, which names the User
    table first: PostgreSQL and InnoDB lock a join's rows in that order, keeping member before
    balance as everywhere else. Both must be locked, not only the member: a PostgreSQL statement
    that waited for a lock re-reads only the rows it locks. Every post runs this, so its SQL is
    written out once rather than compiled by the ORM each time (a third of a millisecond)."""
    with connection.cursor() as cursor:
        cursor.execute(_lock_member_sql(connection.vendor), [user_id])
        row = cursor.fetchone()
    if row is not None:
        member_fields, balance_fields = _lock_member_fields()
        split = len(member_fields)
        member = User.from_db(connection.alias, member_fields, row[:split])
        balance = MemberCredits.from_db(connection.alias, balance_fields, row[split:])
        return member, balance
    # The member's first credited action: their balance row is created once, under their lock.
    member = User.objects.select_for_update().only(*_MEMBER_FIELDS).get(pk=user_id)
    balance, _created = MemberCredits.objects.select_for_update().get_or_create(user_id=user_id)
    return member, balance


@functools.cache
def _lock_member_fields() -> tuple[list[str], list[str]]:
    """The columns `lock_member` reads, in model order (as `Model.from_db` takes them)."""
    member = {"id", *_MEMBER_FIELDS}
    balance = {"user_id", *_BALANCE_FIELDS}
    return (
        [f.attname for f in User._meta.concrete_fields if f.attname in member],
        [f.attname for f in MemberCredits._meta.concrete_fields if f.attname in balance],
    )


@functools.cache
def _lock_member_sql(vendor: str) -> str:
    """Per database vendor, which decides the quoting and whether rows can be locked."""
    quote = connection.ops.quote_name
    lock = connection.ops.for_update_sql() if connection.features.has_select_for_update else ""
    member, balance = User._meta, MemberCredits._meta
    member_fields, balance_fields = _lock_member_fields()
    columns = [f"m.{quote(member.get_field(name).column)}" for name in member_fields]
    columns += [f"b.{quote(balance.get_field(name).column)}" for name in balance_fields]
    return (
        f"SELECT {', '.join(columns)} "
        f"FROM {quote(member.db_table)} m JOIN {quote(balance.db_table)} b "
        f"ON b.{quote(balance.pk.column)} = m.{quote(member.pk.column)} "
        f"WHERE m.{quote(member.pk.column)} = %s {lock}"
    )


def _reward(
    config: CreditConfig,
    action: str,
    *,
    member: User,
    balance: MemberCredits,
    board_id: int | None,
    thread: Thread | None,
    post: Post | None,
    enforce_floor: bool,
    now: datetime,
) -> CreditLog | None:
    """The rule's log entry, saved, and its amounts added to `balance` in memory (the caller
    saves it), or None when the rule gives nothing this time. Runs under the member's lock."""
    log = _plan_reward(
        config,
        action,
        member=member,
        balance=balance,
        board_id=board_id,
        enforce_floor=enforce_floor,
        now=now,
    )
    if log is not None:
        log.thread, log.post = thread, post
        log.save(force_insert=True)
    return log


def _plan_reward(
    config: CreditConfig,
    action: str,
    *,
    member: User,
    balance: MemberCredits,
    board_id: int | None,
    enforce_floor: bool,
    now: datetime,
) -> CreditLog | None:
    """`_reward` without saving the log entry."""
    rule = config.rules.get(action)
    if rule is None:
        return None
    amounts = config.only_enabled(rule.amounts_in(board_id))
    if not any(amounts) or not _within_cycle(rule, member.pk, now):
        return None
    if enforce_floor:
        _check_floor(config, rule, balance, amounts)
    _add(balance, amounts)
    return CreditLog(
        user_id=member.pk,
        kind=CreditLog.Kind.REWARD,
        rule_id=rule.pk,
        reason=rule.name,
        board_id=board_id,
        created_at=now,
        **amounts_by_field(amounts),
    )


def _within_cycle(rule: RuleConfig, user_id: int, now: datetime) -> bool:
    if rule.is_unlimited:
        return True
    rewards = CreditLog.objects.filter(
        user_id=user_id, rule_id=rule.pk, kind=CreditLog.Kind.REWARD, revoked=False
    )
    start = cycle_start(rule.cycle, now)
    if start is not None:
        rewards = rewards.filter(created_at__gte=start)
    return rewards.count() < rule.max_rewards


def cycle_start(cycle: int, now: datetime) -> datetime | None:
    """When the cycle holding `now` began, in the site's time zone; None for 一次 (ever)."""
    local = timezone.localtime(now)
    if cycle == CreditRule.Cycle.DAILY:
        return local.replace(hour=0, minute=0, second=0, microsecond=0)
    if cycle == CreditRule.Cycle.HOURLY:
        return local.replace(minute=0, second=0, microsecond=0)
    return None


def _check_floor(
    config: CreditConfig, rule: RuleConfig, balance: MemberCredits, amounts: tuple[int, ...]
) -> None:
    for kind in config.enabled_kinds:
        change = amounts[kind.slot - 1]
        have = getattr(balance, kind.field)
        if change < 0 and have + change < kind.lower_limit:
            raise InsufficientCredits(
                _(
                    "%(kind)s不足：%(action)s要扣 %(need)d %(kind)s，"
                    "您现有 %(have)d，扣后不能低于 %(floor)d。"
                )
                % {
                    "kind": to_reader_script(kind.name),
                    "action": to_reader_script(rule.name),
                    "need": -change,
                    "have": have,
                    "floor": kind.lower_limit,
                }
            )


def _add(balance: MemberCredits, amounts: tuple[int, ...]) -> None:
    for name, amount in zip(SLOT_FIELDS, amounts, strict=True):
        setattr(balance, name, getattr(balance, name) + amount)


def _save_balance(balance: MemberCredits) -> None:
    MemberCredits.objects.filter(pk=balance.pk).update(
        **{name: getattr(balance, name) for name in _BALANCE_FIELDS}
    )


def total_of(member: User, balance: MemberCredits, config: CreditConfig) -> int:
    """The member's total credits under the formula."""
    values = {
        "posts": member.post_count,
        "threads": member.thread_count,
        "digests": balance.digests,
        **{name: getattr(balance, name) for name in SLOT_FIELDS},
    }
    return evaluate(config.formula_tree, values)


def _refresh_total(member: User, balance: MemberCredits, config: CreditConfig) -> int:
    total = total_of(member, balance, config)
    if total != member.credits:
        User.objects.filter(pk=member.pk).update(credits=total)
        member.credits = total
    return total


def _take_back(logs, *, members: set[int], actor: User | None) -> None:
    """Reverse each reward in `logs` not yet taken back, and refresh the total of everyone
    rewarded there and of `members`, member by member in id order."""
    rewards = logs.filter(kind=CreditLog.Kind.REWARD, revoked=False)
    config = credit_config()
    now = timezone.now()
    for user_id in sorted(members | set(rewards.values_list("user_id", flat=True))):
        member, balance = lock_member(user_id)
        # Read under the member's lock: a concurrent reversal may have taken some back already.
        mine = list(rewards.filter(user_id=user_id))
        reversals = []
        for reward in mine:
            negated = tuple(-amount for amount in reward.amounts)
            reversals.append(
                CreditLog(
                    user_id=user_id,
                    kind=CreditLog.Kind.REVERSAL,
                    rule_id=reward.rule_id,
                    reason=reward.reason,
                    board_id=reward.board_id,
                    thread_id=reward.thread_id,
                    post_id=reward.post_id,
                    actor=actor,
                    created_at=now,
                    **amounts_by_field(negated),
                )
            )
            _add(balance, negated)
        if mine:
            CreditLog.objects.bulk_create(reversals)
            CreditLog.objects.filter(pk__in=[reward.pk for reward in mine]).update(revoked=True)
            _save_balance(balance)
        _refresh_total(member, balance, config)


def _penalise_deleted(author_id: int, post: Post, actor: User | None) -> None:
    if actor is None or actor.pk == author_id:
        return
    apply_rule(
        user=User(pk=author_id),
        action=POST_DELETED,
        board_id=post.thread.board_id,
        thread=post.thread,
        post=post,
        enforce_floor=False,
    )
