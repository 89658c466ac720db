from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadsConfig(AppConfig):
    name = "luntan.threads"
    verbose_name = _("主题与帖子")

    def ready(self) -> None:
        from luntan.core.member_pages import register_condition

        from . import (
            checks,  # noqa: F401  (registers the deploy check)
            hidden,
        )

        register_condition(hidden.CONDITION, hidden.reader_allowed)
