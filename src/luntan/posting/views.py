from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from luntan.boards.views import get_visible_board
from luntan.core.client_address import client_ip
from luntan.core.markup import quote_source
from luntan.notifications.views import warn_unknown_mentions
from luntan.permissions.policy import for_request
from luntan.threads.models import Post
from luntan.threads.views import get_visible_thread

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
    if request.method == "POST" and form.is_valid():
        try:
            thread = start_thread(
                board=board,
                author=request.user,
                title=form.cleaned_data["title"],
                thread_type=form.cleaned_data.get("thread_type"),
                body=form.cleaned_data["body"],
                ip=client_ip(request),
                client_token=form.cleaned_data["client_token"],
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
    quote_floor = request.GET.get("quote", "")
    if quote_floor.isdigit():
        quoted = get_object_or_404(Post, thread=thread, floor=int(quote_floor), is_deleted=False)
        initial["body"] = quote_source(quoted.author_name, quoted.body)
    form = ReplyForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            post = reply_to_thread(
                thread=thread,
                author=request.user,
                body=form.cleaned_data["body"],
                ip=client_ip(request),
                client_token=form.cleaned_data["client_token"],
            )
        except PostingError as error:
            form.add_error(None, str(error))
        else:
            warn_unknown_mentions(request, form.cleaned_data["body"])
            return redirect(post)
    return render(request, "posting/thread_reply.html", {"thread": thread, "form": form})


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
    if request.method == "POST" and form.is_valid():
        edit_post(
            post=post,
            editor=request.user,
            body=form.cleaned_data["body"],
            title=form.cleaned_data.get("title"),
            thread_type=form.cleaned_data.get("thread_type"),
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
