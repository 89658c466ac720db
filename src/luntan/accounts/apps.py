from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "luntan.accounts"
    verbose_name = _("会员")

    def ready(self) -> None:
        from luntan.core.member_pages import register_hole

        from .online import online_line

        # Who is online changes by the minute: a hole, so members' shared index pages show it live.
        register_hole("online-line", online_line)
