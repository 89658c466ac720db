"""The fan-out and e-mails run on a real worker process, fed through RabbitMQ."""

import socket

from aiosmtpd.controller import Controller

from luntan.conftest import make_thread, make_user
from luntan.notifications.models import Kind, Notification, NotificationSetting, ThreadWatch
from luntan.posting.services import reply_to_thread
from luntan.threads.models import Thread

from .worker import WORKER_TEST_MARKS, running_worker, wait_for

pytestmark = WORKER_TEST_MARKS


def test_a_reply_is_fanned_out_to_every_watcher_by_the_worker(board, tmp_path):
    from luntan.permissions.tests.defaults import restore_defaults

    restore_defaults()
    author, replier = make_user("author"), make_user("replier")
    thread = make_thread(board, author)
    watchers = [make_user(f"watcher{n}") for n in range(60)]
    ThreadWatch.objects.bulk_create(ThreadWatch(user=u, thread=thread) for u in watchers)
    with running_worker(tmp_path) as log:
        reply_to_thread(thread=thread, author=replier, body="大家好")
        wait_for(lambda: Notification.objects.count() == 61, what="the fan-out", log=log)
    assert Notification.objects.filter(kind=Kind.WATCH).count() == 60
    assert Notification.objects.get(recipient=author).kind == Kind.REPLY
    assert not Notification.objects.filter(recipient=replier).exists()


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class FlakySMTP:
    """Refuses the first message for now (451), as a busy mail server does, then takes them."""

    def __init__(self) -> None:
        self.refused = 0
        self.accepted: list[str] = []

    async def handle_DATA(self, server, session, envelope) -> str:
        if self.refused == 0:
            self.refused += 1
            return "451 4.3.0 try again later"
        self.accepted.append(envelope.content.decode("utf-8", "replace"))
        return "250 OK"


def test_a_refused_email_is_retried_and_logged_until_it_goes(board, tmp_path):
    from luntan.permissions.tests.defaults import restore_defaults

    restore_defaults()
    smtp = FlakySMTP()
    server = Controller(smtp, hostname="127.0.0.1", port=free_port())
    server.start()
    try:
        author = make_user("author")
        NotificationSetting.objects.create(user=author, kind=Kind.REPLY, delivery="email")
        thread = make_thread(board, author, title="通知測試")
        env = {"EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(server.port)}
        with running_worker(tmp_path, **env) as log:
            reply_to_thread(
                thread=Thread.objects.get(pk=thread.pk), author=make_user("bob"), body="回覆"
            )
            wait_for(lambda: smtp.accepted, what="the e-mail", log=log)
            log_text = log.read_text()
    finally:
        server.stop()
    assert smtp.refused == 1
    assert "author@example.test" in smtp.accepted[0]
    assert "retrying" in log_text
