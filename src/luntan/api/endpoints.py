"""The JSON API (/api/v1/): read boards, threads, posts and members; start threads and reply.

It answers with the same permissions, content rules and flood control as the pages, because it
goes through the same functions: `permissions.policy` decides, the posting forms validate, the
posting services write. A member's scripts authenticate with a personal access token
(`Authorization: Bearer lt_…`); without one the caller is a guest. The session is never used, so
a browser's cookies cannot be turned against its member (no CSRF to defend).
"""

from datetime import datetime
from typing import Annotated

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied, RequestDataTooBig
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from ninja import Field, NinjaAPI, Path, Query, Schema, Status
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.security import HttpBearer
from pydantic import ConfigDict

from luntan.accounts.models import User
from luntan.accounts.querysets import group_of
from luntan.boards.models import Board
from luntan.boards.querysets import board_thread_page
from luntan.core.client_address import client_ip
from luntan.permissions.policy import for_request
from luntan.portal.querysets import board_tree
from luntan.posting import screening
from luntan.posting.errors import FloodControlError, PostingError
from luntan.posting.forms import ReplyForm, ThreadForm
from luntan.posting.services import reply_to_thread, start_thread
from luntan.threads.hidden import post_body
from luntan.threads.models import Post, Thread
from luntan.threads.pages import build_thread_page

from .models import user_for_token

# Ids are database integers: anything larger is simply not found, never an overflow.
Id = Annotated[int, Path(ge=1, le=2**31 - 1)]
PageNumber = Annotated[int, Query(ge=1, le=100_000, description="页码，从 1 开始")]


# --- authentication -------------------------------------------------------------------------------


class BearerToken(HttpBearer):
    """A member's personal access token; the request then acts as that member."""

    def authenticate(self, request: HttpRequest, token: str):
        user = user_for_token(token)
        if user is None:
            raise AuthenticationError(401, _("访问令牌无效、已过期或已撤销。"))
        _act_as(request, user)
        return user


class TokenOrGuest:
    """Reads: a token when one is sent (a bad one is refused), a guest otherwise."""

    def __init__(self) -> None:
        self._bearer = BearerToken()

    def __call__(self, request: HttpRequest):
        if "Authorization" not in request.headers:
            _act_as(request, AnonymousUser())
            return request.user
        return self._bearer(request)


# Reads document their token as optional (a guest may call them); ninja only knows "required".
OPTIONAL_TOKEN = {"security": [{}, {"BearerToken": []}]}


def _act_as(request: HttpRequest, user) -> None:
    request.user = user
    # Permissions are computed once per request: forget any computed for the session's user.
    request.__dict__.pop("_forum_permissions", None)


api = NinjaAPI(
    title="luntan API",
    version="1",
    description=_("论坛的 JSON 接口：读取版块、主题、帖子和会员，发表主题和回复。"),
    urls_namespace="api",
    docs_url=None,  # the docs page loads scripts from a CDN; the schema is served instead
    auth=TokenOrGuest(),
)


def read(path: str, **options):
    return api.get(path, openapi_extra=OPTIONAL_TOKEN, **options)


# --- errors: every one a JSON {"detail": "…"} in the reader's language ----------------------------


class Error(Schema):
    detail: str


ERRORS = {400: Error, 401: Error, 403: Error, 404: Error, 413: Error, 422: Error}
# 202: the post is kept for review (先审后发) and not published yet.
WRITE_ERRORS = {**ERRORS, 202: Error, 409: Error, 429: Error}


def _error(request: HttpRequest, status: int, detail: str) -> HttpResponse:
    return api.create_response(request, {"detail": detail}, status=status)


@api.exception_handler(Http404)
def _not_found(request, exc):
    return _error(request, 404, _("要找的内容不存在，或者您没有权限看到它。"))


@api.exception_handler(PermissionDenied)
def _forbidden(request, exc):
    return _error(request, 403, str(exc) or _("您没有权限这样做。"))


@api.exception_handler(RequestDataTooBig)
def _too_big(request, exc):
    return _error(request, 413, _("请求内容太大。"))


@api.exception_handler(HttpError)
def _http_error(request, exc: HttpError):
    if exc.status_code == 400:  # ninja's only 400: a body that is not JSON
        return _error(request, 400, _("请求内容不是有效的 JSON。"))
    return _error(request, exc.status_code, str(exc))


@api.exception_handler(ValidationError)
def _invalid(request, exc: ValidationError):
    return _error(request, 422, " ".join(_explain(error) for error in exc.errors))


def _explain(error: dict) -> str:
    """One pydantic error as a sentence naming the JSON field, e.g. 字段 body 太短…"""
    field = str(error.get("loc", ["?"])[-1])
    limits = error.get("ctx") or {}
    kind = error.get("type", "")
    if kind == "missing":
        return _("缺少字段 %(field)s。") % {"field": field}
    if kind == "extra_forbidden":
        return _("不认识的字段 %(field)s。") % {"field": field}
    if kind == "string_too_short":
        return _("字段 %(field)s 太短：至少需要 %(n)s 个字。") % {
            "field": field,
            "n": limits.get("min_length"),
        }
    if kind == "string_too_long":
        return _("字段 %(field)s 太长：最多 %(n)s 个字。") % {
            "field": field,
            "n": limits.get("max_length"),
        }
    if kind in ("greater_than_equal", "less_than_equal"):
        return _("字段 %(field)s 超出允许的范围。") % {"field": field}
    return _("字段 %(field)s 的值或类型不正确。") % {"field": field}


def _refused(error: PostingError) -> HttpError:
    """Too fast is 429; any other refusal (the thread went away meanwhile…) is a conflict."""
    return HttpError(429 if isinstance(error, FloodControlError) else 409, str(error))


def _form_error(form) -> HttpError:
    messages = [str(message) for errors in form.errors.values() for message in errors]
    return HttpError(422, " ".join(messages))


# --- what comes back ------------------------------------------------------------------------------


class BoardOut(Schema):
    id: int
    name: str
    description: str
    group: str
    parent_id: int | None
    thread_count: int
    post_count: int
    can_read: bool
    can_start_thread: bool
    url: str


class ThreadOut(Schema):
    id: int
    board_id: int
    title: str
    thread_type: str | None
    author: str
    author_id: int | None
    created_at: datetime
    last_post_at: datetime
    last_poster: str
    reply_count: int
    view_count: int
    sticky: int
    digest: int
    is_closed: bool
    url: str


class ThreadListOut(Schema):
    threads: list[ThreadOut]
    page: int
    page_count: int


class PostOut(Schema):
    id: int
    floor: int
    author: str
    author_id: int | None
    created_at: datetime
    edited_at: datetime | None
    is_deleted: bool
    html: str = Field(description="渲染并净化后的 HTML；已删除的帖子为空")
    url: str


class PostListOut(Schema):
    thread: ThreadOut
    posts: list[PostOut]
    page: int
    page_count: int


class MemberOut(Schema):
    id: int
    username: str
    group: str
    credits: int
    post_count: int
    thread_count: int
    date_joined: datetime
    url: str


class NewThreadIn(Schema):
    model_config = ConfigDict(extra="forbid")
    title: str = Field(min_length=2, max_length=settings.LUNTAN_TITLE_MAX_LENGTH)
    body: str = Field(min_length=settings.LUNTAN_BODY_MIN_LENGTH)
    thread_type_id: int | None = Field(default=None, ge=1, le=2**31 - 1)


class ReplyIn(Schema):
    model_config = ConfigDict(extra="forbid")
    body: str = Field(min_length=settings.LUNTAN_BODY_MIN_LENGTH)


def _board_out(board: Board, perms, *, group_name: str) -> dict:
    return {
        "id": board.pk,
        "name": board.name,
        "description": board.description,
        "group": group_name,
        "parent_id": board.parent_id,
        "thread_count": board.thread_count,
        "post_count": board.post_count,
        "can_read": perms.can_read_board(board),
        "can_start_thread": perms.can_start_thread(board),
        "url": board.get_absolute_url(),
    }


def _thread_out(thread: Thread) -> dict:
    return {
        "id": thread.pk,
        "board_id": thread.board_id,
        "title": thread.title,
        "thread_type": thread.thread_type.name if thread.thread_type else None,
        "author": thread.author_name,
        "author_id": thread.author_id,
        "created_at": thread.created_at,
        "last_post_at": thread.last_post_at,
        "last_poster": thread.last_poster_name,
        "reply_count": thread.reply_count,
        "view_count": thread.view_count,
        "sticky": thread.sticky,
        "digest": thread.digest,
        "is_closed": thread.is_closed,
        "url": thread.get_absolute_url(),
    }


def _post_out(post: Post, *, html: str | None = None, shown: bool = True) -> dict:
    """`html`: the post as this reader sees it ([hide] parts decided); `shown`: False for a post
    a moderator hid (屏蔽) from this reader, whose text is left out."""
    return {
        "id": post.pk,
        "floor": post.floor,
        "author": post.author_name,
        "author_id": post.author_id,
        "created_at": post.created_at,
        "edited_at": post.edited_at,
        "is_deleted": post.is_deleted,
        "html": (post.html if html is None else str(html)) if shown and not post.is_deleted else "",
        "url": post.get_absolute_url(),
    }


def _visible_board(request: HttpRequest, board_id: int) -> Board:
    board = get_object_or_404(Board.objects.select_related("group"), pk=board_id)
    for_request(request).check_view_board(board)
    return board


def _readable_thread(request: HttpRequest, thread_id: int) -> Thread:
    thread = get_object_or_404(
        Thread.objects.select_related("board", "thread_type"), pk=thread_id, is_deleted=False
    )
    for_request(request).check_read_thread(thread)
    return thread


# --- reads ----------------------------------------------------------------------------------------


@read("/boards", response={200: list[BoardOut], **ERRORS}, summary="版块列表")
def list_boards(request):
    perms = for_request(request)
    perms.check_visit()
    return [
        _board_out(board, perms, group_name=group.name)
        for group in board_tree(perms)
        for board in group.board_list
    ]


@read("/boards/{board_id}", response={200: BoardOut, **ERRORS}, summary="一个版块")
def get_board(request, board_id: Id):
    board = _visible_board(request, board_id)
    return _board_out(board, for_request(request), group_name=board.group.name)


@read(
    "/boards/{board_id}/threads",
    response={200: ThreadListOut, **ERRORS},
    summary="版块的主题，置顶在前，按最后回复排序",
)
def list_threads(request, board_id: Id, page: PageNumber = 1):
    board = _visible_board(request, board_id)
    perms = for_request(request)
    listing = board_thread_page(board, perms, page=page, per_page=settings.LUNTAN_THREADS_PER_PAGE)
    return {
        "threads": [_thread_out(thread) for thread in listing.threads],
        "page": listing.page,
        "page_count": listing.page_count,
    }


@read("/threads/{thread_id}", response={200: ThreadOut, **ERRORS}, summary="一个主题")
def get_thread(request, thread_id: Id):
    return _thread_out(_readable_thread(request, thread_id))


@read("/threads/{thread_id}/posts", response={200: PostListOut, **ERRORS}, summary="主题的帖子")
def list_posts(request, thread_id: Id, page: PageNumber = 1):
    thread = _readable_thread(request, thread_id)
    page_view = build_thread_page(
        thread, perms=for_request(request), page=page, per_page=settings.LUNTAN_POSTS_PER_PAGE
    )
    return {
        "thread": _thread_out(thread),
        "posts": [
            _post_out(
                view.post,
                html=post_body(request, view.post),
                shown=not view.post.is_hidden or page_view.can_moderate,
            )
            for view in page_view.posts
        ],
        "page": page_view.page,
        "page_count": page_view.page_count,
    }


def _member_out(member: User) -> dict:
    group = group_of(member)
    return {
        "id": member.pk,
        "username": member.username,
        "group": group.name if group else "",
        "credits": member.credits,
        "post_count": member.post_count,
        "thread_count": member.thread_count,
        "date_joined": member.date_joined,
        "url": reverse("member", args=[member.pk]),
    }


@read("/members/{user_id}", response={200: MemberOut, **ERRORS}, summary="会员资料")
def get_member(request, user_id: Id):
    for_request(request).check_visit()
    return _member_out(get_object_or_404(User, pk=user_id, is_active=True))


@api.get("/me", response={200: MemberOut, **ERRORS}, auth=BearerToken(), summary="令牌的主人")
def me(request):
    return _member_out(request.user)


# --- writes ---------------------------------------------------------------------------------------


@api.post(
    "/boards/{board_id}/threads",
    response={201: ThreadOut, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="发表主题",
)
def create_thread(request, board_id: Id, payload: NewThreadIn):
    board = _visible_board(request, board_id)
    for_request(request).check_start_thread(board)
    form = ThreadForm(
        {"title": payload.title, "body": payload.body, "thread_type": payload.thread_type_id},
        board=board,
    )
    screening.extend_form(form, request.user)  # a captcha the member must solve on the page
    if not form.is_valid():
        raise _form_error(form)
    try:
        held = screening.hold(
            perms=for_request(request),
            author=request.user,
            board=board,
            title=form.cleaned_data["title"],
            thread_type=form.cleaned_data.get("thread_type"),
            body=form.cleaned_data["body"],
            ip=client_ip(request),
        )
        if held is not None:
            return Status(202, {"detail": held.message})
        thread = start_thread(
            board=board,
            author=request.user,
            title=form.cleaned_data["title"],
            thread_type=form.cleaned_data.get("thread_type"),
            body=form.cleaned_data["body"],
            ip=client_ip(request),
        )
    except PostingError as error:
        raise _refused(error) from error
    return Status(201, _thread_out(thread))


@api.post(
    "/threads/{thread_id}/replies",
    response={201: PostOut, **WRITE_ERRORS},
    auth=BearerToken(),
    summary="回复主题",
)
def create_reply(request, thread_id: Id, payload: ReplyIn):
    thread = _readable_thread(request, thread_id)
    for_request(request).check_reply(thread)
    form = ReplyForm({"body": payload.body})
    screening.extend_form(form, request.user)
    if not form.is_valid():
        raise _form_error(form)
    try:
        held = screening.hold(
            perms=for_request(request),
            author=request.user,
            board=thread.board,
            thread=thread,
            body=form.cleaned_data["body"],
            ip=client_ip(request),
        )
        if held is not None:
            return Status(202, {"detail": held.message})
        post = reply_to_thread(
            thread=thread,
            author=request.user,
            body=form.cleaned_data["body"],
            ip=client_ip(request),
        )
    except PostingError as error:
        raise _refused(error) from error
    return Status(201, _post_out(post))
