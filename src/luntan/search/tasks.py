"""The index writer's task, for the worker (luntan/celery.py) when a broker is configured."""

import logging

from celery import shared_task
from django.core.cache import cache
from kombu.exceptions import OperationalError

from .services import flush_pending

log = logging.getLogger(__name__)

_QUEUED_KEY = "search:flush-queued"


def queue_flush(delay: int) -> None:
    """Called after each commit that queued changes: at most one task per `delay` seconds,
    whoever asks. The task runs a second after the mark expires, so a change whose commit saw
    the mark (and queued no task) is committed before that task reads the queue."""
    seconds = max(delay, 1)
    if not cache.add(_QUEUED_KEY, True, seconds):
        return
    try:
        flush_search_index.apply_async(countdown=seconds + 1)
    except (OperationalError, OSError):
        # The changes stay queued in the database: the next task, or `rebuild_search_index`,
        # writes them.
        cache.delete(_QUEUED_KEY)
        log.exception("search index flush not queued: the broker is unreachable")


@shared_task
def flush_search_index() -> int:
    return flush_pending()
