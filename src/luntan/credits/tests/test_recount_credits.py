"""`recount_credits` rebuilds balances from the credit log and totals from the formula: a
balance broken on purpose is fixed and reported, and a second run finds nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from luntan.accounts.models import User
from luntan.conftest import make_thread
from luntan.credits.models import MemberCredits


def recount_credits() -> str:
    out = StringIO()
    call_command("recount_credits", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
def test_recount_credits_fixes_a_broken_balance_and_total_and_reports_them(board, alice, bob):
    make_thread(board, alice, replies=1, repliers=[bob])
    assert recount_credits().strip().endswith(", 0 fixed")
    balance = MemberCredits.objects.get(user=alice)
    right_balance, right_total = balance.extcredits2, User.objects.get(pk=alice.pk).credits
    MemberCredits.objects.filter(user=alice).update(extcredits2=right_balance + 500)
    User.objects.filter(pk=alice.pk).update(credits=right_total + 99)

    report = recount_credits()

    assert f"member {alice.pk}: extcredits2: {right_balance + 500} → {right_balance}" in report
    assert f"member {alice.pk}: credits: {right_total + 99} → {right_total}" in report
    assert f"member {bob.pk}:" not in report
    assert report.strip().endswith("recounted credits of 2 members, 2 fixed")
    assert MemberCredits.objects.get(user=alice).extcredits2 == right_balance
    assert User.objects.get(pk=alice.pk).credits == right_total
    assert recount_credits().strip().endswith(", 0 fixed")
