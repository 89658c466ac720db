from django.core.management.base import BaseCommand

from luntan.accounts.models import User
from luntan.boards.models import Board
from luntan.boards.repair import recount_board
from luntan.threads.models import Thread
from luntan.threads.repair import recount_member, recount_thread


class Command(BaseCommand):
    help = "重算主题、版块和会员的计数与最后发表（修复偏差），逐条列出改动。"

    def handle(self, *args, **options) -> None:
        fixes = 0
        for thread in Thread.objects.visible().order_by("pk").iterator(chunk_size=2000):
            fixes += self._report(f"thread {thread.pk}", recount_thread(thread))
        for board in Board.objects.order_by("pk"):
            fixes += self._report(f"board {board.pk}", recount_board(board))
        for user in User.objects.order_by("pk").iterator(chunk_size=2000):
            fixes += self._report(f"member {user.pk}", recount_member(user))
        self.stdout.write(f"{fixes} counters fixed")

    def _report(self, what: str, changes: list[str]) -> int:
        for change in changes:
            self.stdout.write(f"{what}: {change}")
        return len(changes)
