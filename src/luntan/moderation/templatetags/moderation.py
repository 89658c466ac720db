from django import template
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luntan.core.chinese import to_reader_script
from luntan.threads.models import HIGHLIGHT_PALETTE, is_highlight_colour

from ..models import Action

register = template.Library()


@register.filter
def action_name(code: str) -> str:
    try:
        return str(Action(code).label)
    except ValueError:
        return code


# The names of what ModerationLog.before/after record.
_FIELDS = {
    "board": _("版块"),
    "sticky": _("置顶"),
    "sticky_until": _("置顶到期"),
    "digest": _("精华"),
    "highlight": _("高亮颜色"),
    "bold": _("粗体"),
    "italic": _("斜体"),
    "underline": _("下划线"),
    "closed": _("关闭"),
    "last_post_at": _("列表时间"),
    "thread_type": _("主题分类"),
    "thread": _("主题"),
    "into": _("合并到"),
    "floors": _("楼层"),
    "new_thread": _("新主题"),
    "kind": _("类型"),
    "until": _("到期"),
}


def _shown(value) -> str:
    if value is True:
        return str(_("是"))
    if value is False:
        return str(_("否"))
    if value is None or value == "":
        return "-"
    return str(value)


@register.filter
def changes(entry) -> str:
    """What an action changed, field by field: 「精华: 0 → 2」."""
    before, after = entry.before or {}, entry.after or {}
    return "; ".join(
        f"{_FIELDS.get(key, key)}: {_shown(before.get(key))} → {_shown(after.get(key))}"
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    )


def _in_force(thread) -> bool:
    until = thread.highlight_until
    return until is None or until > timezone.now()


@register.filter
def highlight_classes(thread) -> str:
    """高亮 as CSS classes (no style attribute: the page's CSP allows none); a #rrggbb colour
    is set by luntan.js from `highlight_colour`. Anything else stored is ignored."""
    if not _in_force(thread):
        return ""
    classes = []
    if thread.highlight in HIGHLIGHT_PALETTE:
        classes.append(f"hl-{thread.highlight}")
    for flag in ("bold", "italic", "underline"):
        if getattr(thread, f"highlight_{flag}"):
            classes.append(f"hl-{flag}")
    return " ".join(classes)


@register.filter
def highlight_colour(thread) -> str:
    value = thread.highlight
    if not _in_force(thread) or value in HIGHLIGHT_PALETTE or not is_highlight_colour(value):
        return ""
    return value


@register.inclusion_tag("moderation/_note.html")
def moderation_note(item) -> dict:
    """「本帖被 … 于 … 执行 … 操作」 on a thread or post a moderator acted on."""
    return {
        "action": action_name(item.moderated_action) if item.moderated_action else "",
        "name": item.moderated_by_name,
        "when": item.moderated_at,
        "reason": to_reader_script(item.moderated_reason),
    }
