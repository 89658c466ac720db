import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import Profile


class ProfileForm(forms.ModelForm):
    """个人资料 with, beside each private field, who may see it."""

    class Meta:
        model = Profile
        fields = [
            "gender",
            "gender_visibility",
            "birthday",
            "birthday_visibility",
            "location",
            "location_visibility",
            "bio",
            "bio_visibility",
            "signature",
        ]
        widgets = {
            "birthday": forms.DateInput(attrs={"type": "date"}),
            "bio": forms.Textarea(attrs={"rows": 3}),
            "signature": forms.Textarea(attrs={"rows": 2}),
        }
        labels = {f"{name}_visibility": _("谁能看到") for name in Profile.PRIVATE_FIELDS}

    def clean_birthday(self) -> datetime.date | None:
        birthday = self.cleaned_data["birthday"]
        if birthday and not datetime.date(1900, 1, 1) <= birthday <= timezone.localdate():
            raise forms.ValidationError(_("请填写真实的生日。"))
        return birthday
