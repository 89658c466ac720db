"""Writes to the search index. The index follows the posts, never the other way round:

* posting writes call `reindex_on_commit` (their transaction commits first, then the entries are
  written in one transaction of their own, so a failing index never fails a post);
* moderation and the review queue call `reindex_posts` / `reindex_thread` after a change commits;
* `manage.py rebuild_search_index` walks every post through `reindex_posts` in id order.

What the index holds is decided in one place, `indexable_posts`; searches apply the readers'
permissions on top (luntan.search.querysets), so an entry that is briefly stale never leaks.
"""

import html
import logging
from collections.abc import Callable, Iterable

from django.db import DatabaseError, transaction
from django.utils import timezone
from django.utils.html import strip_tags

from luntan.core.shared_config import shared_config
from luntan.threads.models import Post

from .analysis import index_tokens
from .models import WORDS_CACHE_KEY, RebuildProgress, SearchEntry, SearchWord

log = logging.getLogger(__name__)

BATCH_SIZE = 500


def dictionary_words() -> tuple[str, ...]:
    """The operator's words (admin → 搜索词典), as every worker's segmenter should know them."""
    return shared_config(
        WORDS_CACHE_KEY,
        lambda: tuple(SearchWord.objects.order_by("word").values_list("word", flat=True)),
        3600,
    )


def indexable_posts():
    """The posts the index holds: neither they nor their thread deleted. (A review queue that holds
    posts back adds its condition here.)"""
    return Post.objects.filter(is_deleted=False, thread__is_deleted=False)


def plain_text(post_html: str) -> str:
    """A post's text as readers see it (rendered HTML without tags), for tokens and snippets."""
    return html.unescape(strip_tags(post_html))


def reindex_posts(post_ids: Iterable[int]) -> None:
    """Bring these posts' entries up to date: written for indexable posts, removed for others."""
    ids = sorted(set(post_ids))
    if not ids:
        return
    words = dictionary_words()
    posts = (
        indexable_posts()
        .filter(pk__in=ids)
        .values_list("pk", "thread_id", "floor", "html", "thread__title")
    )
    entries = []
    for pk, thread_id, floor, post_html, title in posts:
        text = plain_text(post_html)
        entries.append(
            SearchEntry(
                post_id=pk,
                thread_id=thread_id,
                title=index_tokens(title, words) if floor == 1 else "",
                words=index_tokens(f"{title}\n{text}" if floor == 1 else text, words),
            )
        )
    with transaction.atomic():
        SearchEntry.objects.filter(pk__in=ids).delete()
        SearchEntry.objects.bulk_create(entries)


def reindex_thread(thread_id: int) -> None:
    """Every post of a thread: after its title changed, it was deleted or restored, or moved."""
    ids = list(Post.objects.filter(thread_id=thread_id).values_list("pk", flat=True))
    for start in range(0, len(ids), BATCH_SIZE):
        reindex_posts(ids[start : start + BATCH_SIZE])


def _reindex_quietly(post_ids: tuple[int, ...], thread_id: int | None) -> None:
    try:
        if thread_id is not None:
            reindex_thread(thread_id)
        else:
            reindex_posts(post_ids)
    except DatabaseError:
        # The post itself is committed; the index catches up at the next change of the post or
        # at `rebuild_search_index`. The reader must not get an error page for it.
        log.exception("search index not updated for posts %s / thread %s", post_ids, thread_id)


def reindex_on_commit(*, post_ids: Iterable[int] = (), thread_id: int | None = None) -> None:
    """Update the index once the current transaction commits (at once outside one)."""
    ids = tuple(post_ids)
    transaction.on_commit(lambda: _reindex_quietly(ids, thread_id))


def rebuild(
    *, resume: bool = False, batch_size: int = BATCH_SIZE, progress: Callable[[int], None]
) -> int:
    """Re-index every post in id order, `batch_size` per transaction; the number of posts done.
    Entries are replaced batch by batch, so search keeps working meanwhile. The last finished
    batch is recorded: `resume=True` carries on after it."""
    state = RebuildProgress.objects.first()
    if state is None or not resume or state.finished_at is not None:
        RebuildProgress.objects.all().delete()
        state = RebuildProgress.objects.create(started_at=timezone.now())
    done = 0
    while True:
        ids = list(
            Post.objects.filter(pk__gt=state.last_post_id)
            .order_by("pk")
            .values_list("pk", flat=True)[:batch_size]
        )
        if not ids:
            break
        reindex_posts(ids)
        state.last_post_id = ids[-1]
        state.save(update_fields=["last_post_id"])
        done += len(ids)
        progress(len(ids))
    state.finished_at = timezone.now()
    state.save(update_fields=["finished_at"])
    return done
