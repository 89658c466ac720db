from django import forms
from django.utils.translation import gettext as _

from . import wordfilter
from .querysets import screen


def filter_text(text: str, *, markup: bool = False, allow_review: bool = True) -> str:
    """A member's text through the word list: with replacements made, or a ValidationError that
    names what they wrote. 审核 words pass where the post can be held for review afterwards
    (`review_rules.review_reason` finds them again); elsewhere (edits) they refuse too."""
    result = screen(text, markup=markup)
    refusing = (wordfilter.BANNED,) if allow_review else (wordfilter.BANNED, wordfilter.REVIEW)
    refused = [hit.text for hit in result.hits if hit.entry.action in refusing]
    if refused:
        words = "」「".join(dict.fromkeys(refused))
        raise forms.ValidationError(
            _("包含不允许发布的词语「%(words)s」，请修改后再提交。") % {"words": words},
            code="filtered",
        )
    return result.text


def check_username(username: str) -> None:
    """A name may not contain any listed word, whatever its action: a name is not rewritten."""
    result = screen(username)
    if result.hits:
        words = "」「".join(dict.fromkeys(hit.text for hit in result.hits))
        raise forms.ValidationError(
            _("用户名包含不允许使用的词语「%(words)s」。") % {"words": words}, code="filtered"
        )
