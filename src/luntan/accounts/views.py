from django.shortcuts import get_object_or_404, render

from luntan.credits.querysets import public_balances
from luntan.permissions.policy import for_request
from luntan.safety.iplocation import member_location

from .models import User
from .querysets import group_of


def member_profile(request, user_id: int):
    for_request(request).check_visit()
    member = get_object_or_404(User, pk=user_id, is_active=True)
    return render(
        request,
        "accounts/member_profile.html",
        {
            "member": member,
            "group": group_of(member),
            "balances": public_balances(member),
            "ip_location": member_location(member),
        },
    )
