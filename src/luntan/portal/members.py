"""A member's page (个人空间) and who is online: pages that gather what many apps know about
members (credits, posts, favourites, 版主's bans), so they live above all of them."""

from django.conf import settings
from django.shortcuts import get_object_or_404, render

from luntan.accounts.models import User
from luntan.accounts.online import online_members, online_now
from luntan.accounts.querysets import group_of, profile_of, visible_profile_fields
from luntan.credits.querysets import public_balances
from luntan.favourites.querysets import favourite_boards, favourite_threads
from luntan.moderation.bans import bans_in_force
from luntan.permissions.policy import for_request
from luntan.threads.models import Post, Thread
from luntan.threads.querysets import member_location

# Threads and replies listed on a member's page.
RECENT = 10


def member_profile(request, user_id: int):
    """个人空间: who the member is, and what they wrote that the reader may read."""
    perms = for_request(request)
    perms.check_visit()
    member = get_object_or_404(User, pk=user_id, is_active=True)
    can_ban = perms.can_ban_member(member)
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
            "ip_location": member_location(member),
            "can_ban": can_ban,
            # The member themself and their moderators see bans in force, with the reason.
            "bans": bans_in_force(member.pk) if can_ban or member.pk == perms.user_id else [],
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
