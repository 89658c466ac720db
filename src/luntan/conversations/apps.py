from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConversationsConfig(AppConfig):
    name = "luntan.conversations"
    verbose_name = _("短消息")

    def ready(self) -> None:
        from luntan.core.member_pages import register_hole

        from .querysets import pm_count_link

        register_hole("pm-count", pm_count_link)
