from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luntan.attachments.services import claimable, render_post
from luntan.boards.views import get_visible_board
from luntan.core.chinese import to_reader_script, to_reader_script_html
from luntan.core.client_address import client_ip
from luntan.core.markup import quote_source
from luntan.core.params import query_number
from luntan.notifications.views import warn_unknown_mentions
from luntan.permissions.policy import for_request
from luntan.threads.models import Post
from luntan.threads.views import get_visible_thread

from . import screening
from .errors import PostingError
from .forms import EditPostForm, ReplyForm, ThreadForm, new_client_token
from .services import delete_post, edit_post, reply_to_thread, start_thread


@login_required
def thread_new(request, board_id: int):
    board = get_visible_board(request, board_id)
    for_request(request).check_start_thread(board)
    form = ThreadForm(
        request.POST or None, board=board, initial={"client_token": new_client_token()}
    )
    screening.extend_form(form, request.user)
    if request.method == "POST" and form.is_valid() and form.take_uploads(request, board):
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
                return _held(request, held)
            thread = start_thread(
                board=board,
                author=request.user,
                title=form.cleaned_data["title"],
                thread_type=form.cleaned_data.get("thread_type"),
                body=form.cleaned_data["body"],
                ip=client_ip(request),
                client_token=form.cleaned_data["client_token"],
                attachments=form.cleaned_data["attachments"],
            )
        except PostingError as error:
            form.add_error(None, str(error))
        else:
            warn_unknown_mentions(request, form.cleaned_data["body"])
            return redirect(thread)
    return render(request, "posting/thread_new.html", {"board": board, "form": form})


@login_required
def thread_reply(request, thread_id: int):
    """The full reply page; quick replies post here too and come back here on error."""
    thread = get_visible_thread(request, thread_id)
    for_request(request).check_reply(thread)
    initial = {"client_token": new_client_token()}
    quote_floor = query_number(request, "quote")
    if quote_floor is not None:
        quoted = get_object_or_404(Post, thread=thread, floor=quote_floor, is_deleted=False)
        # The quoted text in the replier's script, like the page it came from; the name exactly
        # as it is (it says whom the reply quotes).
        initial["body"] = quote_source(
            quoted.author_name, to_reader_script(quoted.body), posted_at=quoted.created_at
        )
    form = ReplyForm(request.POST or None, initial=initial)
    screening.extend_form(form, request.user)
    if request.method == "POST" and form.is_valid() and form.take_uploads(request, thread.board):
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
                return _held(request, held)
            post = reply_to_thread(
                thread=thread,
                author=request.user,
                body=form.cleaned_data["body"],
                ip=client_ip(request),
                client_token=form.cleaned_data["client_token"],
                attachments=form.cleaned_data["attachments"],
            )
        except PostingError as error:
            form.add_error(None, str(error))
        else:
            warn_unknown_mentions(request, form.cleaned_data["body"])
            return redirect(post)
    return render(request, "posting/thread_reply.html", {"thread": thread, "form": form})


def _held(request, held: screening.Held):
    messages.info(request, held.message)
    return redirect(held.url)


def _get_own_post(request, post_id: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("thread__board"), pk=post_id)
    get_visible_thread(request, post.thread_id)
    return post


@login_required
def post_edit(request, post_id: int):
    post = _get_own_post(request, post_id)
    for_request(request).check_edit_post(post)
    thread = post.thread
    initial = {"body": post.body}
    if post.is_first:
        initial.update(title=thread.title, thread_type=thread.thread_type_id)
    form = EditPostForm(
        request.POST or None, board=thread.board, is_first=post.is_first, initial=initial
    )
    if request.method == "POST" and form.is_valid() and form.take_uploads(request, thread.board):
        edit_post(
            post=post,
            editor=request.user,
            body=form.cleaned_data["body"],
            title=form.cleaned_data.get("title"),
            thread_type=form.cleaned_data.get("thread_type"),
            attachments=form.cleaned_data["attachments"],
        )
        messages.success(request, _("帖子已更新。"))
        return redirect(post)
    return render(request, "posting/post_edit.html", {"post": post, "thread": thread, "form": form})


@login_required
def post_delete(request, post_id: int):
    post = _get_own_post(request, post_id)
    for_request(request).check_delete_post(post)
    if request.method != "POST":
        return render(request, "posting/post_delete.html", {"post": post, "thread": post.thread})
    try:
        thread = delete_post(post=post, actor=request.user)
    except PostingError as error:
        messages.error(request, str(error))
        return redirect(post)
    if post.is_first:
        messages.success(request, _("主题已删除。"))
        return redirect(thread.board)
    messages.success(request, _("帖子已删除。"))
    return redirect("thread", thread.pk)


@login_required
@require_POST
def post_preview(request):
    """What the server will store for this body, shown by the editor's 预览 before posting."""
    body = request.POST.get("body", "")
    if len(body) > settings.LUNTAN_BODY_MAX_LENGTH:
        return JsonResponse({"error": _("内容太长了。")}, status=400)
    ids = [int(n) for n in request.POST.get("attachments", "").split(",") if n.strip().isdigit()]
    # Editing: the post's own attachments may be placed too.
    post_id = request.POST.get("post", "")
    post = Post.objects.filter(
        pk=int(post_id) if post_id.isdigit() else 0, author=request.user
    ).first()
    html = render_post(body, claimable(request.user, ids[:50], post=post))
    return JsonResponse({"html": to_reader_script_html(html)})
