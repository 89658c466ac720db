from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import Resolver404, resolve
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from luntan.core.chinese import to_reader_script
from luntan.core.markup import render_bbcode
from luntan.permissions.policy import for_request
from luntan.posting.forms import BodyField
from luntan.threads.models import Post
from luntan.threads.views import get_visible_thread

from .captcha import rate_limit_period
from .models import HeldPost, Report, ReportReason
from .services import (
    ReportError,
    ReviewError,
    approve_held,
    handle_reports,
    reject_held,
    report_post,
)

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
    title = forms.CharField(label=gettext_lazy("标题"), max_length=80, strip=True)
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


# 举报.


class ReportForm(forms.Form):
    reason = forms.ModelChoiceField(
        label=gettext_lazy("举报理由"),
        queryset=ReportReason.objects.all(),
        widget=forms.RadioSelect,
        empty_label=None,
        error_messages={
            "required": gettext_lazy("请选择举报理由。"),
            "invalid_choice": gettext_lazy("请从列表中选择举报理由。"),
        },
    )

    text = forms.CharField(
        label=gettext_lazy("补充说明"),
        required=False,
        max_length=500,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": gettext_lazy("补充说明最多 %(limit_value)d 个字。")},
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The operator's reasons, in the reader's script like any operator text.
        self.fields["reason"].label_from_instance = lambda reason: to_reader_script(reason.name)


@login_required
def report_new(request, post_id: int):
    post = get_object_or_404(
        Post.objects.select_related("thread__board"), pk=post_id, is_deleted=False
    )
    get_visible_thread(request, post.thread_id)
    for_request(request).check_report(post)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            report_post(
                post=post,
                reporter=request.user,
                reason=form.cleaned_data["reason"].name,
                text=form.cleaned_data["text"],
            )
        except ReportError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("举报已提交，版主会尽快处理。谢谢！"))
            return redirect(post)
    return render(request, "safety/report_new.html", {"post": post, "form": form})


def _open_reports(request):
    perms = for_request(request)
    if not (perms.is_admin or perms.is_super_moderator or perms.moderated_board_ids):
        raise PermissionDenied(_("只有版主可以处理举报。"))
    return Report.objects.filter(perms.reviewed_boards(), status=Report.Status.OPEN)


@login_required
def report_queue(request):
    reports = _open_reports(request).select_related("post__thread", "reporter", "board")
    context = {
        "reports": list(reports.order_by("created_at", "pk")[:QUEUE_SIZE]),
        "open_count": reports.count(),
    }
    return render(request, "safety/report_queue.html", context)


@login_required
@require_POST
def report_handle(request):
    ids = [int(pk) for pk in request.POST.getlist("report") if pk.isdigit()]
    handled = handle_reports(
        reports=_open_reports(request).filter(pk__in=ids), moderator=request.user
    )
    if handled:
        messages.success(request, _("已处理 %(n)d 个举报。") % {"n": handled})
    else:
        messages.error(request, _("请先勾选举报。"))
    return redirect("report-queue")


# allauth's limits on signup and password reset answer with this page.

_LIMITED_ACTIONS = {
    "account_signup": "signup",
    "account_reset_password": "reset_password",
    "account_reset_password_from_key": "reset_password_from_key",
    "account_login": "login_failed",
}


def rate_limited(request, exception=None):
    """429 in Chinese, saying when to come back (allauth calls ROOT_URLCONF.handler429)."""
    try:
        action = _LIMITED_ACTIONS.get(resolve(request.path_info).url_name or "")
    except Resolver404:
        action = None
    when = rate_limit_period(action) if action else None
    return render(request, "429.html", {"when": when}, status=429)
