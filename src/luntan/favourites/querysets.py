"""A member's favourites as a given reader may see them."""

from luntan.permissions.policy import ForumPermissions

from .models import Favourite

LIST_LENGTH = 100


def favourite_threads(user_id: int, perms: ForumPermissions) -> list:
    """The member's favourite threads the reader may read, newest kept first."""
    found = (
        Favourite.objects.filter(user_id=user_id, thread__isnull=False, thread__is_deleted=False)
        .select_related("thread__board")
        .order_by("-created_at")[:LIST_LENGTH]
    )
    return [f.thread for f in found if perms.can_read_thread(f.thread)]


def favourite_boards(user_id: int, perms: ForumPermissions) -> list:
    found = (
        Favourite.objects.filter(user_id=user_id, board__isnull=False)
        .select_related("board")
        .order_by("-created_at")[:LIST_LENGTH]
    )
    return [f.board for f in found if perms.can_view_board(f.board)]
