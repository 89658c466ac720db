"""The thread page's read model: everything one page of a thread shows, built in a bounded
number of queries whatever the thread's length."""

import hashlib
import math
from collections.abc import Callable
from dataclasses import dataclass, field, fields
from datetime import datetime

from django.db.models import Expression, Model
from django.http import Http404
from django.utils.translation import get_language

from luntan.accounts.querysets import group_of, member_groups
from luntan.core.iplocation import ip_location
from luntan.core.pagination import page_window
from luntan.permissions.policy import ForumPermissions

from .floors import floor_label
from .models import Post, Thread
from .view_counter import pending_views


@dataclass(frozen=True)
class PostExtra:
    """Something an app above threads shows under posts: `flag()` is an expression telling, in
    the posts' own query, whether a post has any; `load(post_ids)` fetches them for those posts
    (a dict by post id)."""

    flag: Callable[[], Expression]
    load: Callable[[list[int]], dict]


_POST_EXTRAS: dict[str, PostExtra] = {}


def register_post_extra(
    name: str, *, flag: Callable[[], Expression], load: Callable[[list[int]], dict]
) -> None:
    """Called from an app's ready() (ratings: the 评分 table), since threads may not import it."""
    _POST_EXTRAS[name] = PostExtra(flag, load)


@dataclass
class PostView:
    post: Post
    label: str
    group_name: str
    group_stars: int
    # 编辑/删除 for every reader of the page (moderators), else only for the post's author
    # when they may edit it (the template shows it to that reader alone).
    can_edit: bool
    edit_author_id: int | None
    # The end of the author's edit window (LUNTAN_EDIT_MINUTES), if there is one.
    edit_until: datetime | None
    # 删除 likewise: a thread's author may not delete its first post once it has replies.
    can_delete: bool
    delete_author_id: int | None
    # IP属地 of the post's address (empty without an installed ip2region database).
    ip_location: str = ""
    # What apps above threads show under the post, by name (`register_post_extra`): for
    # example "ratings", the 评分 table; absent when the post has none.
    extras: dict[str, object] = field(default_factory=dict)


@dataclass
class ThreadPage:
    thread: Thread
    posts: list[PostView]
    page: int
    page_count: int
    newest_first: bool
    only_author_id: int | None
    only_author_name: str
    view_count: int
    can_reply: bool
    can_moderate: bool = False
    query: dict[str, str] = field(default_factory=dict)
    # Names everything the posts on this page render from; the template caches the rendered
    # posts under it (see `posts_fingerprint`).
    posts_fingerprint: str = ""

    @property
    def page_numbers(self) -> list[int]:
        return page_window(self.page, self.page_count)


def build_thread_page(
    thread: Thread,
    *,
    perms: ForumPermissions,
    page: int,
    per_page: int,
    newest_first: bool = False,
    only_author_id: int | None = None,
    with_holes: bool = False,
) -> ThreadPage:
    """Page `page` of the thread; raises Http404 for a page past the end. `with_holes`: the
    page is rendered for sharing among members (see core/member_pages.py)."""
    if page < 1:
        raise Http404
    # Whether each post has an extra (评分…), in the posts' own query: only a page with such
    # posts spends a query on them.
    posts_qs = Post.objects.with_authors().annotate(
        **{f"has_{name}": extra.flag() for name, extra in _POST_EXTRAS.items()}
    )
    only_author_name = ""
    if only_author_id is not None:
        # One author's posts: offset only over that author's posts, using (thread, author, floor).
        mine = posts_qs.filter(thread=thread, author_id=only_author_id, is_deleted=False)
        total = mine.count()
        page_count = max(1, math.ceil(total / per_page))
        order = "-floor" if newest_first else "floor"
        start = (page - 1) * per_page
        posts = list(mine.order_by(order)[start : start + per_page])
        if posts:
            only_author_name = posts[0].author_name
    else:
        page_count = max(1, math.ceil(thread.last_floor / per_page))
        if newest_first:
            last = thread.last_floor - (page - 1) * per_page
            first = max(1, last - per_page + 1)
        else:
            first = (page - 1) * per_page + 1
            last = first + per_page - 1
        posts = list(posts_qs.in_floor_range(thread, first, last).order_by("floor"))
        if newest_first:
            posts.reverse()
    if page > page_count:
        raise Http404
    groups = member_groups()
    extras = {}
    for name, extra in _POST_EXTRAS.items():
        having = [post.pk for post in posts if getattr(post, f"has_{name}")]
        extras[name] = extra.load(having) if having else {}
    views = []
    for post in posts:
        post.thread = thread
        group = group_of(post.author, groups) if post.author else None
        can_edit = perms.can_edit_any_post(post)
        views.append(
            PostView(
                post=post,
                label=floor_label(post.floor),
                group_name=group.name if group else "",
                group_stars=group.stars if group else 0,
                can_edit=can_edit,
                edit_author_id=(
                    post.author_id if not can_edit and perms.author_could_edit(post) else None
                ),
                edit_until=perms.edit_deadline(post),
                can_delete=can_edit,
                delete_author_id=(
                    post.author_id if not can_edit and perms.author_could_delete(post) else None
                ),
                ip_location=ip_location(post.author_ip),
                extras={name: found[post.pk] for name, found in extras.items() if post.pk in found},
            )
        )
    query = {}
    if only_author_id is not None:
        query["author"] = str(only_author_id)
    if newest_first:
        query["order"] = "desc"
    can_reply = perms.can_reply(thread)
    can_moderate = perms.is_member and perms.can_moderate(thread.board_id)
    return ThreadPage(
        thread=thread,
        posts=views,
        page=page,
        page_count=page_count,
        newest_first=newest_first,
        only_author_id=only_author_id,
        only_author_name=only_author_name,
        view_count=thread.view_count + pending_views([thread.pk])[thread.pk],
        can_reply=can_reply,
        can_moderate=can_moderate,
        query=query,
        posts_fingerprint=posts_fingerprint(
            thread,
            views,
            can_reply=can_reply,
            can_moderate=can_moderate,
            reader=None if with_holes else perms.user_id,
        ),
    )


def _row(instance: Model | None) -> tuple:
    if instance is None:
        return ()
    return tuple(getattr(instance, f.attname) for f in instance._meta.concrete_fields)


def posts_fingerprint(
    thread: Thread,
    views: list[PostView],
    *,
    can_reply: bool,
    can_moderate: bool,
    reader: int | None,
) -> str:
    """A digest of every input the posts of a page are rendered from: each post's and author's
    stored row (so any edit, deletion, new field or author change makes a new digest), every
    other field of its PostView, the language, the viewer's role, and `reader`, the member whose
    own edit links were rendered in (None where they are left as holes for each reader).
    Rendering 20 posts is most of a member's thread page; with this key the rendered posts are
    shared by every reader with the same role and need no invalidation."""
    parts: list = [get_language(), thread.pk, can_reply, can_moderate, reader]
    for view in views:
        parts += [_row(view.post), _row(view.post.author)]
        parts += [getattr(view, f.name) for f in fields(view) if f.name != "post"]
    return hashlib.blake2b(repr(parts).encode(), digest_size=16).hexdigest()
