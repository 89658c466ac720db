"""签名: a member's signature, in a small BBCode subset, shown under their posts.

Rendered once when saved, like posts; the length and whether images are allowed come from the
member's user group (SignatureRule). Readers who do not want them hide them in their browser
(accounts/static/accounts/signatures.js), so cached pages stay the same for everyone.
"""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from luntan.core.markup import render_bbcode
from luntan.core.wordcheck import filter_text

from .models import SignatureRule, User
from .querysets import group_of

TAGS = frozenset({"b", "i", "u", "s", "color", "size", "font", "url", "email", "align"})
_IMAGE_TAGS = frozenset({"img"})


class SignatureError(ValueError):
    """The signature breaks the member's group's rules; the message says which, in Chinese."""


def signature_rule_for(user: User) -> SignatureRule:
    group = group_of(user)
    rules = {
        r.group_id: r for r in SignatureRule.objects.filter(Q(group=group) | Q(group__isnull=True))
    }
    if group is not None and group.pk in rules:
        return rules[group.pk]
    return rules.get(None) or SignatureRule()


def render_signature(text: str, rule: SignatureRule) -> str:
    return render_bbcode(text, only=(TAGS | _IMAGE_TAGS) if rule.allow_images else TAGS)


def set_signature(*, user: User, text: str) -> None:
    """Check the signature against the word list and the member's group's rules and save it
    with its HTML (the text the word list returns, replacements made, is what is stored)."""
    try:
        text = filter_text(text.strip(), markup=True, allow_review=False)
    except ValidationError as refused:
        raise SignatureError(" ".join(refused.messages)) from None
    rule = signature_rule_for(user)
    if text and rule.max_length == 0:
        raise SignatureError(_("您所在的用户组不能使用签名。"))
    if len(text) > rule.max_length:
        raise SignatureError(
            _("签名太长：最多 %(max)d 个字，现在是 %(n)d 个。")
            % {"max": rule.max_length, "n": len(text)}
        )
    if not rule.allow_images and "[img" in text.lower():
        raise SignatureError(_("您所在的用户组不能在签名中使用图片。"))
    User.objects.filter(pk=user.pk).update(
        signature=text, signature_html=render_signature(text, rule) if text else ""
    )
    user.refresh_from_db(fields=["signature", "signature_html"])
