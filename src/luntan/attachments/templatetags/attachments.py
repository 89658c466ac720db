from django import template

from luntan.attachments.models import Attachment

register = template.Library()


@register.simple_tag
def pending_uploads(form, user) -> list[Attachment]:
    """The member's uploads a form shown again already carries (its `attachments` field), so
    they are listed and can still be inserted."""
    value = form["attachments"].value() if "attachments" in form.fields else ""
    if isinstance(value, list):
        ids = value
    else:
        ids = [int(n) for n in str(value or "").split(",") if n.strip().isdigit()]
    if not ids or not user.is_authenticated:
        return []
    return list(Attachment.objects.unposted_of(user.pk).filter(pk__in=ids[:50]).order_by("pk"))
