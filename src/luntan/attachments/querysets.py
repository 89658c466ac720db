from datetime import datetime

from django.db import models
from django.db.models import Count, Sum


class AttachmentQuerySet(models.QuerySet):
    def unposted_of(self, user_id: int) -> "AttachmentQuerySet":
        """A member's uploads not yet in a post (the editor lists them)."""
        return self.filter(uploader_id=user_id, post__isnull=True)

    def uploaded_since(self, user_id: int, since: datetime) -> tuple[int, int]:
        """How many files, and how many bytes, the member has uploaded since `since`."""
        totals = self.filter(uploader_id=user_id, created_at__gte=since).aggregate(
            n=Count("pk"), size=Sum("size")
        )
        return totals["n"], totals["size"] or 0

    def stale(self, before: datetime) -> "AttachmentQuerySet":
        return self.filter(post__isnull=True, created_at__lt=before)
