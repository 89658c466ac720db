from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from luntan.core.pagination import page_number
from luntan.permissions.policy import for_request
from luntan.posting.forms import ReplyForm, new_client_token

from .floors import page_of_floor
from .models import Thread
from .pages import build_thread_page
from .view_counter import count_view


def get_visible_thread(request, thread_id: int) -> Thread:
    """The thread, or a 404 when it does not exist, is deleted or the reader may not see it."""
    thread = get_object_or_404(
        Thread.objects.select_related("board", "thread_type"), pk=thread_id, is_deleted=False
    )
    if not for_request(request).can_view_board(thread.board):
        raise Http404
    return thread


def _page_options(request) -> tuple[bool, int | None]:
    newest_first = request.GET.get("order") == "desc"
    raw_author = request.GET.get("author")
    if raw_author is None:
        return newest_first, None
    try:
        return newest_first, int(raw_author)
    except ValueError:
        raise Http404 from None


def _back_to_list_url(request, thread: Thread) -> str:
    """返回列表: the board page the reader came from, else the board's first page."""
    board_url = thread.board.get_absolute_url()
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc == request.get_host() and referer.path == board_url:
        return f"{board_url}?{referer.query}" if referer.query else board_url
    return board_url


def _thread_context(request, thread: Thread) -> dict:
    newest_first, only_author_id = _page_options(request)
    page = build_thread_page(
        thread,
        perms=for_request(request),
        page=page_number(request),
        per_page=settings.LUNTAN_POSTS_PER_PAGE,
        newest_first=newest_first,
        only_author_id=only_author_id,
    )
    return {"thread": thread, "board": thread.board, "page": page}


def thread_detail(request, thread_id: int):
    thread = get_visible_thread(request, thread_id)
    context = _thread_context(request, thread)
    count_view(thread.pk)
    context["page"].view_count += 1  # the number shown includes this reader's own view
    context["reply_form"] = ReplyForm(initial={"client_token": new_client_token()})
    context["back_to_list_url"] = _back_to_list_url(request, thread)
    return render(request, "threads/thread_detail.html", context)


def thread_reader(request, thread_id: int):
    """閱讀模式: the same pages without author cards, tools or sidebars."""
    thread = get_visible_thread(request, thread_id)
    return render(request, "threads/thread_reader.html", _thread_context(request, thread))


def thread_floor(request, thread_id: int, floor: int):
    """A floor's permalink: the page that holds it, scrolled to it."""
    thread = get_visible_thread(request, thread_id)
    if floor < 1 or floor > thread.last_floor:
        raise Http404
    page = page_of_floor(floor, settings.LUNTAN_POSTS_PER_PAGE)
    url = reverse("thread", args=[thread.pk])
    suffix = f"?page={page}" if page > 1 else ""
    return redirect(f"{url}{suffix}#floor-{floor}")


def thread_jump(request, thread_id: int):
    """電梯直達: the floor number typed into the box."""
    thread = get_visible_thread(request, thread_id)
    raw = request.GET.get("floor", "").strip().rstrip("#")
    if not raw.isdigit() or not 1 <= int(raw) <= thread.last_floor:
        return render(
            request,
            "threads/thread_floor_missing.html",
            {"thread": thread, "floor": raw, "last_floor": thread.last_floor},
            status=404,
        )
    return thread_floor(request, thread.pk, int(raw))
