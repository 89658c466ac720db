"""The rows the data migrations seed (user groups, their permissions, credit kinds, rules and
formula), restored for tests that need them: a transactional test elsewhere in the run flushes
every table, seeded rows included."""

from importlib import import_module

from django.apps import apps

from luntan.accounts.models import UserGroup
from luntan.credits.querysets import forget_credit_config
from luntan.permissions.querysets import forget_permission_table


def _migration(name: str):
    return import_module(f"luntan.{name}")


def restore_defaults() -> None:
    if not UserGroup.objects.exists():
        _migration("accounts.migrations.0002_default_user_groups").create_groups(apps, None)
    # These two use get_or_create / update_or_create: on a fresh test database they change nothing.
    _migration("permissions.migrations.0002_default_group_permissions").create_permissions(
        apps, None
    )
    _migration("credits.migrations.0002_default_credits").create_defaults(apps, None)
    forget_permission_table()
    forget_credit_config()


def set_rule(action: str, **fields) -> None:
    """Change a seeded credit rule as the administrator would, and drop the cached copy."""
    from luntan.credits.models import CreditRule

    CreditRule.objects.filter(action=action).update(**fields)
    forget_credit_config()


def set_kind(slot: int, **fields) -> None:
    from luntan.credits.models import CreditKind

    CreditKind.objects.filter(slot=slot).update(**fields)
    forget_credit_config()


def grant(board, group_name: str, **abilities) -> None:
    """A board grant for the named group, as the board's admin page saves it."""
    from luntan.accounts.models import UserGroup
    from luntan.permissions.models import BoardGrant

    group = UserGroup.objects.get(name=group_name)
    BoardGrant.objects.update_or_create(board=board, group=group, defaults=abilities)
    forget_permission_table()


def hide_from_all_but_staff(board) -> None:
    """Every non-staff group (guests included) loses 浏览版块 on the board."""
    from luntan.accounts.models import UserGroup

    for group in UserGroup.objects.exclude(kind=UserGroup.Kind.STAFF):
        grant(board, group.name, view_board=False)


def set_group(group_name: str, **fields) -> None:
    from luntan.permissions.models import GroupPermissions

    GroupPermissions.objects.filter(group__name=group_name).update(**fields)
    forget_permission_table()
