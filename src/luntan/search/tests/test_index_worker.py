"""With a broker the worker writes the index: a real worker process fed through RabbitMQ."""

from luntan.notifications.tests.worker import WORKER_TEST_MARKS, running_worker, wait_for
from luntan.search.models import PendingReindex, SearchEntry

from .helpers import floor_url, found, new_thread, reply

pytestmark = WORKER_TEST_MARKS


def test_the_worker_writes_queued_posts_after_the_commit(client, board, alice, tmp_path):
    with running_worker(tmp_path) as log:
        thread = new_thread(board, alice, "通知", "明天停水")
        post = reply(thread, alice, "扎鲁特旗也停")
        # The request only queued them; the worker's task comes a couple of seconds later.
        assert SearchEntry.objects.count() < 2
        wait_for(lambda: not PendingReindex.objects.exists(), what="the index flush", log=log)
    assert SearchEntry.objects.count() == 2
    assert found(client, "扎魯特旗") == [floor_url(post)]
