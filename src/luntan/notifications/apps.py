from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "luntan.notifications"
    verbose_name = _("提醒")

    def ready(self) -> None:
        from luntan.core.member_pages import register_hole

        from .querysets import notice_count_link, prefetch_header_counts

        # The header's unread count is the reader's own: a hole on members' shared pages.
        register_hole("notice-count", notice_count_link, prefetch_header_counts)
