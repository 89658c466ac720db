import re

import pytest
from django.urls import reverse

from luntan.conftest import make_thread
from luntan.credits.models import BoardCreditRule, CreditLog, CreditRule
from luntan.credits.querysets import forget_credit_config
from luntan.permissions.tests.defaults import set_kind, set_rule
from luntan.threads.models import Thread

pytestmark = pytest.mark.django_db


def rule_rows(html: str) -> dict[str, list[str]]:
    rows = {}
    for row in re.findall(r'<tr class="credit-rule">(.*?)</tr>', html, re.S):
        name, *cells = (
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        )
        rows[name] = cells
    return rows


def test_board_rules_page_lists_each_effective_rule_with_cycle_count_and_changes(client, board):
    reply = CreditRule.objects.get(action="reply")
    BoardCreditRule.objects.create(rule=reply, board=board, extcredits1=1, extcredits2=3)
    forget_credit_config()
    html = client.get(reverse("board-credit-rules", args=[board.pk])).content.decode()
    headers = re.findall(r'<th class="credit-kind">([^<]+)</th>', html)
    assert headers == ["威望", "金錢", "貢獻"]
    rows = rule_rows(html)
    # cycle, max times, 威望, 金钱, 贡献
    assert rows["發表主題"] == ["不限", "不限", "", "+2", ""]
    assert rows["發表回覆 本版"] == ["不限", "不限", "+1", "+3", ""]
    assert rows["每天登錄"] == ["每天", "1", "", "+2", ""]
    assert rows["設置頭像"] == ["一次", "1", "", "+5", ""]
    assert "上傳附件" not in rows  # changes nothing, so not listed
    assert "總積分 = 發帖數 + 精華帖數 × 5 + 威望 × 2 + 金錢 + 貢獻" in html


def test_board_rules_page_hides_kinds_the_administrator_keeps_private(client, board):
    set_rule("reply", extcredits1=1)
    set_kind(2, is_visible=False)
    html = client.get(reverse("board-credit-rules", args=[board.pk])).content.decode()
    assert re.findall(r'<th class="credit-kind">([^<]+)</th>', html) == ["威望", "貢獻"]
    assert list(rule_rows(html)) == ["發表回覆"]  # 发表主题 only moves the private 金钱


def test_board_rules_page_says_so_when_nothing_changes_credits(client, board):
    for action in ("post", "reply", "digest", "realemail", "setavatar", "daylogin"):
        set_rule(action, extcredits2=0)
    html = client.get(reverse("board-credit-rules", args=[board.pk])).content.decode()
    assert "在本版的操作不增減積分。" in html and "<table" not in html


def test_a_refused_post_shows_the_reason_and_keeps_what_was_written(alice_client, board):
    set_rule("post", extcredits2=-5)
    response = alice_client.post(
        reverse("thread-new", args=[board.pk]),
        {"title": "出售二手冰箱", "body": "九成新，價格面議", "client_token": "t1"},
    )
    html = response.content.decode()
    assert response.status_code == 200
    # 2 金钱 from today's first visit (每天登录)
    assert "金錢不足：發表主題要扣 5 金錢，您現有 2，扣後不能低於 0。" in html
    assert "出售二手冰箱" in html and "九成新，價格面議" in html
    assert not Thread.objects.exists()


def test_the_credit_log_shows_each_change_and_why(alice_client, alice, board, bob):
    thread = make_thread(board, alice, replies=1, repliers=[bob], title="小區停水通知")
    make_thread(board, bob, replies=1, repliers=[alice])
    html = alice_client.get(reverse("credit-log")).content.decode()
    lines = re.findall(r'<tr class="credit-log-line">(.*?)</tr>', html, re.S)
    assert len(lines) == 3
    assert "每天登錄" in lines[0] and "發表回覆" in lines[1] and "發表主題" in lines[2]
    assert "小區停水通知" in lines[2] and reverse("thread-floor", args=[thread.pk, 1]) in lines[2]
    assert '<dd class="credit-total">7</dd>' in html  # 2 posts + 2+1+2 金钱
    assert "新手上路" in html


def test_the_credit_log_never_names_a_thread_the_member_can_no_longer_read(
    alice_client, alice, board
):
    make_thread(board, alice, title="後來被加了閱讀權限")
    Thread.objects.update(read_level=200)
    html = alice_client.get(reverse("credit-log")).content.decode()
    assert "發表主題" in html and "後來被加了閱讀權限" not in html


def test_the_credit_log_is_linked_from_the_header_and_needs_a_login(alice_client, client, alice):
    assert reverse("credit-log") in alice_client.get("/").content.decode()
    assert client.get(reverse("credit-log"))["Location"].startswith(reverse("account_login"))
    assert alice_client.get(reverse("credit-log") + "?page=9").status_code == 404


def test_the_first_visit_of_the_day_earns_the_daily_login_reward_once(alice_client, alice):
    for _ in range(3):
        alice_client.get("/")
    logs = CreditLog.objects.filter(user=alice, rule__action="daylogin")
    assert logs.count() == 1 and logs.get().extcredits2 == 2


def test_profile_shows_total_and_each_public_credit(alice_client, client, alice, board):
    make_thread(board, alice)
    html = client.get(reverse("member", args=[alice.pk])).content.decode()
    assert '<dd class="credit-total">3' in html
    balances = re.findall(r"<dt>([^<]+)</dt><dd class=\"credit-balance\">(\d+)", html)
    assert balances == [("威望", "0"), ("金錢", "2"), ("貢獻", "0")]
    assert reverse("credit-log") not in html.split('class="profile"')[1]
