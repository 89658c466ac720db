import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from luntan.core.wordcheck import filter_text

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
        ]
        widgets = {
            "birthday": forms.DateInput(attrs={"type": "date"}),
            "bio": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {f"{name}_visibility": _("谁能看到") for name in Profile.PRIVATE_FIELDS}

    def clean_location(self) -> str:
        return filter_text(self.cleaned_data["location"], allow_review=False)

    def clean_bio(self) -> str:
        return filter_text(self.cleaned_data["bio"], allow_review=False)

    def clean_birthday(self) -> datetime.date | None:
        birthday = self.cleaned_data["birthday"]
        if birthday and not datetime.date(1900, 1, 1) <= birthday <= timezone.localdate():
            raise forms.ValidationError(_("请填写真实的生日。"))
        return birthday
