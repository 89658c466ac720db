from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "luntan.search"
    verbose_name = _("搜索")

    def ready(self) -> None:
        # Registers the `tokens_scan` lookup on the index's token columns.
        from . import backends  # noqa: F401
