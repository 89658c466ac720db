from django.core.management.base import BaseCommand

from luntan.attachments.services import remove_stale_uploads


class Command(BaseCommand):
    help = "删除上传后一直没有发表的附件（默认超过 24 小时），连同文件。"

    def handle(self, *args, **options) -> None:
        removed = remove_stale_uploads()
        self.stdout.write(f"removed {removed} stale uploads")
