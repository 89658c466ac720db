from django.core.management.base import BaseCommand
from tqdm import tqdm

from luntan.search.models import RebuildProgress
from luntan.search.services import BATCH_SIZE, rebuild
from luntan.threads.models import Post


class Command(BaseCommand):
    help = (
        "Re-index every post for search, in batches, with a progress bar. Search keeps working "
        "meanwhile; --resume carries on after the last finished batch of an interrupted run."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--resume", action="store_true", help="continue an interrupted run where it stopped"
        )
        parser.add_argument("--batch-size", type=int, default=BATCH_SIZE)

    def handle(self, *args, resume: bool, batch_size: int, **options) -> None:
        state = RebuildProgress.objects.first()
        start_after = state.last_post_id if resume and state and not state.finished_at else 0
        total = Post.objects.filter(pk__gt=start_after).count()
        with tqdm(
            total=total, unit="post", file=self.stderr, disable=options["verbosity"] == 0
        ) as bar:
            done = rebuild(resume=resume, batch_size=batch_size, progress=bar.update)
        self.stdout.write(f"search index rebuilt: {done} posts")
