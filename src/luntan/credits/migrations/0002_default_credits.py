"""Discuz! X3.5's default credits: 威望, 金钱 and 贡献 enabled, its total formula, and the default
credit rules (pre_common_credit_rule) for what a forum does. Rules for Discuz!'s personal-space
features (日志, 记录, 分享, 留言, 打招呼, 淘专辑 …) are left out until luntan has those features.
被删帖 is luntan's own: Discuz! only takes a deleted post's reward back; an administrator may add a
penalty here."""

from django.db import migrations

KINDS = [(1, "威望"), (2, "金钱"), (3, "贡献")]
FORMULA = "posts + digests*5 + extcredits1*2 + extcredits2 + extcredits3"
ONCE, DAILY, HOURLY, UNLIMITED = 0, 1, 2, 4
# action, name, cycle, max rewards per cycle, {slot: amount}
RULES = [
    ("post", "发表主题", UNLIMITED, 0, {2: 2}),
    ("reply", "发表回复", UNLIMITED, 0, {2: 1}),
    ("digest", "加精华", UNLIMITED, 0, {2: 5}),
    ("postattach", "上传附件", UNLIMITED, 0, {}),
    ("getattach", "下载附件", UNLIMITED, 0, {}),
    ("sendpm", "发短消息", UNLIMITED, 0, {}),
    ("search", "搜索", UNLIMITED, 0, {}),
    ("promotion_visit", "访问推广", DAILY, 1, {}),
    ("promotion_register", "注册推广", DAILY, 1, {}),
    ("realemail", "邮箱认证", ONCE, 1, {2: 10}),
    ("setavatar", "设置头像", ONCE, 1, {2: 5}),
    ("daylogin", "每天登录", DAILY, 1, {2: 2}),
    ("post_deleted", "被删帖", UNLIMITED, 0, {}),
]


def create_defaults(apps, schema_editor):
    CreditKind = apps.get_model("credits", "CreditKind")
    CreditSettings = apps.get_model("credits", "CreditSettings")
    CreditRule = apps.get_model("credits", "CreditRule")
    for slot, name in KINDS:
        CreditKind.objects.get_or_create(slot=slot, defaults={"name": name})
    CreditSettings.objects.get_or_create(pk=1, defaults={"formula": FORMULA})
    for action, name, cycle, max_rewards, amounts in RULES:
        CreditRule.objects.get_or_create(
            action=action,
            defaults={
                "name": name,
                "cycle": cycle,
                "max_rewards": max_rewards,
                **{f"extcredits{slot}": amount for slot, amount in amounts.items()},
            },
        )


def remove_defaults(apps, schema_editor):
    apps.get_model("credits", "CreditRule").objects.filter(action__in=[r[0] for r in RULES]).delete()
    apps.get_model("credits", "CreditSettings").objects.filter(pk=1).delete()
    apps.get_model("credits", "CreditKind").objects.filter(slot__in=[k[0] for k in KINDS]).delete()


class Migration(migrations.Migration):
    dependencies = [("credits", "0001_initial")]
    operations = [migrations.RunPython(create_defaults, remove_defaults)]
