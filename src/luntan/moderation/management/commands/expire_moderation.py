from django.core.management.base import BaseCommand

from luntan.moderation.services import expire_marks, purge_expired


class Command(BaseCommand):
    help = "到期的置顶、高亮自动解除；回收站中超过保留天数的内容彻底删除。"

    def handle(self, *args, **options) -> None:
        marks = expire_marks()
        purged = purge_expired()
        self.stdout.write(f"expired {marks} marks, purged {purged} recycle bin entries")
