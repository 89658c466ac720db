"""Who moderates which board: every page a member sees asks (their permissions depend on it),
moderators change rarely and a forum has tens of them, so all assignments are kept in one cache
entry instead of a query per request."""

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete
from django.dispatch import receiver

from .models import Board

# Bump the suffix when the cached value's shape changes.
_CACHE_KEY = "boards:moderators:v1"
# Changes delete the key at once; the timeout only bounds how long another process's in-memory
# cache (the embedded tier runs without Redis) may keep an old assignment.
_CACHE_SECONDS = 300


def moderated_board_ids(user_id: int) -> frozenset[int]:
    """The ids of the boards the member moderates."""
    table = cache.get(_CACHE_KEY)
    if table is None:
        boards_of: dict[int, set[int]] = {}
        rows = Board.moderators.through.objects.values_list("user_id", "board_id")
        for member_id, board_id in rows:
            boards_of.setdefault(member_id, set()).add(board_id)
        table = {member_id: frozenset(ids) for member_id, ids in boards_of.items()}
        cache.set(_CACHE_KEY, table, _CACHE_SECONDS)
    return table.get(user_id, frozenset())


def forget_moderators() -> None:
    # Now, so the changing request already sees it; once more after the commit, because another
    # reader may have re-filled the cache from the old rows before the commit landed.
    cache.delete(_CACHE_KEY)
    transaction.on_commit(lambda: cache.delete(_CACHE_KEY))


@receiver(m2m_changed, sender=Board.moderators.through, dispatch_uid="boards_moderators_changed")
def _forget_on_moderators_change(action: str, **kwargs) -> None:
    if action.startswith("post_"):
        forget_moderators()


# Deleting a board or a member deletes their assignments without an m2m_changed signal.
@receiver(post_delete, sender=Board, dispatch_uid="boards_board_deleted")
@receiver(post_delete, sender=settings.AUTH_USER_MODEL, dispatch_uid="boards_member_deleted")
def _forget_on_delete(**kwargs) -> None:
    forget_moderators()
