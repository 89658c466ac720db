"""A member's own settings pages that need nothing above accounts: 个人签名 and 个人资料."""

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from .forms import ProfileForm
from .querysets import profile_of
from .signatures import SignatureError, set_signature, signature_rule_for


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


@login_required
def profile_edit(request):
    profile = profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("个人资料已保存。"))
        return redirect("member", request.user.pk)
    return render(request, "accounts/profile_edit.html", {"form": form})
