from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SafetyConfig(AppConfig):
    name = "luntan.safety"
    verbose_name = _("内容安全")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects its receivers)
