from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PermissionsConfig(AppConfig):
    name = "luntan.permissions"
    verbose_name = _("权限")

    def ready(self) -> None:
        from luntan.core.member_pages import register_role

        from .policy import for_request

        # Members' pages are shared among readers holding the same permissions.
        register_role(lambda request: for_request(request).role_key())
