from django.shortcuts import get_object_or_404, render

from luntan.credits.querysets import public_balances
from luntan.moderation.bans import bans_in_force
from luntan.permissions.policy import for_request

from .models import User
from .querysets import group_of


def member_profile(request, user_id: int):
    perms = for_request(request)
    perms.check_visit()
    member = get_object_or_404(User, pk=user_id, is_active=True)
    can_ban = perms.can_ban_member(member)
    return render(
        request,
        "accounts/member_profile.html",
        {
            "member": member,
            "group": group_of(member),
            "balances": public_balances(member),
            "can_ban": can_ban,
            # The member themself and their moderators see bans in force, with the reason.
            "bans": bans_in_force(member.pk) if can_ban or member.pk == perms.user_id else [],
        },
    )
