import math

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luntan.accounts.models import User
from luntan.core.pagination import page_number, page_window
from luntan.permissions.policy import for_request
from luntan.threads.views import get_visible_thread

from .forms import NotificationSettingsForm
from .models import NotificationSetting, ThreadWatch
from .querysets import notifications_of
from .services import (
    mark_read,
    mentions_not_told,
    save_settings,
    unwatch_thread,
    watch_thread,
)


def warn_unknown_mentions(request, body: str) -> None:
    """After a post: tell its writer which @names reached nobody, and why."""
    unknown, blocked = mentions_not_told(body, request.user)
    if unknown:
        messages.warning(
            request,
            _("没有会员叫 %(names)s，他们不会收到提醒。")
            % {"names": "、".join(f"@{name}" for name in unknown)},
        )
    if blocked:
        messages.warning(
            request,
            _("%(names)s 不接收您的提醒。") % {"names": "、".join(f"@{name}" for name in blocked)},
        )


@login_required
def mention_members(request):
    """@ autocomplete in the editor: up to 8 active members whose names start with `q`."""
    prefix = request.GET.get("q", "").strip()[:150]
    names = (
        list(
            User.objects.filter(username__istartswith=prefix, is_active=True)
            .order_by("username")
            .values_list("username", flat=True)[:8]
        )
        if prefix
        else []
    )
    return JsonResponse({"names": names})


@login_required
def notification_list(request):
    """我的提醒, newest first; the unread ones stand out until opened or all marked read."""
    per_page = settings.LUNTAN_THREADS_PER_PAGE
    page = page_number(request)
    found = notifications_of(request.user.pk)
    total = found.count()
    page_count = max(1, math.ceil(total / per_page))
    if page > page_count:
        raise Http404
    perms = for_request(request)
    # Permissions may have changed since: a thread now out of reach shows no title.
    lines = [
        (n, n.thread is None or (not n.thread.is_deleted and perms.can_read_thread(n.thread)))
        for n in found[(page - 1) * per_page : page * per_page]
    ]
    return render(
        request,
        "notifications/notification_list.html",
        {
            "lines": lines,
            "page": page,
            "page_count": page_count,
            "page_numbers": page_window(page, page_count),
            "query": {},
        },
    )


@login_required
def notification_open(request, notification_id: int):
    """Open one notification: it is read now, and the reader lands on what it is about."""
    notification = get_object_or_404(notifications_of(request.user.pk), pk=notification_id)
    mark_read(user=request.user, notification_ids=[notification.pk])
    if notification.post_id and not notification.post.is_deleted:
        return redirect(notification.post)
    if notification.thread_id:
        return redirect(notification.thread)
    return redirect("notifications")


@login_required
@require_POST
def notification_read_all(request):
    mark_read(user=request.user)
    messages.success(request, _("全部提醒已标为已读。"))
    return redirect("notifications")


@login_required
def notification_settings(request):
    current = dict(
        NotificationSetting.objects.filter(user=request.user).values_list("kind", "delivery")
    )
    form = NotificationSettingsForm(request.POST or None, current=current)
    if request.method == "POST" and form.is_valid():
        save_settings(user=request.user, choices=form.cleaned_data)
        messages.success(request, _("提醒设置已保存。"))
        return redirect("notification-settings")
    return render(request, "notifications/notification_settings.html", {"form": form})


@login_required
def watch_list(request):
    """我的订阅: the threads the member is told about, those they may still read."""
    perms = for_request(request)
    watches = [
        watch
        for watch in ThreadWatch.objects.filter(user=request.user, thread__is_deleted=False)
        .select_related("thread__board")
        .order_by("-thread__last_post_at")[:200]
        if perms.can_read_thread(watch.thread)
    ]
    return render(request, "notifications/watch_list.html", {"watches": watches})


@login_required
@require_POST
def thread_watch(request, thread_id: int):
    """订阅 / 取消订阅 a thread (the form says which)."""
    thread = get_visible_thread(request, thread_id)
    if request.POST.get("action") == "unwatch":
        unwatch_thread(user=request.user, thread=thread)
        messages.success(request, _("已取消订阅该主题。"))
    else:
        watch_thread(user=request.user, thread=thread)
        messages.success(request, _("已订阅该主题，有新回复时会提醒您。"))
    if request.POST.get("next") == "watch-list":
        return redirect("watch-list")
    return redirect(thread)
