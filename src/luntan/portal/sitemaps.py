"""sitemap.xml for crawlers: boards, threads and the site's own pages, as anonymous sees them."""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.urls import reverse

from luntan.boards.models import Board
from luntan.permissions.policy import ANONYMOUS
from luntan.threads.models import Thread

from .models import SitePage


class _SplitSitemap(Sitemap):
    @property
    def limit(self) -> int:
        # Read on use, not at import, so an operator's or a test's setting takes effect.
        return settings.LUNTAN_SITEMAP_PAGE_SIZE


class BoardSitemap(_SplitSitemap):
    def items(self) -> list[Board]:
        can_view = ANONYMOUS.can_view_board  # bound once: ANONYMOUS may look itself up per access
        return [b for b in Board.objects.order_by("pk") if can_view(b)]

    def lastmod(self, board: Board):
        return board.last_post_at

    def get_latest_lastmod(self):
        return max((b.last_post_at for b in self.items() if b.last_post_at), default=None)


class ThreadSitemap(_SplitSitemap):
    def items(self):
        return Thread.objects.visible_to(ANONYMOUS).order_by("pk").only("pk", "last_post_at")

    def lastmod(self, thread: Thread):
        return thread.last_post_at

    def get_latest_lastmod(self):
        # Django's default walks every item; the database finds the newest in one query.
        return self.items().aggregate(latest=Max("last_post_at"))["latest"]


class PageSitemap(_SplitSitemap):
    """The home page, the HTML site map and the operator's site pages."""

    def items(self) -> list[tuple[str, object]]:
        newest_post = ThreadSitemap().get_latest_lastmod()
        entries = [(reverse("index"), newest_post), (reverse("site-map"), None)]
        entries += [(p.get_absolute_url(), p.updated_at) for p in SitePage.objects.all()]
        return entries

    def location(self, item: tuple[str, object]) -> str:
        return item[0]

    def lastmod(self, item: tuple[str, object]):
        return item[1]

    def get_latest_lastmod(self):
        return max((when for _url, when in self.items() if when), default=None)


SECTIONS: dict[str, type[Sitemap]] = {
    "boards": BoardSitemap,
    "threads": ThreadSitemap,
    "pages": PageSitemap,
}
