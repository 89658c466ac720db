from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BoardsConfig(AppConfig):
    name = "luntan.boards"
    verbose_name = _("版块")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects its receivers)
