from django.core.management.base import BaseCommand

from luntan.threads.view_counter import flush_views


class Command(BaseCommand):
    help = "Write buffered thread views to the database (run from cron or a worker)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{flush_views()} views written")
