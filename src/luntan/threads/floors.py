from django.utils.translation import gettext as _


def floor_label(floor: int) -> str:
    """樓主, 沙發, 板凳, 地板, then 5#, 6#… as Discuz! readers know them."""
    names = (_("楼主"), _("沙发"), _("板凳"), _("地板"))
    if 1 <= floor <= len(names):
        return names[floor - 1]
    return f"{floor}#"


def page_of_floor(floor: int, per_page: int) -> int:
    return (floor - 1) // per_page + 1
