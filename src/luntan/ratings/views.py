from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from luntan.accounts.querysets import group_of
from luntan.credits.querysets import credit_config
from luntan.permissions.policy import for_request
from luntan.threads.models import Post
from luntan.threads.views import get_visible_thread

from .forms import RatingForm
from .models import Rating
from .querysets import limits_of
from .services import RatingError, rate_post, withdraw_rating


def _visible_post(request, post_id: int) -> Post:
    post = get_object_or_404(Post.objects.select_related("author"), pk=post_id, is_deleted=False)
    post.thread = get_visible_thread(request, post.thread_id)
    return post


@login_required
def post_rate(request, post_id: int):
    """评分: the form, and the post's ratings (with 撤销 for the board's moderators)."""
    post = _visible_post(request, post_id)
    perms = for_request(request)
    perms.check_rate_post(post)
    kind_names = {kind.slot: kind.name for kind in credit_config().kinds}
    form = RatingForm(
        request.POST or None, limits=limits_of(group_of(request.user)), kind_names=kind_names
    )
    if request.method == "POST" and form.is_valid():
        try:
            rate_post(
                post=post,
                rater=request.user,
                amounts=form.amounts(),
                reason=form.cleaned_data["reason"],
            )
        except RatingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("评分成功。"))
            return redirect(post)
    return render(
        request,
        "ratings/post_rate.html",
        {
            "post": post,
            "thread": post.thread,
            "form": form,
            "no_limits": not form.fields.keys() - {"reason"},
        },
    )


@login_required
def post_ratings(request, post_id: int):
    """Every rating of a post, withdrawn ones too, with 撤销 for the board's moderators."""
    post = _visible_post(request, post_id)
    kinds = credit_config().public_kinds
    rows = [
        (rating, [getattr(rating, kind.field) for kind in kinds])
        for rating in Rating.objects.filter(post=post).order_by("created_at", "pk")
    ]
    can_withdraw = for_request(request).can_moderate(post.thread.board_id)
    return render(
        request,
        "ratings/post_ratings.html",
        {
            "post": post,
            "thread": post.thread,
            "rows": rows,
            "kinds": kinds,
            "can_withdraw": can_withdraw,
        },
    )


@login_required
@require_POST
def rating_withdraw(request, rating_id: int):
    rating = get_object_or_404(Rating, pk=rating_id)
    post = _visible_post(request, rating.post_id)
    rating.post = post
    for_request(request).check_withdraw_rating(post)
    try:
        withdraw_rating(rating=rating, actor=request.user)
    except RatingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("评分已撤销，积分已退回。"))
    return redirect("post-ratings", post.pk)
