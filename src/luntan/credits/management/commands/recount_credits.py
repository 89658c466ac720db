from django.core.management.base import BaseCommand

from luntan.accounts.models import User
from luntan.credits.repair import recount_member


class Command(BaseCommand):
    help = "重算每位会员的积分余额（按积分记录）、精华帖数和总积分，逐条列出改动。"

    def handle(self, *args, **options) -> None:
        count = fixes = 0
        for user_id in User.objects.order_by("pk").values_list("pk", flat=True).iterator():
            for change in recount_member(user_id):
                self.stdout.write(f"member {user_id}: {change}")
                fixes += 1
            count += 1
        self.stdout.write(f"recounted credits of {count} members, {fixes} fixed")
