from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from luntan.core.iplocation import DatabaseError, install_database


class Command(BaseCommand):
    help = "安装 ip2region 的 xdb 数据库文件（IPv4 或 IPv6），帖子和会员页从此显示 IP 属地。"

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", type=Path, help="ip2region_v4.xdb 或 ip2region_v6.xdb")

    def handle(self, *args, file: Path, **options) -> None:
        if not file.is_file():
            raise CommandError(f"{file}: 文件不存在")
        try:
            target = install_database(file)
        except DatabaseError as error:
            raise CommandError(f"{file}: 不是可用的 ip2region 数据库（{error}）") from None
        self.stdout.write(f"已安装到 {target}")
