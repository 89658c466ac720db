from django.db import models
from django.utils.translation import gettext_lazy as _

from luntan.core.models import ForgetsCachesOnWrite
from luntan.core.shared_config import forget_shared_config

WORDS_CACHE_KEY = "search:words"


class TokensField(models.TextField):
    """Encoded tokens (luntan.search.analysis), searched through `backends.newest_matches`."""


class SearchEntry(models.Model):
    """A post as the full-text index sees it: the encoded tokens of `luntan.search.analysis`.

    Each database indexes these columns its own way (migration 0002): an FTS5 table on SQLite,
    GIN indexes over `to_tsvector('simple', …)` on PostgreSQL, FULLTEXT indexes on MariaDB.
    Who may read a post is never copied here: searches join the thread and post rows, so a move,
    a read level or a deletion is obeyed the moment it commits."""

    post = models.OneToOneField(
        "threads.Post", primary_key=True, related_name="+", on_delete=models.CASCADE
    )
    thread = models.ForeignKey("threads.Thread", related_name="+", on_delete=models.CASCADE)
    # The thread's title: on the first post's entry only, so a title search finds each thread once.
    title = TokensField(blank=True)
    # Title (first post) and body.
    words = TokensField(blank=True)

    class Meta:
        verbose_name = _("搜索索引")
        verbose_name_plural = _("搜索索引")

    def __str__(self) -> str:
        return str(self.post_id)


class SearchWord(ForgetsCachesOnWrite):
    """A word the segmenter should know: local place names, shops, nicknames."""

    word = models.CharField(_("词语"), max_length=30, unique=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("搜索词典")
        verbose_name_plural = _("搜索词典")
        ordering = ["word"]

    def __str__(self) -> str:
        return self.word

    @classmethod
    def forget_caches(cls) -> None:
        forget_shared_config(WORDS_CACHE_KEY)


class RebuildProgress(models.Model):
    """Where `rebuild_search_index` got to, so an interrupted run can be resumed (one row)."""

    last_post_id = models.BigIntegerField(default=0)
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.last_post_id}"


class PendingReindex(models.Model):
    """A post (or every post of a thread) whose entry must be written again: inserted in the
    same transaction as the change, deleted by the flush that wrote the entry. A process that
    dies after the commit therefore loses nothing: the next flush, by any process, takes it.
    Plain ids, no foreign keys: a post purged meanwhile simply has no entry to write."""

    post_id = models.BigIntegerField(null=True, blank=True)
    thread_id = models.BigIntegerField(null=True, blank=True)

    def __str__(self) -> str:
        return f"post {self.post_id}" if self.post_id else f"thread {self.thread_id}"
