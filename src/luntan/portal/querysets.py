"""Reads the portal pages share: the cached site settings, the board tree seen by a reader,
the newest threads per board"""

import hashlib
from dataclasses import dataclass

from luntan.boards.models import Board, BoardGroup
from luntan.core.shared_config import shared_config
from luntan.permissions.policy import ForumPermissions
from luntan.threads.models import Thread

from .models import SITE_CACHE_KEY, SitePage, SiteSettings


@dataclass(frozen=True)
class FooterLink:
    slug: str
    title: str


@dataclass(frozen=True)
class SiteInfo:
    settings: SiteSettings
    footer_pages: tuple[FooterLink, ...]
    # A digest of both, so templates can key fragments on it (the footer) and need no
    # invalidation of their own.
    fingerprint: str


def site_info() -> SiteInfo:
    """Site settings and footer links; every page needs them, so they come from the cache."""
    return shared_config(SITE_CACHE_KEY, _read_site_info)


def _read_site_info() -> SiteInfo:
    # A database without the row (flushed by a test, say) shows the defaults, unsaved:
    # a page view never writes.
    row = SiteSettings.objects.filter(pk=1).first() or SiteSettings()
    links = SitePage.objects.filter(show_in_footer=True).values_list("slug", "title")
    footer_pages = tuple(FooterLink(*link) for link in links)
    stored = [getattr(row, f.attname) for f in row._meta.concrete_fields]
    digest = hashlib.blake2b(repr((stored, footer_pages)).encode(), digest_size=16)
    return SiteInfo(settings=row, footer_pages=footer_pages, fingerprint=digest.hexdigest())


def site_info_for(request) -> SiteInfo:
    """`site_info()` read once per request, however many parts of the page ask for it."""
    info = getattr(request, "_site_info", None)
    if info is None:
        info = request._site_info = site_info()
    return info


def board_tree(perms: ForumPermissions) -> list[BoardGroup]:
    """Groups holding boards `perms` may view, each as `group.board_list` with every board
    followed by its sub-boards (`board.depth` 0 or 1). A hidden board hides its sub-boards."""
    boards = [b for b in Board.objects.order_by("position", "pk") if perms.can_view_board(b)]
    children: dict[int, list[Board]] = {}
    for board in boards:
        if board.parent_id is not None:
            board.depth = 1
            children.setdefault(board.parent_id, []).append(board)
    by_group: dict[int, list[Board]] = {}
    for board in boards:
        if board.parent_id is None:
            board.depth = 0
            by_group.setdefault(board.group_id, []).extend([board, *children.get(board.pk, [])])
    groups = list(BoardGroup.objects.filter(pk__in=by_group))
    for group in groups:
        group.board_list = by_group[group.pk]
    return groups


def attach_latest_threads(groups: list[BoardGroup], perms: ForumPermissions, per_board: int):
    """Set `board.latest_threads` on every board of `board_tree` output: its newest threads by
    last reply, sticky ones left out (they are announcements, not news)."""
    threads = Thread.objects.visible_to(perms).filter(sticky=0).only("pk", "title", "board_id")
    for group in groups:
        for board in group.board_list:
            # One short query per board: (board, is_deleted, sticky, last_post_at) is indexed,
            # so each reads `per_board` index entries; a window over all threads would read all.
            newest = threads.filter(board_id=board.pk).order_by("-last_post_at", "-pk")
            board.latest_threads = list(newest[:per_board])
