from urllib.parse import urlsplit

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve, reverse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from luntan.core.member_pages import rendering_with_holes
from luntan.core.page_cache import anonymous_page, thread_scope
from luntan.core.page_extensions import page_context, relocated
from luntan.core.pagination import page_number
from luntan.core.params import parse_number, query_number
from luntan.permissions.policy import for_request

from .floors import page_of_floor
from .models import Thread
from .pages import build_thread_page
from .view_counter import count_view


def get_visible_thread(request, thread_id: int) -> Thread:
    """The thread, or a 404 when it does not exist, is deleted or its board is hidden from the
    reader; a 403 saying why when the reader may see the board but not read this thread."""
    thread = get_object_or_404(
        Thread.objects.select_related("board", "thread_type"), pk=thread_id, is_deleted=False
    )
    for_request(request).check_read_thread(thread)
    return thread


def _merged_or_404(thread_id: int, floor: int | None = None) -> HttpResponsePermanentRedirect:
    """A 301 to where a merged thread's floor went (合并), else the 404."""
    url = relocated(thread_id, floor)
    if url is None:
        raise Http404
    return HttpResponsePermanentRedirect(url)


def _page_options(request) -> tuple[bool, int | None]:
    return request.GET.get("order") == "desc", query_number(request, "author")


def _back_to_list_url(request, thread: Thread) -> str:
    """返回列表: the board page the reader came from, else the board's first page."""
    board_url = thread.board.get_absolute_url()
    referer = urlsplit(request.headers.get("Referer", ""))
    if referer.netloc == request.get_host() and referer.path == board_url:
        return f"{board_url}?{referer.query}" if referer.query else board_url
    return board_url


def _from_a_board_page_past_the_first(request) -> bool:
    """Such a reader's 返回列表 link differs from the cached page's, so theirs is rendered."""
    referer = urlsplit(request.headers.get("Referer", ""))
    if not referer.query:
        return False
    try:
        return resolve(referer.path).url_name == "board"
    except Resolver404:
        return False


def _thread_pages(thread_id: int) -> list[str]:
    return [thread_scope(thread_id)]


def _count_view_here(thread_id: int) -> bool:
    """Count the view while answering, unless readers' browsers report it themselves
    (LUNTAN_VIEW_BEACON: behind a CDN most page views never reach luntan)."""
    if settings.LUNTAN_VIEW_BEACON:
        return False
    count_view(thread_id)
    return True


def _thread_context(request, thread: Thread) -> dict:
    newest_first, only_author_id = _page_options(request)
    page = build_thread_page(
        thread,
        perms=for_request(request),
        page=page_number(request),
        per_page=settings.LUNTAN_POSTS_PER_PAGE,
        newest_first=newest_first,
        only_author_id=only_author_id,
        with_holes=rendering_with_holes(request),
    )
    return {"thread": thread, "board": thread.board, "page": page}


@anonymous_page(
    scopes=_thread_pages,
    params=("page", "order", "author"),
    on_hit=_count_view_here,
    bypass=_from_a_board_page_past_the_first,
    members=True,
)
def thread_detail(request, thread_id: int):
    try:
        thread = get_visible_thread(request, thread_id)
    except Http404:
        return _merged_or_404(thread_id)
    if thread.moved_to_id:
        return redirect("thread", thread.moved_to_id)  # a 转向 stub left by a move
    context = _thread_context(request, thread)
    if context["page"].can_moderate:
        context.update(page_context("thread", perms=for_request(request), board=thread.board))
    if _count_view_here(thread.pk):
        context["page"].view_count += 1  # the number shown includes this reader's own view
    context["view_beacon"] = settings.LUNTAN_VIEW_BEACON
    context["back_to_list_url"] = _back_to_list_url(request, thread)
    # Shown above and below the posts, from the page alone: rendered once.
    context["pagination"] = render_to_string(
        "threads/_thread_pagination.html", {"page": context["page"]}
    )
    return render(request, "threads/thread_detail.html", context)


@anonymous_page(scopes=_thread_pages, params=("page", "order", "author"), members=True)
def thread_reader(request, thread_id: int):
    """閱讀模式: the same pages without author cards, tools or sidebars."""
    thread = get_visible_thread(request, thread_id)
    return render(request, "threads/thread_reader.html", _thread_context(request, thread))


@csrf_exempt  # a beacon carries no token; the worst a forged one can do is add a view
@require_POST
def thread_viewed(request, thread_id: int) -> HttpResponse:
    """The browser's report of a thread view (LUNTAN_VIEW_BEACON). Without the setting the pages
    count themselves, and an open beacon would only let anyone inflate counts."""
    if not settings.LUNTAN_VIEW_BEACON:
        raise Http404
    thread = get_visible_thread(request, thread_id)
    count_view(thread.pk)
    return HttpResponse(status=204)


def thread_floor(request, thread_id: int, floor: int):
    """A floor's permalink: the page that holds it, scrolled to it."""
    try:
        thread = get_visible_thread(request, thread_id)
    except Http404:
        return _merged_or_404(thread_id, floor)
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
    floor = parse_number(raw, maximum=thread.last_floor)
    if floor is None:
        return render(
            request,
            "threads/thread_floor_missing.html",
            {"thread": thread, "floor": raw, "last_floor": thread.last_floor},
            status=404,
        )
    return thread_floor(request, thread.pk, floor)
