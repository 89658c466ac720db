"""Repair paths: balances rebuilt from the credit log, totals from the formula."""

from django.db import transaction
from django.db.models import Sum

from luntan.accounts.models import User
from luntan.threads.models import Thread
from luntan.threads.repair import describe_change

from .models import SLOT_FIELDS, CreditLog, MemberCredits
from .querysets import credit_config
from .services import refresh_total, total_of


def recount_member(user_id: int) -> list[str]:
    """One member's balances as the sum of their log, digests from their threads, then the
    total. The log is the record: a balance never moves without a log line. Returns what
    changed, as `field: old → new` lines."""
    with transaction.atomic():
        before = User.objects.select_for_update().filter(pk=user_id).values("credits").first()
        if before is None:
            return []
        sums = CreditLog.objects.filter(user_id=user_id).aggregate(
            **{name: Sum(name) for name in SLOT_FIELDS}
        )
        digests = Thread.objects.filter(author_id=user_id, digest__gt=0, is_deleted=False).count()
        wanted = {"digests": digests, **{name: sums[name] or 0 for name in SLOT_FIELDS}}
        balance, _created = MemberCredits.objects.select_for_update().get_or_create(user_id=user_id)
        changes = [
            describe_change(name, getattr(balance, name), value)
            for name, value in wanted.items()
            if getattr(balance, name) != value
        ]
        if changes:
            MemberCredits.objects.filter(pk=balance.pk).update(**wanted)
        total = refresh_total(user_id)
        if total != before["credits"]:
            changes.append(describe_change("credits", before["credits"], total))
        return changes


def recount_totals(batch_size: int = 1000) -> int:
    """Every member's total under the current formula, e.g. after the administrator changed it.
    Returns how many totals changed. Runs in batches without holding member locks: an action
    racing with it refreshes that member's total again itself."""
    config = credit_config()
    changed = 0
    last_pk = 0
    while True:
        batch = list(
            User.objects.filter(pk__gt=last_pk)
            .select_related("credit_balance")
            .order_by("pk")[:batch_size]
        )
        if not batch:
            return changed
        last_pk = batch[-1].pk
        stale = []
        for user in batch:
            balance = getattr(user, "credit_balance", None) or MemberCredits()
            total = total_of(user, balance, config)
            if total != user.credits:
                user.credits = total
                stale.append(user)
        User.objects.bulk_update(stale, ["credits"])
        changed += len(stale)
