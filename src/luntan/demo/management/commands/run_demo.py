"""`make run`'s server: runserver, with a stand-in QQ互联 on loopback so that the header's
QQ登录 · 只需一步,快速开始 works end to end in the demo without a real QQ app."""

import os
import subprocess
import sys

from django.conf import settings
from django.core.management.base import BaseCommand

from luntan.demo.qq_standin import StandInQQ


class Command(BaseCommand):
    help = "Serve the demo site, with a stand-in QQ Connect server unless QQ_APP_ID is set."

    def add_arguments(self, parser) -> None:
        parser.add_argument("addrport", nargs="?", default="127.0.0.1:8000")
        parser.add_argument("--qq-port", type=int, default=0, help="stand-in QQ port (0: any)")

    def handle(self, *args, addrport: str, qq_port: int, **options) -> None:
        env = dict(os.environ)
        standin = None
        if not env.get("QQ_APP_ID"):
            standin = StandInQQ().start(port=qq_port)
            # Read by the settings of the server process started below.
            env.update(
                QQ_APP_ID=standin.app_id,
                QQ_APP_KEY=standin.app_key,
                QQ_API_BASE_URL=standin.base_url,
            )
            self.stdout.write(
                f"QQ登录: a stand-in QQ互联 answers on {standin.base_url} and logs every visitor "
                f"in as 「{standin.user.nickname}」 (set QQ_APP_ID to use a real QQ app)."
            )
        manage = settings.PROJECT_DIR / "manage.py"
        try:
            subprocess.run(
                [sys.executable, str(manage), "runserver", "--insecure", addrport], env=env
            )
        except KeyboardInterrupt:
            pass
        finally:
            if standin is not None:
                standin.stop()
