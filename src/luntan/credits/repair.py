"""Repair paths: balances rebuilt from the credit log, totals from the formula."""

from django.db import transaction
from django.db.models import Sum

from luntan.accounts.models import User
from luntan.threads.models import Thread

from .models import SLOT_FIELDS, CreditLog, MemberCredits
from .querysets import credit_config
from .services import refresh_total, total_of


def recount_member(user_id: int) -> None:
    """One member's balances as the sum of their log, digests from their threads, then the
    total. The log is the record: a balance never moves without a log line."""
    with transaction.atomic():
        User.objects.select_for_update().filter(pk=user_id).first()
        sums = CreditLog.objects.filter(user_id=user_id).aggregate(
            **{name: Sum(name) for name in SLOT_FIELDS}
        )
        digests = Thread.objects.filter(author_id=user_id, digest__gt=0, is_deleted=False).count()
        MemberCredits.objects.update_or_create(
            user_id=user_id,
            defaults={"digests": digests, **{name: sums[name] or 0 for name in SLOT_FIELDS}},
        )
        refresh_total(user_id)


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
