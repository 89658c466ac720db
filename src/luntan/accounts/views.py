from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from luntan.credits.querysets import public_balances
from luntan.favourites.querysets import favourite_boards, favourite_threads
from luntan.permissions.policy import for_request
from luntan.threads.models import Post, Thread

from .forms import ProfileForm
from .models import User
from .online import online_members, online_now
from .querysets import group_of, profile_of, visible_profile_fields

# Threads and replies listed on a member's page.
RECENT = 10


def member_profile(request, user_id: int):
    """个人空间: who the member is, and what they wrote that the reader may read."""
    perms = for_request(request)
    perms.check_visit()
    member = get_object_or_404(User, pk=user_id, is_active=True)
    profile = profile_of(member)
    threads = (
        Thread.objects.visible_to(perms)
        .filter(author=member)
        .select_related("board")
        .order_by("-created_at")[:RECENT]
    )
    replies = [
        post
        for post in Post.objects.filter(author=member, is_deleted=False, floor__gt=1)
        .select_related("thread__board")
        .order_by("-created_at")[: RECENT * 3]
        if not post.thread.is_deleted and perms.can_read_thread(post.thread)
    ][:RECENT]
    return render(
        request,
        "accounts/member_profile.html",
        {
            "member": member,
            "profile": profile,
            "profile_fields": visible_profile_fields(profile, perms),
            "online_hours": profile.online_seconds // 3600,
            "group": group_of(member),
            "balances": public_balances(member),
            "threads": threads,
            "replies": replies,
            "favourite_threads": favourite_threads(member.pk, perms)[:RECENT],
            "favourite_boards": favourite_boards(member.pk, perms)[:RECENT],
        },
    )


@login_required
def profile_edit(request):
    profile = profile_of(request.user)
    form = ProfileForm(request.POST or None, instance=profile)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("个人资料已保存。"))
        return redirect("member", request.user.pk)
    return render(request, "accounts/profile_edit.html", {"form": form})


def online(request):
    """在线会员: who was here in the last few minutes."""
    for_request(request).check_visit()
    return render(
        request,
        "accounts/online.html",
        {
            "online": online_now(),
            "members": online_members(),
            "minutes": settings.LUNTAN_ONLINE_MINUTES,
        },
    )
