from django import template
from django.urls import reverse

from luntan.boards.models import Board
from luntan.core.params import MAX_PAGE, parse_number
from luntan.threads.models import Thread
from luntan.threads.querysets import thread_summary as summary_of

register = template.Library()


@register.simple_tag(takes_context=True)
def archiver_url(context) -> str:
    """The footer's Archiver link: the light version of the page being shown.

    A view may name it in `archiver_url`; otherwise a page about a thread or a board (its
    `thread` or `board` in the context) gets that one's archiver page, anything else the
    archiver's board list. The page number carries over only when nothing else in the query
    changes what the page holds, since only then do both versions cut pages alike.
    """
    if explicit := context.get("archiver_url"):
        return explicit
    thread, board = context.get("thread"), context.get("board")
    if isinstance(thread, Thread):
        url = reverse("archiver-thread", args=[thread.pk])
    elif isinstance(board, Board):
        url = reverse("archiver-board", args=[board.pk])
    else:
        return reverse("archiver")
    request = context.get("request")
    if request is not None and list(request.GET) == ["page"]:
        page = parse_number(request.GET["page"], minimum=2, maximum=MAX_PAGE)
        if page is not None:
            url += f"?page={page}"
    return url


@register.simple_tag
def thread_summary(thread: Thread, post_views=()) -> str:
    """The thread's summary; `post_views` (the page's PostViews) may already hold floor 1."""
    return summary_of(thread, (view.post for view in post_views))


@register.simple_tag(takes_context=True)
def absolute_url(context, path: str) -> str:
    """`path` (or an http(s) URL, kept as is) as an absolute URL on the host being served."""
    return context["request"].build_absolute_uri(path)
