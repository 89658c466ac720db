"""Reads about ratings that pages share."""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Exists, OuterRef

from luntan.credits.models import SLOT_FIELDS, CreditKind
from luntan.credits.querysets import credit_config

from .models import Rating, RatingLimit


@dataclass(frozen=True)
class RatingLine:
    rater_id: int | None
    rater_name: str
    changes: tuple[tuple[str, int], ...]  # (kind name, amount) for each non-zero public kind
    reason: str


@dataclass(frozen=True)
class PostRatings:
    """The table under a rated post: who rated, by how much, why, and the totals."""

    lines: tuple[RatingLine, ...]
    totals: tuple[tuple[str, int], ...] = field(default=())


def _changes(rating: Rating, kinds: tuple[CreditKind, ...]) -> tuple[tuple[str, int], ...]:
    return tuple(
        (kind.name, getattr(rating, kind.field)) for kind in kinds if getattr(rating, kind.field)
    )


def standing_ratings_exist() -> Exists:
    """For a Post queryset's annotate(): whether the post has a rating not withdrawn."""
    return Exists(Rating.objects.filter(post=OuterRef("pk"), withdrawn_at__isnull=True))


def ratings_of_posts(post_ids: Iterable[int]) -> dict[int, PostRatings]:
    """The standing ratings of these posts, by post id (one query); posts without any absent."""
    kinds = credit_config().public_kinds
    found: dict[int, list[Rating]] = {}
    for rating in Rating.objects.filter(
        post_id__in=list(post_ids), withdrawn_at__isnull=True
    ).order_by("created_at", "pk"):
        found.setdefault(rating.post_id, []).append(rating)
    tables = {}
    for post_id, ratings in found.items():
        totals = tuple(
            (kind.name, sum(getattr(r, kind.field) for r in ratings))
            for kind in kinds
            if any(getattr(r, kind.field) for r in ratings)
        )
        lines = tuple(
            RatingLine(r.rater_id, r.rater_name, _changes(r, kinds), r.reason) for r in ratings
        )
        tables[post_id] = PostRatings(lines=lines, totals=totals)
    return tables


def limits_of(group) -> dict[int, RatingLimit]:
    """The group's limits by kind slot, for the kinds that are enabled."""
    if group is None:
        return {}
    enabled = {kind.slot for kind in credit_config().enabled_kinds}
    return {
        limit.slot: limit
        for limit in RatingLimit.objects.filter(group=group)
        if limit.slot in enabled and limit.max_per_rating > 0
    }


def used_today(rater_id: int, since) -> dict[int, int]:
    """How much of each slot the member has given or taken since `since` (absolute values)."""
    used = dict.fromkeys(range(1, len(SLOT_FIELDS) + 1), 0)
    for amounts in Rating.objects.filter(rater_id=rater_id, created_at__gte=since).values_list(
        *SLOT_FIELDS
    ):
        for slot, amount in enumerate(amounts, start=1):
            used[slot] += abs(amount)
    return used
