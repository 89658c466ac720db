"""Bulk-load the benchmark dataset (../shared/dataset/dataset.py) into an empty forum.

`load_demo` goes through the real write path, one transaction per post; that takes minutes for a
million posts. This command writes rows with bulk_create in batches instead, computing what the
write path would have computed — floors, reply counts, last post, rendered HTML — and then runs
the repair path (see `_recount`) so every denormalised counter is what the posts say, and builds
the search index as `rebuild_search_index` does.

    manage.py load_dataset                         # runs dataset.py with its defaults
    manage.py load_dataset --threads 150000        # about one million posts
    manage.py load_dataset --file dataset.jsonl.gz # a saved copy (.jsonl or .jsonl.gz)
"""

import gzip
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.management.color import no_style
from django.db import connection, transaction
from django.db.models import Count, F, Max, Q

from luntan.accounts.models import User
from luntan.boards.models import Board, BoardGroup
from luntan.boards.repair import recount_board
from luntan.core.markup import render_bbcode
from luntan.credits.repair import recount_member as recount_member_credits
from luntan.threads.models import Post, Thread
from luntan.threads.repair import recount_member, recount_thread

DEFAULT_SCRIPT = settings.PROJECT_DIR.parent / "shared" / "dataset" / "dataset.py"


class Command(BaseCommand):
    help = "Bulk-load the benchmark dataset into an empty forum, then recount every counter."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--file", type=Path, help="read this JSON-lines file (.gz allowed)")
        parser.add_argument(
            "--script", type=Path, default=DEFAULT_SCRIPT, help="dataset.py to run otherwise"
        )
        parser.add_argument("--users", type=int, help="passed to dataset.py")
        parser.add_argument("--threads", type=int, help="passed to dataset.py")
        parser.add_argument("--hot-replies", type=int, help="passed to dataset.py")
        parser.add_argument("--batch", type=int, default=5000, help="posts per bulk insert")

    def handle(self, *args, **options) -> None:
        if Post.objects.exists():
            raise CommandError("the forum already has posts: load_dataset fills an empty database")
        started = time.monotonic()
        self._batch_size = options["batch"]
        self._tz = ZoneInfo(settings.TIME_ZONE)
        self._users: dict[int, User] = {}
        self._boards: dict[int, Board] = {}
        self._password_hashes: dict[str, str] = {}
        self._threads: list[Thread] = []
        self._posts: list[tuple[Thread, Post]] = []
        self._next_thread_id = (
            Thread.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        ) + 1
        self._current: Thread | None = None
        self._current_posts: list[Post] = []
        self._loaded = {"threads": 0, "posts": 0}

        for record in self._records(options):
            kind = record["type"]
            if kind == "user":
                self._add_user(record)
            elif kind == "board":
                self._flush_users()
                self._add_board(record)
            elif kind == "thread":
                self._finish_thread()
                self._start_thread(record)
            elif kind == "post":
                self._add_post(record)
        self._finish_thread()
        self._flush_users()
        self._write_batch()
        self._reset_sequences()
        loaded = time.monotonic() - started
        self.stdout.write(
            f"{len(self._users)} users, {self._loaded['threads']} threads, "
            f"{self._loaded['posts']} posts written in {loaded:.0f}s; recounting…"
        )
        self._recount()
        # The search index too, by the rebuild's own batches: after a load every derived row
        # is what the write path would have left.
        call_command(
            "rebuild_search_index",
            stdout=self.stdout,
            stderr=self.stderr,
            verbosity=options["verbosity"],
        )
        self.stdout.write(
            self.style.SUCCESS(f"dataset loaded in {time.monotonic() - started:.0f}s")
        )

    # --- reading ------------------------------------------------------------------------------

    def _records(self, options) -> Iterator[dict]:
        if options["file"]:
            path: Path = options["file"]
            opener = gzip.open if path.suffix == ".gz" else open
            with opener(path, "rt", encoding="utf-8") as lines:
                yield from (json.loads(line) for line in lines)
            return
        script: Path = options["script"]
        if not script.exists():
            raise CommandError(f"{script} does not exist (give --script or --file)")
        command = [sys.executable, str(script)]
        for name in ("users", "threads", "hot_replies"):
            if options[name] is not None:
                command += [f"--{name.replace('_', '-')}", str(options[name])]
        with subprocess.Popen(command, stdout=subprocess.PIPE, text=True, encoding="utf-8") as p:
            assert p.stdout is not None
            yield from (json.loads(line) for line in p.stdout)
        if p.returncode:
            raise CommandError(f"{' '.join(command)} failed with exit code {p.returncode}")

    def _time(self, text: str) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=self._tz)

    # --- members and boards -------------------------------------------------------------------

    def _add_user(self, record: dict) -> None:
        password = record["password"]
        if password not in self._password_hashes:
            # Every dataset member shares one password: hash it once, not once per member.
            self._password_hashes[password] = make_password(password)
        self._users[record["id"]] = User(
            username=record["username"],
            email=record["email"],
            password=self._password_hashes[password],
            date_joined=self._time("2016-12-01 08:00:00"),
        )

    def _flush_users(self) -> None:
        unsaved = {uid: u for uid, u in self._users.items() if u.pk is None}
        if not unsaved:
            return
        User.objects.bulk_create(unsaved.values(), batch_size=1000)
        ids = dict(
            User.objects.filter(username__in=[u.username for u in unsaved.values()]).values_list(
                "username", "pk"
            )
        )
        for user in unsaved.values():
            user.pk = ids[user.username]

    def _add_board(self, record: dict) -> None:
        group = BoardGroup.objects.first() or BoardGroup.objects.create(name="霍林河社區")
        self._boards[record["id"]] = Board.objects.create(
            group=group, name=record["name"], description=record.get("description", "")
        )

    # --- threads and posts --------------------------------------------------------------------

    def _start_thread(self, record: dict) -> None:
        author = self._users[record["author"]]
        created = self._time(record["created"])
        self._current = Thread(
            board=self._boards[record["board"]],
            title=record["title"][:80],
            author=author,
            author_name=author.username,
            created_at=created,
            last_post_at=created,
            last_poster_name=author.username,
        )
        self._current_posts = []

    def _add_post(self, record: dict) -> None:
        author = self._users[record["author"]]
        self._current_posts.append(
            Post(
                floor=record["floor"],
                author=author,
                author_name=author.username,
                created_at=self._time(record["created"]),
                body=record["body"],
                html=render_bbcode(record["body"]),
            )
        )

    def _finish_thread(self) -> None:
        """The thread's counters as the write path leaves them: floors never reused, so the
        highest floor is `last_floor`; every post but the first is a reply."""
        thread, posts = self._current, self._current_posts
        if thread is None:
            return
        if posts:
            last = max(posts, key=lambda p: p.floor)
            thread.last_floor = last.floor
            thread.reply_count = len(posts) - 1
            thread.last_post_at = last.created_at
            thread.last_poster_name = last.author_name
        self._threads.append(thread)
        self._posts.extend((thread, post) for post in posts)
        self._current, self._current_posts = None, []
        if len(self._posts) >= self._batch_size:
            self._write_batch()

    def _write_batch(self) -> None:
        if not self._threads:
            return
        with transaction.atomic():
            self._assign_thread_ids()
            Thread.objects.bulk_create(self._threads, batch_size=1000)
            posts = []
            for thread, post in self._posts:
                post.thread_id = thread.pk
                posts.append(post)
            Post.objects.bulk_create(posts, batch_size=1000)
        self._loaded["threads"] += len(self._threads)
        self._loaded["posts"] += len(posts)
        self._threads, self._posts = [], []
        self.stdout.write(f"  {self._loaded['posts']} posts…")

    def _assign_thread_ids(self) -> None:
        """Ids chosen here, so posts can point at their thread on every database (not all of
        them return ids from a bulk insert); sequences are moved past them at the end."""
        for thread in self._threads:
            thread.pk = self._next_thread_id
            self._next_thread_id += 1

    def _recount(self) -> None:
        """The repair path, shaped for a million posts: thread counters are checked against
        the posts in one query and only threads that disagree are recounted one by one; boards
        and members are recounted outright (there are few of them). The dataset's history earns
        no credits (it has no credit log, which is the record of every balance), so members'
        balances are zero and their totals what the formula makes of their posts and threads:
        exactly what `recount_credits` computes."""
        disagreeing = (
            Thread.objects.annotate(
                max_floor=Max("posts__floor"),
                visible=Count("posts", filter=Q(posts__is_deleted=False)),
            )
            .exclude(last_floor=F("max_floor"), reply_count=F("visible") - 1)
            .order_by("pk")
        )
        repaired = 0
        for thread in disagreeing.iterator(chunk_size=2000):
            recount_thread(thread)
            repaired += 1
        for board in Board.objects.all():
            recount_board(board)
        for user in User.objects.iterator(chunk_size=2000):
            recount_member(user)
            recount_member_credits(user.pk)
        self.stdout.write(f"counters recounted ({repaired} threads needed repair)")

    def _reset_sequences(self) -> None:
        """Sequences past the chosen ids, and fresh planner statistics: the tables went from
        empty to large, and plans made for empty tables scan instead of using the indexes."""
        statements = connection.ops.sequence_reset_sql(no_style(), [Thread, Post])
        if connection.vendor == "mysql":
            # InnoDB refreshes statistics by itself only later: on a million posts it still
            # took a board to hold one thread, and fetched 20 search results by reading every
            # thread of the board (0.4 s).
            tables = ", ".join(model._meta.db_table for model in (User, Board, Thread, Post))
            statements.append(f"ANALYZE TABLE {tables}")
        else:
            statements.append("ANALYZE")
        with connection.cursor() as cursor:
            for sql in statements:
                cursor.execute(sql)
