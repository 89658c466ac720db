from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from luntan.core.page_cache import INDEX, anonymous_page, board_scope
from luntan.core.page_extensions import page_context
from luntan.core.pagination import page_number
from luntan.core.params import query_number
from luntan.credits.querysets import credit_config, effective_rules
from luntan.permissions.policy import for_request
from luntan.threads.view_counter import pending_views

from .models import Board
from .querysets import board_thread_page, forum_stats, index_groups

THREAD_ORDERS = ("last_post", "created")


@anonymous_page(scopes=lambda: [INDEX], members=True)
def index(request):
    perms = for_request(request)
    return render(
        request,
        "boards/index.html",
        {
            "groups": index_groups(perms),
            "stats": forum_stats(),
            "visit_denied": not perms.visit_allowed,
        },
    )


def get_visible_board(request, board_id: int) -> Board:
    """The board, or a 404 when it does not exist or the reader may not see it."""
    board = get_object_or_404(Board.objects.select_related("group", "parent"), pk=board_id)
    for_request(request).check_view_board(board)
    return board


@anonymous_page(
    scopes=lambda board_id: [board_scope(board_id)],
    params=("page", "type", "order", "digest"),
    members=True,
)
def board_detail(request, board_id: int):
    board = get_visible_board(request, board_id)
    perms = for_request(request)
    thread_types = list(board.thread_types.all())
    selected_type = None
    if (type_id := query_number(request, "type")) is not None:
        selected_type = next((t for t in thread_types if t.pk == type_id), None)
        if selected_type is None:
            raise Http404
    digest_only = request.GET.get("digest") == "1"
    order = request.GET.get("order", "last_post")
    if order not in THREAD_ORDERS:
        order = "last_post"
    listing = board_thread_page(
        board,
        perms,
        page=page_number(request),
        per_page=settings.LUNTAN_THREADS_PER_PAGE,
        thread_type=selected_type,
        order=order,
        digest_only=digest_only,
    )
    pending = pending_views([t.pk for t in listing.threads])
    for thread in listing.threads:
        thread.shown_views = thread.view_count + pending[thread.pk]
    query = {}
    if selected_type:
        query["type"] = selected_type.pk
    if order != "last_post":
        query["order"] = order
    if digest_only:
        query["digest"] = 1
    can_moderate = perms.can_moderate(board.pk)
    return render(
        request,
        "boards/board_detail.html",
        {
            "board": board,
            "sub_boards": [b for b in board.children.all() if perms.can_view_board(b)],
            "moderators": list(board.moderators.all()),
            "thread_types": thread_types,
            "selected_type": selected_type,
            "order": order,
            "threads": listing.threads,
            "page": listing.page,
            "page_count": listing.page_count,
            "page_numbers": listing.page_numbers,
            "query": query,
            "can_start_thread": perms.can_start_thread(board),
            "digest_only": digest_only,
            "can_moderate": can_moderate,
            **(page_context("board", perms=perms, board=board) if can_moderate else {}),
            "unreadable_notice": (
                "" if perms.can_read_board(board) else perms.why_board_unreadable(board)
            ),
        },
    )


def board_credit_rules(request, board_id: int):
    """本版积分规则: every rule that moves a public credit kind here, board overrides merged."""
    board = get_visible_board(request, board_id)
    kinds, rules = effective_rules(board.pk)
    return render(
        request,
        "boards/board_credit_rules.html",
        {
            "board": board,
            "kinds": kinds,
            "rules": rules,
            "formula": credit_config().formula_text_for_readers(),
        },
    )
