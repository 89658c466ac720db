"""Reads other apps' pages ask of moderation."""

from django.conf import settings
from django.urls import reverse

from luntan.threads.floors import page_of_floor

from .models import MergedThread


def merged_location(thread_id: int, floor: int | None = None) -> str | None:
    """Where a merged thread's address (or one of its floors) now is, else None."""
    merged = MergedThread.objects.filter(old_thread_id=thread_id).first()
    if merged is None:
        return None
    new_floor = merged.floor_for(floor)
    page = page_of_floor(new_floor, settings.LUNTAN_POSTS_PER_PAGE)
    suffix = f"?page={page}" if page > 1 else ""
    return f"{reverse('thread', args=[merged.thread_id])}{suffix}#floor-{new_floor}"
