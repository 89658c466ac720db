import pytest
from django.test import Client
from django.urls import reverse

from luntan.conftest import login, make_thread
from luntan.credits.models import CreditLog, CreditRule, CreditSettings
from luntan.permissions.tests.defaults import set_kind

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(root) -> Client:
    return login(Client(), root)


def test_an_unsafe_formula_is_refused_with_a_chinese_error(admin_client):
    url = reverse("admin:credits_creditsettings_change", args=[1])
    response = admin_client.post(url, {"formula": "__import__('os').system('id')"})
    assert response.status_code == 200
    assert "公式只能使用數字、積分名稱、+ - * / 和括號。" in response.content.decode()
    assert CreditSettings.objects.get().formula.startswith("posts")


def test_a_new_formula_recomputes_every_members_total(
    admin_client, board, alice, django_capture_on_commit_callbacks
):
    make_thread(board, alice, replies=2)  # 3 posts, 4 金钱
    url = reverse("admin:credits_creditsettings_change", args=[1])
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {"formula": "posts * 10 + extcredits2"})
    assert response.status_code == 302
    alice.refresh_from_db()
    assert alice.credits == 3 * 10 + 4


def test_the_rule_form_names_the_enabled_kinds_only(admin_client):
    set_kind(3, is_enabled=False)
    rule = CreditRule.objects.get(action="reply")
    html = admin_client.get(reverse("admin:credits_creditrule_change", args=[rule.pk])).content
    html = html.decode()
    assert 'name="extcredits1"' in html and 'name="extcredits2"' in html
    assert 'name="extcredits3"' not in html and 'name="extcredits4"' not in html
    assert 'for="id_extcredits2">金钱' in html


def test_an_administrator_adjusts_a_members_credits_with_a_logged_reason(admin_client, alice, root):
    response = admin_client.post(
        reverse("admin:credits_creditlog_add"),
        {
            "user": alice.pk,
            "reason": "活動獎勵",
            "extcredits1": "3",
            "extcredits2": "0",
            "extcredits3": "0",
        },
    )
    assert response.status_code == 302
    log = CreditLog.objects.get(user=alice)
    assert (log.kind, log.extcredits1, log.actor) == ("adjustment", 3, root)
    alice.refresh_from_db()
    assert alice.credits == 6  # 威望 × 2


def test_an_adjustment_that_changes_nothing_is_refused(admin_client, alice):
    response = admin_client.post(
        reverse("admin:credits_creditlog_add"),
        {
            "user": alice.pk,
            "reason": "空",
            "extcredits1": "0",
            "extcredits2": "0",
            "extcredits3": "0",
        },
    )
    assert "請至少填寫一項積分的增減。" in response.content.decode()
    assert not CreditLog.objects.filter(user=alice).exists()


def test_the_credit_admin_pages_open(admin_client, alice, board):
    make_thread(board, alice)
    for name in ("creditkind", "creditrule", "creditlog", "membercredits", "creditsettings"):
        assert admin_client.get(reverse(f"admin:credits_{name}_changelist")).status_code == 200
    log = CreditLog.objects.first()
    assert (
        admin_client.get(reverse("admin:credits_creditlog_change", args=[log.pk])).status_code
        == 200
    )
