"""Discuz!'s default permissions for the default user groups, and the 游客 group for visitors who
are not logged in (Discuz!'s groupid 7), so that guest access can be set board by board."""

from django.db import migrations

NOTHING = {
    "allow_start_thread": False,
    "allow_reply": False,
    "allow_upload": False,
    "allow_download": False,
}
# group name → (read access, role, other fields); values from Discuz! X3.5's usergroup_field.
DEFAULTS = {
    "管理员": (200, "admin", {}),
    "超级版主": (150, "super_moderator", {}),
    "版主": (100, "moderator", {}),
    "禁止发言": (0, "", NOTHING),
    "禁止访问": (0, "", {**NOTHING, "allow_visit": False, "allow_view_board": False, "allow_read": False}),
    "等待验证会员": (0, "", NOTHING),
    "限制会员": (0, "", NOTHING),
    "新手上路": (10, "", {}),
    "注册会员": (20, "", {}),
    "中级会员": (30, "", {}),
    "高级会员": (50, "", {}),
    "金牌会员": (70, "", {}),
    "论坛元老": (90, "", {}),
    "游客": (1, "guest", NOTHING),
}


def create_permissions(apps, schema_editor):
    UserGroup = apps.get_model("accounts", "UserGroup")
    GroupPermissions = apps.get_model("permissions", "GroupPermissions")
    UserGroup.objects.get_or_create(name="游客", kind="special", defaults={"stars": 0})
    for group in UserGroup.objects.filter(name__in=DEFAULTS):
        read_access, role, fields = DEFAULTS[group.name]
        GroupPermissions.objects.update_or_create(
            group=group, defaults={"read_access": read_access, "role": role, **fields}
        )


def remove_permissions(apps, schema_editor):
    UserGroup = apps.get_model("accounts", "UserGroup")
    GroupPermissions = apps.get_model("permissions", "GroupPermissions")
    GroupPermissions.objects.filter(group__name__in=DEFAULTS).delete()
    UserGroup.objects.filter(name="游客", kind="special").delete()


class Migration(migrations.Migration):
    dependencies = [("permissions", "0001_initial")]
    operations = [migrations.RunPython(create_permissions, remove_permissions)]
