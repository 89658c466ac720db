from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ThreadsConfig(AppConfig):
    name = "luntan.threads"
    verbose_name = _("主题与帖子")

    def ready(self) -> None:
        from . import checks  # noqa: F401  (registers the deploy check)
