from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PostingConfig(AppConfig):
    name = "luntan.posting"
    verbose_name = _("发帖")

    def ready(self) -> None:
        from luntan.core.member_pages import register_hole

        from .forms import new_client_token

        # The quick-reply form's double-submit token must be new for every page a member opens.
        register_hole("client-token", lambda request: new_client_token())
