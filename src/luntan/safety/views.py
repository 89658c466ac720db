from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luntan.core.markup import render_bbcode
from luntan.permissions.policy import for_request
from luntan.posting.forms import BodyField

from .models import HeldPost
from .services import ReviewError, approve_held, reject_held

# Moderators work the queue from the oldest; this many at a time keeps the page light.
QUEUE_SIZE = 100
MINE_SIZE = 50


def _with_html(held_posts):
    """Rendered on the fly: held posts are few and seen by few (nh3-sanitised like any post)."""
    for held in held_posts:
        held.html = render_bbcode(held.body)
    return held_posts


@login_required
def review_mine(request):
    """The author's own held posts: 待审核, then the outcome."""
    held_posts = (
        HeldPost.objects.filter(author=request.user)
        .select_related("board", "thread", "post")
        .order_by("-created_at")[:MINE_SIZE]
    )
    perms = for_request(request)
    reviews = perms.is_admin or perms.is_super_moderator or bool(perms.moderated_board_ids)
    context = {"held_posts": _with_html(list(held_posts)), "reviews": reviews}
    return render(request, "safety/review_mine.html", context)


def _queue(request):
    perms = for_request(request)
    if not (perms.is_admin or perms.is_super_moderator or perms.moderated_board_ids):
        raise PermissionDenied(_("只有版主可以审核帖子。"))
    return HeldPost.objects.filter(perms.reviewed_boards(), status=HeldPost.Status.PENDING)


@login_required
def review_queue(request):
    pending = _queue(request)
    held_posts = pending.select_related("board", "thread", "author").order_by("created_at", "pk")
    context = {
        "held_posts": _with_html(list(held_posts[:QUEUE_SIZE])),
        "pending_count": pending.count(),
    }
    return render(request, "safety/review_queue.html", context)


@login_required
@require_POST
def review_decide(request):
    """通过 / 删除 for every ticked post of the queue."""
    action = request.POST.get("action")
    ids = [int(pk) for pk in request.POST.getlist("held") if pk.isdigit()]
    if action not in ("approve", "reject") or not ids:
        messages.error(request, _("请先勾选帖子，再选择通过或删除。"))
        return redirect("review-queue")
    done, failures = 0, []
    for held in _queue(request).filter(pk__in=ids).order_by("created_at", "pk"):
        try:
            if action == "approve":
                approve_held(held=held, moderator=request.user)
            else:
                reject_held(held=held, moderator=request.user)
            done += 1
        except ReviewError as error:
            failures.append(f"{held}: {error}")
    if done:
        message = _("已通过 %(n)d 个帖子。") if action == "approve" else _("已删除 %(n)d 个帖子。")
        messages.success(request, message % {"n": done})
    for failure in failures:
        messages.error(request, failure)
    return redirect("review-queue")


class ReviewEditForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=80, strip=True)
    body = BodyField()

    def __init__(self, *args, is_thread: bool, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        if not is_thread:
            del self.fields["title"]


@login_required
def review_edit(request, held_id: int):
    """编辑后通过: the moderator corrects the text, then publishes it."""
    held = get_object_or_404(_queue(request).select_related("board", "thread"), pk=held_id)
    form = ReviewEditForm(
        request.POST or None,
        is_thread=held.is_thread,
        initial={"title": held.title, "body": held.body},
    )
    if request.method == "POST" and form.is_valid():
        try:
            post = approve_held(
                held=held,
                moderator=request.user,
                title=form.cleaned_data.get("title"),
                body=form.cleaned_data["body"],
            )
        except ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("帖子已编辑并通过。"))
            return redirect(post)
    return render(request, "safety/review_edit.html", {"held": held, "form": form})
