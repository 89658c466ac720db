from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "luntan.portal"
    verbose_name = _("门户")

    def ready(self) -> None:
        from luntan.core.traditional import register_site_variant

        from .querysets import site_info

        register_site_variant(lambda: site_info().settings.traditional_variant)
