"""RSS 2.0 feeds: the site's newest threads and each board's, as the reader may see them.

Discuz! answers `forum.php?mod=rss` with a board's newest threads; readers subscribe to a board in
their feed reader or a portal aggregates it. A feed lists only threads the requesting reader may
read (guests, the common case, get the cached copy), newest first, with an excerpt of the first
post in the reader's script.
"""

from django.http import Http404, HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from luntan.boards.models import Board
from luntan.boards.views import get_visible_board
from luntan.core.chinese import to_reader_script
from luntan.core.markup import excerpt
from luntan.core.page_cache import INDEX, anonymous_page, board_scope
from luntan.permissions.policy import for_request
from luntan.threads.models import Post, Thread

from .querysets import site_info

FEED_ITEMS = 20
FEED_EXCERPT_LENGTH = 200


def _feed_response(request: HttpRequest, *, title: str, link: str, description: str, threads):
    threads = list(threads.select_related("board")[:FEED_ITEMS])
    first_posts = {
        post.thread_id: post
        for post in Post.objects.filter(thread__in=threads, floor=1).only(
            "thread_id", "body", "is_deleted"
        )
    }
    feed = Rss201rev2Feed(
        title=to_reader_script(title),
        link=request.build_absolute_uri(link),
        description=to_reader_script(description),
        language=get_language(),
        feed_url=request.build_absolute_uri(),
    )
    for thread in threads:
        first = first_posts.get(thread.pk)
        summary = "" if first is None or first.is_deleted else excerpt(first.body)
        url = request.build_absolute_uri(thread.get_absolute_url())
        feed.add_item(
            title=to_reader_script(thread.title),
            link=url,
            unique_id=url,
            unique_id_is_permalink=True,
            description=to_reader_script(summary or thread.title),
            author_name=thread.author_name,
            pubdate=thread.created_at,
            updateddate=thread.last_post_at,
            categories=[to_reader_script(thread.board.name)],
        )
    response = HttpResponse(content_type=f"{feed.content_type}")
    feed.write(response, "utf-8")
    return response


@anonymous_page(scopes=lambda: [INDEX])
def site_feed(request: HttpRequest) -> HttpResponse:
    """The newest threads of every board the reader may read."""
    perms = for_request(request)
    settings = site_info().settings
    return _feed_response(
        request,
        title=settings.site_name,
        link=reverse("index"),
        description=settings.description or _("最新主题"),
        threads=Thread.objects.visible_to(perms).order_by("-created_at", "-pk"),
    )


@anonymous_page(scopes=lambda board_id: [board_scope(board_id)])
def board_feed(request: HttpRequest, board_id: int) -> HttpResponse:
    """One board's newest threads; a board the reader may not read has no feed for them."""
    board: Board = get_visible_board(request, board_id)
    perms = for_request(request)
    if not perms.can_read_board(board):
        raise Http404
    return _feed_response(
        request,
        title=f"{board.name} - {site_info().settings.site_name}",
        link=board.get_absolute_url(),
        description=board.description or board.name,
        threads=Thread.objects.visible_to(perms, boards=[board])
        .filter(board=board)
        .order_by("-created_at", "-pk"),
    )
