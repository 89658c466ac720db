from django.core.management.base import BaseCommand
from django.db import transaction

from luntan.core.markup import render_bbcode
from luntan.threads.models import Post

BATCH = 1000


class Command(BaseCommand):
    help = (
        "Render every post's HTML again from its BBCode after the renderer changed (posts "
        "written before the Content-Security-Policy carried style attributes)."
    )

    def handle(self, *args, **options) -> None:
        changed, last = 0, 0
        while True:
            # The batch is locked while it is rendered, so an edit made meanwhile is not
            # overwritten with the rendering of the body it replaced.
            with transaction.atomic():
                batch = list(
                    Post.objects.select_for_update()
                    .filter(pk__gt=last)
                    .order_by("pk")
                    .only("body", "html")[:BATCH]
                )
                if not batch:
                    break
                last = batch[-1].pk
                stale = []
                for post in batch:
                    html = render_bbcode(post.body)
                    if html != post.html:
                        post.html = html
                        stale.append(post)
                Post.objects.bulk_update(stale, ["html"])
            changed += len(stale)
        self.stdout.write(f"{changed} posts rendered again")
