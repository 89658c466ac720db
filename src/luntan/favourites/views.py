from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luntan.boards.views import get_visible_board
from luntan.permissions.policy import for_request
from luntan.threads.views import get_visible_thread

from . import services
from .querysets import favourite_boards, favourite_threads


def _back(request, default):
    return redirect("favourites") if request.POST.get("next") == "favourites" else redirect(default)


@login_required
@require_POST
def thread_favourite(request, thread_id: int):
    thread = get_visible_thread(request, thread_id)
    if request.POST.get("action") == "remove":
        services.remove(user=request.user, thread=thread)
        messages.success(request, _("已取消收藏。"))
    else:
        services.add_thread(user=request.user, thread=thread)
        messages.success(request, _("已收藏该主题。"))
    return _back(request, thread)


@login_required
@require_POST
def board_favourite(request, board_id: int):
    board = get_visible_board(request, board_id)
    if request.POST.get("action") == "remove":
        services.remove(user=request.user, board=board)
        messages.success(request, _("已取消收藏。"))
    else:
        services.add_board(user=request.user, board=board)
        messages.success(request, _("已收藏该版块。"))
    return _back(request, board)


@login_required
def favourite_list(request):
    perms = for_request(request)
    return render(
        request,
        "favourites/favourite_list.html",
        {
            "threads": favourite_threads(request.user.pk, perms),
            "boards": favourite_boards(request.user.pk, perms),
        },
    )
