from django.core.management.base import BaseCommand

from luntan.accounts.models import User
from luntan.boards.models import Board
from luntan.threads.models import Thread
from luntan.threads.repair import recount_board, recount_member, recount_thread


class Command(BaseCommand):
    help = "Recompute thread, board and member counters from the posts (repairs drift)."

    def handle(self, *args, **options) -> None:
        for thread in Thread.objects.iterator(chunk_size=2000):
            recount_thread(thread)
        for board in Board.objects.all():
            recount_board(board)
        for user in User.objects.iterator(chunk_size=2000):
            recount_member(user)
        self.stdout.write("counters recounted")
