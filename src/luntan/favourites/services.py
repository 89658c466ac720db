"""收藏 writes. A second click on 收藏 changes nothing; the unique constraints make it so even
when two clicks race."""

from django.db import IntegrityError, transaction

from luntan.accounts.models import User
from luntan.boards.models import Board
from luntan.threads.models import Thread

from .models import Favourite


def _add(**target) -> None:
    try:
        with transaction.atomic():
            Favourite.objects.create(**target)
    except IntegrityError:
        pass  # already kept


def add_thread(*, user: User, thread: Thread) -> None:
    _add(user=user, thread=thread)


def add_board(*, user: User, board: Board) -> None:
    _add(user=user, board=board)


def remove(*, user: User, thread: Thread | None = None, board: Board | None = None) -> None:
    Favourite.objects.filter(user=user, thread=thread, board=board).delete()
