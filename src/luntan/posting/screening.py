"""What a new post passes through before it is written, filled in by the apps that check content.

Posting sits below the apps that screen what members write (`safety`: the word list, captchas,
the review queue), which themselves publish through posting's services; so posting asks through
this registry instead of importing them, and each app registers its checks in `ready()`. The
word list itself is asked through `core.wordcheck`, since text comes from more than posts.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms


@dataclass(frozen=True)
class Held:
    """A post kept back (for review): what to tell the member and where to send them."""

    message: str
    url: str


# (form, user) → adds fields to a new-post form (a captcha, say)
_form_extras: list[Callable[[forms.Form, object], None]] = []
# (**post) → Held when the post must wait, None to publish it now; may raise RefusedWrite
_holders: list[Callable[..., Held | None]] = []


def register(
    *,
    form_extra: Callable[[forms.Form, object], None] | None = None,
    holder: Callable[..., Held | None] | None = None,
) -> None:
    for hook, registry in ((form_extra, _form_extras), (holder, _holders)):
        if hook is not None and hook not in registry:
            registry.append(hook)


def extend_form(form: forms.Form, user) -> None:
    for form_extra in _form_extras:
        form_extra(form, user)


def hold(**post) -> Held | None:
    for holder in _holders:
        if (held := holder(**post)) is not None:
            return held
    return None
