"""Discuz!'s default user groups, so a new site has member ranks and staff titles from the start."""

from django.db import migrations

MEMBER_GROUPS = [
    # name, lowest total credits, stars
    ("限制会员", -9999999, 0),
    ("新手上路", 0, 1),
    ("注册会员", 50, 2),
    ("中级会员", 200, 3),
    ("高级会员", 500, 4),
    ("金牌会员", 1000, 6),
    ("论坛元老", 3000, 8),
]
SPECIAL_GROUPS = [("禁止发言", 0), ("禁止访问", 0), ("等待验证会员", 0)]
STAFF_GROUPS = [("管理员", 9), ("超级版主", 8), ("版主", 7)]


def create_groups(apps, schema_editor):
    UserGroup = apps.get_model("accounts", "UserGroup")
    rows = [
        UserGroup(name=name, kind="member", credits_min=low, stars=stars)
        for name, low, stars in MEMBER_GROUPS
    ]
    rows += [UserGroup(name=name, kind="special", stars=stars) for name, stars in SPECIAL_GROUPS]
    rows += [UserGroup(name=name, kind="staff", stars=stars) for name, stars in STAFF_GROUPS]
    UserGroup.objects.bulk_create(rows)


def remove_groups(apps, schema_editor):
    UserGroup = apps.get_model("accounts", "UserGroup")
    names = [g[0] for g in MEMBER_GROUPS + SPECIAL_GROUPS + STAFF_GROUPS]
    UserGroup.objects.filter(name__in=names).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]
    operations = [migrations.RunPython(create_groups, remove_groups)]
