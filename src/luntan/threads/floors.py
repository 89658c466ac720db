from django.utils.translation import gettext_lazy as _

# Lazy: a page labels 20 floors, and only these four need a translation.
_NAMES = (_("楼主"), _("沙发"), _("板凳"), _("地板"))


def floor_label(floor: int) -> str:
    """樓主, 沙發, 板凳, 地板, then 5#, 6#… as Discuz! readers know them."""
    if 1 <= floor <= len(_NAMES):
        return str(_NAMES[floor - 1])
    return f"{floor}#"


def page_of_floor(floor: int, per_page: int) -> int:
    return (floor - 1) // per_page + 1
