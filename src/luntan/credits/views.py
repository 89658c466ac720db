import math

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from luntan.accounts.querysets import group_of
from luntan.core.pagination import page_number, page_window
from luntan.permissions.policy import for_request

from .querysets import credit_config, credit_log_lines, public_balances


@login_required
def credit_log(request):
    """积分记录: the member's own credit changes, newest first, and what caused each."""
    per_page = settings.LUNTAN_THREADS_PER_PAGE
    page = page_number(request)
    lines, total = credit_log_lines(
        request.user, for_request(request), start=(page - 1) * per_page, count=per_page
    )
    page_count = max(1, math.ceil(total / per_page))
    if page > page_count:
        raise Http404
    return render(
        request,
        "credits/credit_log.html",
        {
            "member": request.user,
            "group": group_of(request.user),
            "balances": public_balances(request.user),
            "kinds": credit_config().public_kinds,
            "lines": lines,
            "page": page,
            "page_count": page_count,
            "page_numbers": page_window(page, page_count),
            "query": {},
        },
    )
