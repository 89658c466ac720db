from django.shortcuts import get_object_or_404, render

from .models import User
from .querysets import group_of


def member_profile(request, user_id: int):
    member = get_object_or_404(User, pk=user_id, is_active=True)
    return render(
        request, "accounts/member_profile.html", {"member": member, "group": group_of(member)}
    )
