from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermissionsConfig(AppConfig):
    name = "luntan.permissions"
    verbose_name = _("权限")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects its receivers)
