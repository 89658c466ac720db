"""The member's page of personal access tokens: create (shown once), list, revoke."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .forms import NewTokenForm
from .models import AccessToken
from .services import MAX_TOKENS, TokenLimitReached, create_token, revoke_token


@login_required
def token_list(request):
    form = NewTokenForm(request.POST or None)
    new_secret = None
    if request.method == "POST" and form.is_valid():
        try:
            _token, new_secret = create_token(
                user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
            )
        except TokenLimitReached:
            form.add_error(
                None, _("最多同时保留 %(n)d 个令牌，请先撤销不用的。") % {"n": MAX_TOKENS}
            )
        else:
            form = NewTokenForm()
    return render(
        request,
        "api/tokens.html",
        {
            "form": form,
            "new_secret": new_secret,
            "tokens": AccessToken.objects.filter(user=request.user),
        },
    )


@login_required
@require_POST
def token_revoke(request, token_id: int):
    if not revoke_token(user=request.user, token_id=token_id):
        raise Http404
    messages.success(request, _("令牌已撤销，使用它的程序将无法再访问。"))
    return redirect("api-tokens")
