"""The member a moderator acted on hears of it (提醒), with the action and the reason."""

from django.utils.translation import gettext as _

from luntan.notifications.models import Kind
from luntan.notifications.services import notify


def tell_member(sender, *, entry, **kwargs) -> None:
    """`member_moderated`'s receiver: one 提醒 to the member, never to the moderator."""
    if entry.member_id is None:
        return
    text = _("%(action)s，理由：%(reason)s") % {
        "action": entry.get_action_display(),
        "reason": entry.reason or _("未填写"),
    }
    thread = entry.thread if entry.thread_id and not entry.thread.is_deleted else None
    notify(
        recipients=[entry.member], kind=Kind.MODERATION, actor=entry.actor, thread=thread, text=text
    )
