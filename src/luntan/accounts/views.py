from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from luntan.attachments.files import RefusedFile
from luntan.credits.querysets import public_balances
from luntan.permissions.policy import for_request

from .avatars import set_avatar
from .models import User
from .querysets import group_of
from .signatures import SignatureError, set_signature, signature_rule_for


def member_profile(request, user_id: int):
    for_request(request).check_visit()
    member = get_object_or_404(User, pk=user_id, is_active=True)
    return render(
        request,
        "accounts/member_profile.html",
        {"member": member, "group": group_of(member), "balances": public_balances(member)},
    )


class AvatarForm(forms.Form):
    picture = forms.FileField(
        label=_("新头像"),
        error_messages={"required": _("请选择一张图片。"), "empty": _("文件是空的。")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/*", "class": "avatar-input"}),
    )
    # The square the crop tool chose, as fractions of the picture; empty: the centre.
    crop_x = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0, max_value=1)
    crop_y = forms.FloatField(required=False, widget=forms.HiddenInput, min_value=0, max_value=1)
    crop_side = forms.FloatField(
        required=False, widget=forms.HiddenInput, min_value=0.05, max_value=1
    )

    def clean_picture(self):
        picture = self.cleaned_data["picture"]
        limit = settings.LUNTAN_AVATAR_MAX_KB * 1024
        if picture.size > limit:
            raise forms.ValidationError(
                _("图片太大了：头像最大 %(max)s。") % {"max": filesizeformat(limit)}
            )
        return picture

    def crop(self) -> tuple[float, float, float] | None:
        values = [self.cleaned_data.get(f"crop_{k}") for k in ("x", "y", "side")]
        return None if None in values else tuple(values)


@login_required
def avatar_edit(request):
    form = AvatarForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            set_avatar(
                user=request.user, data=form.cleaned_data["picture"].read(), crop=form.crop()
            )
        except RefusedFile as error:
            form.add_error("picture", str(error))
        else:
            messages.success(request, _("头像已更新。"))
            return redirect("member", request.user.pk)
    return render(request, "accounts/avatar.html", {"form": form})


class SignatureForm(forms.Form):
    signature = forms.CharField(
        label=_("个人签名"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "class": "signature-input"}),
    )


@login_required
def signature_edit(request):
    form = SignatureForm(request.POST or None, initial={"signature": request.user.signature})
    if request.method == "POST" and form.is_valid():
        try:
            set_signature(user=request.user, text=form.cleaned_data["signature"])
        except SignatureError as error:
            form.add_error("signature", str(error))
        else:
            messages.success(request, _("签名已更新。"))
            return redirect("signature")
    rule = signature_rule_for(request.user)
    return render(request, "accounts/signature.html", {"form": form, "rule": rule})
