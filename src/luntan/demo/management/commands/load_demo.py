"""The demo portal `make run` shows: 霍林河信息港 with the reference article and enough threads
and replies that board and thread pagination are visible.

Threads and replies come from ../shared/dataset/dataset.py (committed as data/demo.jsonl.gz, see
`make demo-data`) and go through the real write path, so counters and floors are what members
would produce.
"""

import gzip
import json
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import override_settings
from django.utils import timezone

from luntan.accounts.models import User
from luntan.boards.models import Board, BoardGroup, ThreadType
from luntan.boards.repair import recount_board
from luntan.posting.services import reply_to_thread, start_thread
from luntan.threads.models import Thread

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "data"
ARTICLE_CREATED = datetime(2017, 2, 10, 5, 55, 2)
ARTICLE_VIEWS = 86981
ADMIN_PASSWORD = "luntan-admin-2017"
MEMBER_PASSWORD = "pass-12345"

BOARDS = [
    ("本地動態", "霍林郭勒本地新聞與動態", ["本地動態", "社會新聞", "通知公告"]),
    ("生活服務", "吃喝玩樂、便民信息", ["美食", "出行", "便民"]),
    ("二手交易", "閒置物品買賣", ["出售", "求購"]),
    ("招聘求職", "本地招聘與求職信息", ["招聘", "求職"]),
    ("房產信息", "租房、買房、賣房", ["出租", "出售", "求租"]),
]


class Command(BaseCommand):
    help = "Load the 霍林河信息港 demo site (does nothing if boards already exist)."

    def handle(self, *args, **options) -> None:
        if Board.objects.exists():
            self.stdout.write("demo already loaded (boards exist); nothing to do.")
        else:
            with override_settings(LUNTAN_POST_INTERVAL=0), transaction.atomic():
                boards = self._boards()
                users = self._users()
                self._threads(boards, users)
            self.stdout.write(self.style.SUCCESS("demo site loaded."))
        self.stdout.write(
            "Demo accounts:\n"
            f"  admin / {ADMIN_PASSWORD}  (administrator, /admin/)\n"
            f"  user0001 … user0040 / {MEMBER_PASSWORD}  (members)"
        )

    def _boards(self) -> list[Board]:
        group = BoardGroup.objects.create(name="霍林河社區", position=1)
        boards = []
        for position, (name, description, types) in enumerate(BOARDS, start=1):
            board = Board.objects.create(
                group=group, name=name, description=description, position=position
            )
            ThreadType.objects.bulk_create(
                ThreadType(board=board, name=t, position=i) for i, t in enumerate(types)
            )
            boards.append(board)
        return boards

    def _users(self) -> dict[int, User]:
        User.objects.create_superuser("admin", "admin@example.test", ADMIN_PASSWORD)
        # Every demo member shares one password: hash it once, not forty times.
        password_hash = make_password(MEMBER_PASSWORD)
        users = {
            record["id"]: User(
                username=record["username"],
                email=record["email"],
                password=password_hash,
                date_joined=self._time("2016-12-01 08:00:00"),
            )
            for record in self._records("user")
        }
        User.objects.bulk_create(users.values())
        return {uid: User.objects.get(username=u.username) for uid, u in users.items()}

    def _threads(self, boards: list[Board], users: dict[int, User]) -> None:
        posts_by_thread: dict[int, list[dict]] = {}
        for record in self._records("post"):
            posts_by_thread.setdefault(record["thread"], []).append(record)
        article = (DATA_DIR / "article.txt").read_text(encoding="utf-8").strip()
        for record in self._records("thread"):
            tid = record["id"]
            first, *replies = sorted(posts_by_thread[tid], key=lambda p: p["floor"])
            # Most threads go to 本地動態 so that its list has several pages.
            board = boards[0] if tid == 1 or tid % 3 else boards[tid % len(boards)]
            types = list(board.thread_types.all())
            created = self._time(record["created"])
            body = first["body"]
            if tid == 1:
                created = ARTICLE_CREATED.replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
                body = article
            thread = start_thread(
                board=board,
                author=users[record["author"]],
                title=record["title"],
                body=body,
                thread_type=types[0] if tid == 1 else types[tid % len(types)],
                created_at=created,
            )
            for number, reply in enumerate(replies):
                # The article's replies are dated today, so the index shows today's activity.
                when = (
                    timezone.now() - timedelta(minutes=len(replies) - number)
                    if tid == 1
                    else self._time(reply["created"])
                )
                reply_to_thread(
                    thread=thread,
                    author=users[reply["author"]],
                    body=reply["body"],
                    created_at=when,
                )
            views = ARTICLE_VIEWS if tid == 1 else 37 * tid % 900 + len(replies) * 11
            Thread.objects.filter(pk=thread.pk).update(view_count=views)
        # Threads were loaded oldest data first but the article's replies are dated today, so the
        # boards' "last post" is settled once everything is in.
        for board in boards:
            recount_board(board)

    def _records(self, kind: str):
        with gzip.open(DATA_DIR / "demo.jsonl.gz", "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if record["type"] == kind:
                    yield record

    @staticmethod
    def _time(text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=ZoneInfo(settings.TIME_ZONE))
