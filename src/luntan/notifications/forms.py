from django import forms

from .models import Delivery, Kind


class NotificationSettingsForm(forms.Form):
    """One choice per kind: on the site, on the site and by e-mail, or off."""

    def __init__(self, *args, current: dict[str, str], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for kind in Kind:
            self.fields[kind.value] = forms.ChoiceField(
                label=kind.label,
                choices=Delivery.choices,
                initial=current.get(kind.value, Delivery.SITE),
                widget=forms.RadioSelect,
            )
