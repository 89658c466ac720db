from django import forms
from django.utils.translation import gettext_lazy as _


class RatingForm(forms.Form):
    """One field per kind the rater's group may rate with, each within ±its per-rating limit."""

    reason = forms.CharField(
        label=_("理由"), max_length=100, error_messages={"required": _("请填写评分理由。")}
    )

    def __init__(self, *args, limits, kind_names: dict[int, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for slot, limit in sorted(limits.items()):
            top = limit.max_per_rating
            self.fields[f"slot{slot}"] = forms.TypedChoiceField(
                label=kind_names.get(slot, f"extcredits{slot}"),
                choices=[(n, f"{n:+d}" if n else "0") for n in range(top, -top - 1, -1)],
                coerce=int,
                initial=0,
            )
        self.order_fields([*(f"slot{slot}" for slot in sorted(limits)), "reason"])

    def amounts(self) -> dict[int, int]:
        return {
            int(name.removeprefix("slot")): value
            for name, value in self.cleaned_data.items()
            if name.startswith("slot")
        }
