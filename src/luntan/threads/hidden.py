"""[hide] in posts: who sees a hidden part is decided for each reader, never cached for them.

Post HTML keeps hidden parts (see `core.markup`); `post_body` shows guests a notice and gives
members a per-reader marker (`member_pages.only_if`) that `reader_allowed` decides."""

from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from luntan.core.chinese import to_reader_script_html
from luntan.core.markup import replace_hidden
from luntan.core.member_pages import only_if, rendering_with_holes, resolve_conditions
from luntan.permissions.policy import for_request

from .models import Post

CONDITION = "hide"


def post_body(request: HttpRequest | None, post: Post, *, defer: bool = False) -> SafeString:
    """A post's stored HTML in the reader's script, each [hide] part only for readers who may
    see it. With `defer`, members' parts stay markers for an enclosing resolver."""
    html = to_reader_script_html(post.html)
    if "bb-hide" not in html:
        return mark_safe(html)
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return mark_safe(replace_hidden(html, lambda credits, block: notice(credits)))
    args = f"{post.thread.board_id}:{post.thread_id}:{post.author_id or 0}"
    html = replace_hidden(
        html, lambda credits, block: only_if(CONDITION, f"{args}:{credits}", block, notice(credits))
    )
    if defer or rendering_with_holes(request):
        return mark_safe(html)
    return mark_safe(resolve_conditions(html, request))


def may_see_part_with(request: HttpRequest, post: Post, text: str) -> bool:
    """Whether the reader may see every [hide] part of the post that contains `text` (an
    attachment's URL: a file placed in a hidden part is served only to who may see it)."""
    needed: list[int] = []

    def collect(credits: int, block: str) -> str:
        if text in block:
            needed.append(credits)
        return block

    replace_hidden(post.html, collect)
    args = f"{post.thread.board_id}:{post.thread_id}:{post.author_id or 0}"
    return all(reader_allowed(request, f"{args}:{credits}") for credits in needed)


def notice(credits: int) -> str:
    if credits:
        text = _("本帖隐藏的内容需要积分高于 %(credits)s 才可浏览") % {"credits": credits}
    else:
        text = _("本帖隐藏的内容需要回复才可以浏览")
    return format_html('<div class="bb-hide-notice">{}</div>', text)


def reader_allowed(request: HttpRequest, args: str) -> bool:
    board_id, thread_id, author_id, credits = (int(part) for part in args.split(":"))
    perms = for_request(request)
    # Asked once per thread and request, however many hidden parts the page has.
    replied_in: dict[int, bool] = request.__dict__.setdefault("_replied_in_threads", {})
    if thread_id not in replied_in and perms.is_member:
        replied_in[thread_id] = Post.objects.replied_by(thread_id, perms.user_id)
    return perms.can_see_hidden(
        board_id=board_id,
        author_id=author_id or None,
        credits_needed=credits,
        credits=request.user.credits if perms.is_member else 0,
        replied=replied_in.get(thread_id, False),
    )
